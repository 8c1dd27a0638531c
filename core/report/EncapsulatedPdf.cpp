// The report's PDF as an Encapsulated PDF Storage object, with the attributes pdf2dcm (DCMTK's
// DcmEncapsulatedDocument) writes, filled with the report's patient and study instead of left empty.
#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrobow.h>
#include <dcmtk/dcmdata/dcvrpobw.h>

#include "common/Error.h"
#include "common/Version.h"
#include "report/DicomObjects.h"
#include "report/DicomSupport.h"

namespace boneage::report::detail {

namespace {

std::string text(const QString& value) {
    return value.toUtf8().toStdString();
}

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
    check(item.putAndInsertString(tag, value.c_str()), "set an attribute of the encapsulated PDF");
}

void putCode(DcmItem& item, const DcmTagKey& sequence, const char* value, const char* scheme,
             const char* meaning) {
    DcmItem* entry = nullptr;
    check(item.findOrCreateSequenceItem(sequence, entry, -2), "add a code sequence");
    put(*entry, DCM_CodeValue, value);
    put(*entry, DCM_CodingSchemeDesignator, scheme);
    put(*entry, DCM_CodeMeaning, meaning);
}

}  // namespace

std::unique_ptr<DcmFileFormat> makeEncapsulatedPdf(const ReportContent& c, const DicomPlacement& place,
                                                   const QByteArray& pdf) {
    ensureDicomReady();
    if (!pdf.startsWith("%PDF-") || pdf.size() >= 0xFFFFFFF0LL)
        throw Error(ErrorCode::Internal, "encapsulated PDF", "the document is not a PDF of a usable size");
    auto file = std::make_unique<DcmFileFormat>();
    DcmDataset& ds = *file->getDataset();
    put(ds, DCM_SpecificCharacterSet, "ISO_IR 192");
    put(ds, DCM_SOPClassUID, UID_EncapsulatedPDFStorage);
    put(ds, DCM_SOPInstanceUID, text(place.sopUid));
    put(ds, DCM_InstanceCreationDate, text(c.signingTime.toString(QStringLiteral("yyyyMMdd"))));
    put(ds, DCM_InstanceCreationTime, text(c.signingTime.toString(QStringLiteral("HHmmss"))));
    // Patient
    put(ds, DCM_PatientName, text(c.patientName));
    put(ds, DCM_PatientID, text(c.patientId));
    put(ds, DCM_PatientBirthDate,
        c.birthDate.isValid() ? text(c.birthDate.toString(QStringLiteral("yyyyMMdd"))) : "");
    put(ds, DCM_PatientSex, c.sex ? sexCode(*c.sex) : "");
    // General Study: the film's study.
    put(ds, DCM_StudyInstanceUID, text(place.studyUid));
    put(ds, DCM_StudyDate,
        c.studyDate.isValid() ? text(c.studyDate.toString(QStringLiteral("yyyyMMdd"))) : "");
    put(ds, DCM_StudyTime, "");
    put(ds, DCM_ReferringPhysicianName, "");
    put(ds, DCM_StudyID, "");
    put(ds, DCM_AccessionNumber, text(c.accessionNumber.left(16)));
    if (!c.studyDescription.isEmpty())
        put(ds, DCM_StudyDescription, text(c.studyDescription.left(64)));
    // Encapsulated Document Series and SC Equipment.
    put(ds, DCM_Modality, "DOC");
    put(ds, DCM_SeriesInstanceUID, text(place.seriesUid));
    put(ds, DCM_SeriesNumber, std::to_string(place.seriesNumber));
    put(ds, DCM_SeriesDescription, "Bone age report (PDF)");
    put(ds, DCM_ConversionType, "WSD");
    put(ds, DCM_Manufacturer, "BoneAge Workstation");
    put(ds, DCM_ManufacturerModelName, "boneage");
    put(ds, DCM_SoftwareVersions, kVersion);
    // Encapsulated Document.
    put(ds, DCM_InstanceNumber, std::to_string(place.instanceNumber));
    put(ds, DCM_ContentDate, text(c.signingTime.toString(QStringLiteral("yyyyMMdd"))));
    put(ds, DCM_ContentTime, text(c.signingTime.toString(QStringLiteral("HHmmss"))));
    put(ds, DCM_AcquisitionDateTime, "");
    put(ds, DCM_BurnedInAnnotation, "YES");  // the page shows the patient's name and ID
    put(ds, DCM_DocumentTitle, c.revision > 1 ? "Bone age report (revised)" : "Bone age report");
    putCode(ds, DCM_ConceptNameCodeSequence, "18748-4", "LN", "Diagnostic imaging report");
    put(ds, DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
    if (c.source.hasDicomIdentity() && !c.source.sopClassUid.isEmpty()) {
        DcmItem* source = nullptr;
        check(ds.findOrCreateSequenceItem(DCM_SourceInstanceSequence, source, -2), "reference the film");
        put(*source, DCM_ReferencedSOPClassUID, text(c.source.sopClassUid));
        put(*source, DCM_ReferencedSOPInstanceUID, text(c.source.sopInstanceUid));
    }
    check(ds.putAndInsertUint32(DCM_EncapsulatedDocumentLength, Uint32(pdf.size())),
          "set the encapsulated document length");
    // OB of even length: a PDF of odd size gets one zero pad byte (CP 1851, as pdf2dcm does).
    QByteArray even = pdf;
    if (even.size() % 2 != 0)
        even.append('\0');
    check(
        ds.putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(even.constData()),
                                  static_cast<unsigned long>(even.size())),
        "embed the PDF");
    return file;
}

}  // namespace boneage::report::detail
