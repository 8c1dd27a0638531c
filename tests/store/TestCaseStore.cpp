// CaseStore on SQLite: records, the worklist read side, validation, thread affinity, read-only opening.
#include <QCoreApplication>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <limits>
#include <thread>

#include "common/Error.h"
#include "store/CaseStore.h"
#include "store/Connection.h"

using namespace boneage;
using namespace boneage::store;

class TestCaseStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newDatabase_ShouldBeAtLatestSchemaInWalMode();
    void upsertCase_ShouldInsertThenUpdateBySopUid();
    void upsertCaseUnchanged_ShouldWriteNothing();
    void upsertCaseWithoutUid_ShouldKeyBySourcePath();
    void worklist_ShouldCarryLatestPredictionReadAndReport();
    void revisedReport_ShouldSupersedeTheNewestAndKeepItsSr();
    void reviewSide_ShouldListEveryReadOldestFirst();
    void invalidWrite_ShouldThrowStorageAndLeaveNoAuditRow_data();
    void invalidWrite_ShouldThrowStorageAndLeaveNoAuditRow();
    void useFromAnotherThread_ShouldThrowStorageError();
    void storesOnTwoThreads_ShouldShareTheDatabase();
    void readOnly_ShouldRefuseWritesAndNeverCreateAFile();
    void defaultSqlite_ShouldLiveInTheAppDataFolder();
    void pgConnectionString_ShouldParse_data();
    void pgConnectionString_ShouldParse();
    void badPgConnectionString_ShouldBeAUsageError_data();
    void badPgConnectionString_ShouldBeAUsageError();
    void describe_ShouldNameTheDatabaseAndItsTls();

private:
    StoreConfig freshConfig() {
        return StoreConfig::sqlite(m_dir.filePath(QStringLiteral("db%1/cases.sqlite").arg(++m_serial)));
    }
    static CaseRecord sampleCase(const QString& uid) {
        CaseRecord c;
        c.sopInstanceUid = uid;
        c.studyInstanceUid = QStringLiteral("1.2.3");
        c.seriesInstanceUid = QStringLiteral("1.2.3.1");
        c.sourcePath = QStringLiteral("/films/%1.dcm").arg(uid);
        c.patientId = QStringLiteral("P-001");
        c.patientName = QStringLiteral("Test^Child");
        c.film.sex = boneage::Sex::Female;
        c.film.birthDate = QDate(2014, 3, 2);
        c.film.studyDate = QDate(2024, 5, 6);
        return c;
    }

    QTemporaryDir m_dir;
    int m_serial = 0;
};

void TestCaseStore::newDatabase_ShouldBeAtLatestSchemaInWalMode() {
    const StoreConfig config = freshConfig();
    CaseStore store(config, QStringLiteral("dr.a"));
    QCOMPARE(store.schemaVersion(), CaseStore::latestSchemaVersion());
    QCOMPARE(CaseStore::latestSchemaVersion(), 5);
    QVERIFY(QFileInfo::exists(config.sqlitePath));
    detail::Connection raw(config);
    QSqlQuery mode = raw.run(QStringLiteral("PRAGMA journal_mode"), "mode");
    QVERIFY(mode.next());
    QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));
    const std::vector<AuditEntry> audit = store.auditEntries();
    QCOMPARE(audit.size(), size_t(CaseStore::latestSchemaVersion()));
    QCOMPARE(audit[0].action, QStringLiteral("migrate"));
    QCOMPARE(audit[0].prevHash, QString(64, QLatin1Char('0')));
    QCOMPARE(audit[1].prevHash, audit[0].hash);
    QVERIFY(audit[0].timeUtc.endsWith(QLatin1Char('Z')));
}

