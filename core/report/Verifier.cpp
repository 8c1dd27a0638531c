#include "report/Verifier.h"

#include <QFile>

#include "report/PdfVerifier.h"

namespace boneage::report {

const char* verificationStatusName(VerificationStatus status) {
    switch (status) {
        case VerificationStatus::Valid:
            return "valid";
        case VerificationStatus::Tampered:
            return "tampered";
        case VerificationStatus::Unsigned:
            return "unsigned";
        case VerificationStatus::Untrusted:
            return "untrusted";
        case VerificationStatus::Expired:
            return "expired";
        case VerificationStatus::Malformed:
            break;
    }
    return "malformed";
}

QString Verification::sentence(const QString& file) const {
    if (status != VerificationStatus::Valid) {
        return file + QStringLiteral(": ") + QLatin1String(verificationStatusName(status)) +
               QStringLiteral(": ") + reason + QLatin1Char('.');
    }
    QStringList who;
    for (const SignatureInfo& s : signatures) {
        QString line = s.kind + QStringLiteral(" by ") + s.signer;
        if (s.signingTime.isValid())
            line += QStringLiteral(", signed ") +
                    s.signingTime.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
                    QStringLiteral(" UTC");
        who << line;
    }
    return file + QStringLiteral(": valid: ") + who.join(QStringLiteral("; ")) + QLatin1Char('.');
}

Verification verifySignedReport(const QByteArray& data, const TrustAnchors& trust, const QDateTime& at) {
    if (data.startsWith("%PDF-"))
        return detail::verifyPdf(data, trust.store(), at);
    return detail::verifyDicom(data, trust.store(), at);
}

Verification verifySignedReportFile(const QString& path, const TrustAnchors& trust, const QDateTime& at) {
    QFile file(path);
    Verification failed;
    if (!file.open(QIODevice::ReadOnly)) {
        failed.reason = QStringLiteral("cannot read the file (") + file.errorString() + QLatin1Char(')');
        return failed;
    }
    constexpr qint64 kLimit = qint64(256) << 20;
    if (file.size() > kLimit) {
        failed.reason = QStringLiteral("the file is over 256 MiB, larger than any report");
        return failed;
    }
    const QByteArray data = file.readAll();
    if (data.isEmpty()) {
        failed.reason = QStringLiteral("the file is empty");
        return failed;
    }
    return verifySignedReport(data, trust, at);
}

}  // namespace boneage::report
