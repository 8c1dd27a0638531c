#include <QCommandLineParser>
#include <QTextStream>

#include "CliSupport.h"
#include "Commands.h"
#include "assessment/Assessor.h"
#include "engine/Benchmark.h"
#include "imaging/FilmLoader.h"
#include "phantom/Display.h"

namespace boneage::cli {

namespace {

/// A 2,048 x 2,560 synthetic hand film in [0,1] through its own window, as a real CR film reaches the engine.
engine::Image phantomImage() {
    phantom::PhantomSpec spec;
    spec.seed = 2024;
    spec.sex = Sex::Male;
    spec.chronologicalAgeMonths = 120;
    spec.boneAgeMonths = 126;
    const phantom::GrayImage8 display = phantom::displayImage(phantom::renderPhantom(spec));
    engine::Image image;
    image.width = display.width;
    image.height = display.height;
    image.pixels.reserve(display.pixels.size());
    for (std::uint8_t v : display.pixels)
        image.pixels.push_back(float(v) / 255.0f);
    return image;
}

}  // namespace

int runBench(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        parser.setApplicationDescription(
            QStringLiteral("Times model load, preprocessing, inference and Grad-CAM (p50/p90 in ms) on one "
                           "film: a 2,048 x 2,560 "
                           "synthetic hand film, or --film FILE."));
        parser.addOption(
            {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("device"), QStringLiteral("cpu, cuda or auto (default auto)."),
                          QStringLiteral("cpu|cuda"), QStringLiteral("auto")});
        parser.addOption({QStringLiteral("iterations"), QStringLiteral("Measured iterations (default 10)."),
                          QStringLiteral("N"), QStringLiteral("10")});
        parser.addOption({QStringLiteral("threads"),
                          QStringLiteral("CPU threads (default: LibTorch's choice)."), QStringLiteral("N"),
                          QStringLiteral("0")});
        parser.addOption({QStringLiteral("film"), QStringLiteral("Benchmark on this film instead."),
                          QStringLiteral("FILE")});
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
        bool done = false;
        const QString synopsis = QStringLiteral(
            "boneage bench --model DIR --device cpu|cuda [--iterations N] [--threads N] [--film FILE] "
            "[--json]");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;

        engine::BenchmarkOptions options;
        const auto device =
            engine::parseDevicePreference(parser.value(QStringLiteral("device")).toStdString());
        if (!device)
            usageError(QStringLiteral("--device must be auto, cpu or cuda"));
        options.device = *device;
        bool ok = false;
        options.iterations = parser.value(QStringLiteral("iterations")).toInt(&ok);
        if (!ok || options.iterations < 1)
            usageError(QStringLiteral("--iterations must be a number >= 1"));
        options.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || options.threads < 0)
            usageError(QStringLiteral("--threads must be a number >= 0"));

        const engine::Image image = parser.isSet(QStringLiteral("film"))
                                        ? assessment::modelInput(imaging::loadFilm(
                                              parser.value(QStringLiteral("film")).toStdString()))
                                        : phantomImage();
        const auto result =
            engine::runBenchmark(resolveModelDir(parser.value(QStringLiteral("model"))), image, options);
        QTextStream out(stdout);
        out << qs(parser.isSet(QStringLiteral("json")) ? engine::benchmarkJson(result)
                                                       : engine::formatBenchmark(result))
            << '\n';
        return 0;
    });
}

}  // namespace boneage::cli
