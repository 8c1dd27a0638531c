#include <unistd.h>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "assessment/Agreement.h"
#include "assessment/Assessor.h"
#include "assessment/Dataset.h"
#include "assessment/HandMask.h"
#include "imaging/FilmLoader.h"

namespace boneage::cli {

namespace {

struct Row {
    std::string id;
    Sex sex;
    double reference;
    double predicted;
};

QJsonValue optionalNumber(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

std::vector<unsigned char> loadMask(const std::string& path, int width, int height) {
    const imaging::Film mask = imaging::loadFilm(path);
    if (mask.width != width || mask.height != height) {
        throw Error(ErrorCode::BadInput, path, "the mask does not have its film's size");
    }
    std::vector<unsigned char> out(mask.pixels.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = mask.pixels[i] > 0 ? 1 : 0;
    return out;
}

void writePredictions(const QString& path, const std::vector<Row>& rows) {
    QSaveFile file(path);  // atomic: the CSV appears whole or not at all
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        throw Error(ErrorCode::BadInput, path.toStdString(),
                    "cannot write: " + file.errorString().toStdString());
    }
    QTextStream out(&file);
    out << "id,male,boneage,predicted,error\n";
    for (const Row& r : rows) {
        out << qs(r.id) << ',' << (r.sex == Sex::Male ? "True" : "False") << ',' << r.reference << ','
            << QString::number(r.predicted, 'f', 3) << ','
            << QString::number(r.predicted - r.reference, 'f', 3) << '\n';
    }
    out.flush();
    if (!file.commit()) {
        throw Error(ErrorCode::BadInput, path.toStdString(),
                    "cannot write: " + file.errorString().toStdString());
    }
}

void printTable(const assessment::Agreement& a, std::size_t skipped, const std::optional<double>& onHand,
                const std::optional<double>& inMask, std::size_t gradcamFilms, std::size_t emptyMaps) {
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
    out << "Films evaluated: " << a.n << " (" << a.nMale << " male, " << a.nFemale << " female; " << skipped
        << " skipped)\n";
    line(QStringLiteral("MAE overall"), mae(a.n ? std::optional<double>(a.maeMonths) : std::nullopt));
    line(QStringLiteral("MAE male"), mae(a.maeMonthsMale));
    line(QStringLiteral("MAE female"), mae(a.maeMonthsFemale));
    line(QStringLiteral("Within 0.5 / 1 / 1.5 / 2 y"),
         pct(a.within05y) + QStringLiteral(" / ") + pct(a.within1y) + QStringLiteral(" / ") +
             pct(a.within15y) + QStringLiteral(" / ") + pct(a.within2y));
    line(QStringLiteral("Bias (model - reference)"),
         QString::number(a.biasMonths, 'f', 2) + QStringLiteral(" months"));
    line(QStringLiteral("95 % limits of agreement"),
         QStringLiteral("%1 to %2 months").arg(a.loaLowMonths, 0, 'f', 2).arg(a.loaHighMonths, 0, 'f', 2));
    if (onHand)
        line(QStringLiteral("Grad-CAM mass on the hand"),
             pct(*onHand) +
                 QStringLiteral(" (%1 films; %2 with an empty map)").arg(gradcamFilms).arg(emptyMaps));
    if (inMask)
        line(QStringLiteral("Grad-CAM mass in the mask"), pct(*inMask));
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
                           "reported and skipped."));
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
        std::vector<Row> rows;
        std::vector<assessment::Pair> pairs;
        // A Grad-CAM map with no mass (no positive evidence anywhere) has no share on or off the hand: such
        // films are counted apart (gradcam_empty) and left out of the mean shares.
        std::size_t skipped = dataset.problems.size(), gradcamFilms = 0, emptyMaps = 0, maskFilms = 0;
        double onHandSum = 0, inMaskSum = 0;
        constexpr std::size_t kBatch = 16;
        std::vector<engine::Image> images;
        std::vector<const assessment::LabelledFilm*> batchFilms;
        auto flush = [&] {
            if (images.empty())
                return;
            std::vector<const engine::Image*> pointers;
            std::vector<Sex> sexes;
            for (std::size_t i = 0; i < images.size(); ++i) {
                pointers.push_back(&images[i]);
                sexes.push_back(batchFilms[i]->sex);
            }
            const auto months = engine.predictBatch(pointers, sexes);
            for (std::size_t i = 0; i < images.size(); ++i) {
                rows.push_back(
                    {batchFilms[i]->id, batchFilms[i]->sex, batchFilms[i]->boneAgeMonths, months[i]});
                pairs.push_back({batchFilms[i]->boneAgeMonths, months[i], batchFilms[i]->sex});
            }
            images.clear();
            batchFilms.clear();
        };
        const std::size_t total = dataset.films.size();
        for (std::size_t index = 0; index < total; ++index) {
            const auto& labelled = dataset.films[index];
            if (tty)
                std::fprintf(stderr, "\r%zu/%zu films", index + 1, total);
            try {
                const imaging::Film film = imaging::loadFilm(labelled.imagePath);
                engine::Image image = assessment::modelInput(film);
                if (gradcamFilms < std::size_t(gradcamLimit)) {
                    const auto prediction = engine.predict(image, labelled.sex, true);
                    const bool empty = !prediction.gradcam->hasMass();
                    if (empty) {
                        ++emptyMaps;
                    } else {
                        onHandSum +=
                            assessment::heatmapMassInside(*prediction.gradcam, assessment::handMask(image));
                    }
                    if (!empty && !labelled.maskPath.empty()) {
                        inMaskSum += assessment::heatmapMassInside(
                            *prediction.gradcam, loadMask(labelled.maskPath, film.width, film.height));
                        ++maskFilms;
                    }
                    ++gradcamFilms;
                    rows.push_back(
                        {labelled.id, labelled.sex, labelled.boneAgeMonths, prediction.boneAgeMonths});
                    pairs.push_back({labelled.boneAgeMonths, prediction.boneAgeMonths, labelled.sex});
                    continue;
                }
                images.push_back(std::move(image));
                batchFilms.push_back(&labelled);
                if (images.size() == kBatch)
                    flush();
            } catch (const Error& e) {
                if (e.code() == ErrorCode::Model)
                    throw;
                if (tty)
                    std::fputc('\n', stderr);
                printError(QString::fromStdString(e.what()) + QStringLiteral(" Skipped."));
                ++skipped;
            }
        }
        flush();
        if (tty)
            std::fputc('\n', stderr);

