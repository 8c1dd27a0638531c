#include "report/SigningIdentity.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include <QCryptographicHash>
#include <QFile>

#include "common/Error.h"
#include "report/OpenSslSupport.h"

namespace boneage::report {

namespace {

[[noreturn]] void fail(const QString& path, const std::string& cause) {
    throw Error(ErrorCode::Signature, path.toStdString(), cause);
}

}  // namespace

SigningIdentity::SigningIdentity(std::unique_ptr<detail::IdentityKeys> keys) : m_keys(std::move(keys)) {}
SigningIdentity::SigningIdentity(SigningIdentity&&) noexcept = default;
SigningIdentity& SigningIdentity::operator=(SigningIdentity&&) noexcept = default;
SigningIdentity::~SigningIdentity() = default;

SigningIdentity SigningIdentity::fromPkcs12(const QString& path, const QByteArray& passphrase) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(path, "cannot open the PKCS#12 file: " + file.errorString().toStdString());
    if (file.size() > 1 << 20)
        fail(path, "is over 1 MiB, not a PKCS#12 signing identity");
    const QByteArray der = file.readAll();
    ERR_clear_error();
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.constData());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(d2i_PKCS12(nullptr, &cursor, der.size()),
                                                        &PKCS12_free);
    if (!p12)
        fail(path, "is not a PKCS#12 file");
    EVP_PKEY* key = nullptr;
    X509* certificate = nullptr;
    STACK_OF(X509)* chain = nullptr;
    // PKCS12_parse wants a C string: the passphrase is copied into a buffer that is wiped afterwards.
    QByteArray secret = passphrase;
    secret.append('\0');
    const int parsed = PKCS12_parse(p12.get(), secret.constData(), &key, &certificate, &chain);
    OPENSSL_cleanse(secret.data(), size_t(secret.size()));
    auto keys = std::make_unique<detail::IdentityKeys>();
    keys->key.reset(key);
    keys->certificate.reset(certificate);
    keys->chain.reset(chain ? chain : sk_X509_new_null());
    if (parsed != 1) {
        ERR_clear_error();
        fail(path, "wrong passphrase or damaged PKCS#12 file");
    }
    if (!keys->key)
        fail(path, "holds no private key");
    if (!keys->certificate)
        fail(path, "holds no certificate");
    if (X509_check_private_key(keys->certificate.get(), keys->key.get()) != 1) {
        ERR_clear_error();
        fail(path, "the private key does not belong to the certificate");
    }
    return SigningIdentity(std::move(keys));
}

QString SigningIdentity::commonName() const {
    return detail::nameEntry(X509_get_subject_name(m_keys->certificate.get()), NID_commonName);
}

QString SigningIdentity::organisation() const {
    return detail::nameEntry(X509_get_subject_name(m_keys->certificate.get()), NID_organizationName);
}

QString SigningIdentity::subject() const {
    return detail::nameLine(X509_get_subject_name(m_keys->certificate.get()));
}

QString SigningIdentity::issuer() const {
    return detail::nameLine(X509_get_issuer_name(m_keys->certificate.get()));
}

QString SigningIdentity::fingerprintSha256() const {
    return QString::fromLatin1(QCryptographicHash::hash(detail::certificateDer(m_keys->certificate.get()),
                                                        QCryptographicHash::Sha256)
                                   .toHex());
}

QDateTime SigningIdentity::notBefore() const {
    return detail::asn1TimeToDateTime(X509_get0_notBefore(m_keys->certificate.get()));
}

QDateTime SigningIdentity::notAfter() const {
    return detail::asn1TimeToDateTime(X509_get0_notAfter(m_keys->certificate.get()));
}

void SigningIdentity::checkUsableAt(const QDateTime& time) const {
    const std::string subject = "signing certificate";
    const QDateTime from = notBefore(), until = notAfter();
    if (!from.isValid() || !until.isValid())
        throw Error(ErrorCode::Signature, subject, "its validity dates cannot be read");
    if (time < from) {
        throw Error(ErrorCode::Signature, subject,
                    "not valid before " + from.toString(Qt::ISODate).toStdString());
    }
    if (time > until)
        throw Error(ErrorCode::Signature, subject, "expired on " + until.toString(Qt::ISODate).toStdString());
    const uint32_t usage = X509_get_key_usage(m_keys->certificate.get());
    if (usage != UINT32_MAX && (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
        throw Error(ErrorCode::Signature, subject, "its key usage does not allow digital signatures");
}

}  // namespace boneage::report
