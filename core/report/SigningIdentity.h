#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <memory>

namespace boneage::report {

namespace detail {
struct IdentityKeys;
}

/// The reader's signing identity: an X.509 certificate, its private key and the CA certificates that came
/// with it, from a PKCS#12 file protected by a passphrase. The key never leaves the process (DICOM signing
/// hands it to DCMTK through an anonymous in-memory file, see DicomSigner).
///
/// Move-only; immutable after loading, so one identity may sign from several threads in turn. Throws
/// boneage::Error(ErrorCode::Signature, <file>, cause) -- never with the passphrase or key material.
class SigningIdentity {
public:
    /// Loads `path` with `passphrase`. Fails with "wrong passphrase or damaged PKCS#12 file", "no private
    /// key", "no certificate", or when the key does not belong to the certificate.
    static SigningIdentity fromPkcs12(const QString& path, const QByteArray& passphrase);

    SigningIdentity(SigningIdentity&&) noexcept;
    SigningIdentity& operator=(SigningIdentity&&) noexcept;
    ~SigningIdentity();

    /// Subject common name (the certificate holder's printed name) and organisation; "" when absent.
    QString commonName() const;
    QString organisation() const;
    /// The subject as one RFC 2253 line ("CN=Jane Doe,O=Children's Hospital").
    QString subject() const;
    QString issuer() const;
    /// Lower-case hex SHA-256 of the DER certificate.
    QString fingerprintSha256() const;
    QDateTime notBefore() const;
    QDateTime notAfter() const;

    /// Throws Error(Signature) when the certificate is expired or not yet valid at `time`, or its key usage
    /// forbids digital signatures. A signature made with such a certificate would not verify.
    void checkUsableAt(const QDateTime& time) const;

    /// For the signers of this module.
    const detail::IdentityKeys& keys() const { return *m_keys; }

private:
    explicit SigningIdentity(std::unique_ptr<detail::IdentityKeys> keys);
    std::unique_ptr<detail::IdentityKeys> m_keys;
};

}  // namespace boneage::report
