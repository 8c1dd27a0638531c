#pragma once
// Internal to boneage_report: OpenSSL objects owned by unique_ptr, the identity's key material, and OpenSSL's
// error queue as text.

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <memory>
#include <string>

namespace boneage::report::detail {

struct OpenSslDeleter {
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};

using X509Ptr = std::unique_ptr<X509, OpenSslDeleter>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OpenSslDeleter>;
using StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OpenSslDeleter>;

/// What SigningIdentity holds.
struct IdentityKeys {
    X509Ptr certificate;
    PkeyPtr key;
    X509StackPtr chain;  ///< CA certificates from the PKCS#12 file; never null, may be empty
};

/// OpenSSL's queued errors as one clause (and the queue emptied); `fallback` when the queue is empty.
std::string takeOpenSslErrors(const std::string& fallback);

/// A certificate's notBefore/notAfter as a UTC QDateTime (invalid when unparseable).
QDateTime asn1TimeToDateTime(const ASN1_TIME* time);

/// The DER encoding of a certificate.
QByteArray certificateDer(X509* certificate);

/// An X509_NAME as one RFC 2253 line.
QString nameLine(const X509_NAME* name);

/// One entry (NID_commonName, NID_organizationName, ...) of a name; "" when absent.
QString nameEntry(const X509_NAME* name, int nid);

}  // namespace boneage::report::detail
