#include "ui/CaseText.h"

#include <QCoreApplication>

namespace boneage::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("CaseText", text);
}

QString arg(const Warning& w, std::size_t i) {
    return i < w.args.size() ? QString::fromStdString(w.args[i]) : QStringLiteral("?");
}

}  // namespace

QString caseStatusName(assessment::CaseStatus status) {
    switch (status) {
        case assessment::CaseStatus::New:
            return tr("new");
        case assessment::CaseStatus::Predicted:
            return tr("predicted");
        case assessment::CaseStatus::Confirmed:
            return tr("confirmed");
        case assessment::CaseStatus::Overridden:
            return tr("overridden");
        case assessment::CaseStatus::Reported:
            return tr("reported");
    }
    return {};
}

QString sexName(const std::optional<Sex>& sex) {
    if (!sex)
        return tr("Sex unknown");
    return *sex == Sex::Male ? tr("Male") : tr("Female");
}

QString sexShort(const std::optional<Sex>& sex) {
    return sex ? QString::fromLatin1(sexCode(*sex)) : QStringLiteral("?");
}

QString verdictBanner(clinical::Verdict verdict) {
    switch (verdict) {
        case clinical::Verdict::Delayed:
            return tr("DELAYED  (below \u22122 SD)");
        case clinical::Verdict::Advanced:
            return tr("ADVANCED  (above +2 SD)");
        case clinical::Verdict::Normal:
            return tr("WITHIN NORMAL LIMITS  (\u00b12 SD)");
        case clinical::Verdict::Unknown:
            break;
    }
    return tr("VERDICT UNKNOWN");
}

QString verdictWords(clinical::Verdict verdict) {
    switch (verdict) {
        case clinical::Verdict::Delayed:
            return tr("delayed");
        case clinical::Verdict::Advanced:
            return tr("advanced");
        case clinical::Verdict::Normal:
            return tr("within normal limits");
        case clinical::Verdict::Unknown:
            break;
    }
    return tr("unknown");
}

QString warningMessage(const Warning& w) {
    switch (w.code) {
        case WarningCode::HeaderDateInvalid:
            return tr("The film's %1 \u201c%2\u201d is not a date; it is ignored.").arg(arg(w, 0), arg(w, 1));
        case WarningCode::BirthAfterStudy:
            return tr("The birth date %1 is after the study date %2: the chronological age is unknown. Enter "
                      "the right dates above.")
                .arg(arg(w, 0), arg(w, 1));
        case WarningCode::StudyDateUnknown:
            return tr("The study date is unknown: enter it above for the chronological age.");
        case WarningCode::ChronologicalAgeUnknown:
            return tr("The chronological age is unknown, so the bone age is not compared with the SD band.");
        case WarningCode::BrushTableClamped:
            return tr("Age %1 months is %2 the Brush table for %3; the SD at %4 months is used.")
                .arg(arg(w, 0), w.args.size() > 1 && w.args[1] == "below" ? tr("below") : tr("beyond"),
                     w.args.size() > 2 && w.args[2] == "girls" ? tr("girls") : tr("boys"), arg(w, 5));
        case WarningCode::ResearchModel:
            return tr("Research model: not a cleared medical device; not for clinical decisions.");
        case WarningCode::ColourReadAsGrey:
            return tr("A colour film (%1): it is read as grey, from the brightness of its pixels.")
                .arg(arg(w, 0));
        case WarningCode::NoBoneAgeFound:
            return tr("The model found no bone age on this film (its output, %1 months, is at its floor). Is "
                      "it "
                      "a left-hand radiograph? Accepting is not offered; override with your own reading.")
                .arg(arg(w, 0));
        case WarningCode::FilmMirrored:
            return tr(
                "The film shows a right hand (or a left hand from the back): the model mirrored it and "
                "read it as a left hand.");
        case WarningCode::FilmTurned: {
            const QString degrees = arg(w, 0);
            const QString how = degrees == QLatin1String("90")    ? tr("90\u00b0 clockwise")
                                : degrees == QLatin1String("270") ? tr("90\u00b0 anticlockwise")
                                                                  : tr("%1\u00b0").arg(degrees);
            return tr("The film is turned %1: the model turned it fingers up to read it.").arg(how);
        }
    }
    // A code added in the core but not yet worded here: its English text, never nothing.
    return QString::fromStdString(warningText(w));
}

QString rejectionMessage(double handProbability) {
    return tr("The model did not read this film: it does not look like a hand radiograph (the model's input "
              "check gives it a hand probability of %1). Accepting is not offered; if it is a left-hand "
              "radiograph, override with your own reading.")
        .arg(handProbability, 0, 'f', 2);
}

}  // namespace boneage::ui
