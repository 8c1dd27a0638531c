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
    const QString failure =
        test::checkConcurrency(StoreConfig::sqlite(m_dir.filePath(QStringLiteral("shared.sqlite"))),
                               QStringLiteral(BONEAGE_STORE_CHILD), "SQLite");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "TestStoreConcurrency.moc"
