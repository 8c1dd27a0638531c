// boneage_store_bench [CASES] [FOLDER]: printed figures for the case database's safety work (not a ctest).
// Builds a SQLite case database with CASES cases (default 2000), each with a prediction and a read (three
// audited writes), then times what the workstation does at start and on a bad day: the damage check
// (quick_check, and the full integrity_check), opening a CaseStore (check + migration check), a daily
// backup with SQLite's online backup API, a restore, and verifying the audit chain of the restored copy.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <cstdio>

#include "store/CaseStore.h"
#include "store/DatabaseBackups.h"
#include "store/SqliteFile.h"

using namespace boneage::store;

namespace {

template <typename Body>
double milliseconds(Body&& body) {
    QElapsedTimer timer;
    timer.start();
    body();
    return double(timer.nsecsElapsed()) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const int cases = argc > 1 ? std::atoi(argv[1]) : 2000;
    QTemporaryDir scratch;
    const QString folder = argc > 2 ? QString::fromLocal8Bit(argv[2]) : scratch.path();
    QDir(folder + QStringLiteral("/bench")).removeRecursively();  // a fresh database, no backups yet
    const QString path = folder + QStringLiteral("/bench/cases.sqlite");
    const StoreConfig config = StoreConfig::sqlite(path);
    const double fill = milliseconds([&] {
        CaseStore store(config, QStringLiteral("bench"));
        for (int i = 0; i < cases; ++i) {
            CaseRecord c;
            c.sopInstanceUid = QStringLiteral("2.25.%1").arg(i + 1);
            c.sourcePath = QStringLiteral("/films/%1.dcm").arg(i);
            const qint64 id = store.upsertCase(c);
            PredictionRecord p;
            p.caseId = id;
            p.modelName = QStringLiteral("rsna-compact");
            p.modelVersion = QStringLiteral("1.2.0");
            p.modelSha256 = QString(64, QLatin1Char('a'));
            p.device = QStringLiteral("cpu");
            p.boneAgeMonths = 60 + i % 120;
            ReadRecord r;
            r.caseId = id;
            r.predictionId = store.addPrediction(p);
            r.valueMonths = p.boneAgeMonths;
            store.addRead(r);
        }
    });
    const std::string file = QFile::encodeName(path).toStdString();
    const qint64 bytes = QFileInfo(path).size();
    const double quick = milliseconds([&] { detail::findDamage(file, false); });
    const double full = milliseconds([&] { detail::findDamage(file, true); });
    const double open = milliseconds([&] { CaseStore store(config, QStringLiteral("bench")); });
    DatabaseBackups backups(path);
    std::optional<BackupInfo> copy;
    const double backup = milliseconds([&] { copy = backups.makeDaily(); });
    if (!copy) {
        std::fprintf(stderr, "no backup was made\n");
        return 1;
    }
    const double restore = milliseconds([&] { backups.restore(*copy); });
    AuditVerification verification;
    const double verify =
        milliseconds([&] { verification = CaseStore(config, QStringLiteral("bench")).verifyAudit(); });
    std::printf("cases %d (%lld audit rows), database %.1f MB, filled in %.1f s\n", cases,
                qint64(verification.rowsChecked), double(bytes) / 1e6, fill / 1000);
    std::printf("quick_check %.1f ms, integrity_check %.1f ms, CaseStore open %.1f ms\n", quick, full, open);
    std::printf("daily backup %.1f ms, restore (integrity_check + move aside + copy) %.1f ms\n", backup,
                restore);
    std::printf("audit chain of the restored database: %s, verified in %.1f ms\n",
                verification.ok ? "ok" : qPrintable(verification.problem), verify);
    return verification.ok ? 0 : 1;
}
