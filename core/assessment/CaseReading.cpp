#include "assessment/CaseReading.h"

#include <QFileInfo>

#include "clinical/BrushSd.h"
#include "clinical/ChronologicalAge.h"

namespace boneage::assessment {

namespace {

std::optional<clinical::Date> dateOf(const QDate& date) {
    if (!date.isValid())
        return std::nullopt;
    return clinical::Date{date.year(), date.month(), date.day()};
}

QDate qdateOf(const std::optional<clinical::Date>& date) {
    return date ? QDate(date->year, date->month, date->day) : QDate();
}

/// A header date; a value that is not a date is dropped with a warning.
std::optional<clinical::Date> headerDate(const std::string& text, const char* what,
                                         std::vector<Warning>& warnings) {
    if (text.empty())
        return std::nullopt;
    auto date = clinical::parseDate(text);
    if (!date)
        warnings.push_back({WarningCode::HeaderDateInvalid, {what, text}});
    return date;
}

template <typename T>
const std::optional<T>& either(const std::optional<T>& first, const std::optional<T>& second) {
    return first ? first : second;
}

}  // namespace

PatientFacts countingFacts(const PatientFacts& film, const PatientFacts& entered) {
    return {either(entered.sex, film.sex), either(entered.birthDate, film.birthDate),
            either(entered.studyDate, film.studyDate)};
}

Patient resolvePatient(const PatientFacts& film, const PatientFacts& entered) {
    const PatientFacts facts = countingFacts(film, entered);
    Patient patient;
    patient.sex = facts.sex;
    clinical::ChronologicalAge age = clinical::chronologicalAge(facts.birthDate, facts.studyDate);
    patient.chronologicalAgeMonths = age.months;
    patient.warnings = std::move(age.warnings);
    return patient;
}

PatientFacts headerFacts(const imaging::FilmMetadata& meta, std::vector<Warning>& warnings) {
    PatientFacts facts;
    facts.sex = parseSex(meta.patientSex);
    facts.birthDate = headerDate(meta.birthDate, "birth date", warnings);
    facts.studyDate = headerDate(meta.studyDate, "study date", warnings);
    return facts;
}

PatientFacts factsOf(const store::PatientFacts& facts) {
    return {facts.sex, dateOf(facts.birthDate), dateOf(facts.studyDate)};
}

store::PatientFacts storedFacts(const PatientFacts& facts) {
    return {facts.sex, qdateOf(facts.birthDate), qdateOf(facts.studyDate)};
}

std::optional<double> bandSdMonths(const Patient& patient) {
    if (!patient.sex || !patient.chronologicalAgeMonths)
        return std::nullopt;
    return clinical::brushSd(*patient.sex, *patient.chronologicalAgeMonths).sdMonths;
}

std::optional<clinical::Assessment> placeBoneAge(const Patient& patient, double boneAgeMonths) {
    if (!patient.sex)
        return std::nullopt;
    return clinical::assess(*patient.sex, boneAgeMonths, patient.chronologicalAgeMonths);
}

CaseReading readCase(const store::CaseSummary& summary) {
    const store::CaseRecord& record = summary.caseRecord;
    CaseReading reading;
    reading.patient = resolvePatient(factsOf(record.film), factsOf(record.entered));
    if (summary.latestPrediction)
        reading.model = placeBoneAge(reading.patient, summary.latestPrediction->boneAgeMonths);
    if (summary.latestRead)
        reading.reader = placeBoneAge(reading.patient, summary.latestRead->valueMonths);
    // Reported while the newest report reports the newest decision: a case read again after its report
    // shows the new decision until its revised report is signed.
    const bool reported = summary.latestReport && (!summary.latestReport->readId || !summary.latestRead ||
                                                   *summary.latestReport->readId == summary.latestRead->id);
    if (reported) {
        reading.status = CaseStatus::Reported;
    } else if (summary.latestRead) {
        reading.status = summary.latestRead->kind == store::ReadRecord::Kind::Confirm
                             ? CaseStatus::Confirmed
                             : CaseStatus::Overridden;
    } else {
        reading.status = summary.latestPrediction ? CaseStatus::Predicted : CaseStatus::New;
    }
    return reading;
}

namespace {

/// A stored read or prediction with the SD, z-score and verdict of `months` against the case's patient.
template <typename Placed>
Placed placedOnCase(const store::CaseRecord& record, Placed placed, double months) {
    const Patient patient = resolvePatient(factsOf(record.film), factsOf(record.entered));
    const auto assessment = placeBoneAge(patient, months);
    placed.sdMonths = assessment ? assessment->sdMonths : std::nullopt;
    placed.zScore = assessment ? assessment->zScore : std::nullopt;
    placed.verdict = assessment ? assessment->verdict : clinical::Verdict::Unknown;
    return placed;
}

}  // namespace

store::ReadRecord placeDecision(const store::CaseRecord& record, store::ReadRecord read) {
    return placedOnCase(record, read, read.valueMonths);
}

store::PredictionRecord placePrediction(const store::CaseRecord& record, store::PredictionRecord prediction) {
    return placedOnCase(record, prediction, prediction.boneAgeMonths);
}

store::CaseRecord caseRecordOf(const imaging::FilmMetadata& meta, const std::string& sourcePath) {
    store::CaseRecord c;
    c.sourcePath = QString::fromStdString(sourcePath);
    c.sopInstanceUid = QString::fromStdString(meta.sopInstanceUid);
    c.studyInstanceUid = QString::fromStdString(meta.studyInstanceUid);
    c.seriesInstanceUid = QString::fromStdString(meta.seriesInstanceUid);
    c.patientId = QString::fromStdString(meta.patientId);
    c.patientName = readablePersonName(meta.patientName);
    c.accessionNumber = QString::fromStdString(meta.accessionNumber);
    c.studyDescription = QString::fromStdString(meta.studyDescription);
    std::vector<Warning> ignored;
    c.film = storedFacts(headerFacts(meta, ignored));
    return c;
}

QString displayName(const store::CaseRecord& record) {
    if (!record.patientName.isEmpty())
        return record.patientName;
    if (!record.patientId.isEmpty())
        return record.patientId;
    return QFileInfo(record.sourcePath).fileName();
}

QString readablePersonName(const std::string& dicomName) {
    QStringList parts = QString::fromStdString(dicomName).split(QLatin1Char('^'));
    for (QString& p : parts)
        p = p.trimmed();
    while (!parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast();
    parts.removeAll(QString());
    return parts.join(QStringLiteral(", "));
}

bool noBoneAgeFound(double modelBoneAgeMonths) {
    return !(modelBoneAgeMonths >= kModelFloorMonths);
}

}  // namespace boneage::assessment
