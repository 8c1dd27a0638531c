// The shared PostgreSQL database over TLS (issue 9, defect 8), against a real server this test starts on
// loopback with ssl=on and a certificate made at test time (a test CA; the server certificate names the DNS
// name "localhost" only): the store's TLS settings reach libpq (pg_stat_ssl shows our connection
// encrypted), verify-full to a name the certificate does not carry is refused with a clear sentence, the
// password comes from a PGPASSFILE, and two workstations, one of them another process, see each other's
// cases and decisions.
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "StoreWorkload.h"
#include "TempPostgres.h"
#include "common/Error.h"
#include "common/PrivateFiles.h"
#include "store/CaseStore.h"
#include "store/Connection.h"

using namespace boneage;
using namespace boneage::store;

namespace {

const QString kPassword = QStringLiteral("correct horse 'battery'");

/// Sets (or, with a null value, unsets) an environment variable for the scope.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const QByteArray& value)
        : m_name(name), m_had(qEnvironmentVariableIsSet(name)) {
        m_old = qgetenv(name);
        if (value.isNull()) {
            qunsetenv(name);
        } else {
            qputenv(name, value);
        }
    }
    ~ScopedEnv() {
        if (m_had) {
            qputenv(m_name, m_old);
        } else {
            qunsetenv(m_name);
        }
    }

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

}  // namespace

class TestPostgresTls : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sslmode_ShouldReachLibpq_data();
    void sslmode_ShouldReachLibpq();
    void verifyFullToAnotherName_ShouldBeRefused();
    void passwordFromPgpassfile_ShouldLogIn();
    void noPassword_ShouldSayWhereToPutIt();
    void twoWorkstations_ShouldSeeEachOthersCasesAndDecisions();

private:
    /// A new database, reached over verify-full TLS as `host`.
    StoreConfig freshDatabase(const QString& host = QStringLiteral("localhost")) {
        const QString name = QStringLiteral("boneage_tls_%1").arg(++m_serial);
        QString error;
        if (!m_server->createDatabase(name, &error)) {
            throw Error(ErrorCode::Storage, "test server", error.toStdString());
        }
        StoreConfig config = m_server->config(name);
        config.pgHost = host;
        config.pgSslMode = QStringLiteral("verify-full");
        config.pgSslRootCert = m_server->caCertificate();
        return config;
    }

    std::unique_ptr<test::TempPostgres> m_server;
    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestPostgresTls::initTestCase() {
    if (test::TempPostgres::binDir().isEmpty()) {
        QSKIP("PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed");
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        QSKIP("the Qt PostgreSQL driver (QPSQL) is not installed");
    }
    if (test::TempPostgres::opensslTool().isEmpty()) {
        QSKIP("the openssl tool is not installed");
    }
    m_server = std::make_unique<test::TempPostgres>(test::TempPostgres::Options{true});
    QElapsedTimer timer;
    timer.start();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    QVERIFY2(m_server->createPasswordRole(test::TempPostgres::passwordRoleName(), kPassword, &error),
             qPrintable(error));
    qInfo("PostgreSQL with TLS (certificates made at start) on 127.0.0.1:%d in %lld ms", m_server->port(),
          timer.elapsed());
}

void TestPostgresTls::cleanupTestCase() {
    m_server.reset();
}

void TestPostgresTls::sslmode_ShouldReachLibpq_data() {
    QTest::addColumn<QString>("sslmode");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("encrypted");
    QTest::newRow("verifyFullToLocalhost_ShouldBeEncrypted") << "verify-full"
                                                             << "localhost" << true;
    QTest::newRow("verifyCaTo127_ShouldBeEncrypted") << "verify-ca"
                                                     << "127.0.0.1" << true;
    QTest::newRow("require_ShouldBeEncrypted") << "require"
                                               << "127.0.0.1" << true;
    QTest::newRow("disable_ShouldBePlain") << "disable"
                                           << "127.0.0.1" << false;
}

void TestPostgresTls::sslmode_ShouldReachLibpq() {
    QFETCH(QString, sslmode);
    QFETCH(QString, host);
    QFETCH(bool, encrypted);
    StoreConfig config = freshDatabase(host);
    config.pgSslMode = sslmode;
    detail::Connection connection(config);
    QSqlQuery query = connection.run(
        QStringLiteral("SELECT ssl, COALESCE(version, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()"),
        "read pg_stat_ssl");
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toBool(), encrypted);
    if (encrypted) {
        qInfo("sslmode=%s: %s", qPrintable(sslmode), qPrintable(query.value(1).toString()));
        QVERIFY(query.value(1).toString().startsWith(QLatin1String("TLSv1.")));
    }
    CaseStore store(config, QStringLiteral("dr.tls"));
    QVERIFY(store.verifyAudit().ok);
}

void TestPostgresTls::verifyFullToAnotherName_ShouldBeRefused() {
    // The certificate names "localhost"; 127.0.0.1 is the same server, but not the name it proves.
    const StoreConfig config = freshDatabase(QStringLiteral("127.0.0.1"));
    try {
        CaseStore store(config, QStringLiteral("dr.tls"));
        QFAIL("verify-full accepted a certificate for another name");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Storage);
        const QString what = QString::fromUtf8(e.what());
        qInfo("%s", qPrintable(what));
        QVERIFY2(
            what.contains(QLatin1String("the server's TLS certificate was refused (sslmode=verify-full)")),
            qPrintable(what));
        QVERIFY2(what.contains(QLatin1String("server certificate for \"localhost\"")), qPrintable(what));
        QVERIFY2(what.contains(QLatin1String("does not match host name \"127.0.0.1\"")), qPrintable(what));
    }
}

