// The store against a real PostgreSQL server that this test starts on loopback (initdb in a temporary
// folder, its own port, stopped at the end even on failure): concurrency, audit tampering, migrations.
#include <QSqlDatabase>
#include <QtTest>
#include <memory>
#include <thread>

#include "StoreScenarios.h"
#include "TempPostgres.h"
#include "common/Error.h"
#include "store/CaseStore.h"

using namespace boneage;
using namespace boneage::store;

class TestPostgresStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fourThreadsAndTwoProcesses_ShouldLoseNothing();
    void verifyAudit_ShouldFindTampering_data();
    void verifyAudit_ShouldFindTampering();
    void rewrittenChain_ShouldVerifyAloneButFailAnAnchor();
    void auditLog_ShouldRefuseUpdateAndDelete();
    void schema1Database_ShouldUpgradeKeepingItsData();
    void worklistAndThreadCheck_ShouldWorkAsOnSqlite();

private:
    StoreConfig freshDatabase() {
        const QString name = QStringLiteral("boneage_%1").arg(++m_serial);
        QString error;
        if (!m_server->createDatabase(name, &error)) {
            throw Error(ErrorCode::Storage, "test server", error.toStdString());
        }
        return m_server->config(name);
    }

    std::unique_ptr<test::TempPostgres> m_server;
    int m_serial = 0;
};

void TestPostgresStore::initTestCase() {
    if (test::TempPostgres::binDir().isEmpty()) {
        QSKIP("PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed");
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        QSKIP("the Qt PostgreSQL driver (QPSQL) is not installed");
    }
    m_server = std::make_unique<test::TempPostgres>();
    QElapsedTimer timer;
    timer.start();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    qInfo("PostgreSQL from %s started on 127.0.0.1:%d in %lld ms", qPrintable(test::TempPostgres::binDir()),
          m_server->port(), timer.elapsed());
}

void TestPostgresStore::cleanupTestCase() {
    m_server.reset();
}

void TestPostgresStore::fourThreadsAndTwoProcesses_ShouldLoseNothing() {
    const QString failure =
        test::checkConcurrency(freshDatabase(), QStringLiteral(BONEAGE_STORE_CHILD), "PostgreSQL");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestPostgresStore::verifyAudit_ShouldFindTampering_data() {
    QTest::addColumn<int>("index");
    const auto cases = test::tamperCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases[i].name)) << int(i);
}

void TestPostgresStore::verifyAudit_ShouldFindTampering() {
    QFETCH(int, index);
    const QString failure = test::checkTamperCase(freshDatabase(), test::tamperCases()[std::size_t(index)]);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestPostgresStore::rewrittenChain_ShouldVerifyAloneButFailAnAnchor() {
    const QString failure = test::checkRewrittenChain(freshDatabase(), freshDatabase());
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestPostgresStore::auditLog_ShouldRefuseUpdateAndDelete() {
    const StoreConfig config = freshDatabase();
    test::populateForTamper(config);
    QVERIFY(test::auditLogRefusesChanges(config));
}

void TestPostgresStore::schema1Database_ShouldUpgradeKeepingItsData() {
    const QString failure = test::runMigrationUpgrade(freshDatabase());
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestPostgresStore::worklistAndThreadCheck_ShouldWorkAsOnSqlite() {
    CaseStore store(freshDatabase(), QStringLiteral("dr.pg"));
    CaseRecord c;
    c.sopInstanceUid = QStringLiteral("1.9");
    c.film.birthDate = QDate(2015, 1, 31);
    const qint64 caseId = store.upsertCase(c);
    PredictionRecord p;
    p.caseId = caseId;
    p.modelName = QStringLiteral("cheng2021");
    p.boneAgeMonths = 101.125;
    p.sdMonths = 9.5;
    const qint64 predictionId = store.addPrediction(p);
    ReadRecord r;
    r.caseId = caseId;
    r.predictionId = predictionId;
    r.valueMonths = 101.125;
    store.addRead(r);
    const std::vector<CaseSummary> cases = store.listCases();
    QCOMPARE(cases.size(), size_t(1));
    QCOMPARE(cases[0].caseRecord.film.birthDate, QDate(2015, 1, 31));
    QVERIFY(!cases[0].caseRecord.film.studyDate.isValid());
    QCOMPARE(cases[0].latestPrediction->boneAgeMonths, 101.125);
    QVERIFY(!cases[0].latestPrediction->zScore);
    QCOMPARE(cases[0].latestRead->predictionId, std::optional<qint64>(predictionId));
    bool refused = false;
    std::thread other([&] {
        try {
            store.logView(caseId);
        } catch (const Error&) {
            refused = true;
        }
    });
    other.join();
    QVERIFY(refused);
    QVERIFY(store.verifyAudit().ok);
}

QTEST_GUILESS_MAIN(TestPostgresStore)
#include "TestPostgresStore.moc"
