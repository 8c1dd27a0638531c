#include "PatientOptions.h"

#include "CliSupport.h"

namespace boneage::cli {

namespace {

std::optional<clinical::Date> dateOption(const QCommandLineParser& parser, const QString& name) {
    if (!parser.isSet(name))
        return std::nullopt;
    const QString text = parser.value(name);
    auto date = clinical::parseDate(text.toStdString());
    if (!date)
        usageError(QStringLiteral("--%1 '%2' is not a date (YYYY-MM-DD or YYYYMMDD)").arg(name, text));
    return date;
}

}  // namespace

void addPatientOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("sex"), QStringLiteral("Patient sex, M or F."), QStringLiteral("M|F")});
    parser.addOption(
        {QStringLiteral("birth-date"), QStringLiteral("Birth date, YYYY-MM-DD."), QStringLiteral("D")});
    parser.addOption(
        {QStringLiteral("study-date"), QStringLiteral("Study date, YYYY-MM-DD."), QStringLiteral("D")});
}

assessment::PatientFacts enteredPatientFacts(const QCommandLineParser& parser) {
    assessment::PatientFacts entered;
    if (parser.isSet(QStringLiteral("sex"))) {
        entered.sex = parseSex(parser.value(QStringLiteral("sex")).toStdString());
        if (!entered.sex)
            usageError(QStringLiteral("--sex '%1' is not M or F").arg(parser.value(QStringLiteral("sex"))));
    }
    entered.birthDate = dateOption(parser, QStringLiteral("birth-date"));
    entered.studyDate = dateOption(parser, QStringLiteral("study-date"));
    return entered;
}

}  // namespace boneage::cli
