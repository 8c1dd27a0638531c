// SigningIdentity: the reader's certificate and key from a PKCS#12 file.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestPki.h"
#include "common/Error.h"
#include "report/SigningIdentity.h"

using namespace boneage;
using namespace boneage::report;

class TestSigningIdentity : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;

    void expectSignatureError(const QString& path, const QByteArray& passphrase, const QString& cause) {
        try {
            SigningIdentity::fromPkcs12(path, passphrase);
            QFAIL("loaded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Signature);
            QVERIFY2(QString::fromStdString(e.cause()).contains(cause), e.what());
            QVERIFY2(!QString::fromStdString(e.what()).contains(QString::fromLatin1(passphrase)) ||
                         passphrase.isEmpty(),
                     "the passphrase leaked into the error");
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
    }

    void loadsTheReadersIdentity() {
        const SigningIdentity id = SigningIdentity::fromPkcs12(m_pki.readerP12, m_pki.passphrase);
        QCOMPARE(id.commonName(), QStringLiteral("Jane Doe"));
        QCOMPARE(id.organisation(), QStringLiteral("Children's Test Hospital"));
        QVERIFY(id.subject().contains(QStringLiteral("CN=Jane Doe")));
        QVERIFY(id.issuer().contains(QStringLiteral("Test Hospital Root CA")));
        QCOMPARE(id.fingerprintSha256().size(), 64);
        QVERIFY(id.notBefore() < QDateTime::currentDateTimeUtc() &&
                QDateTime::currentDateTimeUtc() < id.notAfter());
        id.checkUsableAt(QDateTime::currentDateTimeUtc());
    }

    void aWrongPassphraseIsRefused() {
        expectSignatureError(m_pki.readerP12, "wrong horse", QStringLiteral("wrong passphrase"));
    }

    void aFileThatIsNotPkcs12IsRefused() {
        expectSignatureError(m_pki.caPem, m_pki.passphrase, QStringLiteral("not a PKCS#12 file"));
    }

    void aMissingFileIsRefused() {
        expectSignatureError(m_dir.filePath(QStringLiteral("none.p12")), m_pki.passphrase,
                             QStringLiteral("cannot open"));
    }

    void anExpiredCertificateIsNotUsableNowButWasThen() {
        const SigningIdentity id = SigningIdentity::fromPkcs12(m_pki.expiredP12, m_pki.passphrase);
        id.checkUsableAt(m_pki.expiredValidAt);
        try {
            id.checkUsableAt(QDateTime::currentDateTimeUtc());
            QFAIL("usable after it expired");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Signature);
            QVERIFY(QString::fromStdString(e.cause()).startsWith(QStringLiteral("expired on 2021-01")));
        }
        try {
            id.checkUsableAt(QDateTime(QDate(2019, 6, 1), QTime(0, 0), Qt::UTC));
            QFAIL("usable before it was valid");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.cause()).startsWith(QStringLiteral("not valid before")));
        }
    }
};

QTEST_MAIN(TestSigningIdentity)
#include "TestSigningIdentity.moc"
