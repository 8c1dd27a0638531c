// Concurrency on SQLite: 4 threads and 2 processes write 2,000 times each into one new database.
#include <QTemporaryDir>
#include <QtTest>

#include "StoreScenarios.h"

using namespace boneage::store;

class TestStoreConcurrency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fourThreadsAndTwoProcesses_ShouldLoseNothing();

private:
    QTemporaryDir m_dir;
};

void TestStoreConcurrency::fourThreadsAndTwoProcesses_ShouldLoseNothing() {
    const int writes = qEnvironmentVariableIsSet("BONEAGE_CONCURRENCY_WRITES")
                           ? qEnvironmentVariableIntValue("BONEAGE_CONCURRENCY_WRITES")
                           : 2000;
    const test::ConcurrencyFigures f =
        test::runConcurrency(StoreConfig::sqlite(m_dir.filePath(QStringLiteral("shared.sqlite"))),
                             QStringLiteral(BONEAGE_STORE_CHILD), 4, 2, writes);
    qInfo(
        "SQLite: %lld of %lld writes committed, %lld rows found, %lld audit rows, %lld errors, %lld lock "
        "retries, %lld ms (%.0f writes/s)",
        f.committedWrites, f.expectedWrites, f.rowsFound, f.auditRows, f.errors, f.retries, f.elapsedMs,
        f.elapsedMs > 0 ? 1000.0 * double(f.committedWrites) / double(f.elapsedMs) : 0.0);
    QVERIFY2(f.failure.isEmpty(), qPrintable(f.failure));
    QCOMPARE(f.errors, qint64(0));
    QCOMPARE(f.committedWrites, f.expectedWrites);
    QCOMPARE(f.rowsFound, f.expectedWrites);
}

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "tst_storeconcurrency.moc"
