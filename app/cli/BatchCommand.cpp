#include <unistd.h>
#include <QCommandLineParser>
#include <QTextStream>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "CliSupport.h"
#include "Commands.h"
#include "assessment/BatchMerge.h"
#include "assessment/BatchRun.h"

namespace boneage::cli {

namespace {

QString duration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

/// Progress on stderr: a bar redrawn in place on a terminal, else a plain line every tenth of the run
/// (or half minute), which a scheduler's log file keeps readable.
class ProgressPrinter {
public:
    enum class Style { Bar, Lines, None };

    explicit ProgressPrinter(Style style) : m_style(style) {}

    void operator()(const assessment::BatchProgress& p) {
        if (m_style == Style::None)
            return;
        const auto now = Clock::now();
        const bool last = p.done == p.total;
        const std::size_t scored = p.done - p.resumed;
        const double rate = p.elapsedSeconds > 0 ? double(scored) / p.elapsedSeconds : 0.0;
        const double eta = rate > 0 ? double(p.total - p.done) / rate : 0.0;
        const int percent = p.total ? int(100 * p.done / p.total) : 100;
        const QString figures = QStringLiteral("%1/%2 films  %3 %  %4 films/s  ETA %5  %6 bad")
                                    .arg(p.done)
                                    .arg(p.total)
                                    .arg(percent)
                                    .arg(rate, 0, 'f', 1)
                                    .arg(duration(eta))
                                    .arg(p.failed);
        if (m_style == Style::Bar) {
            if (!last && now - m_lastPrint < std::chrono::milliseconds(100))
                return;
            constexpr int kWidth = 30;
            const int filled = kWidth * percent / 100;
            const QString bar =
                QString(filled, QLatin1Char('#')) + QString(kWidth - filled, QLatin1Char('-'));
            std::fprintf(stderr, "\r[%s] %s\x1b[K%s", qPrintable(bar), qPrintable(figures), last ? "\n" : "");
        } else {
            const int tenth = percent / 10;
            if (!last && tenth == m_lastTenth && now - m_lastPrint < std::chrono::seconds(30))
                return;
            m_lastTenth = tenth;
            std::fprintf(stderr, "boneage batch: %s\n", qPrintable(figures));
        }
        std::fflush(stderr);
        m_lastPrint = now;
    }

private:
    using Clock = std::chrono::steady_clock;
    Style m_style;
    Clock::time_point m_lastPrint{};
    int m_lastTenth = 0;
};

int positiveOption(const QCommandLineParser& parser, const QString& name, int fallback) {
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < 1 || value > 1024)
        usageError(QStringLiteral("--%1 must be a number in 1-1024").arg(name));
    return value;
}

}  // namespace

