#pragma once
// Keys and certificates for the report tests, made with OpenSSL when a test starts (none is committed): a
// CA, a reader certificate it issued (with a PKCS#12 file), a reader certificate that has expired, and a
// second CA with a reader of its own that the first CA's trust does not cover.
#include <QByteArray>
#include <QDateTime>
#include <QString>

struct TestPki {
    QString dir;
    QByteArray passphrase = "correct horse battery staple";
    QString caPem;       ///< the hospital CA (trust anchor of most tests)
    QString readerP12;   ///< "Jane Doe", O=Children's Test Hospital, issued by caPem, valid 2024 .. next year
    QString readerPem;   ///< the reader's certificate alone
    QString expiredP12;  ///< "Jane Doe" again, valid 2020-01-01 .. 2021-01-01, issued by caPem
    QString otherCaPem;  ///< an unrelated CA
    QString otherReaderP12;    ///< "Jane Doe" issued by otherCaPem
    QDateTime expiredValidAt;  ///< a moment inside the expired certificate's validity
};

/// Makes every key and certificate above in `dir` (2048-bit RSA, SHA-256). On any OpenSSL failure the
/// result's `dir` is empty: callers QVERIFY it.
TestPki makeTestPki(const QString& dir);
