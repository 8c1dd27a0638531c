#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "PatientOptions.h"
#include "assessment/Assessor.h"
#include "assessment/HeatmapOverlay.h"
#include "imaging/FilmLoader.h"
#include "imaging/Windowing.h"

namespace boneage::cli {

namespace {

QJsonValue optionalNumber(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString signedMonths(double months) {
    return (months >= 0 ? QStringLiteral("+") : QString()) + QString::number(months, 'f', 1);
}

void printHuman(const assessment::AssessmentResult& r, const engine::Engine& engine,
                const QString& gradcamPath) {
    QTextStream out(stdout);
    auto row = [&](const char* label, const QString& value) {
        out << "  " << QString::fromLatin1(label).leftJustified(20) << value << '\n';
    };
    auto yearsMonths = [](double months) {
        return QString::fromStdString(clinical::formatYearsMonths(months)) + QStringLiteral(" (") +
               QString::number(months, 'f', 1) + QStringLiteral(" months)");
    };
    out << qs(r.file) << '\n';
    row("Sex", QString::fromLatin1(sexCode(*r.patient.sex)));
    row("Chronological age", r.clinical.chronologicalAgeMonths
                                 ? yearsMonths(*r.clinical.chronologicalAgeMonths)
                                 : QStringLiteral("unknown"));
    row("Bone age (model)", yearsMonths(r.clinical.boneAgeMonths));
    if (const auto& interval = r.prediction.interval) {
        row("Interval", QStringLiteral("%1 % interval %2 to %3 months")
                            .arg(interval->coverage * 100.0, 0, 'f', 0)
                            .arg(interval->lowMonths, 0, 'f', 1)
                            .arg(interval->highMonths, 0, 'f', 1));
    }
    if (r.clinical.chronologicalAgeMonths && r.clinical.sdMonths && r.clinical.zScore) {
        row("Difference", signedMonths(r.clinical.boneAgeMonths - *r.clinical.chronologicalAgeMonths) +
                              QStringLiteral(" months, z = ") + QString::number(*r.clinical.zScore, 'f', 2) +
                              QStringLiteral(" (Brush SD ") + QString::number(*r.clinical.sdMonths, 'f', 1) +
                              QStringLiteral(" months)"));
    }
    row("Verdict", QString::fromLatin1(clinical::verdictName(r.clinical.verdict)) +
                       QStringLiteral(" (outside +-2 SD is delayed or advanced)"));
    const auto& info = engine.info();
    row("Model",
        qs(info.name) + QLatin1Char(' ') + qs(info.version) + QStringLiteral(" on ") + qs(engine.device()));
    if (!gradcamPath.isEmpty())
        row("Grad-CAM", gradcamPath);
    for (const Warning& w : r.warnings)
        row("Warning", qs(warningText(w)));
}

}  // namespace

int runPredict(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            QStringLiteral("Predicts the bone age of one left-hand radiograph and places it against the "
                           "Greulich-Pyle (Brush) "
                           "SD band. Sex and dates default to the DICOM header; a PNG needs --sex. With a "
                           "package's input check, a right hand or a turned film is read upright with a "
                           "warning, and a film that is not a hand radiograph is not read (exit 3)."));
        parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("DICOM or PNG/JPEG hand film."));
        addPatientOptions(parser);
        parser.addOption(
            {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default auto)."),
                          QStringLiteral("auto|cpu|cuda"), QStringLiteral("auto")});
        parser.addOption({QStringLiteral("gradcam"),
                          QStringLiteral("Write the Grad-CAM overlay to this PNG."),
                          QStringLiteral("OUT.png")});
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
        bool done = false;
        const QString synopsis = QStringLiteral(
            "boneage predict FILE [--sex M|F] [--birth-date D] [--study-date D] [--model DIR] "
            "[--device auto|cpu|cuda] [--gradcam OUT.png] [--json]");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;

        const QStringList files = parser.positionalArguments();
        if (files.size() != 1)
            usageError(QStringLiteral("predict takes exactly one FILE (got %1)").arg(files.size()));
        const assessment::PatientFacts overrides = enteredPatientFacts(parser);
        const auto device =
            engine::parseDevicePreference(parser.value(QStringLiteral("device")).toStdString());
        if (!device) {
            usageError(QStringLiteral("--device '%1' is not auto, cpu or cuda")
                           .arg(parser.value(QStringLiteral("device"))));
        }
        const QString gradcamPath = parser.value(QStringLiteral("gradcam"));

        // The film first: a bad film is reported (exit 3) without paying for the model load.
        QElapsedTimer timer;
        timer.start();
        const imaging::Film film = imaging::loadFilm(files.first().toStdString());
        const double filmMs = double(timer.nsecsElapsed()) / 1e6;
        assessment::requirePatient(film, overrides);  // a missing sex is a usage error before the model loads

        const std::string modelDir = resolveModelDir(parser.value(QStringLiteral("model")));
        engine::Engine engine(modelDir, *device);
        const auto result = assessment::assessFilm(engine, film, overrides, !gradcamPath.isEmpty());
        if (!gradcamPath.isEmpty()) {
            assessment::writeHeatmapOverlay(gradcamPath.toStdString(), film, *result.prediction.gradcam);
        }

        if (!parser.isSet(QStringLiteral("json"))) {
            printHuman(result, engine, gradcamPath);
            return 0;
        }
        const auto& info = engine.info();
        const auto& t = result.prediction.timings;
        QJsonObject timings{
            {QStringLiteral("load"), filmMs + t.loadMs},
            {QStringLiteral("preprocess"), t.preprocessMs},
            {QStringLiteral("inference"), t.inferenceMs},
            {QStringLiteral("gradcam"),
             result.prediction.gradcam ? QJsonValue(t.gradcamMs) : QJsonValue(QJsonValue::Null)}};
        QJsonArray warnings;
        for (const Warning& w : result.warnings)
            warnings.append(qs(warningText(w)));
        printJson(QJsonObject{
            {QStringLiteral("file"), qs(result.file)},
            {QStringLiteral("sex"), QString::fromLatin1(sexCode(*result.patient.sex))},
            {QStringLiteral("chronological_age_months"),
             optionalNumber(result.clinical.chronologicalAgeMonths)},
            {QStringLiteral("bone_age_months"), result.clinical.boneAgeMonths},
            {QStringLiteral("bone_age_interval_months"),
             result.prediction.interval ? QJsonValue(QJsonArray{result.prediction.interval->lowMonths,
                                                                result.prediction.interval->highMonths})
                                        : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("sd_months"), optionalNumber(result.clinical.sdMonths)},
            {QStringLiteral("z_score"), optionalNumber(result.clinical.zScore)},
            {QStringLiteral("verdict"), QString::fromLatin1(clinical::verdictName(result.clinical.verdict))},
            {QStringLiteral("model"), QJsonObject{{QStringLiteral("name"), qs(info.name)},
                                                  {QStringLiteral("version"), qs(info.version)},
                                                  {QStringLiteral("sha256"), qs(info.sha256)}}},
            {QStringLiteral("device"), qs(engine.device())},
            {QStringLiteral("timings_ms"), timings},
            {QStringLiteral("warnings"), warnings},
        });
        return 0;
    });
}

}  // namespace boneage::cli
