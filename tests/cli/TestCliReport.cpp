// `boneage report` and `boneage verify` as a user runs them: a phantom DICOM film, a reader who confirms or
// overrides, a PKCS#12 identity made at test time, and the exit codes of the CLI contract; `--case` against a
// real SQLite case database made by the test.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"
#include "TestPki.h"
#include "clinical/ChronologicalAge.h"
#include "store/CaseStore.h"

using boneage::store::CaseStore;
using boneage::store::StoreConfig;

class TestCliReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;
    QString m_film;
    QString m_confirmed;  ///< the folder of the report signed once in initTestCase (a model run is slow)
    CliRun m_confirmedRun;
    const QString m_model = QStringLiteral(BONEAGE_TEST_MODELS "/compact-random");

    /// `boneage report` with the passphrase in $BONEAGE_TEST_PASSPHRASE, as a script would run it.
    CliRun report(const QStringList& extra, const QString& out) {
        qputenv("BONEAGE_TEST_PASSPHRASE", m_pki.passphrase);
        QStringList args{QStringLiteral("report"),
                         QStringLiteral("--film"),
                         m_film,
                         QStringLiteral("--reader-name"),
                         QStringLiteral("Jane Doe"),
                         QStringLiteral("--sign"),
                         m_pki.readerP12,
                         QStringLiteral("--passphrase-env"),
                         QStringLiteral("BONEAGE_TEST_PASSPHRASE"),
                         QStringLiteral("--out"),
                         out,
                         QStringLiteral("--model"),
                         m_model};
        return runCli(args + extra, 300000);
    }

    /// `boneage report --case ID --db FILE`, the passphrase from the environment.
    CliRun reportCase(qint64 caseId, const QString& out, const QStringList& extra = {}) {
        qputenv("BONEAGE_TEST_PASSPHRASE", m_pki.passphrase);
        QStringList args{QStringLiteral("report"),
                         QStringLiteral("--case"),
                         QString::number(caseId),
                         QStringLiteral("--db"),
                         m_db,
                         QStringLiteral("--sign"),
                         m_pki.readerP12,
                         QStringLiteral("--passphrase-env"),
                         QStringLiteral("BONEAGE_TEST_PASSPHRASE"),
                         QStringLiteral("--out"),
                         out};
        return runCli(args + extra, 300000);
    }

    /// A case of the phantom film in the test's database: the film says male, the reader entered female and
    /// other dates; the model predicted 112.5 months. Returns its id.
    qint64 addCase(CaseStore& store, const QString& uid) {
        boneage::store::CaseRecord c;
        c.sourcePath = m_film;
        c.sopInstanceUid = uid;
        c.patientId = QStringLiteral("PH-CASE");
        c.patientName = QStringLiteral("Phantom^Case");
        c.film.sex = boneage::Sex::Male;
        c.film.birthDate = QDate(2016, 1, 1);
        c.film.studyDate = QDate(2024, 5, 6);
        const qint64 id = store.upsertCase(c);
        store.setEnteredFacts(id, {boneage::Sex::Female, m_enteredBirth, m_enteredStudy});
        boneage::store::PredictionRecord p;
        p.caseId = id;
        p.modelName = QStringLiteral("rsna-compact");
        p.modelVersion = QStringLiteral("1.2.0");
        p.modelSha256 = QString(64, QLatin1Char('5'));
        p.device = QStringLiteral("cpu");
        p.boneAgeMonths = 112.5;
        m_predictionId = store.addPrediction(p);
        return id;
    }

    static qint64 decide(CaseStore& store, qint64 caseId, qint64 predictionId,
                         std::optional<double> override) {
        boneage::store::ReadRecord r;
        r.caseId = caseId;
        r.predictionId = predictionId;
        r.reader = QStringLiteral("Jane Doe");
        r.kind =
            override ? boneage::store::ReadRecord::Kind::Override : boneage::store::ReadRecord::Kind::Confirm;
        r.valueMonths = override.value_or(112.5);
        r.reason = override ? QStringLiteral("Ossification of the carpals") : QString();
        return store.addRead(r);
    }

    static QString sha256Of(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromLatin1(
            QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    }

    static QByteArray dsrdump(const QString& path) {
        QProcess p;
        p.start(QStringLiteral("dsrdump"), {path});
        p.waitForFinished(60000);
        return p.readAllStandardOutput();
    }

    QString m_db;
    qint64 m_predictionId = 0;
    const QDate m_enteredBirth{2013, 2, 10};
    const QDate m_enteredStudy{2024, 5, 6};

    CliRun verify(const QString& file, const QStringList& trust) {
        QStringList args{QStringLiteral("verify"), file};
        for (const QString& t : trust)
            args << QStringLiteral("--trust") << t;
        return runCli(args);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(m_model + "/manifest.json"), "the random_models fixture did not run");
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
        const QString out = m_dir.filePath(QStringLiteral("phantom"));
        const CliRun run =
            runCli({"phantom", "--count", "1", "--seed", "7", "--format", "dicom", "--out", out});
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        m_film = out + "/images/" + QDir(out + "/images").entryList(QDir::Files).value(0);
        m_confirmed = m_dir.filePath(QStringLiteral("confirmed"));
        m_confirmedRun = report({QStringLiteral("--confirm")}, m_confirmed);
        m_db = m_dir.filePath(QStringLiteral("cases/cases.sqlite"));
    }

    void aStoredCaseIsReportedFromTheDatabaseThenRevised() {
        qint64 caseId = 0;
        {
            CaseStore store(StoreConfig::sqlite(m_db), QStringLiteral("test"));
            caseId = addCase(store, QStringLiteral("2.25.1001"));
            decide(store, caseId, m_predictionId, 130.0);
        }
        const QString first = m_dir.filePath(QStringLiteral("case-first"));
        const CliRun run = reportCase(caseId, first);
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("Signed report by CN=Jane Doe"), run.out.constData());
        for (const char* name : {"/report.pdf", "/sr.dcm", "/pdf.dcm"})
            QCOMPARE(verify(first + QLatin1String(name), {m_pki.caPem}).exitCode, 0);

        // The SR says what the store says: the reader's override, the model's stored prediction, and the
        // chronological age and sex from what the reader entered (not the film's header).
        const QByteArray sr = dsrdump(first + "/sr.dcm");
        QVERIFY2(sr.contains("\"XR Bone age\")=\"130.0\" (mo,UCUM"), sr.constData());
        QVERIFY2(sr.contains("\"Bone age estimated by the model\")=\"112.5\""), sr.constData());
        const double age = boneage::clinical::chronologicalAgeMonths({2013, 2, 10}, {2024, 5, 6});
        QVERIFY2(sr.contains("\"Age\")=\"" + QByteArray::number(age, 'f', 1) + "\""), sr.constData());
        QVERIFY2(sr.contains("(F, 2013-02-10"), sr.constData());

        std::optional<boneage::store::ReportRecord> firstReport;
        {
            CaseStore store(StoreConfig::sqlite(m_db), QStringLiteral("test"));
            firstReport = store.caseSummary(caseId)->latestReport;
            QVERIFY(firstReport);
            QCOMPARE(firstReport->pdfSha256, sha256Of(first + "/report.pdf"));
            QCOMPARE(firstReport->srSha256, sha256Of(first + "/sr.dcm"));
            QCOMPARE(firstReport->signer, QStringLiteral("Jane Doe"));
            QCOMPARE(firstReport->revision, 1);
            const boneage::store::AuditEntry last = store.auditEntries(caseId).back();
            QCOMPARE(last.action, QStringLiteral("report"));
            QCOMPARE(last.actor, QStringLiteral("Jane Doe"));
            const QJsonObject details = QJsonDocument::fromJson(last.detailsJson.toUtf8()).object();
            QCOMPARE(details.value(QStringLiteral("pdf_sha256")).toString(), firstReport->pdfSha256);
            // Read again: the reader now confirms the model; the next report is a revision of the first.
            decide(store, caseId, m_predictionId, std::nullopt);
        }
        const QString second = m_dir.filePath(QStringLiteral("case-second"));
        const CliRun revised =
            reportCase(caseId, second, {QStringLiteral("--paper"), QStringLiteral("letter")});
        QVERIFY2(revised.exitCode == 0, revised.err.constData());
        QVERIFY2(revised.out.contains("(revision 2)"), revised.out.constData());
        QVERIFY2(revised.out.contains(QStringLiteral("superseding report %1").arg(firstReport->id).toUtf8()),
                 revised.out.constData());
        QCOMPARE(verify(second + "/sr.dcm", {m_pki.caPem}).exitCode, 0);
        QCOMPARE(verify(first + "/sr.dcm", {m_pki.caPem}).exitCode, 0);  // the old one stays valid
        QVERIFY2(dsrdump(second + "/sr.dcm").contains("\"XR Bone age\")=\"112.5\""), second.toUtf8());

        CaseStore store(StoreConfig::sqlite(m_db), QStringLiteral("test"));
        const std::vector<boneage::store::ReportRecord> reports = store.reportsForCase(caseId);
        QCOMPARE(reports.size(), size_t(2));
        QVERIFY(reports[0].superseded());
        QCOMPARE(reports[0].supersededById, std::optional<qint64>(reports[1].id));
        QCOMPARE(reports[1].supersedesId, std::optional<qint64>(reports[0].id));
        QCOMPARE(reports[1].revision, 2);
        QCOMPARE(reports[1].srSha256, sha256Of(second + "/sr.dcm"));
        QVERIFY(store.verifyAudit().ok);
    }

    void aCaseWithoutADecisionIsRefusedAsBadInput() {
        qint64 undecided = 0;
        {
            CaseStore store(StoreConfig::sqlite(m_db), QStringLiteral("test"));
            undecided = addCase(store, QStringLiteral("2.25.1002"));
        }
        const QString out = m_dir.filePath(QStringLiteral("undecided"));
        const CliRun run = reportCase(undecided, out);
        QCOMPARE(run.exitCode, 3);
        QCOMPARE(errorLines(run.err).size(), 1);
        QVERIFY2(run.err.contains("no reader decision yet"), run.err.constData());
        QVERIFY(!QFileInfo::exists(out + "/report.pdf"));
        const CliRun missing = reportCase(undecided + 1000, out);
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("no such case"), missing.err.constData());
    }

    void caseUsageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("a_decision_on_the_command_line_is_a_usage_error") << QStringList{"--confirm"};
        QTest::newRow("entered_facts_on_the_command_line_are_a_usage_error") << QStringList{"--sex", "M"};
        QTest::newRow("film_and_case_together_is_a_usage_error") << QStringList{"--film", "x.dcm"};
        QTest::newRow("a_case_id_that_is_not_a_number_is_a_usage_error") << QStringList{"--case", "abc"};
    }
    void caseUsageErrorsExitTwo() {
        QFETCH(QStringList, extra);
        const QString out = m_dir.filePath(QStringLiteral("case-usage"));
        const CliRun run = reportCase(1, out, extra);
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorLines(run.err).size(), 1);
        QVERIFY(!QFileInfo::exists(out + "/report.pdf"));
    }

    void aConfirmedReadIsSignedAndVerifies() {
        const QString out = m_confirmed;
        const CliRun& run = m_confirmedRun;
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("Signed report by CN=Jane Doe"), run.out.constData());
        for (const char* name : {"report.pdf", "sr.dcm", "pdf.dcm"}) {
            const QString file = out + QLatin1Char('/') + QLatin1String(name);
            QVERIFY2(run.out.contains(file.toUtf8()), run.out.constData());
            const CliRun checked = verify(file, {m_pki.caPem});
            QVERIFY2(checked.exitCode == 0, checked.err.constData());
            QVERIFY2(checked.out.contains(": valid: "), checked.out.constData());
            QVERIFY(checked.err.isEmpty());
        }
    }

    void anOverrideWithItsReasonIsSignedAsARevision() {
        const QString first = m_confirmed;
        const QString second = m_dir.filePath(QStringLiteral("second"));
        const CliRun run =
            report({QStringLiteral("--override"), QStringLiteral("130"), QStringLiteral("--reason"),
                    QStringLiteral("Ossification of the carpals"), QStringLiteral("--paper"),
                    QStringLiteral("letter"), QStringLiteral("--supersedes"), first + "/sr.dcm"},
                   second);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("(revision 2)"), run.out.constData());
        QCOMPARE(verify(second + "/sr.dcm", {m_pki.caPem}).exitCode, 0);
        QCOMPARE(verify(first + "/sr.dcm", {m_pki.caPem}).exitCode, 0);  // the old one stays valid
    }

    void aChangedFileExitsSixWithOneSentence() {
        const QString out = m_dir.filePath(QStringLiteral("changed"));
        QVERIFY(QDir().mkpath(out));
        for (const char* name : {"/report.pdf", "/sr.dcm"})
            QVERIFY(QFile::copy(m_confirmed + QLatin1String(name), out + QLatin1String(name)));
        QFile pdf(out + "/report.pdf");
        QVERIFY(pdf.open(QIODevice::ReadWrite));
        QByteArray bytes = pdf.readAll();
        const qsizetype at = bytes.indexOf("/Type /Page");
        bytes[at + 1] = 'X';
        pdf.seek(0);
        pdf.write(bytes);
        pdf.close();
        const CliRun run = verify(pdf.fileName(), {m_pki.caPem});
        QCOMPARE(run.exitCode, 6);
        const QStringList lines = errorLines(run.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains(": tampered: "), run.err.constData());
        // Without a trust anchor for the test CA, the intact SR is untrusted.
        const CliRun untrusted = verify(out + "/sr.dcm", {});
        QCOMPARE(untrusted.exitCode, 6);
        QVERIFY2(untrusted.err.contains(": untrusted: "), untrusted.err.constData());
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::newRow("neither_confirm_nor_override_is_a_usage_error") << QStringList{};
        QTest::newRow("both_confirm_and_override_is_a_usage_error")
            << QStringList{"--confirm", "--override", "100", "--reason", "x"};
        QTest::newRow("override_without_reason_is_a_usage_error") << QStringList{"--override", "100"};
        QTest::newRow("override_out_of_range_is_a_usage_error")
            << QStringList{"--override", "-3", "--reason", "x"};
        QTest::newRow("passphrase_on_the_command_line_is_not_an_option")
            << QStringList{"--confirm", "--passphrase", "secret"};
        QTest::newRow("unset_passphrase_variable_is_a_usage_error")
            << QStringList{"--confirm", "--passphrase-env", "BONEAGE_NO_SUCH_VARIABLE"};
        QTest::newRow("another_reader_name_is_a_usage_error")
            << QStringList{"--confirm", "--reader-name", "John Roe"};
        QTest::newRow("bad_paper_is_a_usage_error") << QStringList{"--confirm", "--paper", "legal"};
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, extra);
        const QString out = m_dir.filePath(QStringLiteral("usage"));
        const CliRun run = report(extra, out);
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorLines(run.err).size(), 1);
        QVERIFY(!QFileInfo::exists(out + "/report.pdf"));
    }

    void aWrongPassphraseExitsSix() {
        qputenv("BONEAGE_TEST_WRONG", "not the passphrase");
        const QString out = m_dir.filePath(QStringLiteral("wrong"));
        const CliRun run = runCli({"report", "--film", m_film, "--reader-name", "Jane Doe", "--confirm",
                                   "--sign", m_pki.readerP12, "--passphrase-env", "BONEAGE_TEST_WRONG",
                                   "--out", out, "--model", m_model});
        QCOMPARE(run.exitCode, 6);
        QVERIFY2(run.err.contains("wrong passphrase"), run.err.constData());
        QVERIFY(!run.err.contains("not the passphrase"));
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "TestCliReport.moc"
