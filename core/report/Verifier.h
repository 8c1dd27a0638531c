#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace boneage::report {

namespace detail {
struct TrustStore;
}

/// Why a signed report does or does not verify. Every status but Valid is `boneage verify`'s exit code 6.
enum class VerificationStatus {
    Valid,      ///< every signature matches its bytes and was made by a trusted, unexpired certificate
    Tampered,   ///< a signed byte, the signature or its padding changed, or unsigned data was added
    Unsigned,   ///< no signature at all (e.g. stripped)
    Untrusted,  ///< the signer's certificate does not chain to a trust anchor
    Expired,    ///< the signer's (or a CA's) certificate is expired at the verification time
    Malformed,  ///< not a PDF or DICOM file this verifier can read, truncated, or a damaged signature
};

/// "valid", "tampered", "unsigned", "untrusted", "expired", "malformed".
const char* verificationStatusName(VerificationStatus status);

/// One signature that was checked.
struct SignatureInfo {
    QString kind;           ///< "PDF adbe.pkcs7.detached", "DICOM SR verification", "DICOM base RSA"
    QString signer;         ///< the certificate's subject, one RFC 2253 line
    QDateTime signingTime;  ///< as the signature claims it (UTC); not proof of time without a timestamp
};

/// The outcome of verifying one file.
struct Verification {
    VerificationStatus status = VerificationStatus::Malformed;
    QString reason;                         ///< one lower-case clause saying why, empty when Valid
    std::vector<SignatureInfo> signatures;  ///< the signatures found, in file order

    bool isValid() const { return status == VerificationStatus::Valid; }
    /// "<file>: <status>: <reason>." or, when valid, "<file>: valid: N signature(s) by <signer>, signed
    /// <time> UTC."
    QString sentence(const QString& file) const;
};

/// The certificates a verification trusts: the CA certificates (or self-signed reader certificates) of the
/// PEM files given, or the system's default store. Immutable once built; thread-safe to share.
class TrustAnchors {
public:
    /// Every certificate in each PEM file. Throws Error(BadInput, file, ...) for a missing file or one
    /// without any certificate.
    static TrustAnchors fromPemFiles(const QStringList& files);
    /// The system's default certificate store (OpenSSL's default paths).
    static TrustAnchors systemDefault();

    TrustAnchors(TrustAnchors&&) noexcept;
    TrustAnchors& operator=(TrustAnchors&&) noexcept;
    ~TrustAnchors();

    const detail::TrustStore& store() const { return *m_store; }

private:
    explicit TrustAnchors(std::unique_ptr<detail::TrustStore> store);
    std::unique_ptr<detail::TrustStore> m_store;
};

/// Verifies a signed report in memory: a PDF (starts with "%PDF-") by its /ByteRange signatures, anything
/// else as a DICOM file by its Digital Signatures Sequences. Certificates are checked at `at`. Never throws
/// for bad input: every problem is a status with its reason (bad_alloc aside). Thread-safe.
///
/// PDF: every signature dictionary's /ByteRange must start at 0, leave out exactly its /Contents hex string
/// and, for the last one, end at the end of the file; /Contents must be canonical DER followed by nothing
/// but zeros (a strict verifier checks the padding too); SubFilter adbe.pkcs7.detached or
/// ETSI.CAdES.detached; one signer, whose CMS digest and signature match the covered bytes.
///
/// DICOM: the dataset must parse completely; every signature's MAC and signature must verify; every
/// top-level attribute of the dataset must be among the signed ones (nothing unsigned was added); an SR
/// must carry a verification signature of the SR RSA profile and be VERIFIED. The 128-byte preamble and the
/// file meta group lie outside any DICOM signature by design: the preamble is ignored, and the meta group's
/// Media Storage SOP Class and Instance UIDs must equal the signed dataset's SOP Class and Instance UIDs.
Verification verifySignedReport(const QByteArray& data, const TrustAnchors& trust, const QDateTime& at);

/// verifySignedReport() of a file (at most 256 MiB); an unreadable file is Malformed with the OS's reason.
Verification verifySignedReportFile(const QString& path, const TrustAnchors& trust, const QDateTime& at);

}  // namespace boneage::report
