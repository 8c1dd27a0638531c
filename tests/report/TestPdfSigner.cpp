// signPdf: an incremental update that leaves the rendered PDF byte for byte in place.
#include <QTemporaryDir>
#include <QtTest>

#include "ReportTestSupport.h"
#include "TestPki.h"
#include "common/Error.h"
#include "report/PdfSigner.h"
#include "report/ReportPdf.h"

using namespace boneage;
using namespace boneage::report;

class TestPdfSigner : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;
    QByteArray m_rendered, m_signed;

    PdfSignatureInfo info() const {
        return {QStringLiteral("Jane Doe"), QStringLiteral("Reviewed and approved by"),
                QStringLiteral("Children's Test Hospital"), reporttest::sampleContent().signingTime};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
        m_rendered = renderReportPdf(reporttest::sampleContent(), PaperSize::Letter);
        m_signed =
            signPdf(m_rendered, SigningIdentity::fromPkcs12(m_pki.readerP12, m_pki.passphrase), info());
    }

    void theRenderedPdfStaysAPrefix() {
        QVERIFY(m_signed.size() > m_rendered.size() + 2 * kPdfSignatureCapacity);
        QCOMPARE(m_signed.left(m_rendered.size()), m_rendered);
        const QByteArray update = m_signed.mid(m_rendered.size());
        QVERIFY(update.contains("/Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"));
        QVERIFY(update.contains("/FT /Sig"));
        QVERIFY(update.contains("/SigFlags 3"));
        QVERIFY(update.contains("/Prev "));
        QVERIFY(update.contains("/M (D:20240503140509+02'00')"));
        QVERIFY(m_signed.endsWith("%%EOF\n"));
    }

    void pdfsigAcceptsALetterPageToo() {
        const QString path = m_dir.filePath(QStringLiteral("letter.pdf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_signed);
        file.close();
        const auto run = reporttest::runTool(QStringLiteral("pdfsig"), {QStringLiteral("-nocert"), path});
        QVERIFY2(run.out.contains(QStringLiteral("Signature is Valid.")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Total document signed")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Signing Time: May 03 2024 12:05:09")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Signature Field Name: Reader signature")),
                 qPrintable(run.out));
    }

    void refusesWhatQtDidNotWrite_data() {
        QTest::addColumn<QByteArray>("pdf");
        QTest::newRow("not_a_pdf_is_refused") << QByteArray("hello");
        QTest::newRow("no_xref_is_refused") << QByteArray("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n");
        QTest::newRow("signed_pdf_is_refused_as_several_revisions") << QByteArray();
    }
    void refusesWhatQtDidNotWrite() {
        QFETCH(QByteArray, pdf);
        if (pdf.isEmpty())
            pdf = m_signed;
        try {
            signPdf(pdf, SigningIdentity::fromPkcs12(m_pki.readerP12, m_pki.passphrase), info());
            QFAIL("signed");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Internal);
        }
    }

    void refusesAnExpiredCertificate() {
        try {
            signPdf(m_rendered, SigningIdentity::fromPkcs12(m_pki.expiredP12, m_pki.passphrase), info());
            QFAIL("signed with an expired certificate");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Signature);
        }
    }
};

QTEST_MAIN(TestPdfSigner)
#include "TestPdfSigner.moc"
