// Verification of the report's DICOM objects: dcmsign for the MACs and signatures, this module's one trust
// check for the certificates.
#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcstack.h>
#include <dcmtk/dcmdata/dcvrat.h>
#include <dcmtk/dcmsign/dcsignat.h>
#include <dcmtk/dcmsign/sicert.h>
#include <dcmtk/dcmsign/sisrvpr.h>
#include <dcmtk/dcmsign/sitypes.h>

#include <openssl/err.h>

#include <QRegularExpression>

#include "common/Error.h"
#include "report/DicomObjects.h"
#include "report/DicomSupport.h"
#include "report/PdfVerifier.h"

namespace boneage::report::detail {

namespace {

struct Failure {
    VerificationStatus status;
    QString reason;
};

[[noreturn]] void failWith(VerificationStatus status, const QString& reason) {
    throw Failure{status, reason};
}

QString tagText(const DcmTagKey& tag) {
    return QString::fromLatin1(tag.toString().c_str());
}

OFString stringOf(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value;
}

bool contains(DcmAttributeTag& list, const DcmTagKey& tag) {
    const unsigned long count = list.getVM();
    for (unsigned long i = 0; i < count; ++i) {
        DcmTagKey entry;
        if (list.getTagVal(entry, i).good() && entry == tag)
            return true;
    }
    return false;
}

/// Every attribute of `item` outside the signature machinery must be among the signed ones: nothing unsigned
/// was added beside the signed data.
void requireFullCoverage(DcmItem& item, DcmAttributeTag& signedTags) {
    const unsigned long count = item.card();
    for (unsigned long i = 0; i < count; ++i) {
        DcmElement* element = item.getElement(i);
        const DcmTagKey tag = element->getTag().getXTag();
        if (tag == DCM_DigitalSignaturesSequence || tag == DCM_MACParametersSequence)
            continue;
        if (!element->isSignable() || !contains(signedTags, tag)) {
            failWith(VerificationStatus::Tampered,
                     QStringLiteral("attribute %1 is not covered by the DICOM signature").arg(tagText(tag)));
        }
    }
}

/// Where the dataset starts: after the preamble, "DICM" and the meta group, whose first element is its
/// group length (0002,0000) UL, as PS3.10 requires.
qsizetype datasetStart(const QByteArray& bytes) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.constData());
    if (bytes.size() < 144 || b[132] != 0x02 || b[133] != 0 || b[134] != 0 || b[135] != 0 || b[136] != 'U' ||
        b[137] != 'L' || b[138] != 4 || b[139] != 0)
        failWith(VerificationStatus::Malformed, QStringLiteral("the file meta header has no group length"));
    const quint32 length = b[140] | (b[141] << 8) | (b[142] << 16) | (quint32(b[143]) << 24);
    if (qint64(length) > bytes.size() - 144)
        failWith(VerificationStatus::Malformed, QStringLiteral("the file meta header runs past the end"));
    return 144 + qsizetype(length);
}

/// dcmsign's MACs cover the values as DCMTK re-encodes them, not the stored bytes, so a changed length that
/// DCMTK tolerates or a changed reserved byte would pass them. The dataset's bytes must therefore be exactly
/// what its values encode to (in its own transfer syntax, with explicit or with undefined lengths
/// throughout): then every stored byte is covered.
void requireCanonicalEncoding(DcmDataset& dataset, const QByteArray& bytes) {
    const qsizetype start = datasetStart(bytes);
    const QByteArray stored = QByteArray::fromRawData(bytes.constData() + start, bytes.size() - start);
    const E_TransferSyntax xfer = dataset.getOriginalXfer();
    for (const E_EncodingType encoding : {EET_ExplicitLength, EET_UndefinedLength}) {
        if (datasetBytes(dataset, xfer, encoding) == stored)
            return;
    }
    failWith(
        VerificationStatus::Tampered,
        QStringLiteral("the dataset's bytes are not the encoding of its values (a length or reserved byte "
                       "was changed)"));
}

QDateTime signatureTime(DcmSignature& signature) {
    OFString text;
    signature.getCurrentSignatureDateTime(text);
    const QString value = QString::fromLatin1(text.c_str()).trimmed();
    // DT: YYYYMMDDHHMMSS[.FFFFFF][&ZZXX]
    QDateTime time = QDateTime::fromString(value.left(14), QStringLiteral("yyyyMMddHHmmss"));
    const int zone = value.indexOf(QRegularExpression(QStringLiteral("[+-]\\d{4}$")));
    if (time.isValid() && zone > 0) {
        const int sign = value[zone] == QLatin1Char('-') ? -1 : 1;
        const int hours = value.mid(zone + 1, 2).toInt(), minutes = value.mid(zone + 3, 2).toInt();
        time.setOffsetFromUtc(sign * (hours * 3600 + minutes * 60));
    }
    return time.toUTC();
}

}  // namespace

