#include "TestPki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QFile>
#include <memory>

namespace {

struct Free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(PKCS12* p) const { PKCS12_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

Cert makeCert(EVP_PKEY* key, const char* cn, const char* org, X509* issuer, EVP_PKEY* issuerKey, bool ca,
              long serial, time_t from, time_t until) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    ASN1_TIME_set(X509_getm_notBefore(cert.get()), from);
    ASN1_TIME_set(X509_getm_notAfter(cert.get()), until);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(org), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509_set_pubkey(cert.get(), key);
    X509* signerCert = issuer ? issuer : cert.get();
    if (ca) {
        addExtension(cert.get(), signerCert, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), signerCert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), signerCert, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert.get(), signerCert, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    }
    addExtension(cert.get(), signerCert, NID_subject_key_identifier, "hash");
    X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256());
    return cert;
}

bool writePem(const QString& path, X509* cert) {
    std::unique_ptr<BIO, Free> bio(BIO_new_file(path.toLocal8Bit().constData(), "w"));
    return bio && PEM_write_bio_X509(bio.get(), cert) == 1;
}

bool writeP12(const QString& path, const QByteArray& pass, EVP_PKEY* key, X509* cert, X509* ca) {
    STACK_OF(X509)* chain = sk_X509_new_null();
    sk_X509_push(chain, ca);
    std::unique_ptr<PKCS12, Free> p12(
        PKCS12_create(pass.constData(), "reader", key, cert, chain, 0, 0, 0, 0, 0));
    sk_X509_free(chain);
    if (!p12)
        return false;
    std::unique_ptr<BIO, Free> bio(BIO_new_file(path.toLocal8Bit().constData(), "wb"));
    return bio && i2d_PKCS12_bio(bio.get(), p12.get()) == 1;
}

}  // namespace

TestPki makeTestPki(const QString& dir) {
    TestPki pki;
    const time_t now = time(nullptr);
    const time_t day = 24 * 3600;
    const time_t since2024 = 1704067200;  // the readers' certificates cover the sample report's 2024 signing
    Key caKey(EVP_RSA_gen(2048)), readerKey(EVP_RSA_gen(2048)), otherCaKey(EVP_RSA_gen(2048));
    const Cert ca = makeCert(caKey.get(), "Test Hospital Root CA", "Children's Test Hospital", nullptr,
                             nullptr, true, 1, now - 10 * 365 * day, now + 10 * 365 * day);
    const Cert reader = makeCert(readerKey.get(), "Jane Doe", "Children's Test Hospital", ca.get(),
                                 caKey.get(), false, 2, since2024, now + 365 * day);
    const time_t from = 1577836800;  // 2020-01-01
    const Cert expired = makeCert(readerKey.get(), "Jane Doe", "Children's Test Hospital", ca.get(),
                                  caKey.get(), false, 3, from, from + 366 * day);
    const Cert otherCa = makeCert(otherCaKey.get(), "Elsewhere Root CA", "Elsewhere", nullptr, nullptr, true,
                                  4, now - 10 * 365 * day, now + 365 * day);
    const Cert otherReader = makeCert(readerKey.get(), "Jane Doe", "Elsewhere", otherCa.get(),
                                      otherCaKey.get(), false, 5, since2024, now + 365 * day);
    pki.caPem = dir + QStringLiteral("/ca.pem");
    pki.readerPem = dir + QStringLiteral("/reader.pem");
    pki.readerP12 = dir + QStringLiteral("/reader.p12");
    pki.expiredP12 = dir + QStringLiteral("/expired.p12");
    pki.otherCaPem = dir + QStringLiteral("/other-ca.pem");
    pki.otherReaderP12 = dir + QStringLiteral("/other-reader.p12");
    pki.expiredValidAt = QDateTime::fromSecsSinceEpoch(from + 100 * day).toOffsetFromUtc(3600);
    const bool ok =
        writePem(pki.caPem, ca.get()) && writePem(pki.readerPem, reader.get()) &&
        writePem(pki.otherCaPem, otherCa.get()) &&
        writeP12(pki.readerP12, pki.passphrase, readerKey.get(), reader.get(), ca.get()) &&
        writeP12(pki.expiredP12, pki.passphrase, readerKey.get(), expired.get(), ca.get()) &&
        writeP12(pki.otherReaderP12, pki.passphrase, readerKey.get(), otherReader.get(), otherCa.get());
    if (ok)
        pki.dir = dir;
    return pki;
}
