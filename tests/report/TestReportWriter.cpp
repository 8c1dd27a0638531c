// writeSignedReport end to end, checked by independent tools: poppler's pdfsig, openssl cms, DCMTK's
// dcmsign and dsrdump, and dicom3tools' dciodvfy.
#include <sys/stat.h>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "ReportTestSupport.h"
#include "TestPki.h"
#include "common/Error.h"
#include "report/ReportWriter.h"
#include "report/Verifier.h"

using namespace boneage;
using namespace boneage::report;
using reporttest::runTool;

class TestReportWriter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;
    ReportFiles m_files;
    QString m_out;

    SigningIdentity reader() const { return SigningIdentity::fromPkcs12(m_pki.readerP12, m_pki.passphrase); }

    QByteArray read(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
        // In the build's test output, to be looked at (a synthetic patient, signed by a test key).
        m_out = QStringLiteral(BONEAGE_TEST_OUTPUT_DIR "/report-sample");
        QDir(m_out).removeRecursively();
        QElapsedTimer timer;
        timer.start();
        const SigningIdentity identity = reader();
        const qint64 loadMs = timer.restart();
        m_files = writeSignedReport(reporttest::sampleContent(), identity, m_out);
        // Figures, not limits: a loaded 2-core machine is much slower than an idle one.
        qInfo(
            "PKCS#12 load %lld ms; render + sign + write all three files %lld ms; report.pdf %lld bytes, "
            "sr.dcm %lld bytes, pdf.dcm %lld bytes",
            loadMs, timer.elapsed(), m_files.pdfBytes, m_files.srBytes, m_files.pdfDicomBytes);
    }

    void writesThreeOwnerOnlyFiles() {
        for (const QString& path : {m_files.pdfPath, m_files.srPath, m_files.pdfDicomPath}) {
            QVERIFY2(QFile::exists(path), qPrintable(path));
            struct stat info {};
            QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
            QCOMPARE(info.st_mode & 0777u, 0600u);
        }
        QCOMPARE(QFileInfo(m_files.pdfPath).fileName(), QStringLiteral("report.pdf"));
        QCOMPARE(QFileInfo(m_files.srPath).fileName(), QStringLiteral("sr.dcm"));
        QCOMPARE(QFileInfo(m_files.pdfDicomPath).fileName(), QStringLiteral("pdf.dcm"));
        QCOMPARE(m_files.pdfSha256,
                 QString::fromLatin1(
                     QCryptographicHash::hash(read(m_files.pdfPath), QCryptographicHash::Sha256).toHex()));
        struct stat folder {};
        QCOMPARE(::stat(QFile::encodeName(m_out).constData(), &folder), 0);
        QCOMPARE(folder.st_mode & 0777u, 0700u);
    }

    void ourVerifierAcceptsAllThree() {
        const TrustAnchors trust = TrustAnchors::fromPemFiles({m_pki.caPem});
        for (const QString& path : {m_files.pdfPath, m_files.srPath, m_files.pdfDicomPath}) {
            QElapsedTimer timer;
            timer.start();
            const Verification v = verifySignedReportFile(path, trust, QDateTime::currentDateTimeUtc());
            qInfo("verify %s: %lld us", qPrintable(QFileInfo(path).fileName()), timer.nsecsElapsed() / 1000);
            QVERIFY2(v.isValid(), qPrintable(v.sentence(path)));
            QCOMPARE(v.signatures.size(), std::size_t(1));
            QVERIFY(v.signatures[0].signer.contains(QStringLiteral("CN=Jane Doe")));
        }
    }

    void pdfsigSeesAValidSignatureOverTheWholeFile() {
        const auto run = runTool(QStringLiteral("pdfsig"), {QStringLiteral("-nocert"), m_files.pdfPath});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Signature Validation: Signature is Valid.")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Total document signed")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("adbe.pkcs7.detached")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Jane Doe")), qPrintable(run.out));
    }

    void opensslVerifiesTheExtractedCms() {
        // Extract by hand, not through the module: /ByteRange and the /Contents hex between its ranges.
        const QByteArray pdf = read(m_files.pdfPath);
        const QRegularExpression range(
            QStringLiteral("/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]"));
        const auto match = range.match(QString::fromLatin1(pdf));
        QVERIFY(match.hasMatch());
        const qsizetype b = match.captured(2).toLongLong(), c = match.captured(3).toLongLong(),
                        d = match.captured(4).toLongLong();
        QCOMPARE(c + d, pdf.size());
        QByteArray der = QByteArray::fromHex(pdf.mid(b + 1, c - b - 2));
        while (der.endsWith('\0'))
            der.chop(1);
        QFile sig(m_dir.filePath(QStringLiteral("sig.der"))),
            content(m_dir.filePath(QStringLiteral("signed.bin")));
        QVERIFY(sig.open(QIODevice::WriteOnly) && content.open(QIODevice::WriteOnly));
        sig.write(der);
        content.write(pdf.left(b) + pdf.mid(c, d));
        sig.close();
        content.close();
        const auto run =
            runTool(QStringLiteral("openssl"),
                    {QStringLiteral("cms"), QStringLiteral("-verify"), QStringLiteral("-binary"),
                     QStringLiteral("-inform"), QStringLiteral("DER"), QStringLiteral("-in"), sig.fileName(),
                     QStringLiteral("-content"), content.fileName(), QStringLiteral("-CAfile"), m_pki.caPem,
                     QStringLiteral("-purpose"), QStringLiteral("any"), QStringLiteral("-out"),
                     QStringLiteral("/dev/null")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Verification successful")), qPrintable(run.out));
    }

    void dcmsignVerifiesBothDicomObjects_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("sr_verifies") << m_files.srPath;
        QTest::newRow("encapsulated_pdf_verifies") << m_files.pdfDicomPath;
    }
    void dcmsignVerifiesBothDicomObjects() {
        QFETCH(QString, file);
        const auto run = runTool(QStringLiteral("dcmsign"),
                                 {QStringLiteral("--verify"), QStringLiteral("+cf"), m_pki.caPem, file});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QVERIFY2(!run.out.contains(QStringLiteral("failed"), Qt::CaseInsensitive), qPrintable(run.out));
    }

    void dsrdumpShowsTheBoneAgeInMonths() {
        const auto run = runTool(QStringLiteral("dsrdump"), {QStringLiteral("+Pc"), m_files.srPath});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QVERIFY2(run.out.contains(QRegularExpression(
                     QStringLiteral("\\(85151-9,LN,\"XR Bone age\"\\)=\"132\\.0\" \\(mo,UCUM,\"month\"\\)"))),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("85150-1")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("24724-7")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("VERIFIED")), qPrintable(run.out));
    }

    void dciodvfyFindsNoErrors_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("sr_has_no_errors") << m_files.srPath;
        QTest::newRow("encapsulated_pdf_has_no_errors") << m_files.pdfDicomPath;
    }
    void dciodvfyFindsNoErrors() {
        QFETCH(QString, file);
        const auto run = runTool(QStringLiteral("dciodvfy"), {file});
        QVERIFY2(run.exitCode >= 0, "dciodvfy did not run");
        QVERIFY2(!run.out.contains(QStringLiteral("Error")), qPrintable(run.out));
    }

    void dicomObjectsAreInTheFilmsStudyUnder225() {
        for (const auto& [path, sop] : {std::pair{m_files.srPath, m_files.srSopUid},
                                        std::pair{m_files.pdfDicomPath, m_files.pdfSopUid}}) {
            // dcmdump prints the top-level attribute first, then any in sequences (the SR's evidence).
            const auto study = runTool(QStringLiteral("dcmdump"),
                                       {QStringLiteral("+P"), QStringLiteral("StudyInstanceUID"), path});
            QVERIFY2(study.out.section(QLatin1Char('\n'), 0, 0)
                         .contains(reporttest::sampleContent().source.studyInstanceUid),
                     qPrintable(study.out));
            const auto instance = runTool(QStringLiteral("dcmdump"),
                                          {QStringLiteral("+P"), QStringLiteral("SOPInstanceUID"), path});
            QVERIFY2(instance.out.contains(sop), qPrintable(instance.out));
            QVERIFY(sop.startsWith(QStringLiteral("2.25.")));
        }
        QVERIFY(m_files.srSeriesUid != m_files.pdfSeriesUid);  // SR and DOC are different modalities
    }

    void aRevisionPointsToItsPredecessor() {
        ReportOptions options;
        options.predecessorSr = read(m_files.srPath);
        ReportContent again = reporttest::sampleContent();
        again.readerBoneAgeMonths = 128.0;
        again.signingTime = again.signingTime.addDays(2);
        const ReportFiles revised =
            writeSignedReport(again, reader(), m_dir.filePath(QStringLiteral("revised")), options);
        QCOMPARE(revised.revision, 2);
        QCOMPARE(revised.studyUid, m_files.studyUid);
        const auto dump = runTool(QStringLiteral("dsrdump"), {QStringLiteral("+Pc"), revised.srPath});
        QVERIFY2(dump.out.contains(QStringLiteral("Predecessor Docs    : 1")), qPrintable(dump.out));
        const auto refs =
            runTool(QStringLiteral("dcmdump"),
                    {QStringLiteral("+P"), QStringLiteral("PredecessorDocumentsSequence"),
                     QStringLiteral("+P"), QStringLiteral("ReferencedSOPInstanceUID"), revised.srPath});
        QVERIFY2(refs.out.contains(m_files.srSopUid), qPrintable(refs.out));
        // The old report is untouched and still verifies.
        const TrustAnchors trust = TrustAnchors::fromPemFiles({m_pki.caPem});
        QVERIFY(verifySignedReportFile(m_files.srPath, trust, QDateTime::currentDateTimeUtc()).isValid());
        QVERIFY(verifySignedReportFile(revised.srPath, trust, QDateTime::currentDateTimeUtc()).isValid());
    }

    void refusesAReaderWhoIsNotTheCertificateHolder() {
        ReportContent other = reporttest::sampleContent();
        other.readerName = QStringLiteral("John Roe");
        const QString out = m_dir.filePath(QStringLiteral("impostor"));
        try {
            writeSignedReport(other, reader(), out);
            QFAIL("signed for someone else");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Usage);
        }
        QVERIFY(!QFile::exists(out + QStringLiteral("/report.pdf")));
    }

    void acceptsTheHoldersNameInDicomOrder() {
        QVERIFY(sameSigner(QStringLiteral("Doe^Jane"), QStringLiteral("Jane Doe")));
        QVERIFY(sameSigner(QStringLiteral("jane  DOE"), QStringLiteral("Jane Doe")));
        QVERIFY(!sameSigner(QStringLiteral("Jane"), QStringLiteral("Jane Doe")));
        QVERIFY(!sameSigner(QString(), QString()));
    }

    void refusesAnExpiredCertificate() {
        const SigningIdentity expired = SigningIdentity::fromPkcs12(m_pki.expiredP12, m_pki.passphrase);
        const QString out = m_dir.filePath(QStringLiteral("expired"));
        try {
            writeSignedReport(reporttest::sampleContent(), expired, out);
            QFAIL("signed with an expired certificate");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Signature);
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("expired")), e.what());
        }
        QVERIFY(!QFile::exists(out + QStringLiteral("/sr.dcm")));
    }
};

QTEST_MAIN(TestReportWriter)
#include "TestReportWriter.moc"
