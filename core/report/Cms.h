#pragma once
// Internal to boneage_report: the PDF signature's CMS (RFC 5652 SignedData, detached, SHA-256), made and
// checked with OpenSSL.

#include <QByteArray>
#include <QDateTime>
#include <vector>

#include "report/OpenSslSupport.h"

namespace boneage::report::detail {

/// A detached CMS SignedData over `content`: one signer (the identity's certificate, SHA-256, signed
/// attributes contentType, signingTime = `signingTime`, messageDigest), with the signer's certificate and
/// its chain. DER. Throws Error(Signature) when OpenSSL fails.
QByteArray signDetachedCms(const IdentityKeys& keys, const QByteArray& content, const QDateTime& signingTime);

}  // namespace boneage::report::detail