void TestCaseStore::upsertCase_ShouldInsertThenUpdateBySopUid() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    CaseRecord c = sampleCase(QStringLiteral("1.2.3.1.1"));
    const qint64 id = store.upsertCase(c);
    QVERIFY(id > 0);
    c.film.studyDate = QDate(2024, 5, 7);
    c.sourcePath = QStringLiteral("/elsewhere/film.dcm");
    QCOMPARE(store.upsertCase(c), id);
    const std::optional<CaseSummary> found = store.findCaseBySopUid(c.sopInstanceUid);
    QVERIFY(found);
    QCOMPARE(found->caseRecord.id, id);
    QCOMPARE(found->caseRecord.film.studyDate, QDate(2024, 5, 7));
    QCOMPARE(found->caseRecord.film.birthDate, QDate(2014, 3, 2));
    QCOMPARE(found->caseRecord.sourcePath, QStringLiteral("/elsewhere/film.dcm"));
    QCOMPARE(found->caseRecord.patientName, QStringLiteral("Test^Child"));
    QVERIFY(!found->caseRecord.createdUtc.isEmpty());
    const std::vector<AuditEntry> audit = store.auditEntries(id);
    QCOMPARE(audit.size(), size_t(2));
    QCOMPARE(audit[0].action, QStringLiteral("case_create"));
    QCOMPARE(audit[1].action, QStringLiteral("case_update"));
    // The audit log names changed fields, never their (identifying) values.
    QVERIFY(audit[1].detailsJson.contains(QLatin1String("study_date")));
    QVERIFY(!audit[1].detailsJson.contains(QLatin1String("elsewhere")));
    QVERIFY(!store.findCaseBySopUid(QStringLiteral("9.9")));
    QVERIFY(store.verifyAudit().ok);
}

void TestCaseStore::upsertCaseUnchanged_ShouldWriteNothing() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    const CaseRecord c = sampleCase(QStringLiteral("1.5"));
    const qint64 id = store.upsertCase(c);
    const size_t rows = store.auditEntries().size();
    QCOMPARE(store.upsertCase(c), id);
    QCOMPARE(store.auditEntries().size(), rows);
}

void TestCaseStore::upsertCaseWithoutUid_ShouldKeyBySourcePath() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    CaseRecord png;
    png.sourcePath = QStringLiteral("/films/hand.png");
    png.film.sex = boneage::Sex::Male;
    const qint64 id = store.upsertCase(png);
    QCOMPARE(store.upsertCase(png), id);
    png.sourcePath = QStringLiteral("/films/other.png");
    QVERIFY(store.upsertCase(png) != id);
    QCOMPARE(store.listCases().size(), size_t(2));
}

void TestCaseStore::worklist_ShouldCarryLatestPredictionReadAndReport() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    const qint64 first = store.upsertCase(sampleCase(QStringLiteral("1.1")));
    const qint64 second = store.upsertCase(sampleCase(QStringLiteral("1.2")));
    store.upsertCase(sampleCase(QStringLiteral("1.3")));
    PredictionRecord p;
    p.caseId = first;
    p.modelName = QStringLiteral("cheng2021");
    p.modelVersion = QStringLiteral("1.0");
    p.boneAgeMonths = 130.5;
    p.sdMonths = 10.7;
    p.verdict = boneage::clinical::Verdict::Normal;
    p.timingsMs = QJsonObject{{QStringLiteral("inference"), 41.5}};
    store.addPrediction(p);
    p.boneAgeMonths = 131.25;
    p.zScore = 0.4;
    const qint64 newest = store.addPrediction(p);
    ReadRecord r;
    r.caseId = first;
    r.predictionId = newest;
    r.valueMonths = 131.25;
    store.addRead(r);
    r.kind = ReadRecord::Kind::Override;
    r.valueMonths = 140;
    r.reason = QStringLiteral("carpal bones advanced");
    r.reasonCode = QStringLiteral("carpal");
    const qint64 overrideId = store.addRead(r);
    ReportRecord report;
    report.caseId = first;
    report.pdfSha256 = QString(64, QLatin1Char('c'));
    report.srSha256 = QString(64, QLatin1Char('d'));
    store.addReport(report);
    store.logView(second);

    const std::vector<CaseSummary> cases = store.listCases();
    QCOMPARE(cases.size(), size_t(3));
    QCOMPARE(cases.back().caseRecord.id, first);  // newest case first
    const CaseSummary& s = cases.back();
    QVERIFY(s.latestPrediction && s.latestRead && s.latestReport);
    QCOMPARE(s.latestPrediction->id, newest);
    QCOMPARE(s.latestPrediction->boneAgeMonths, 131.25);
    QCOMPARE(s.latestPrediction->zScore, std::optional<double>(0.4));
    QCOMPARE(s.latestPrediction->sdMonths, std::optional<double>(10.7));
    QCOMPARE(s.latestPrediction->timingsMs.value(QStringLiteral("inference")).toDouble(), 41.5);
    QCOMPARE(s.latestRead->id, overrideId);
    QCOMPARE(s.latestRead->kind, ReadRecord::Kind::Override);
    QCOMPARE(s.latestRead->reader, QStringLiteral("dr.a"));
    QCOMPARE(s.latestRead->reasonCode, QStringLiteral("carpal"));
    QCOMPARE(s.latestRead->predictionId, std::optional<qint64>(newest));
    QCOMPARE(s.latestReport->signer, QStringLiteral("dr.a"));
    QCOMPARE(s.readCount, 2);
    QVERIFY(!cases.front().latestPrediction && !cases.front().latestRead && cases.front().readCount == 0);
    const std::optional<CaseSummary> one = store.caseSummary(first);
    QVERIFY(one && one->latestRead && one->latestRead->id == overrideId && one->readCount == 2);
    QCOMPARE(store.latestPrediction(first)->id, newest);
    QVERIFY(!store.latestPrediction(second));
    QCOMPARE(store.latestRead(first)->valueMonths, 140.0);
    QCOMPARE(store.auditEntries(second).back().action, QStringLiteral("view"));
    QVERIFY(store.verifyAudit().ok);
}