int runBatch(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Scores every film of the sources into a CSV, one row per film: folders (searched recursively), "
            "RSNA-layout sets (labels.csv + images/) and DICOMDIRs. A film that cannot be read or scored is "
            "a "
            "row with status 'error' and its cause. Rows are written whole, in input order, so a run that "
            "was stopped or killed continues with --resume. --shard K/N takes every N-th input from the K-th "
            "(1-based), the same on every machine: run one shard per job of a scheduler's array and join the "
            "CSVs with 'boneage batch-merge'."));
        parser.addPositionalArgument(QStringLiteral("SRC"), QStringLiteral("Films, folders or DICOMDIRs."));
        parser.addOption({QStringLiteral("out"),
                          QStringLiteral("Results CSV (its plan goes to CSV.plan.json)."),
                          QStringLiteral("results.csv")});
        parser.addOption(
            {QStringLiteral("model"), QStringLiteral("Model package folder."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default auto)."),
                          QStringLiteral("auto|cpu|cuda"), QStringLiteral("auto")});
        parser.addOption({QStringLiteral("jobs"),
                          QStringLiteral("Films decoded at once, beside the model (default: cores - 1, at "
                                         "least 1, at most 8)."),
                          QStringLiteral("N")});
        parser.addOption({QStringLiteral("threads"),
                          QStringLiteral("CPU threads of the model (default: every core)."),
                          QStringLiteral("N")});
        parser.addOption({QStringLiteral("gradcam-dir"),
                          QStringLiteral("Write a Grad-CAM overlay PNG of every scored film here."),
                          QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("shard"), QStringLiteral("Score only shard K of N (1-based)."),
                          QStringLiteral("K/N")});
        parser.addOption(
            {QStringLiteral("resume"),
             QStringLiteral("Continue the CSV of an interrupted run of the same plan (or start it).")});
        parser.addOption({QStringLiteral("sex"),
                          QStringLiteral("Sex of every film, M or F (default: the "
                                         "labels or the DICOM header)."),
                          QStringLiteral("M|F")});
        parser.addOption({QStringLiteral("progress"),
                          QStringLiteral("bar, lines or none (default: a bar on a terminal, else lines)."),
                          QStringLiteral("STYLE")});
        bool done = false;
        const QString synopsis = QStringLiteral(
            "boneage batch SRC... --out results.csv [--model DIR] [--device auto|cpu|cuda] [--jobs N] "
            "[--threads N] [--gradcam-dir DIR] [--shard K/N] [--resume] [--sex M|F] [--progress STYLE]");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;

        assessment::BatchOptions options;
        for (const QString& source : parser.positionalArguments())
            options.sources.push_back(source.toStdString());
        if (options.sources.empty())
            usageError(QStringLiteral("batch needs at least one SRC file or folder"));
        if (!parser.isSet(QStringLiteral("out")))
            usageError(QStringLiteral("batch needs --out results.csv"));
        options.outCsv = parser.value(QStringLiteral("out")).toStdString();
        options.gradcamDir = parser.value(QStringLiteral("gradcam-dir")).toStdString();
        options.resume = parser.isSet(QStringLiteral("resume"));
        const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
        options.jobs = positiveOption(parser, QStringLiteral("jobs"), std::clamp(cores - 1, 1, 8));
        if (parser.isSet(QStringLiteral("threads")))
            engine::setThreadCount(positiveOption(parser, QStringLiteral("threads"), cores));
        if (parser.isSet(QStringLiteral("shard"))) {
            const auto shard =
                assessment::parseShardSpec(parser.value(QStringLiteral("shard")).toStdString());
            if (!shard)
                usageError(QStringLiteral("--shard '%1' is not K/N with 1 <= K <= N")
                               .arg(parser.value(QStringLiteral("shard"))));
            options.shard = *shard;
        }
        if (parser.isSet(QStringLiteral("sex"))) {
            options.sex = parseSex(parser.value(QStringLiteral("sex")).toStdString());
            if (!options.sex)
                usageError(
                    QStringLiteral("--sex '%1' is not M or F").arg(parser.value(QStringLiteral("sex"))));
        }
        const auto device =
            engine::parseDevicePreference(parser.value(QStringLiteral("device")).toStdString());
        if (!device)
            usageError(QStringLiteral("--device '%1' is not auto, cpu or cuda")
                           .arg(parser.value(QStringLiteral("device"))));
        const QString style = parser.value(QStringLiteral("progress"));
        ProgressPrinter::Style progressStyle =
            isatty(fileno(stderr)) ? ProgressPrinter::Style::Bar : ProgressPrinter::Style::Lines;
        if (style == QLatin1String("bar"))
            progressStyle = ProgressPrinter::Style::Bar;
        else if (style == QLatin1String("lines"))
            progressStyle = ProgressPrinter::Style::Lines;
        else if (style == QLatin1String("none"))
            progressStyle = ProgressPrinter::Style::None;
        else if (!style.isEmpty())
            usageError(QStringLiteral("--progress '%1' is not bar, lines or none").arg(style));

        engine::Engine engine(resolveModelDir(parser.value(QStringLiteral("model"))), *device);
        ProgressPrinter printer(progressStyle);
        const assessment::BatchSummary summary =
            assessment::runBatch(engine, options, [&](const assessment::BatchProgress& p) { printer(p); });

        const assessment::BatchProgress& p = summary.progress;
        const std::size_t scored = p.done - p.resumed;
        QTextStream out(stdout);
        out << "Shard " << options.shard.index << '/' << options.shard.count << ": " << p.done << " of "
            << p.total << " inputs in " << qs(options.outCsv) << " (" << p.failed << " bad, " << p.resumed
            << " from before); " << summary.allInputs << " inputs in all.\n";
        if (scored > 0 && p.elapsedSeconds > 0) {
            out << "This run: " << scored << " films in " << QString::number(p.elapsedSeconds, 'f', 1)
                << " s, " << QString::number(double(scored) / p.elapsedSeconds, 'f', 2) << " films/s on "
                << qs(engine.device()) << "; the model's own time "
                << QString::number(summary.modelSeconds, 'f', 1) << " s.\n";
        }
        if (summary.allInputs == 0)
            throw Error(ErrorCode::BadInput, options.sources.front(), "no films found");
        return p.total > 0 && p.failed == p.total ? 3 : 0;  // nothing could be scored
    });
}

int runBatchMerge(const QStringList& arguments) {
    return runGuarded([&] {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Joins the results CSVs of every shard of one 'boneage batch --shard K/N' run into one CSV, in "
            "input order: the CSV one run without --shard writes. Refuses when a shard is missing or "
            "incomplete, or when the shards were run on other inputs, models or options."));
        parser.addPositionalArgument(QStringLiteral("SHARD.csv"),
                                     QStringLiteral("Every shard's results CSV."));
        parser.addOption(
            {QStringLiteral("out"), QStringLiteral("The merged CSV."), QStringLiteral("merged.csv")});
        bool done = false;
        const QString synopsis = QStringLiteral("boneage batch-merge SHARD.csv... --out merged.csv");
        if (const int code = parseArguments(parser, arguments, synopsis, &done); done)
            return code;
        if (!parser.isSet(QStringLiteral("out")))
            usageError(QStringLiteral("batch-merge needs --out merged.csv"));
        std::vector<std::string> shards;
        for (const QString& path : parser.positionalArguments())
            shards.push_back(path.toStdString());
        const QString outPath = parser.value(QStringLiteral("out"));
        const auto summary = assessment::mergeBatchShards(shards, outPath.toStdString());
        QTextStream(stdout) << "Merged " << summary.shards << " shards: " << summary.rows << " rows ("
                            << summary.errors << " bad) in " << outPath << ".\n";
        return 0;
    });
}

}  // namespace boneage::cli
