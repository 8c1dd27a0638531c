// `boneage report` and `boneage verify` as a user runs them: a phantom DICOM film, a reader who confirms or
// overrides, a PKCS#12 identity made at test time, and the exit codes of the CLI contract.
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"
#include "TestPki.h"

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
