// The hash-chained audit log on SQLite: the chain rule, the append-only guard, and verifyAudit() finding
// every kind of tampering (the same rows run against PostgreSQL in TestPostgresStore).
#include <QTemporaryDir>
#include <QtTest>

#include "StoreScenarios.h"
#include "store/AuditChain.h"
#include "store/CaseStore.h"

using namespace boneage::store;

class TestAuditChain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hash_ShouldFollowTheDocumentedRule();
    void auditLog_ShouldRefuseUpdateAndDelete();
    void verifyAudit_ShouldFindTampering_data();
    void verifyAudit_ShouldFindTampering();
    void rewrittenChain_ShouldVerifyAloneButFailAnAnchor();
    void longLog_ShouldVerifyQuickly();

private:
    StoreConfig freshConfig() {
        return StoreConfig::sqlite(m_dir.filePath(QStringLiteral("audit%1.sqlite").arg(++m_serial)));
    }
    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestAuditChain::hash_ShouldFollowTheDocumentedRule() {
    // Expected value computed independently (Python hashlib) from the rule in AuditChain.h.
    AuditEntry e;
    e.seq = 7;
    e.timeUtc = QStringLiteral("2024-05-01T09:30:12.345Z");
    e.actor = QStringLiteral("dr.\u00e4");
    e.action = QStringLiteral("override");
    e.caseId = 42;
    e.detailsJson = QStringLiteral("{\"read_id\":3,\"value_months\":120.5}");
    e.prevHash = detail::genesisHash();
    QCOMPARE(detail::computeAuditHash(e),
             QStringLiteral("3b0349956cbe94fc251373010a377cfcbecd2ada4f4a9aca6c204bc252fa207a"));
    e.caseId.reset();
    QVERIFY(detail::computeAuditHash(e) !=
            QStringLiteral("3b0349956cbe94fc251373010a377cfcbecd2ada4f4a9aca6c204bc252fa207a"));
}

void TestAuditChain::auditLog_ShouldRefuseUpdateAndDelete() {
    const StoreConfig config = freshConfig();
    test::populateForTamper(config);
    QVERIFY(test::auditLogRefusesChanges(config));
    CaseStore store(config, QStringLiteral("auditor"));
    QVERIFY(store.verifyAudit().ok);
}

void TestAuditChain::verifyAudit_ShouldFindTampering_data() {
    QTest::addColumn<int>("index");
    const auto cases = test::tamperCases();
    for (std::size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases[i].name)) << int(i);
}

void TestAuditChain::verifyAudit_ShouldFindTampering() {
    QFETCH(int, index);
    const QString failure = test::checkTamperCase(freshConfig(), test::tamperCases()[std::size_t(index)]);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestAuditChain::rewrittenChain_ShouldVerifyAloneButFailAnAnchor() {
    const QString failure = test::checkRewrittenChain(freshConfig(), freshConfig());
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void TestAuditChain::longLog_ShouldVerifyQuickly() {
    const StoreConfig config = freshConfig();
    CaseStore store(config, QStringLiteral("dr.a"));
    CaseRecord c;
    c.sopInstanceUid = QStringLiteral("7.7");
    const qint64 caseId = store.upsertCase(c);
    for (int i = 0; i < 500; ++i) {
        ReadRecord r;
        r.caseId = caseId;
        r.valueMonths = i;
        r.kind = ReadRecord::Kind::Override;
        store.addRead(r);
    }
    QElapsedTimer timer;
    timer.start();
    const AuditVerification v = store.verifyAudit();
    qInfo("verified %lld audit rows in %lld ms", v.rowsChecked, timer.elapsed());
    QVERIFY2(v.ok, qPrintable(v.problem));
    QCOMPARE(v.rowsChecked, qint64(CaseStore::latestSchemaVersion() + 1 + 500));  // migrations, case, reads
}

QTEST_GUILESS_MAIN(TestAuditChain)
#include "TestAuditChain.moc"