void TestPostgresTls::passwordFromPgpassfile_ShouldLogIn() {
    StoreConfig config = freshDatabase();
    config.pgUser = test::TempPostgres::passwordRoleName();
    const QString passfile = m_dir.filePath(QStringLiteral("pgpass"));
    createPrivateFile(QFile::encodeName(passfile).toStdString());  // libpq ignores a file others can read
    {
        QFile file(passfile);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QString escaped = kPassword;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char(':'), QLatin1String("\\:"));
        file.write(QStringLiteral("localhost:%1:*:%2:%3\n")
                       .arg(m_server->port())
                       .arg(config.pgUser, escaped)
                       .toUtf8());
    }
    const ScopedEnv noPassword("PGPASSWORD", QByteArray());
    const ScopedEnv file("PGPASSFILE", QFile::encodeName(passfile));
    CaseStore store(config, QStringLiteral("dr.pw"));
    QVERIFY(store.verifyAudit().ok);
    QVERIFY(!config.describe().contains(QLatin1String("battery")));
}

void TestPostgresTls::noPassword_ShouldSayWhereToPutIt() {
    StoreConfig config = freshDatabase();
    config.pgUser = test::TempPostgres::passwordRoleName();
    const ScopedEnv noPassword("PGPASSWORD", QByteArray());
    const ScopedEnv noFile("PGPASSFILE", QFile::encodeName(m_dir.filePath(QStringLiteral("no-such-pgpass"))));
    try {
        CaseStore store(config, QStringLiteral("dr.pw"));
        QFAIL("logged in without a password");
    } catch (const Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.contains(QLatin1String("no password supplied")), qPrintable(what));
        QVERIFY2(what.contains(QLatin1String("~/.pgpass")), qPrintable(what));
    }
    // PGPASSWORD is one of libpq's own places too.
    const ScopedEnv password("PGPASSWORD", kPassword.toUtf8());
    CaseStore store(config, QStringLiteral("dr.pw"));
    QVERIFY(store.verifyAudit().ok);
}

void TestPostgresTls::twoWorkstations_ShouldSeeEachOthersCasesAndDecisions() {
    const StoreConfig config = freshDatabase();
    CaseStore roomA(config, QStringLiteral("dr.a"));
    CaseStore roomB(config, QStringLiteral("dr.b"));

    CaseRecord film;
    film.sopInstanceUid = QStringLiteral("2.25.1001");
    film.sourcePath = QStringLiteral("/films/room-a.dcm");
    const qint64 caseId = roomA.upsertCase(film);
    PredictionRecord prediction;
    prediction.caseId = caseId;
    prediction.modelName = QStringLiteral("cheng2021");
    prediction.boneAgeMonths = 101.5;
    const qint64 predictionId = roomA.addPrediction(prediction);
    ReadRecord confirm;
    confirm.caseId = caseId;
    confirm.predictionId = predictionId;
    confirm.valueMonths = 101.5;
    roomA.addRead(confirm);

    const std::optional<CaseSummary> seenByB = roomB.findCaseBySopUid(film.sopInstanceUid);
    QVERIFY(seenByB);
    QCOMPARE(seenByB->caseRecord.id, caseId);
    QVERIFY(seenByB->latestRead);
    QCOMPARE(seenByB->latestRead->reader, QStringLiteral("dr.a"));
    ReadRecord override;
    override.caseId = caseId;
    override.predictionId = predictionId;
    override.valueMonths = 110;
    override.kind = ReadRecord::Kind::Override;
    override.reason = QStringLiteral("second reader");
    roomB.addRead(override);
    QCOMPARE(roomA.latestRead(caseId)->reader, QStringLiteral("dr.b"));
    QCOMPARE(roomA.latestRead(caseId)->valueMonths, 110.0);

    // A third reading room in another process, over the same TLS settings given as --pg.
    QProcess child;
    child.start(QStringLiteral(BONEAGE_STORE_CHILD),
                QStringList{QStringLiteral("write")} + test::childDatabaseArguments(config) +
                    QStringList{QStringLiteral("--count"), QStringLiteral("60"), QStringLiteral("--tag"),
                                QStringLiteral("room-c")});
    QVERIFY(child.waitForStarted());
    child.write("go\n");
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(120000));
    QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
    const test::WorkloadResult result =
        test::WorkloadResult::fromJson(QJsonDocument::fromJson(child.readAllStandardOutput()).object());
    QVERIFY2(result.errors == 0, qPrintable(result.firstError));
    QVERIFY(result.cases == 2 && result.reads > 0);

    int fromRoomC = 0;
    for (const CaseSummary& summary : roomA.listCases()) {
        if (summary.caseRecord.sopInstanceUid.startsWith(QLatin1String("room-c."))) {
            ++fromRoomC;
            QVERIFY(summary.latestRead);
            QCOMPARE(summary.latestRead->reader, QStringLiteral("room-c"));
        }
    }
    QCOMPARE(fromRoomC, 2);
    int readsByRoomC = 0;
    for (const ReadRecord& read : roomB.allReads()) {
        readsByRoomC += read.reader == QLatin1String("room-c");
    }
    QCOMPARE(qint64(readsByRoomC), result.reads);
    const AuditVerification audit = roomB.verifyAudit();
    QVERIFY2(audit.ok, qPrintable(audit.problem));
}

QTEST_GUILESS_MAIN(TestPostgresTls)
#include "TestPostgresTls.moc"
