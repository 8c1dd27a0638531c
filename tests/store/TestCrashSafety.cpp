// Crash safety on SQLite: a child writing decisions is killed with SIGKILL at random moments; after each
// kill the database must be intact, hold every write whose commit returned, and hold no half write.
//
// BONEAGE_CRASH_KILLS (default 200) and BONEAGE_CRASH_SEED (default: random, printed) reproduce a run.
#include <signal.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "store/CaseStore.h"
#include "store/Connection.h"

using namespace boneage::store;

namespace {

struct Committed {
    QSet<qint64> cases, predictions, reads;
};

/// Parses the child's complete stdout lines ("case 3", "read 7", ...) into `committed`; returns whether
/// "ready" was seen.
bool parseReports(const QByteArray& output, Committed& committed, qint64* lines) {
    bool ready = false;
    const QList<QByteArray> all = output.split('\n');
    // The last element is an unterminated line (or empty): ignore it.
    for (qsizetype i = 0; i + 1 < all.size(); ++i) {
        const QList<QByteArray> words = all[i].split(' ');
        ++*lines;
        if (words[0] == "ready") {
            ready = true;
        } else if (words.size() == 2 && words[0] == "case") {
            committed.cases.insert(words[1].toLongLong());
        } else if (words.size() == 2 && words[0] == "prediction") {
            committed.predictions.insert(words[1].toLongLong());
        } else if (words.size() == 2 && words[0] == "read") {
            committed.reads.insert(words[1].toLongLong());
        }
    }
    return ready;
}

QSet<qint64> ids(detail::Connection& raw, const QString& table) {
    QSet<qint64> found;
    QSqlQuery q = raw.run(QStringLiteral("SELECT id FROM %1").arg(table), "ids");
    while (q.next()) {
        found.insert(q.value(0).toLongLong());
    }
    return found;
}

/// Ids recorded by audit rows of `actions` under details key `key`.
QSet<qint64> auditedIds(detail::Connection& raw, const QString& actions, const QString& key) {
    QSet<qint64> found;
    QSqlQuery q =
        raw.run(QStringLiteral("SELECT details FROM audit_log WHERE action IN (%1)").arg(actions), "audit");
    while (q.next()) {
        found.insert(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().value(key).toInteger());
    }
    return found;
}

/// Everything that must hold after a kill. Empty when it all does.
QString checkAfterKill(const StoreConfig& config, const Committed& committed, qint64* rows) {
    {
        detail::Connection raw(config);
        QSqlQuery integrity = raw.run(QStringLiteral("PRAGMA integrity_check"), "integrity check");
        if (!integrity.next() || integrity.value(0).toString() != QLatin1String("ok")) {
            return QStringLiteral("integrity_check: ") + integrity.value(0).toString();
        }
        integrity.finish();
    }
    // Opening must always work (a kill before the schema existed leaves an empty file: this migrates it).
    CaseStore store(config, QStringLiteral("crash-checker"));
    {
        detail::Connection raw(config);
        const QSet<qint64> cases = ids(raw, QStringLiteral("cases"));
        const QSet<qint64> predictions = ids(raw, QStringLiteral("predictions"));
        const QSet<qint64> reads = ids(raw, QStringLiteral("reads"));
        *rows = cases.size() + predictions.size() + reads.size();
        if (!cases.contains(committed.cases) || !predictions.contains(committed.predictions) ||
            !reads.contains(committed.reads)) {
            return QStringLiteral("a write whose commit returned is missing");
        }
        if (auditedIds(raw, QStringLiteral("'confirm','override'"), QStringLiteral("read_id")) != reads) {
            return QStringLiteral("reads and their audit rows differ (half a decision is present)");
        }
        if (auditedIds(raw, QStringLiteral("'predict'"), QStringLiteral("prediction_id")) != predictions) {
            return QStringLiteral("predictions and their audit rows differ");
        }
        if (auditedIds(raw, QStringLiteral("'case_create'"), QStringLiteral("case_id")) != cases) {
            return QStringLiteral("cases and their audit rows differ");
        }
    }
    const AuditVerification v = store.verifyAudit();
    return v.ok ? QString() : QStringLiteral("audit chain: ") + v.problem;
}

}  // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedWriter_ShouldLoseNothingCommittedAndLeaveNoHalfWrite();
    void killedDuringFirstOpen_ShouldLeaveAnOpenableDatabase();

private:
    /// Starts the child, kills it after `delayUs` (counted from "ready" when `afterReady`), returns stdout.
    QByteArray runAndKill(const StoreConfig& config, bool afterReady, int delayUs, bool* exitedByItself);

    QTemporaryDir m_dir;
    quint32 m_seed = 0;
    QRandomGenerator m_random;
};

