#include <openssl/err.h>

#include <algorithm>
#include <vector>

#include "common/Error.h"
#include "report/PdfSyntax.h"
#include "report/PdfVerifier.h"

namespace boneage::report::detail {

namespace {

/// A failed check: the status and the clause that explains it.
struct Failure {
    VerificationStatus status;
    QString reason;
};

[[noreturn]] void failWith(VerificationStatus status, const QString& reason) {
    throw Failure{status, reason};
}

struct SignatureDictionary {
    qsizetype byteRange[4] = {0, 0, 0, 0};
    QByteArray subFilter;
};

qsizetype number(const QByteArray& pdf, const PdfToken& token) {
    if (token.kind != PdfToken::Kind::Number)
        failWith(VerificationStatus::Malformed, QStringLiteral("a /ByteRange entry is not a number"));
    const QByteArray text = pdf.mid(token.begin, token.end - token.begin);
    if (text.isEmpty() || text.size() > 12 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        failWith(VerificationStatus::Malformed, QStringLiteral("a /ByteRange entry is not a plain integer"));
    return text.toLongLong();
}

/// The signature dictionary whose /ByteRange name starts at `at`: found from the "obj" before it, parsed
/// with the tokenizer, and required to hold this very /ByteRange and a /Contents string exactly in its gap.
SignatureDictionary readDictionary(const QByteArray& pdf, qsizetype at) {
    const qsizetype obj = pdf.lastIndexOf("obj", at);
    if (obj < 0)
        failWith(VerificationStatus::Malformed, QStringLiteral("a /ByteRange is outside any object"));
    PdfTokenizer tokens(pdf, obj + 3);
    const PdfToken open = tokens.next();
    if (open.kind != PdfToken::Kind::Open || pdf.mid(open.begin, 2) != "<<")
        failWith(VerificationStatus::Malformed, QStringLiteral("a /ByteRange is outside a dictionary"));

    SignatureDictionary dict;
    bool rangeFound = false;
    qsizetype contentsBegin = -1, contentsEnd = -1;
    QByteArray type, filter;
    for (;;) {
        const PdfToken key = tokens.next();
        if (key.kind == PdfToken::Kind::Close)
            break;
        if (key.kind != PdfToken::Kind::Name)
            failWith(VerificationStatus::Malformed, QStringLiteral("the signature dictionary is damaged"));
        const QByteArray name = pdf.mid(key.begin, key.end - key.begin);
        if (name == "/ByteRange") {
            if (key.begin != at || rangeFound)
                failWith(VerificationStatus::Malformed,
                         QStringLiteral("the signature dictionary is damaged"));
            const PdfToken bracket = tokens.next();
            if (bracket.kind != PdfToken::Kind::Open || pdf[bracket.begin] != '[')
                failWith(VerificationStatus::Malformed, QStringLiteral("/ByteRange is not an array"));
            for (qsizetype& value : dict.byteRange)
                value = number(pdf, tokens.next());
            const PdfToken close = tokens.next();
            if (close.kind != PdfToken::Kind::Close || pdf[close.begin] != ']')
                failWith(VerificationStatus::Malformed,
                         QStringLiteral("/ByteRange does not hold four numbers"));
            rangeFound = true;
            continue;
        }
        const qsizetype valueBegin = tokens.position();
        PdfTokenizer probe(pdf, valueBegin);
        const PdfToken first = probe.next();
        const qsizetype valueEnd = tokens.skipValue();
        const QByteArray value = pdf.mid(first.begin, valueEnd - first.begin);
        if (name == "/Contents") {
            if (first.kind != PdfToken::Kind::String || pdf[first.begin] != '<')
                failWith(VerificationStatus::Malformed, QStringLiteral("/Contents is not a hex string"));
            contentsBegin = first.begin;
            contentsEnd = valueEnd;
        } else if (name == "/Type") {
            type = value;
        } else if (name == "/Filter") {
            filter = value;
        } else if (name == "/SubFilter") {
            dict.subFilter = value;
        }
    }
    if (!rangeFound || contentsBegin < 0)
        failWith(VerificationStatus::Malformed, QStringLiteral("the signature dictionary has no /Contents"));
    if (!type.isEmpty() && type != "/Sig")
        failWith(VerificationStatus::Malformed,
                 QStringLiteral("the signature dictionary's /Type is not /Sig"));
    if (filter != "/Adobe.PPKLite")
        failWith(VerificationStatus::Malformed,
                 QStringLiteral("the signature's /Filter is not /Adobe.PPKLite"));
    if (dict.subFilter != "/adbe.pkcs7.detached" && dict.subFilter != "/ETSI.CAdES.detached") {
        failWith(
            VerificationStatus::Malformed,
            QStringLiteral("the signature's /SubFilter is not adbe.pkcs7.detached or ETSI.CAdES.detached"));
    }
    if (dict.byteRange[0] != 0 || dict.byteRange[1] != contentsBegin || dict.byteRange[2] != contentsEnd) {
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("/ByteRange does not leave out exactly the signature's /Contents"));
    }
    return dict;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/// The DER CMS of a /Contents hex string: hex digits of one letter case (a single changed case is a
/// change), canonical DER, then nothing but zero bytes.
QByteArray contentsDer(const QByteArray& pdf, qsizetype begin, qsizetype end) {
    const qsizetype digits = end - begin - 2;
    if (digits <= 0 || digits % 2 != 0)
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's /Contents has an odd length"));
    QByteArray bytes(digits / 2, '\0');
    bool upper = false, lower = false;
    for (qsizetype i = 0; i < digits; ++i) {
        const char c = pdf[begin + 1 + i];
        const int v = hexValue(c);
        if (v < 0)
            failWith(VerificationStatus::Tampered, QStringLiteral("the signature's /Contents is not hex"));
        upper = upper || (c >= 'A' && c <= 'F');
        lower = lower || (c >= 'a' && c <= 'f');
        bytes[i / 2] = char((uchar(bytes[i / 2]) << 4) | v);
    }
    if (upper && lower)
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signature's /Contents mixes letter cases"));
    // DER SEQUENCE header: 0x30, then a short or long (1-3 byte) length.
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.constData());
    if (bytes.size() < 2 || b[0] != 0x30)
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's /Contents is not a CMS"));
    qsizetype header = 2, length = b[1];
    if (b[1] & 0x80) {
        const int count = b[1] & 0x7f;
        if (count < 1 || count > 3 || bytes.size() < 2 + count)
            failWith(VerificationStatus::Tampered, QStringLiteral("the signature's CMS has a bad length"));
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | b[2 + i];
        header = 2 + count;
    }
    if (header + length > bytes.size())
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's CMS runs past /Contents"));
    for (qsizetype i = header + length; i < bytes.size(); ++i) {
        if (b[i] != 0)
            failWith(VerificationStatus::Tampered,
                     QStringLiteral("the zero padding after the signature's CMS was changed"));
    }
    return bytes.left(header + length);
}

SignatureInfo verifyCms(const QByteArray& der, const QByteArray& content, const TrustStore& trust,
                        const QDateTime& at) {
    ERR_clear_error();
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.constData());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, long(der.size())));
    if (!cms || cursor != reinterpret_cast<const unsigned char*>(der.constData()) + der.size()) {
        ERR_clear_error();
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's CMS cannot be parsed"));
    }
    unsigned char* again = nullptr;
    const int againLength = i2d_CMS_ContentInfo(cms.get(), &again);
    const bool canonical =
        againLength == der.size() &&
        std::equal(again, again + againLength, reinterpret_cast<const unsigned char*>(der.constData()));
    OPENSSL_free(again);
    if (!canonical)
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's CMS is not in canonical DER"));
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed ||
        OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_pkcs7_data ||
        CMS_get0_content(cms.get()) == nullptr || *CMS_get0_content(cms.get()) != nullptr) {
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signature is not a detached CMS SignedData"));
    }
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(signers) != 1)
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signature does not have exactly one signer"));
    CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(signers, 0);
    X509_ALGOR* digest = nullptr;
    X509_ALGOR* signatureAlgorithm = nullptr;
    CMS_SignerInfo_get0_algs(signer, nullptr, nullptr, &digest, &signatureAlgorithm);
    const ASN1_OBJECT* digestOid = nullptr;
    X509_ALGOR_get0(&digestOid, nullptr, nullptr, digest);
    const int digestNid = OBJ_obj2nid(digestOid);
    if (digestNid != NID_sha256 && digestNid != NID_sha384 && digestNid != NID_sha512)
        failWith(VerificationStatus::Tampered, QStringLiteral("the signature's digest is not SHA-2"));
    if (CMS_signed_get_attr_count(signer) < 0 || CMS_unsigned_get_attr_count(signer) > 0)
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signature's attributes are not as signed"));

    X509StackPtr certificates(CMS_get1_certs(cms.get()));
    if (CMS_set1_signers_certs(cms.get(), certificates.get(), 0) != 1) {
        ERR_clear_error();
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signer's certificate is not in the signature"));
    }
    X509* signerCertificate = nullptr;
    CMS_SignerInfo_get0_algs(signer, nullptr, &signerCertificate, nullptr, nullptr);

    BioPtr data(BIO_new_mem_buf(content.constData(), int(content.size())));
    const unsigned flags = CMS_BINARY | CMS_DETACHED | CMS_NO_SIGNER_CERT_VERIFY;
    if (CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr, flags) != 1) {
        ERR_clear_error();
        failWith(VerificationStatus::Tampered,
                 QStringLiteral("the signed bytes do not match the signature (the PDF was changed)"));
    }
    const CertificateCheck check = checkSignerCertificate(signerCertificate, certificates.get(), trust, at);
    if (check.status != VerificationStatus::Valid)
        failWith(check.status, check.reason);

    SignatureInfo info;
    info.kind = QStringLiteral("PDF adbe.pkcs7.detached");
    info.signer = nameLine(X509_get_subject_name(signerCertificate));
    const int timeIndex = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
    if (timeIndex >= 0) {
        X509_ATTRIBUTE* attribute = CMS_signed_get_attr(signer, timeIndex);
        const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, 0);
        if (value && (value->type == V_ASN1_UTCTIME || value->type == V_ASN1_GENERALIZEDTIME))
            info.signingTime = asn1TimeToDateTime(value->value.utctime);
    }
    return info;
}

}  // namespace

