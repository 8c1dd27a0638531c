// Child process for the store's crash and multi-process tests.
//
//   boneage_store_child crash (--db PATH | --pg CONN)
//       Writes decisions forever: every few writes a new case, then predictions, reads and views. After each
//       commit returns it writes one line to stdout with write(2) (atomic on a pipe, no stdio buffer):
//       "ready", "case <id>", "prediction <id>", "read <id>", "view <seq>". The parent kills it with SIGKILL.
//   boneage_store_child write (--db PATH | --pg CONN) --count N --tag TAG
//       Runs the shared workload (StoreWorkload.h) once the parent writes a line to stdin (so every writer
//       starts together) and prints its WorkloadResult as one JSON line.
#include <unistd.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QStringList>
#include <QTextStream>
#include <cstdio>
#include <exception>
#include <string>

#include "StoreWorkload.h"
#include "common/Error.h"
#include "store/CaseStore.h"

using namespace boneage::store;

namespace {

void report(const std::string& line) {
    const std::string text = line + "\n";
    // Best effort: the parent reads the pipe even after the kill.
    [[maybe_unused]] const ssize_t written = ::write(STDOUT_FILENO, text.data(), text.size());
}

int crashLoop(const StoreConfig& config) {
    CaseStore store(config, QStringLiteral("crash-child"));
    report("ready");
    for (qint64 i = 0;; ++i) {
        CaseRecord c;
        c.sopInstanceUid = QStringLiteral("1.2.826.0.1.%1.%2").arg(::getpid()).arg(i);
        c.sourcePath = QStringLiteral("/films/%1.dcm").arg(i);
        c.film.sex = boneage::Sex::Female;
        const qint64 caseId = store.upsertCase(c);
        report("case " + std::to_string(caseId));
        for (int k = 0; k < 3; ++k) {
            PredictionRecord p;
            p.caseId = caseId;
            p.modelName = QStringLiteral("crash");
            p.boneAgeMonths = 120.0 + k;
            p.verdict = boneage::clinical::Verdict::Normal;
            const qint64 predictionId = store.addPrediction(p);
            report("prediction " + std::to_string(predictionId));
            ReadRecord r;
            r.caseId = caseId;
            r.predictionId = predictionId;
            r.valueMonths = 118.0 + k;
            r.kind = k % 2 ? ReadRecord::Kind::Override : ReadRecord::Kind::Confirm;
            r.reason = k % 2 ? QStringLiteral("override") : QString();
            const qint64 readId = store.addRead(r);
            report("read " + std::to_string(readId));
        }
        store.logView(caseId);
        report("view");
    }
}

int writeOnce(const StoreConfig& config, const QStringList& args) {
    const qsizetype countAt = args.indexOf(QStringLiteral("--count"));
    const qsizetype tagAt = args.indexOf(QStringLiteral("--tag"));
    if (countAt < 0 || tagAt < 0 || countAt + 1 >= args.size() || tagAt + 1 >= args.size()) {
        std::fprintf(stderr, "usage: write (--db PATH | --pg CONN) --count N --tag TAG\n");
        return 2;
    }
    // Wait for the start signal.
    QTextStream(stdin).readLine();
    const test::WorkloadResult result = test::runWorkload(config, args[tagAt + 1], args[countAt + 1].toInt());
    report(QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact).toStdString());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    try {
        const StoreConfig config = test::configFromChildArguments(args);
        if (args.size() > 1 && args[1] == QLatin1String("crash")) {
            return crashLoop(config);
        }
        if (args.size() > 1 && args[1] == QLatin1String("write")) {
            return writeOnce(config, args);
        }
        std::fprintf(stderr, "usage: boneage_store_child crash|write ...\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store child: %s\n", e.what());
        return 6;
    }
}
