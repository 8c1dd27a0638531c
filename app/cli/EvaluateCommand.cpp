#include <unistd.h>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>
#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "assessment/Evaluation.h"
#include "engine/Engine.h"

namespace boneage::cli {

namespace {

QJsonValue optionalNumber(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

void printTable(const assessment::EvaluationResult& result) {
    const assessment::Agreement& a = result.agreement;
    const assessment::GradcamMetrics& g = result.gradcam;
    QTextStream out(stdout);
    auto line = [&](const QString& label, const QString& value) {
        out << "  " << label.leftJustified(28) << value << '\n';
    };
    auto mae = [](const std::optional<double>& months) {
        return months
                   ? QStringLiteral("%1 months (%2 y)").arg(*months, 0, 'f', 2).arg(*months / 12.0, 0, 'f', 2)
                   : QStringLiteral("n/a");
    };
    auto pct = [](double share) { return QString::number(share * 100.0, 'f', 1) + QStringLiteral(" %"); };
    out << "Films evaluated: " << a.n << " (" << a.nMale << " male, " << a.nFemale << " female; "
        << result.skipped.size() << " skipped; " << result.rejected
        << " rejected as not a hand radiograph)\n";
    line(QStringLiteral("MAE overall"), mae(a.n ? std::optional<double>(a.maeMonths) : std::nullopt));
    if (a.maeCi95Months)
        line(QStringLiteral("MAE 95 % CI (bootstrap)"), QStringLiteral("%1 to %2 months")
                                                            .arg(a.maeCi95Months->first, 0, 'f', 2)
                                                            .arg(a.maeCi95Months->second, 0, 'f', 2));
    line(QStringLiteral("MAE male"), mae(a.maeMonthsMale));
    line(QStringLiteral("MAE female"), mae(a.maeMonthsFemale));
    line(QStringLiteral("Within 0.5 / 1 / 1.5 / 2 y"),
         pct(a.within05y) + QStringLiteral(" / ") + pct(a.within1y) + QStringLiteral(" / ") +
             pct(a.within15y) + QStringLiteral(" / ") + pct(a.within2y));
    line(QStringLiteral("Bias (model - reference)"),
         QString::number(a.biasMonths, 'f', 2) + QStringLiteral(" months"));
    line(QStringLiteral("95 % limits of agreement"),
         QStringLiteral("%1 to %2 months").arg(a.loaLowMonths, 0, 'f', 2).arg(a.loaHighMonths, 0, 'f', 2));
    if (result.intervalCoverage)
        line(QStringLiteral("Interval coverage"), pct(*result.intervalCoverage));
    if (g.onHand)
        line(QStringLiteral("Grad-CAM mass on the hand"),
             pct(*g.onHand) +
                 QStringLiteral(" (%1 films; %2 with an empty map)").arg(g.films).arg(g.emptyMaps));
    if (g.inMask)
        line(QStringLiteral("Grad-CAM mass in the mask"), pct(*g.inMask));
}

}  // namespace

int runEvaluate(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            QStringLiteral("Predicts every film of an RSNA-layout dataset (labels.csv with id,boneage,male; "
                           "images/<id>.png) and "
                           "prints the paper's table: MAE overall and by sex, the share within 0.5, 1, 1.5 "
                           "and 2 years, the bias "
                           "and the Bland-Altman 95 % limits of agreement. Shares are fractions in [0,1] in "
                           "JSON. A bad film is "
                           "reported and skipped; a film the model's input check finds is not a hand "
                           "radiograph is reported and counted as rejected. With the bootstrap 95 % interval "
                           "of the MAE and, for a package with an interval, its measured coverage."));
        parser.addOption({QStringLiteral("labels"), QStringLiteral("labels.csv (id,boneage,male)."),
                          QStringLiteral("CSV")});
        parser.addOption({QStringLiteral("images"), QStringLiteral("Folder with <id>.png or <id>.dcm."),
                          QStringLiteral("DIR")});
        parser.addOption(
            {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default auto)."),
                          QStringLiteral("auto|cpu|cuda"), QStringLiteral("auto")});
        parser.addOption({QStringLiteral("out"), QStringLiteral("Write per-film predictions to this CSV."),
                          QStringLiteral("predictions.csv")});
        parser.addOption(
            {QStringLiteral("gradcam-limit"),
             QStringLiteral("Compute Grad-CAM explanation metrics on the first N films (default 200, "
                            "0 = none)."),
             QStringLiteral("N"), QStringLiteral("200")});
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
        bool done = false;
        const QString synopsis = QStringLiteral(
            "boneage evaluate --labels CSV --images DIR [--model DIR] [--device D] [--json] "
            "[--out predictions.csv] [--gradcam-limit N]");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;
        if (!parser.isSet(QStringLiteral("labels")) || !parser.isSet(QStringLiteral("images"))) {
            usageError(QStringLiteral("evaluate needs --labels CSV and --images DIR"));
        }
        bool limitOk = false;
        const int gradcamLimit = parser.value(QStringLiteral("gradcam-limit")).toInt(&limitOk);
        if (!limitOk || gradcamLimit < 0)
            usageError(QStringLiteral("--gradcam-limit must be a number >= 0"));
        const auto device =
            engine::parseDevicePreference(parser.value(QStringLiteral("device")).toStdString());
        if (!device)
            usageError(QStringLiteral("--device must be auto, cpu or cuda"));

