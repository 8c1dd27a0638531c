#pragma once
// Internal to boneage_report: the two DICOM objects of a report (a TID 1500 Enhanced SR and an Encapsulated
// PDF), their dcmsign signatures, and the byte form they are written in. DCMTK types appear only here and in
// the .cpp files that include this header.

#include <QByteArray>
#include <QString>
#include <memory>

#include "report/ReportContent.h"
#include "report/SigningIdentity.h"

class DcmFileFormat;

namespace boneage::report::detail {

/// Where a DICOM object of the report sits: its study (the film's), its own series and instance.
struct DicomPlacement {
    QString studyUid, seriesUid, sopUid;
    int seriesNumber = 900, instanceNumber = 1;
};

/// The reader as the SR's verifying observer: printed name, organisation, and an identification code made
/// from the signing certificate (its SHA-256 fingerprint), so the observer is tied to the key that signed.
struct VerifyingObserver {
    QString name, organisation, certificateFingerprint, certificateSubject;
};

/// Registers dcmsign's OpenSSL use and quietens DCMTK's loggers. Thread-safe; once per process.
void ensureDicomReady();

/// The Enhanced SR (TID 1500 Measurement Report): one measurement group with the reader's bone age (LOINC
/// 85151-9 in UCUM mo), the model's, the chronological age (LOINC 30525-0), the Brush SD and z-score, the
/// method (LOINC 85150-1: Greulich and Pyle) and the verdict and decision as qualitative evaluations; the
/// procedure LOINC 24724-7; observer context with the model as a device observer and the reader as a person
/// observer; the film in the image library and the Current Requested Procedure Evidence; COMPLETE and
/// VERIFIED by `observer` at the signing time. With `predecessor` (a signed SR file's bytes) the document is
/// DCMTK's createRevisedVersion() of it: the predecessor goes into the Predecessor Documents Sequence.
/// Throws Error(Internal) when DCMTK refuses a value, Error(Usage) for a predecessor of another patient or
/// study.
std::unique_ptr<DcmFileFormat> makeStructuredReport(const ReportContent& content, const DicomPlacement& place,
                                                    const VerifyingObserver& observer,
                                                    const QByteArray* predecessor);

/// The Encapsulated PDF Storage object of `pdf`, with the attributes pdf2dcm writes (Modality DOC, Conversion
/// Type WSD, MIME type, Encapsulated Document Length, Burned In Annotation YES since the PDF shows the
/// patient) and the patient and study of the report.
std::unique_ptr<DcmFileFormat> makeEncapsulatedPdf(const ReportContent& content, const DicomPlacement& place,
                                                   const QByteArray& pdf);

/// Which dcmsign security profile a signature follows.
enum class DicomProfile {
    StructuredReportVerification,  ///< SR RSA Digital Signature profile, verification signature
    BaseRsa,                       ///< Base RSA Digital Signature profile
};

/// Signs every signable attribute of the dataset (no tag list: nothing left out) with SHA-256, the identity's
/// certificate and key, purpose "verification signature". Throws Error(Signature) when dcmsign refuses.
void signDataset(DcmFileFormat& file, const SigningIdentity& identity, DicomProfile profile);

/// The file in Explicit VR Little Endian with a fresh meta header, no group lengths and explicit lengths.
QByteArray dicomBytes(DcmFileFormat& file);

}  // namespace boneage::report::detail
