// verifySignedReport: what `boneage verify` decides. Every change must be found -- 200 single-byte flips
// spread over each signed file, a stripped signature, another CA, an expired certificate, a truncated file
// and nothing may crash (this test runs under ASan/UBSan).
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <random>

#include "ReportTestSupport.h"
#include "TestPki.h"
#include "report/ReportWriter.h"
#include "report/Verifier.h"

using namespace boneage::report;

Q_DECLARE_METATYPE(VerificationStatus)

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Where the dataset of a Part 10 file starts: after the preamble, "DICM" and the meta group, whose length
/// (0002,0000) is the first element.
qsizetype datasetOffset(const QByteArray& file) {
    const auto* b = reinterpret_cast<const unsigned char*>(file.constData());
    const quint32 groupLength = b[140] | (b[141] << 8) | (b[142] << 16) | (quint32(b[143]) << 24);
    return 144 + qsizetype(groupLength);
}

}  // namespace

class TestVerifier : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;
    ReportFiles m_files;
    std::optional<TrustAnchors> m_trust;

    Verification verify(const QByteArray& data) const {
        return verifySignedReport(data, *m_trust, QDateTime::currentDateTimeUtc());
    }

    /// 200 single-byte flips at positions spread evenly over [from, size) (with a little seeded jitter),
    /// each XORed with a non-zero byte; returns how often each status came back.
    std::map<VerificationStatus, int> flipAll(const QByteArray& original, qsizetype from, quint32 seed,
                                              std::vector<qsizetype>* positions) {
        std::mt19937 random(seed);
        std::map<VerificationStatus, int> seen;
        const qsizetype span = original.size() - from;
        for (int i = 0; i < 200; ++i) {
            const qsizetype step = span / 200;
            const qsizetype at =
                from + i * step + qsizetype(random() % quint32(std::max<qsizetype>(1, step)));
            QByteArray changed = original;
            changed[at] = char(uchar(changed[at]) ^ uchar(1 + random() % 255));
            const Verification v = verify(changed);
            if (v.isValid()) {
                qWarning("flip at %lld (0x%02x -> 0x%02x) was not found", qlonglong(at), uchar(original[at]),
                         uchar(changed[at]));
                if (qEnvironmentVariableIsSet(
                        "BONEAGE_KEEP_FLIPS")) {  // a folder to keep them in, to look at
                    QFile keep(qEnvironmentVariable("BONEAGE_KEEP_FLIPS") +
                               QStringLiteral("/flip-%1.bin").arg(at));
                    QFile::copy(m_files.srPath,
                                qEnvironmentVariable("BONEAGE_KEEP_FLIPS") + QStringLiteral("/sr.dcm"));
                    if (keep.open(QIODevice::WriteOnly))
                        keep.write(changed);
                }
            }
            ++seen[v.status];
            positions->push_back(at);
        }
        return seen;
    }

    static QString summary(const std::map<VerificationStatus, int>& seen) {
        QStringList parts;
        for (const auto& [status, count] : seen)
            parts << QStringLiteral("%1 %2").arg(count).arg(QLatin1String(verificationStatusName(status)));
        return parts.join(QStringLiteral(", "));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
        m_trust = TrustAnchors::fromPemFiles({m_pki.caPem});
        m_files = writeSignedReport(reporttest::sampleContent(),
                                    SigningIdentity::fromPkcs12(m_pki.readerP12, m_pki.passphrase),
                                    m_dir.filePath(QStringLiteral("good")));
    }

    void acceptsTheSignedFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("pdf_is_valid") << m_files.pdfPath;
        QTest::newRow("sr_is_valid") << m_files.srPath;
        QTest::newRow("encapsulated_pdf_is_valid") << m_files.pdfDicomPath;
    }
    void acceptsTheSignedFiles() {
        QFETCH(QString, file);
        const Verification v = verify(readFile(file));
        QVERIFY2(v.isValid(), qPrintable(v.sentence(file)));
        QVERIFY(v.reason.isEmpty());
        QVERIFY(v.sentence(file).contains(QStringLiteral("valid: ")));
    }

    void everyFlipInThePdfIsFound() {
        const QByteArray pdf = readFile(m_files.pdfPath);
        std::vector<qsizetype> positions;
        const auto seen = flipAll(pdf, 0, 20240503, &positions);
        qInfo("PDF (%lld bytes): %s", qlonglong(pdf.size()), qPrintable(summary(seen)));
        QCOMPARE(seen.count(VerificationStatus::Valid), std::size_t(0));
        // The flips must reach the zero padding of /Contents, which only a strict verifier checks.
        const qsizetype contents = pdf.indexOf("/Contents <");
        const qsizetype padding = pdf.indexOf("0000000000000000", contents);
        const qsizetype end = pdf.indexOf('>', padding);
        const auto inPadding = std::count_if(positions.begin(), positions.end(),
                                             [&](qsizetype p) { return p >= padding && p < end; });
        qInfo("%lld of the flips are in the /Contents zero padding", qlonglong(inPadding));
        QVERIFY(inPadding >= 20);
    }

    void everyFlipInTheDicomDatasetsIsFound_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("sr_flips_are_found") << m_files.srPath;
        QTest::newRow("encapsulated_pdf_flips_are_found") << m_files.pdfDicomPath;
    }
    void everyFlipInTheDicomDatasetsIsFound() {
        QFETCH(QString, file);
        const QByteArray dicom = readFile(file);
        std::vector<qsizetype> positions;
        const auto seen = flipAll(dicom, datasetOffset(dicom), 42, &positions);
        qInfo("%s (%lld bytes, dataset from %lld): %s", qPrintable(QFileInfo(file).fileName()),
              qlonglong(dicom.size()), qlonglong(datasetOffset(dicom)), qPrintable(summary(seen)));
        QCOMPARE(seen.count(VerificationStatus::Valid), std::size_t(0));
    }

    void aChangedMetaHeaderInstanceIsFound() {
        // The meta group is not signed; it must still name the signed instance.
        QByteArray dicom = readFile(m_files.srPath);
        const QByteArray uid = m_files.srSopUid.toLatin1();
        const qsizetype inMeta = dicom.indexOf(uid);
        QVERIFY(inMeta > 0 && inMeta < datasetOffset(dicom));
        dicom[inMeta + uid.size() - 1] = dicom[inMeta + uid.size() - 1] == '1' ? '2' : '1';
        const Verification v = verify(dicom);
        QCOMPARE(v.status, VerificationStatus::Tampered);
        QVERIFY2(v.reason.contains(QStringLiteral("meta header")), qPrintable(v.reason));
    }

    void bytesAppendedAfterThePdfSignatureAreFound() {
        const Verification v = verify(readFile(m_files.pdfPath) + "\n% an unsigned revision\n");
        QCOMPARE(v.status, VerificationStatus::Tampered);
    }

    void aStrippedPdfSignatureIsUnsigned() {
        // Dropping the incremental update gives back the PDF as rendered, before signing.
        const QByteArray pdf = readFile(m_files.pdfPath);
        const QByteArray original = pdf.left(pdf.indexOf("%%EOF") + 5);
        const Verification v = verify(original);
        QCOMPARE(v.status, VerificationStatus::Unsigned);
    }

    void aStrippedDicomSignatureIsUnsigned_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("stripped_sr_is_unsigned") << m_files.srPath;
        QTest::newRow("stripped_encapsulated_pdf_is_unsigned") << m_files.pdfDicomPath;
    }
    void aStrippedDicomSignatureIsUnsigned() {
        QFETCH(QString, file);
        const QString stripped = m_dir.filePath(QFileInfo(file).baseName() + QStringLiteral("-stripped.dcm"));
        const auto run =
            reporttest::runTool(QStringLiteral("dcmsign"), {QStringLiteral("--remove-all"), file, stripped});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        QCOMPARE(verify(readFile(stripped)).status, VerificationStatus::Unsigned);
    }

    void anotherCaIsUntrusted_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("pdf_of_another_ca_is_untrusted") << 0;
        QTest::newRow("sr_of_another_ca_is_untrusted") << 1;
        QTest::newRow("encapsulated_pdf_of_another_ca_is_untrusted") << 2;
    }
    void anotherCaIsUntrusted() {
        QFETCH(int, which);
        static std::optional<ReportFiles> other;
        if (!other) {
            other = writeSignedReport(reporttest::sampleContent(),
                                      SigningIdentity::fromPkcs12(m_pki.otherReaderP12, m_pki.passphrase),
                                      m_dir.filePath(QStringLiteral("other")));
        }
        const QString path = which == 0 ? other->pdfPath : which == 1 ? other->srPath : other->pdfDicomPath;
        const Verification v = verify(readFile(path));
        QCOMPARE(v.status, VerificationStatus::Untrusted);
        // ...and trusted once its CA is.
        const TrustAnchors both = TrustAnchors::fromPemFiles({m_pki.caPem, m_pki.otherCaPem});
        QVERIFY(verifySignedReport(readFile(path), both, QDateTime::currentDateTimeUtc()).isValid());
    }

    void anExpiredCertificateIsExpired_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("pdf_by_an_expired_certificate_is_expired") << 0;
        QTest::newRow("sr_by_an_expired_certificate_is_expired") << 1;
        QTest::newRow("encapsulated_pdf_by_an_expired_certificate_is_expired") << 2;
    }
    void anExpiredCertificateIsExpired() {
        QFETCH(int, which);
        static std::optional<ReportFiles> old;
        if (!old) {
            // Signed while the certificate was valid (2020); verified now, after it expired.
            ReportContent content = reporttest::sampleContent();
            content.signingTime = m_pki.expiredValidAt;
            old = writeSignedReport(content, SigningIdentity::fromPkcs12(m_pki.expiredP12, m_pki.passphrase),
                                    m_dir.filePath(QStringLiteral("old")));
        }
        const QString path = which == 0 ? old->pdfPath : which == 1 ? old->srPath : old->pdfDicomPath;
        const Verification v = verify(readFile(path));
        QVERIFY2(v.status == VerificationStatus::Expired, qPrintable(v.sentence(path)));
        QVERIFY2(v.reason.contains(QStringLiteral("expired on 2021")), qPrintable(v.reason));
        // The PDF's signature claims the 2020 signing time, so checked as of then it is valid. dcmsign stamps
        // its signatures with the real time, after the certificate expired: those stay expired.
        if (which == 0)
            QVERIFY(verifySignedReport(readFile(path), *m_trust, m_pki.expiredValidAt).isValid());
    }

    void aTruncatedFileIsRejected_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("keep");
        QTest::newRow("pdf_cut_in_half_is_rejected") << m_files.pdfPath << 0.5;
        QTest::newRow("pdf_missing_its_last_byte_is_rejected") << m_files.pdfPath << -1.0;
        QTest::newRow("sr_cut_in_half_is_rejected") << m_files.srPath << 0.5;
        QTest::newRow("sr_missing_its_last_byte_is_rejected") << m_files.srPath << -1.0;
        QTest::newRow("encapsulated_pdf_cut_in_half_is_rejected") << m_files.pdfDicomPath << 0.5;
        QTest::newRow("dicom_preamble_only_is_rejected") << m_files.srPath << 0.0;
    }
    void aTruncatedFileIsRejected() {
        QFETCH(QString, file);
        QFETCH(double, keep);
        const QByteArray data = readFile(file);
        const qsizetype size = keep < 0 ? data.size() - 1 : keep == 0 ? 100 : qsizetype(data.size() * keep);
        const Verification v = verify(data.left(size));
        QVERIFY2(v.status == VerificationStatus::Malformed || v.status == VerificationStatus::Tampered,
                 qPrintable(v.sentence(file)));
    }

    void garbageIsMalformed_data() {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty_is_malformed") << QByteArray();
        QTest::newRow("text_is_malformed") << QByteArray("hello, world\n");
        QTest::newRow("pdf_header_only_is_malformed") << QByteArray("%PDF-1.4\n");
        QTest::newRow("pdf_without_signature_is_unsigned") << QByteArray("%PDF-1.4\n%%EOF\n");
        QTest::newRow("byterange_without_a_dictionary_is_malformed")
            << QByteArray("%PDF-1.4\n/ByteRange [0 1 2 3]");
        QTest::newRow("byterange_with_huge_numbers_is_malformed") << QByteArray(
            "%PDF-1.4\n1 0 obj\n<< /ByteRange [0 99999999999 99999999999 99999999999] "
            "/Contents <00> >>\nendobj\n");
        QTest::newRow("unterminated_string_is_malformed")
            << QByteArray("%PDF-1.4\n1 0 obj\n<< /ByteRange [0 1 2 3] /Name (abc");
        QTest::newRow("dicm_magic_alone_is_malformed") << (QByteArray(128, '\0') + "DICM");
    }
    void garbageIsMalformed() {
        QFETCH(QByteArray, data);
        const Verification v = verify(data);
        QVERIFY(!v.isValid());
        QVERIFY(!v.reason.isEmpty());
        if (QString::fromLatin1(QTest::currentDataTag()).endsWith(QLatin1String("unsigned")))
            QCOMPARE(v.status, VerificationStatus::Unsigned);
        else
            QCOMPARE(v.status, VerificationStatus::Malformed);
    }
};

QTEST_MAIN(TestVerifier)
#include "TestVerifier.moc"