Verification verifyDicom(const QByteArray& bytes, const TrustStore& trust, const QDateTime& at) {
    Verification result;
    try {
        if (bytes.size() < 132 || bytes.mid(128, 4) != "DICM")
            failWith(VerificationStatus::Malformed, QStringLiteral("not a PDF or a DICOM file"));
        std::unique_ptr<DcmFileFormat> file;
        try {
            file = readDicomBytes(bytes, "file");
        } catch (const Error& e) {
            failWith(VerificationStatus::Malformed, QString::fromStdString(e.cause()));
        }
        DcmDataset& dataset = *file->getDataset();
        DcmItem& meta = *file->getMetaInfo();
        requireCanonicalEncoding(dataset, bytes);

        // Every item that holds signatures, the dataset's own first.
        std::vector<DcmItem*> holders;
        DcmStack stack;
        for (DcmItem* item = DcmSignature::findFirstSignatureItem(dataset, stack); item != nullptr;
             item = DcmSignature::findNextSignatureItem(dataset, stack))
            holders.push_back(item);
        if (holders.empty())
            failWith(VerificationStatus::Unsigned, QStringLiteral("the DICOM file carries no signature"));

        const bool isSr = dataset.tagExists(DCM_ContentSequence) && dataset.tagExists(DCM_ValueType);
        bool srVerificationSignature = false, topLevelSigned = false;
        std::vector<std::pair<X509Ptr, SignatureInfo>> signers;  // certificates copied out of dcmsign
        for (DcmItem* holder : holders) {
            auto signature = std::make_unique<DcmSignature>();
            signature->attach(holder);
            const unsigned long count = signature->numberOfSignatures();
            for (unsigned long i = 0; i < count; ++i) {
                if (signature->selectSignature(i).bad())
                    failWith(VerificationStatus::Malformed,
                             QStringLiteral("a DICOM signature cannot be read"));
                const OFCondition verified = signature->verifyCurrent();
                ERR_clear_error();
                if (verified == SI_EC_VerificationFailed_CertExpiredAtSignature) {
                    SiCertificate* certificate = signature->getCurrentCertificate();
                    X509* raw = certificate ? certificate->getRawCertificate() : nullptr;
                    const QDateTime until = asn1TimeToDateTime(raw ? X509_get0_notAfter(raw) : nullptr);
                    failWith(
                        VerificationStatus::Expired,
                        QStringLiteral(
                            "the signer's certificate expired on %1, before the DICOM signature was made")
                            .arg(until.toString(Qt::ISODate)));
                }
                if (verified.bad()) {
                    failWith(VerificationStatus::Tampered,
                             QStringLiteral("the dataset does not match its DICOM signature (%1)")
                                 .arg(QString::fromLatin1(verified.text()).toLower()));
                }
                OFString macName;
                signature->getCurrentMacName(macName);
                if (macName != "SHA256" && macName != "SHA384" && macName != "SHA512") {
                    failWith(VerificationStatus::Tampered,
                             QStringLiteral("a DICOM signature's MAC is %1, not SHA-2")
                                 .arg(QString::fromLatin1(macName.c_str())));
                }
                DcmAttributeTag signedTags(DCM_DataElementsSigned);
                if (signature->getCurrentDataElementsSigned(signedTags).bad())
                    failWith(VerificationStatus::Malformed,
                             QStringLiteral("a DICOM signature lists no attributes"));
                if (holder == &dataset) {
                    requireFullCoverage(dataset, signedTags);
                    topLevelSigned = true;
                    if (isSr) {
                        SiStructuredReportingVerificationProfile profile;
                        srVerificationSignature =
                            srVerificationSignature || signature->verifySignatureProfile(profile).good();
                    }
                }
                SiCertificate* certificate = signature->getCurrentCertificate();
                X509* raw = certificate ? certificate->getRawCertificate() : nullptr;
                if (raw == nullptr)
                    failWith(VerificationStatus::Malformed,
                             QStringLiteral("a DICOM signature has no certificate"));
                SignatureInfo info;
                info.kind = isSr ? QStringLiteral("DICOM SR verification") : QStringLiteral("DICOM base RSA");
                info.signer = nameLine(X509_get_subject_name(raw));
                info.signingTime = signatureTime(*signature);
                signers.emplace_back(X509Ptr(X509_dup(raw)), info);
            }
            signature->detach();
        }

        if (!topLevelSigned)
            failWith(VerificationStatus::Unsigned, QStringLiteral("the DICOM dataset itself is not signed"));
        if (isSr) {
            if (stringOf(dataset, DCM_VerificationFlag) != "VERIFIED")
                failWith(VerificationStatus::Tampered, QStringLiteral("the SR is not VERIFIED"));
            if (!srVerificationSignature) {
                failWith(VerificationStatus::Tampered,
                         QStringLiteral("the SR has no verification signature of the SR RSA profile"));
            }
        }
        // The meta group is outside the signature by design; it must name the signed instance.
        if (stringOf(meta, DCM_MediaStorageSOPClassUID) != stringOf(dataset, DCM_SOPClassUID) ||
            stringOf(meta, DCM_MediaStorageSOPInstanceUID) != stringOf(dataset, DCM_SOPInstanceUID)) {
            failWith(VerificationStatus::Tampered,
                     QStringLiteral("the file meta header does not name the signed SOP instance"));
        }
        for (auto& [certificate, info] : signers) {
            const CertificateCheck check = checkSignerCertificate(certificate.get(), nullptr, trust, at);
            if (check.status != VerificationStatus::Valid)
                failWith(check.status, check.reason);
            result.signatures.push_back(info);
        }
        result.status = VerificationStatus::Valid;
    } catch (const Failure& failure) {
        result.status = failure.status;
        result.reason = failure.reason;
    }
    return result;
}

}  // namespace boneage::report::detail
