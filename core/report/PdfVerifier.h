#pragma once
// Internal to boneage_report: the two verifiers behind verifySignedReport().

#include <QByteArray>
#include <QDateTime>

#include "report/TrustStore.h"
#include "report/Verifier.h"

namespace boneage::report::detail {

/// See verifySignedReport() for what is checked. Never throws for bad input.
Verification verifyPdf(const QByteArray& pdf, const TrustStore& trust, const QDateTime& at);
Verification verifyDicom(const QByteArray& file, const TrustStore& trust, const QDateTime& at);

}  // namespace boneage::report::detail