void TestCaseStore::revisedReport_ShouldSupersedeTheNewestAndKeepItsSr() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    const qint64 caseId = store.upsertCase(sampleCase(QStringLiteral("4.1")));
    ReadRecord r;
    r.caseId = caseId;
    r.kind = ReadRecord::Kind::Override;
    r.valueMonths = 120;
    r.reason = QStringLiteral("test");
    const qint64 readId = store.addRead(r);
    ReportRecord first;
    first.caseId = caseId;
    first.readId = readId;
    first.pdfSha256 = QString(64, QLatin1Char('a'));
    first.srSha256 = QString(64, QLatin1Char('b'));
    first.srSopInstanceUid = QStringLiteral("2.25.1");
    first.srDicom = QByteArray("DICM first signed SR");
    const qint64 firstId = store.addReport(first);
    QCOMPARE(store.reportSr(firstId), first.srDicom);
    QVERIFY(!store.caseSummary(caseId)->latestReport->superseded());

    // A second report that does not supersede the first (another workstation's view) is refused.
    ReportRecord stale = first;
    QVERIFY_THROWS_EXCEPTION(boneage::Error, store.addReport(stale));

    ReportRecord second = first;
    second.supersedesId = firstId;
    second.revision = 2;
    second.srSopInstanceUid = QStringLiteral("2.25.2");
    second.srDicom = QByteArray("DICM second signed SR");
    const qint64 secondId = store.addReport(second);
    // The same predecessor cannot be superseded twice.
    QVERIFY_THROWS_EXCEPTION(boneage::Error, store.addReport(second));

    const std::vector<ReportRecord> reports = store.reportsForCase(caseId);
    QCOMPARE(reports.size(), size_t(2));
    QCOMPARE(reports[0].supersededById, std::optional<qint64>(secondId));
    QCOMPARE(reports[0].revision, 1);
    QCOMPARE(reports[0].readId, std::optional<qint64>(readId));
    QCOMPARE(reports[1].supersedesId, std::optional<qint64>(firstId));
    QCOMPARE(reports[1].revision, 2);
    QCOMPARE(reports[1].srSopInstanceUid, QStringLiteral("2.25.2"));
    QVERIFY(!reports[1].superseded());
    QCOMPARE(store.caseSummary(caseId)->latestReport->id, secondId);
    QCOMPARE(store.reportSr(secondId), second.srDicom);

    const std::vector<AuditEntry> audit = store.auditEntries(caseId);
    const QJsonObject details = QJsonDocument::fromJson(audit.back().detailsJson.toUtf8()).object();
    QCOMPARE(audit.back().action, QStringLiteral("report"));
    QCOMPARE(details.value(QStringLiteral("sr_sha256")).toString(), second.srSha256);
    QCOMPARE(details.value(QStringLiteral("pdf_sha256")).toString(), second.pdfSha256);
    QCOMPARE(details.value(QStringLiteral("supersedes_report_id")).toInteger(), firstId);
    QCOMPARE(details.value(QStringLiteral("revision")).toInt(), 2);
    QVERIFY(store.verifyAudit().ok);
}

