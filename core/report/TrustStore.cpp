#include "report/TrustStore.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <QFile>

#include "common/Error.h"

namespace boneage::report {

TrustAnchors::TrustAnchors(std::unique_ptr<detail::TrustStore> store) : m_store(std::move(store)) {}
TrustAnchors::TrustAnchors(TrustAnchors&&) noexcept = default;
TrustAnchors& TrustAnchors::operator=(TrustAnchors&&) noexcept = default;
TrustAnchors::~TrustAnchors() = default;

TrustAnchors TrustAnchors::fromPemFiles(const QStringList& files) {
    auto trust = std::make_unique<detail::TrustStore>();
    trust->store.reset(X509_STORE_new());
    for (const QString& file : files) {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::BadInput, file.toStdString(), "cannot read the trusted certificate file");
        const QByteArray pem = in.read(16 << 20);
        detail::BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
        int count = 0;
        while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
            const detail::X509Ptr owned(certificate);
            X509_STORE_add_cert(trust->store.get(), certificate);
            ++count;
        }
        ERR_clear_error();
        if (count == 0)
            throw Error(ErrorCode::BadInput, file.toStdString(), "holds no PEM certificate");
    }
    return TrustAnchors(std::move(trust));
}

TrustAnchors TrustAnchors::systemDefault() {
    auto trust = std::make_unique<detail::TrustStore>();
    trust->store.reset(X509_STORE_new());
    X509_STORE_set_default_paths(trust->store.get());
    ERR_clear_error();
    return TrustAnchors(std::move(trust));
}

namespace detail {

CertificateCheck checkSignerCertificate(X509* signer, STACK_OF(X509) * untrusted, const TrustStore& trust,
                                        const QDateTime& at) {
    CertificateCheck check;
    StoreCtxPtr context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), trust.store.get(), signer, untrusted) != 1) {
        ERR_clear_error();
        check.reason = QStringLiteral("the certificate chain cannot be checked");
        return check;
    }
    X509_STORE_CTX_set_time(context.get(), 0, time_t(at.toSecsSinceEpoch()));
    const int ok = X509_verify_cert(context.get());
    const int error = X509_STORE_CTX_get_error(context.get());
    const int depth = X509_STORE_CTX_get_error_depth(context.get());
    ERR_clear_error();
    if (ok == 1) {
        const uint32_t usage = X509_get_key_usage(signer);
        if (usage != UINT32_MAX && (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
            check.reason = QStringLiteral("the signer's certificate does not allow digital signatures");
            return check;
        }
        check.status = VerificationStatus::Valid;
        return check;
    }
    const QString who = depth == 0 ? QStringLiteral("the signer's certificate")
                                   : QStringLiteral("a CA certificate of the signer");
    if (error == X509_V_ERR_CERT_HAS_EXPIRED) {
        check.status = VerificationStatus::Expired;
        X509* bad = X509_STORE_CTX_get_current_cert(context.get());
        const QDateTime until = asn1TimeToDateTime(bad ? X509_get0_notAfter(bad) : nullptr);
        check.reason = who + QStringLiteral(" expired on ") + until.toString(Qt::ISODate);
        return check;
    }
    check.reason = who + QStringLiteral(" is not trusted (") +
                   QString::fromLatin1(X509_verify_cert_error_string(error)) + QLatin1Char(')');
    return check;
}

}  // namespace detail

}  // namespace boneage::report
