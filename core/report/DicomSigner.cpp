// dcmsign signatures of the report's DICOM objects, with the reader's key from the PKCS#12 identity.
#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsign/dcsighlp.h>
#include <dcmtk/dcmsign/dcsignat.h>
#include <dcmtk/dcmsign/sibrsapr.h>
#include <dcmtk/dcmsign/sicert.h>
#include <dcmtk/dcmsign/simdmac.h>
#include <dcmtk/dcmsign/siprivat.h>
#include <dcmtk/dcmsign/sisrvpr.h>

#include <openssl/err.h>
#include <openssl/x509.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/Error.h"
#include "report/DicomObjects.h"
#include "report/DicomSupport.h"
#include "report/OpenSslSupport.h"

namespace boneage::report::detail {

namespace {

[[noreturn]] void fail(const std::string& cause) {
    throw Error(ErrorCode::Signature, "DICOM signature", cause);
}

/// An anonymous in-memory file (memfd) holding the key's DER. dcmsign loads private keys only from a file
/// name; this keeps the key off every disk and out of every directory, and it is gone when closed.
class MemoryKeyFile {
public:
    explicit MemoryKeyFile(EVP_PKEY* key) {
        unsigned char* der = nullptr;
        const int length = i2d_PrivateKey(key, &der);
        if (length <= 0) {
            ERR_clear_error();
            fail("cannot encode the private key");
        }
        m_fd = ::memfd_create("boneage-signing-key", MFD_CLOEXEC);
        const bool written = m_fd >= 0 && ::write(m_fd, der, size_t(length)) == length;
        const int error = errno;
        OPENSSL_cleanse(der, size_t(length));
        OPENSSL_free(der);
        if (!written)
            fail(std::string("cannot hand the key to dcmsign: ") + std::strerror(error));
    }
    ~MemoryKeyFile() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    MemoryKeyFile(const MemoryKeyFile&) = delete;
    MemoryKeyFile& operator=(const MemoryKeyFile&) = delete;

    std::string path() const { return "/proc/self/fd/" + std::to_string(m_fd); }

private:
    int m_fd = -1;
};

}  // namespace

void signDataset(DcmFileFormat& file, const SigningIdentity& identity, DicomProfile profile) {
    ensureDicomReady();
    const IdentityKeys& keys = identity.keys();
    SiPrivateKey key;
    {
        const MemoryKeyFile keyFile(keys.key.get());
        if (key.loadPrivateKey(keyFile.path().c_str(), X509_FILETYPE_ASN1).bad())
            fail("dcmsign cannot load the private key");
    }
    X509* certificate = X509_dup(keys.certificate.get());
    if (certificate == nullptr)
        fail("cannot copy the certificate");
    SiCertificate cert(certificate);  // takes ownership
    if (!key.matchesCertificate(cert))
        fail("the private key does not belong to the certificate");
    SiMDMAC mac(EMT_SHA256);
    SiStructuredReportingVerificationProfile srProfile;
    SiBaseRSAProfile baseProfile;
    SiSecurityProfile& chosen = profile == DicomProfile::StructuredReportVerification
                                    ? static_cast<SiSecurityProfile&>(srProfile)
                                    : static_cast<SiSecurityProfile&>(baseProfile);
    // No tag list: dcmsign signs every signable attribute of the dataset, not only the profile's minimum.
    const int status = DcmSignatureHelper::do_sign(file.getDataset(), key, cert, &mac, &chosen, nullptr,
                                                   EXS_LittleEndianExplicit, nullptr,
                                                   SiSignaturePurpose::ESP_VerificationSignature);
    ERR_clear_error();
    if (status != 0)
        fail("dcmsign refused to sign (exit status " + std::to_string(status) + ")");
}

}  // namespace boneage::report::detail