        const auto agreement = assessment::computeAgreement(pairs);
        if (parser.isSet(QStringLiteral("out")))
            writePredictions(parser.value(QStringLiteral("out")), rows);
        const std::optional<double> onHand =
            gradcamFilms > emptyMaps ? std::optional<double>(onHandSum / double(gradcamFilms - emptyMaps))
                                     : std::nullopt;
        const std::optional<double> inMask =
            maskFilms ? std::optional<double>(inMaskSum / double(maskFilms)) : std::nullopt;
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonObject json{
                {QStringLiteral("n"), qint64(agreement.n)},
                {QStringLiteral("skipped"), qint64(skipped)},
                {QStringLiteral("mae_months"), agreement.n ? QJsonValue(agreement.maeMonths) : QJsonValue()},
                {QStringLiteral("mae_months_male"), optionalNumber(agreement.maeMonthsMale)},
                {QStringLiteral("mae_months_female"), optionalNumber(agreement.maeMonthsFemale)},
                {QStringLiteral("within_0_5y"), agreement.within05y},
                {QStringLiteral("within_1y"), agreement.within1y},
                {QStringLiteral("within_1_5y"), agreement.within15y},
                {QStringLiteral("within_2y"), agreement.within2y},
                {QStringLiteral("bias_months"), agreement.biasMonths},
                {QStringLiteral("loa_low_months"), agreement.loaLowMonths},
                {QStringLiteral("loa_high_months"), agreement.loaHighMonths},
                {QStringLiteral("gradcam_films"), qint64(gradcamFilms)},
                {QStringLiteral("gradcam_empty"), qint64(emptyMaps)},
                {QStringLiteral("gradcam_on_hand"), optionalNumber(onHand)},
                {QStringLiteral("model"), QJsonObject{{QStringLiteral("name"), qs(engine.info().name)},
                                                      {QStringLiteral("version"), qs(engine.info().version)},
                                                      {QStringLiteral("sha256"), qs(engine.info().sha256)}}},
            };
            if (inMask)
                json.insert(QStringLiteral("gradcam_in_mask"), *inMask);
            printJson(json);
        } else {
            printTable(agreement, skipped, onHand, inMask, gradcamFilms, emptyMaps);
        }
        return agreement.n > 0 ? 0 : 3;
    });
}

}  // namespace boneage::cli