void TestCaseStore::reviewSide_ShouldListEveryReadOldestFirst() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    const qint64 a = store.upsertCase(sampleCase(QStringLiteral("2.1")));
    const qint64 b = store.upsertCase(sampleCase(QStringLiteral("2.2")));
    for (int i = 0; i < 3; ++i) {
        ReadRecord r;
        r.caseId = i == 1 ? b : a;
        r.reader = QStringLiteral("dr.%1").arg(i);
        r.valueMonths = 100 + i;
        r.kind = ReadRecord::Kind::Override;
        store.addRead(r);
    }
    const std::vector<ReadRecord> reads = store.readsForCase(a);
    QCOMPARE(reads.size(), size_t(2));
    QCOMPARE(reads[0].valueMonths, 100.0);
    QCOMPARE(reads[1].reader, QStringLiteral("dr.2"));
    QCOMPARE(store.allReads().size(), size_t(3));
    QCOMPARE(store.predictionsForCase(a).size(), size_t(0));
    QCOMPARE(store.reportsForCase(a).size(), size_t(0));
}

void TestCaseStore::invalidWrite_ShouldThrowStorageAndLeaveNoAuditRow_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("negativeReadMonths_ShouldBeRefused") << 0;
    QTest::newRow("nanPredictionMonths_ShouldBeRefused") << 1;
    QTest::newRow("predictionForMissingCase_ShouldFailForeignKey") << 2;
    QTest::newRow("readForMissingCase_ShouldFailForeignKey") << 3;
    QTest::newRow("confirmWithoutItsPrediction_ShouldBeRefused") << 4;
    QTest::newRow("caseWithoutUidOrPath_ShouldBeRefused") << 5;
    QTest::newRow("eventWithBadActionName_ShouldBeRefused") << 6;
    QTest::newRow("viewOfMissingCase_ShouldBeRefused") << 7;
    QTest::newRow("reportWithoutHashes_ShouldBeRefused") << 8;
    QTest::newRow("readNamingAnotherCasesPrediction_ShouldBeRefused") << 9;
    QTest::newRow("enteredFactsForMissingCase_ShouldBeRefused") << 10;
    QTest::newRow("reportSupersedingNothingTheCaseHas_ShouldBeRefused") << 11;
    QTest::newRow("firstReportAsRevisionTwo_ShouldBeRefused") << 12;
    QTest::newRow("reportNamingAnotherCasesRead_ShouldBeRefused") << 13;
}

void TestCaseStore::invalidWrite_ShouldThrowStorageAndLeaveNoAuditRow() {
    QFETCH(int, which);
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    const qint64 caseId = store.upsertCase(sampleCase(QStringLiteral("3.1")));
    ReadRecord r;
    r.caseId = caseId;
    r.kind = ReadRecord::Kind::Override;
    r.reason = QStringLiteral("test");
    PredictionRecord p;
    p.caseId = caseId;
    p.modelName = QStringLiteral("m");
    CaseRecord c = sampleCase(QStringLiteral("3.2"));
    PredictionRecord theirs;
    theirs.caseId = store.upsertCase(sampleCase(QStringLiteral("3.3")));
    theirs.modelName = QStringLiteral("m");
    theirs.boneAgeMonths = 100;
    const qint64 otherCasesPrediction = store.addPrediction(theirs);
    ReadRecord theirRead;
    theirRead.caseId = theirs.caseId;
    theirRead.kind = ReadRecord::Kind::Override;
    theirRead.valueMonths = 100;
    const qint64 otherCasesRead = store.addRead(theirRead);
    const size_t rows = store.auditEntries().size();
    try {
        switch (which) {
            case 0:
                r.valueMonths = -1;
                store.addRead(r);
                break;
            case 1:
                p.boneAgeMonths = std::numeric_limits<double>::quiet_NaN();
                store.addPrediction(p);
                break;
            case 2:
                p.caseId = caseId + 100;
                store.addPrediction(p);
                break;
            case 3:
                r.caseId = caseId + 100;
                store.addRead(r);
                break;
            case 4:
                r.kind = ReadRecord::Kind::Confirm;
                r.predictionId.reset();
                store.addRead(r);
                break;
            case 5:
                store.upsertCase(CaseRecord());
                break;
            case 6:
                store.logEvent(QStringLiteral("PACS Send"), caseId);
                break;
            case 7:
                store.logView(caseId + 100);
                break;
            case 8:
                store.addReport(ReportRecord{0, caseId, {}, {}, {}, {}, {}, 1, {}, {}, {}, {}});
                break;
            case 9:
                r.predictionId = otherCasesPrediction;
                store.addRead(r);
                break;
            case 10:
                store.setEnteredFacts(caseId + 100, PatientFacts{Sex::Female, {}, {}});
                break;
            case 11:
            case 12:
            case 13: {
                ReportRecord report;
                report.caseId = caseId;
                report.pdfSha256 = QString(64, QLatin1Char('e'));
                if (which == 11)
                    report.supersedesId = 1;
                if (which == 12)
                    report.revision = 2;
                if (which == 13)
                    report.readId = otherCasesRead;
                store.addReport(report);
                break;
            }
        }
        QFAIL("no error thrown");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Storage);
        QVERIFY2(!QString::fromUtf8(e.what()).contains(QLatin1String("Test^Child")), e.what());
    }
    QCOMPARE(store.auditEntries().size(), rows);
    QCOMPARE(store.allReads().size(), size_t(1));  // the other case's
    QCOMPARE(store.reportsForCase(caseId).size(), size_t(0));
    QVERIFY(store.verifyAudit().ok);
}