void TestCrashSafety::initTestCase() {
    m_seed = qEnvironmentVariableIsSet("BONEAGE_CRASH_SEED")
                 ? quint32(qEnvironmentVariableIntValue("BONEAGE_CRASH_SEED"))
                 : QRandomGenerator::global()->generate();
    m_random.seed(m_seed);
    qInfo("crash seed %u (set BONEAGE_CRASH_SEED to repeat)", m_seed);
}

QByteArray TestCrashSafety::runAndKill(const StoreConfig& config, bool afterReady, int delayUs,
                                       bool* exitedByItself) {
    QProcess child;
    child.start(QStringLiteral(BONEAGE_STORE_CHILD),
                {QStringLiteral("crash"), QStringLiteral("--db"), config.sqlitePath});
    if (!child.waitForStarted(10000)) {
        *exitedByItself = true;
        return {};
    }
    QByteArray output;
    if (afterReady) {
        while (!output.contains("ready\n") && child.state() == QProcess::Running &&
               child.waitForReadyRead(10000)) {
            output += child.readAllStandardOutput();
        }
    }
    // A deliberate delay: it picks the random moment of the kill.
    QThread::usleep(delayUs);
    *exitedByItself = child.state() != QProcess::Running;
    ::kill(pid_t(child.processId()), SIGKILL);
    child.waitForFinished(10000);
    *exitedByItself = *exitedByItself || child.exitStatus() != QProcess::CrashExit;
    if (*exitedByItself) {
        qWarning("child output: %s", child.readAllStandardError().constData());
    }
    return output + child.readAllStandardOutput();
}

void TestCrashSafety::killedWriter_ShouldLoseNothingCommittedAndLeaveNoHalfWrite() {
    const int kills = qEnvironmentVariableIsSet("BONEAGE_CRASH_KILLS")
                          ? qEnvironmentVariableIntValue("BONEAGE_CRASH_KILLS")
                          : 200;
    const StoreConfig config = StoreConfig::sqlite(m_dir.filePath(QStringLiteral("crash.sqlite")));
    Committed committed;
    qint64 reportLines = 0;
    qint64 rows = 0;
    int killedBeforeReady = 0;
    int killedAmongWrites = 0;  // after at least one commit of this child returned
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kills; ++i) {
        // One kill in five counts from the start (open, WAL recovery); the rest land among the writes.
        const bool afterReady = m_random.bounded(5) != 0;
        const int delayUs = afterReady ? int(m_random.bounded(60000)) : int(m_random.bounded(60000));
        bool exitedByItself = false;
        const QByteArray output = runAndKill(config, afterReady, delayUs, &exitedByItself);
        QVERIFY2(!exitedByItself, qPrintable(QStringLiteral("kill %1: the child ended on its own").arg(i)));
        const qsizetype before =
            committed.cases.size() + committed.predictions.size() + committed.reads.size();
        if (!parseReports(output, committed, &reportLines)) {
            ++killedBeforeReady;
        }
        if (committed.cases.size() + committed.predictions.size() + committed.reads.size() > before) {
            ++killedAmongWrites;
        }
        const QString problem = checkAfterKill(config, committed, &rows);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("kill %1 (seed %2): %3").arg(i).arg(m_seed).arg(problem)));
    }
    qInfo(
        "%d SIGKILLs in %lld ms: %d before the store was open, %d after at least one commit; %lld commits "
        "reported (%lld cases, %lld predictions, %lld reads), %lld rows present",
        kills, timer.elapsed(), killedBeforeReady, killedAmongWrites,
        qint64(committed.cases.size() + committed.predictions.size() + committed.reads.size()),
        qint64(committed.cases.size()), qint64(committed.predictions.size()), qint64(committed.reads.size()),
        rows);
    QVERIFY2(killedAmongWrites * 2 > kills, "too few kills landed among writes");
}

void TestCrashSafety::killedDuringFirstOpen_ShouldLeaveAnOpenableDatabase() {
    int killedBeforeReady = 0;
    for (int i = 0; i < 20; ++i) {
        const StoreConfig config =
            StoreConfig::sqlite(m_dir.filePath(QStringLiteral("first%1/cases.sqlite").arg(i)));
        bool exitedByItself = false;
        Committed committed;
        qint64 lines = 0;
        const QByteArray output = runAndKill(config, false, int(m_random.bounded(90000)), &exitedByItself);
        QVERIFY(!exitedByItself);
        killedBeforeReady += parseReports(output, committed, &lines) ? 0 : 1;
        qint64 rows = 0;
        if (QFileInfo::exists(config.sqlitePath)) {
            CaseStore store(config, QStringLiteral("after-crash"));
            QCOMPARE(store.schemaVersion(), CaseStore::latestSchemaVersion());
            const QString problem = checkAfterKill(config, committed, &rows);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }
    qInfo("20 SIGKILLs at first open, %d before the store was ready", killedBeforeReady);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "TestCrashSafety.moc"