        const auto dataset =
            assessment::readRsnaDataset(parser.value(QStringLiteral("labels")).toStdString(),
                                        parser.value(QStringLiteral("images")).toStdString());
        for (const std::string& problem : dataset.problems)
            printError(qs(problem) + QStringLiteral(" Skipped."));
        engine::Engine engine(resolveModelDir(parser.value(QStringLiteral("model"))), *device);

        const bool tty = isatty(fileno(stderr));
        assessment::EvaluationOptions options;
        options.gradcamLimit = std::size_t(gradcamLimit);
        assessment::EvaluationObserver observer;
        if (tty)
            observer.progress = [](std::size_t done, std::size_t total) {
                std::fprintf(stderr, "\r%zu/%zu films", done, total);
            };
        observer.skipped = [tty](const std::string& sentence) {
            if (tty)
                std::fputc('\n', stderr);
            printError(qs(sentence) + QStringLiteral(" Skipped."));
        };
        observer.rejected = [tty](const std::string& sentence) {
            if (tty)
                std::fputc('\n', stderr);
            printError(qs(sentence) + QStringLiteral(" Counted as rejected."));
        };
        const auto result = assessment::evaluateDataset(engine, dataset, options, observer);
        if (tty)
            std::fputc('\n', stderr);

        const assessment::Agreement& agreement = result.agreement;
        if (parser.isSet(QStringLiteral("out")))
            assessment::writePredictionsCsv(parser.value(QStringLiteral("out")).toStdString(),
                                            result.predictions);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonObject json{
                {QStringLiteral("n"), qint64(agreement.n)},
                {QStringLiteral("skipped"), qint64(result.skipped.size())},
                {QStringLiteral("rejected"), qint64(result.rejected)},
                {QStringLiteral("mae_months"), agreement.n ? QJsonValue(agreement.maeMonths) : QJsonValue()},
                {QStringLiteral("mae_ci95_months"),
                 agreement.maeCi95Months
                     ? QJsonValue(QJsonArray{agreement.maeCi95Months->first, agreement.maeCi95Months->second})
                     : QJsonValue(QJsonValue::Null)},
                {QStringLiteral("interval_coverage"), optionalNumber(result.intervalCoverage)},
                {QStringLiteral("mae_months_male"), optionalNumber(agreement.maeMonthsMale)},
                {QStringLiteral("mae_months_female"), optionalNumber(agreement.maeMonthsFemale)},
                {QStringLiteral("within_0_5y"), agreement.within05y},
                {QStringLiteral("within_1y"), agreement.within1y},
                {QStringLiteral("within_1_5y"), agreement.within15y},
                {QStringLiteral("within_2y"), agreement.within2y},
                {QStringLiteral("bias_months"), agreement.biasMonths},
                {QStringLiteral("loa_low_months"), agreement.loaLowMonths},
                {QStringLiteral("loa_high_months"), agreement.loaHighMonths},
                {QStringLiteral("gradcam_films"), qint64(result.gradcam.films)},
                {QStringLiteral("gradcam_empty"), qint64(result.gradcam.emptyMaps)},
                {QStringLiteral("gradcam_on_hand"), optionalNumber(result.gradcam.onHand)},
                {QStringLiteral("model"), QJsonObject{{QStringLiteral("name"), qs(engine.info().name)},
                                                      {QStringLiteral("version"), qs(engine.info().version)},
                                                      {QStringLiteral("sha256"), qs(engine.info().sha256)}}},
            };
            if (result.gradcam.inMask)
                json.insert(QStringLiteral("gradcam_in_mask"), *result.gradcam.inMask);
            printJson(json);
        } else {
            printTable(result);
        }
        return agreement.n > 0 ? 0 : 3;
    });
}

}  // namespace boneage::cli