Verification verifyPdf(const QByteArray& pdf, const TrustStore& trust, const QDateTime& at) {
    Verification result;
    try {
        std::vector<qsizetype> ranges;
        for (qsizetype at = pdf.indexOf("/ByteRange"); at >= 0; at = pdf.indexOf("/ByteRange", at + 1))
            ranges.push_back(at);
        if (ranges.empty()) {
            // A PDF ends with %%EOF (and an end of line): without it the file was cut short, maybe right
            // through its signature.
            if (!pdf.trimmed().endsWith("%%EOF"))
                failWith(VerificationStatus::Malformed,
                         QStringLiteral("the PDF is truncated (no %%EOF at its end)"));
            failWith(VerificationStatus::Unsigned, QStringLiteral("the PDF carries no signature"));
        }
        qsizetype covered = 0;
        for (const qsizetype position : ranges) {
            const SignatureDictionary dict = readDictionary(pdf, position);
            const qsizetype* r = dict.byteRange;
            if (r[3] < 0 || r[2] + r[3] > pdf.size()) {
                failWith(
                    VerificationStatus::Malformed,
                    QStringLiteral("the file is truncated: the signature covers %1 bytes, the file has %2")
                        .arg(r[2] + r[3])
                        .arg(pdf.size()));
            }
            const QByteArray der = contentsDer(pdf, r[1], r[2]);
            const QByteArray content = pdf.left(r[1]) + pdf.mid(r[2], r[3]);
            result.signatures.push_back(verifyCms(der, content, trust, at));
            covered = std::max(covered, r[2] + r[3]);
        }
        if (covered != pdf.size()) {
            failWith(VerificationStatus::Tampered,
                     QStringLiteral("%1 bytes after the last signed revision are not signed")
                         .arg(pdf.size() - covered));
        }
        result.status = VerificationStatus::Valid;
    } catch (const Failure& failure) {
        result.status = failure.status;
        result.reason = failure.reason;
    } catch (const Error&) {
        // The tokenizer's "string runs past the end" and the like.
        result.status = VerificationStatus::Malformed;
        result.reason = QStringLiteral("the signature dictionary cannot be parsed");
    }
    return result;
}

}  // namespace boneage::report::detail
