#include "report/Cms.h"

#include <openssl/err.h>

#include "common/Error.h"

namespace boneage::report::detail {

QByteArray signDetachedCms(const IdentityKeys& keys, const QByteArray& content,
                           const QDateTime& signingTime) {
    ERR_clear_error();
    auto fail = [](const char* what) {
        throw Error(ErrorCode::Signature, "PDF signature",
                    std::string(what) + ": " + takeOpenSslErrors("failed"));
    };
    const int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
    if (!cms)
        fail("cannot start the CMS");
    CMS_SignerInfo* signer =
        CMS_add1_signer(cms.get(), keys.certificate.get(), keys.key.get(), EVP_sha256(), flags);
    if (signer == nullptr)
        fail("cannot add the signer");
    // The signing time is the report's, so the PDF, its CMS and the page agree to the second.
    std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> when(
        ASN1_TIME_set(nullptr, time_t(signingTime.toSecsSinceEpoch())), &ASN1_TIME_free);
    if (!when || CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, when->type, when.get(), -1) != 1)
        fail("cannot set the signing time");
    for (int i = 0; i < sk_X509_num(keys.chain.get()); ++i) {
        if (CMS_add1_cert(cms.get(), sk_X509_value(keys.chain.get(), i)) != 1)
            fail("cannot add a CA certificate");
    }
    BioPtr data(BIO_new_mem_buf(content.constData(), int(content.size())));
    if (!data || CMS_final(cms.get(), data.get(), nullptr, flags) != 1)
        fail("cannot sign");
    unsigned char* der = nullptr;
    const int length = i2d_CMS_ContentInfo(cms.get(), &der);
    if (length <= 0)
        fail("cannot encode the CMS");
    QByteArray bytes(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return bytes;
}

}  // namespace boneage::report::detail