void TestCaseStore::useFromAnotherThread_ShouldThrowStorageError() {
    CaseStore store(freshConfig(), QStringLiteral("dr.a"));
    QCOMPARE(store.ownerThread(), QThread::currentThread());
    QString message;
    ErrorCode code = ErrorCode::Internal;
    std::thread other([&] {
        try {
            store.listCases();
        } catch (const Error& e) {
            code = e.code();
            message = QString::fromUtf8(e.what());
        }
    });
    other.join();
    QCOMPARE(code, ErrorCode::Storage);
    QVERIFY2(message.contains(QLatin1String("thread")), qPrintable(message));
    QCOMPARE(store.listCases().size(), size_t(0));  // still fine on its own thread
}

void TestCaseStore::storesOnTwoThreads_ShouldShareTheDatabase() {
    const StoreConfig config = freshConfig();
    CaseStore mine(config, QStringLiteral("gui"));
    qint64 idFromWorker = 0;
    std::thread worker([&] {
        CaseStore theirs(config, QStringLiteral("worker"));
        idFromWorker = theirs.upsertCase(sampleCase(QStringLiteral("4.1")));
    });
    worker.join();
    QVERIFY(idFromWorker > 0);
    QCOMPARE(mine.findCaseBySopUid(QStringLiteral("4.1"))->caseRecord.id, idFromWorker);
    QCOMPARE(mine.auditEntries().back().actor, QStringLiteral("worker"));
}

void TestCaseStore::readOnly_ShouldRefuseWritesAndNeverCreateAFile() {
    StoreConfig missing = freshConfig();
    missing.readOnly = true;
    QVERIFY_THROWS_EXCEPTION(Error, CaseStore(missing, QStringLiteral("auditor")));
    QVERIFY(!QFileInfo::exists(missing.sqlitePath));

    StoreConfig config = freshConfig();
    { CaseStore(config, QStringLiteral("dr.a")).upsertCase(sampleCase(QStringLiteral("5.1"))); }
    config.readOnly = true;
    CaseStore reader(config, QStringLiteral("auditor"));
    QCOMPARE(reader.listCases().size(), size_t(1));
    QVERIFY(reader.verifyAudit().ok);
    QVERIFY_THROWS_EXCEPTION(Error, reader.logView(1));
    QCOMPARE(reader.auditEntries().size(),
             size_t(CaseStore::latestSchemaVersion() + 1));  // migrations + case
}

void TestCaseStore::defaultSqlite_ShouldLiveInTheAppDataFolder() {
    const StoreConfig config = StoreConfig::defaultSqlite();
    QCOMPARE(config.backend, StoreConfig::Backend::Sqlite);
    QCOMPARE(config.sqlitePath, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                    QStringLiteral("/cases.sqlite"));
}

