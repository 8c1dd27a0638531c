#pragma once
// Internal to boneage_report: the trust anchors as an OpenSSL X509_STORE, and the one certificate check both
// the PDF and the DICOM verifier use.

#include <QDateTime>
#include <QString>

#include "report/OpenSslSupport.h"
#include "report/Verifier.h"

namespace boneage::report::detail {

struct TrustStore {
    StorePtr store;
};

/// The outcome of a certificate check: Valid, Untrusted or Expired, with the reason.
struct CertificateCheck {
    VerificationStatus status = VerificationStatus::Untrusted;
    QString reason;
};

/// Builds the chain of `signer` (intermediates from `untrusted`, may be null) to an anchor of `trust` at
/// time `at`, and requires a key usage that allows signatures.
CertificateCheck checkSignerCertificate(X509* signer, STACK_OF(X509) * untrusted, const TrustStore& trust,
                                        const QDateTime& at);

}  // namespace boneage::report::detail
