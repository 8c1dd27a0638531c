// boneage: the headless command-line interface over the BoneAge core (DESIGN.md, "CLI contract").
#include <sys/stat.h>
#include <unistd.h>
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QTextStream>
#include <cerrno>
#include <cstring>

#include <algorithm>
#include <memory>
#include <thread>

#include "Commands.h"
#include "common/Version.h"
#include "engine/Engine.h"

namespace {

struct Command {
    const char* name;
    int (*run)(const QStringList&);
    const char* summary;
};

const Command kCommands[] = {
    {"predict", boneage::cli::runPredict, "predict the bone age of one film (DICOM or PNG)"},
    {"evaluate", boneage::cli::runEvaluate, "compare predictions with the labels of an RSNA-layout dataset"},
    {"batch", boneage::cli::runBatch, "score every film of folders, RSNA sets and DICOMDIRs into a CSV"},
    {"batch-merge", boneage::cli::runBatchMerge, "join the CSVs of a sharded batch run"},
    {"phantom", boneage::cli::runPhantom, "write synthetic hand films with known bone age"},
    {"bench", boneage::cli::runBench, "time model load, preprocessing, inference and Grad-CAM"},
    {"audit", boneage::cli::runAudit, "verify the case database's hash-chained audit trail"},
    {"pacs", boneage::cli::runPacs, "DICOM network: echo, find, get, move, store, listen"},
    {"report", boneage::cli::runReport,
     "assess a film and write the reader's signed report (PDF + DICOM SR)"},
    {"verify", boneage::cli::runVerify, "check the signatures of a signed report (PDF or DICOM)"},
};

void printUsage(QTextStream& out) {
    out << "Usage: boneage <command> [options]\n"
           "       boneage --version\n\n"
           "Bone-age assessment from left-hand radiographs (research use only).\n\nCommands:\n";
    for (const Command& c : kCommands) {
        out << "  " << QString::fromLatin1(c.name).leftJustified(12) << c.summary << '\n';
    }
    out << "\nRun 'boneage <command> --help' for a command's options.\n"
           "Exit codes: 0 ok, 2 usage, 3 bad input, 4 model, 5 network/PACS, 6 storage or signature.\n";
}

}  // namespace

int main(int argc, char* argv[]) {
    // `report` lays out and renders a page, which needs Qt Gui (fonts); headless, on the offscreen platform.
    const bool needsGui = argc > 1 && std::strcmp(argv[1], "report") == 0;
    if (needsGui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (needsGui && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt Gui wants a private runtime folder and warns on stderr when it has to pick one itself.
        const QByteArray runtime =
            QDir::tempPath().toLocal8Bit() + "/runtime-boneage-" + QByteArray::number(::getuid());
        if (::mkdir(runtime.constData(), 0700) == 0 || errno == EEXIST)
            qputenv("XDG_RUNTIME_DIR", runtime);
    }
    std::unique_ptr<QCoreApplication> app = needsGui ? std::make_unique<QGuiApplication>(argc, argv)
                                                     : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("boneage"));
    QCoreApplication::setOrganizationName(QStringLiteral("BoneAge"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(boneage::kVersion));

    // LibTorch may start with one intra-op thread; a one-shot CLI wants every core (bench has --threads).
    boneage::engine::setThreadCount(int(std::max(1u, std::thread::hardware_concurrency())));

    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 2) {
        printUsage(err);
        return 2;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out << "boneage " << boneage::kVersion << '\n';
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printUsage(out);
        return 0;
    }
    for (const Command& c : kCommands) {
        if (first == QLatin1String(c.name)) {
            QStringList sub = args.mid(2);
            sub.prepend(QStringLiteral("boneage ") + first);
            return c.run(sub);
        }
    }
    err << "boneage: unknown command '" << first << "'.\n\n";
    printUsage(err);
    return 2;
}
