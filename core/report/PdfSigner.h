#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "report/SigningIdentity.h"

namespace boneage::report {

/// What the PDF's signature dictionary says besides the signature itself.
struct PdfSignatureInfo {
    QString signerName;     ///< /Name
    QString reason;         ///< /Reason: the signature's meaning ("Reviewed and approved by")
    QString location;       ///< /Location: the organisation; may be empty
    QDateTime signingTime;  ///< /M and the CMS signingTime attribute
};

/// Room reserved for the DER CMS in /Contents (hex-encoded, so twice this in the file). An RSA-4096 signer
/// with a three-certificate chain needs about 6 KiB.
inline constexpr int kPdfSignatureCapacity = 12288;

/// Signs a PDF that renderReportPdf() wrote, inside the PDF: an incremental update (ISO 32000-1, 7.5.6)
/// appends a signature dictionary (/Type /Sig, /Filter /Adobe.PPKLite, /SubFilter /adbe.pkcs7.detached,
/// /ByteRange covering the whole file but the /Contents hex string), an invisible signature field on page 1
/// in a new /AcroForm (/SigFlags 3), the updated catalog and annotation array, a cross-reference section and
/// trailer with /Prev. /Contents holds the DER CMS (see Cms.h), zero-padded to kPdfSignatureCapacity.
///
/// Only single-revision, unencrypted PDFs with a classic cross-reference table are accepted (what Qt
/// writes): Error(Internal) otherwise. Error(Signature) when the certificate is not usable at the signing
/// time or OpenSSL fails. Thread-safe for distinct inputs.
QByteArray signPdf(const QByteArray& pdf, const SigningIdentity& identity, const PdfSignatureInfo& info);

}  // namespace boneage::report
