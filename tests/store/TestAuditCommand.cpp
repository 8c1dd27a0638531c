// `boneage audit verify`: exit codes on an intact log, a tampered log, a missing file and bad usage.
#include <QTemporaryDir>
#include <QtTest>

#include "StoreScenarios.h"
#include "store/CaseStore.h"

#include "Commands.h"  // app/cli: boneage::cli::runAudit

using namespace boneage::store;

class TestAuditCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exitCode_data();
    void exitCode();
    void verify_ShouldNotChangeTheDatabase();

private:
    QTemporaryDir m_dir;
    QString m_head;     ///< the intact log's head as SEQ:HASH
    qint64 m_rows = 0;  ///< rows of the intact log
};

void TestAuditCommand::initTestCase() {
    const StoreConfig intact = StoreConfig::sqlite(m_dir.filePath(QStringLiteral("intact.sqlite")));
    test::populateForTamper(intact);
    const AuditVerification v = CaseStore(intact, QStringLiteral("checker")).verifyAudit();
    QVERIFY(v.ok);
    m_head = QStringLiteral("%1:%2").arg(v.rowsChecked).arg(v.headHash);
    m_rows = v.rowsChecked;
    const StoreConfig broken = StoreConfig::sqlite(m_dir.filePath(QStringLiteral("broken.sqlite")));
    test::populateForTamper(broken);
    test::tamperWith(
        broken,
        {QStringLiteral(
            "UPDATE audit_log SET details = replace(details, '120', '121') WHERE action = 'override'")});
}

void TestAuditCommand::exitCode_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("expected");
    const QString intact = m_dir.filePath(QStringLiteral("intact.sqlite"));
    const QString broken = m_dir.filePath(QStringLiteral("broken.sqlite"));
    QTest::newRow("intactLog_ShouldExit0") << QStringList{"verify", "--db", intact} << 0;
    QTest::newRow("intactLogJson_ShouldExit0") << QStringList{"verify", "--db", intact, "--json"} << 0;
    QTest::newRow("editedLog_ShouldExit6") << QStringList{"verify", "--db", broken} << 6;
    QTest::newRow("ownHeadAsAnchor_ShouldExit0")
        << QStringList{"verify", "--db", intact, "--anchor", m_head} << 0;
    QTest::newRow("upperCaseAnchor_ShouldExit0")
        << QStringList{"verify", "--db", intact, "--anchor", m_head.toUpper()} << 0;
    QTest::newRow("otherHashAnchor_ShouldExit6")
        << QStringList{"verify", "--db", intact, "--anchor",
                       QStringLiteral("%1:").arg(m_rows) + QString(64, QLatin1Char('a'))}
        << 6;
    QTest::newRow("anchorBeyondTheLog_ShouldExit6")
        << QStringList{"verify", "--db", intact, "--anchor",
                       QStringLiteral("%1:").arg(m_rows + 1) + m_head.section(QLatin1Char(':'), 1)}
        << 6;
    QTest::newRow("pgPassword_ShouldExit2")
        << QStringList{"verify", "--pg", "host=127.0.0.1 dbname=cases password=s3cret"} << 2;
    QTest::newRow("malformedAnchor_ShouldExit2")
        << QStringList{"verify", "--db", intact, "--anchor", "10:abc"} << 2;
    QTest::newRow("rowZeroAnchor_ShouldExit2")
        << QStringList{"verify", "--db", intact, "--anchor",
                       QStringLiteral("0:") + QString(64, QLatin1Char('a'))}
        << 2;
    QTest::newRow("missingFile_ShouldExit6")
        << QStringList{"verify", "--db", m_dir.filePath(QStringLiteral("nothing.sqlite"))} << 6;
    QTest::newRow("unreachableServer_ShouldExit6")
        << QStringList{"verify", "--pg", "host=127.0.0.1 port=1 dbname=x connect_timeout=2"} << 6;
    QTest::newRow("noSubcommand_ShouldExit2") << QStringList{"--db", intact} << 2;
    QTest::newRow("unknownOption_ShouldExit2") << QStringList{"verify", "--frobnicate"} << 2;
    QTest::newRow("dbAndPg_ShouldExit2") << QStringList{"verify", "--db", intact, "--pg", "dbname=x"} << 2;
    QTest::newRow("badConnectionString_ShouldExit2") << QStringList{"verify", "--pg", "nonsense"} << 2;
    QTest::newRow("help_ShouldExit0") << QStringList{"--help"} << 0;
}

void TestAuditCommand::exitCode() {
    QFETCH(QStringList, args);
    QFETCH(int, expected);
    QCOMPARE(boneage::cli::runAudit(QStringList{QStringLiteral("boneage audit")} + args), expected);
}

void TestAuditCommand::verify_ShouldNotChangeTheDatabase() {
    const QString intact = m_dir.filePath(QStringLiteral("intact.sqlite"));
    QCOMPARE(boneage::cli::runAudit(
                 {QStringLiteral("boneage audit"), QStringLiteral("verify"), QStringLiteral("--db"), intact}),
             0);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("nothing.sqlite"))));
    CaseStore store(StoreConfig::sqlite(intact), QStringLiteral("checker"));
    QCOMPARE(qint64(store.auditEntries().size()), m_rows);
}

QTEST_GUILESS_MAIN(TestAuditCommand)
#include "TestAuditCommand.moc"