void TestCaseStore::pgConnectionString_ShouldParse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("sslmode");
    QTest::addColumn<QString>("sslrootcert");
    QTest::newRow("keywords_ShouldSetEveryField")
        << "host=db.local port=5433 dbname=boneage user=ws sslmode=verify-full sslrootcert=/etc/ca.pem"
        << "db.local" << 5433 << "boneage"
        << "ws"
        << "verify-full"
        << "/etc/ca.pem";
    QTest::newRow("quotedValues_ShouldKeepSpacesAndEscapes")
        << "dbname = 'reading room' sslrootcert='/srv/site ca/o\\'brien.pem' sslmode=require"
        << "localhost" << 5432 << "reading room"
        << ""
        << "require"
        << "/srv/site ca/o'brien.pem";
    QTest::newRow("uri_ShouldSetEveryField")
        << "postgresql://ws@10.0.0.5:6543/cases?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem"
        << "10.0.0.5" << 6543 << "cases"
        << "ws"
        << "verify-ca"
        << "/etc/ca.pem";
    QTest::newRow("uriWithoutPort_ShouldDefaultTo5432AndLibpqsSslmode") << "postgres://db/cases"
                                                                        << "db" << 5432 << "cases"
                                                                        << ""
                                                                        << ""
                                                                        << "";
}

void TestCaseStore::pgConnectionString_ShouldParse() {
    QFETCH(QString, text);
    const StoreConfig c = StoreConfig::fromPgConnectionString(text);
    QCOMPARE(c.backend, StoreConfig::Backend::Postgres);
    QTEST(c.pgHost, "host");
    QTEST(c.pgPort, "port");
    QTEST(c.pgDatabase, "database");
    QTEST(c.pgUser, "user");
    QTEST(c.pgSslMode, "sslmode");
    QTEST(c.pgSslRootCert, "sslrootcert");
}

void TestCaseStore::badPgConnectionString_ShouldBeAUsageError_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // a fragment of what()
    QTest::newRow("empty_ShouldBeRefused") << ""
                                           << "empty";
    QTest::newRow("noDatabase_ShouldBeRefused") << "host=db"
                                                << "no database name";
    QTest::newRow("badPort_ShouldBeRefused") << "host=db port=x dbname=d"
                                             << "port";
    QTest::newRow("unknownKeyword_ShouldBeRefused") << "colour=blue dbname=d"
                                                    << "colour";
    QTest::newRow("unknownSslmode_ShouldBeRefused") << "dbname=d sslmode=maybe"
                                                    << "verify-full";
    QTest::newRow("unterminatedQuote_ShouldBeRefused") << "dbname='d"
                                                       << "unterminated";
    QTest::newRow("passwordKeyword_ShouldPointToPgpass") << "dbname=d password=s3cret"
                                                         << "~/.pgpass";
    QTest::newRow("uriPassword_ShouldPointToPgpass") << "postgresql://ws:s3cret@db/cases"
                                                     << "PGPASSFILE";
}

void TestCaseStore::badPgConnectionString_ShouldBeAUsageError() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    try {
        StoreConfig::fromPgConnectionString(text);
        QFAIL("accepted");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Usage);
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.contains(expected), qPrintable(what));
        QVERIFY2(!what.contains(QLatin1String("s3cret")), qPrintable(what));
    }
}

void TestCaseStore::describe_ShouldNameTheDatabaseAndItsTls() {
    StoreConfig c = StoreConfig::fromPgConnectionString(
        QStringLiteral("host=db port=5433 dbname=cases user=ws sslmode=verify-full"));
    QCOMPARE(c.describe(), QStringLiteral("postgresql://ws@db:5433/cases?sslmode=verify-full"));
    QCOMPARE(StoreConfig::sqlite(QStringLiteral("/data/cases.sqlite")).describe(),
             QStringLiteral("/data/cases.sqlite"));
    const StoreConfig temporary = StoreConfig::temporarySqlite(QStringLiteral("/tmp/x"));
    QVERIFY(temporary.temporary);
    QCOMPARE(temporary.sqlitePath, QStringLiteral("/tmp/x/cases.sqlite"));
}

QTEST_GUILESS_MAIN(TestCaseStore)
#include "TestCaseStore.moc"
