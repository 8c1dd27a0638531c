// The report as a DICOM Enhanced SR after TID 1500 (Measurement Report), with DCMTK's dcmsr/cmr templates.
#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/cmr/cid244e.h>
#include <dcmtk/dcmsr/cmr/cid4031.h>
#include <dcmtk/dcmsr/cmr/cid5000.h>
#include <dcmtk/dcmsr/cmr/cid5001.h>
#include <dcmtk/dcmsr/cmr/cid7021.h>
#include <dcmtk/dcmsr/cmr/cid7452.h>
#include <dcmtk/dcmsr/cmr/cid7453.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <cmath>

#include "common/Error.h"
#include "common/Version.h"
#include "report/DicomObjects.h"
#include "report/DicomSupport.h"
#include "report/Uid.h"

namespace boneage::report::detail {

namespace {

/// The private coding scheme of this project, for the concepts LOINC and SNOMED have no code for.
constexpr const char* kScheme = "99BONEAGE";

DSRCodedEntryValue code(const char* value, const char* scheme, const char* meaning) {
    return DSRCodedEntryValue(value, scheme, meaning);
}

const DSRCodedEntryValue kMonths = code("mo", "UCUM", "month");
const DSRCodedEntryValue kNoUnits = code("1", "UCUM", "no units");

using Measurement = CMR_TID1501_in_TID1500::MeasurementValue;

OFString number(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

OFString text(const QString& value) {
    return OFString(value.toUtf8().constData());
}

/// DICOM DT with the offset from UTC: "20240501093012+0200".
OFString dateTime(const QDateTime& time) {
    const int offset = time.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d%02d", offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
    return text(time.toString(QStringLiteral("yyyyMMddHHmmss"))) + zone;
}

const char* verdictCode(clinical::Verdict verdict) {
    switch (verdict) {
        case clinical::Verdict::Delayed:
            return "DELAYED";
        case clinical::Verdict::Normal:
            return "NORMAL";
        case clinical::Verdict::Advanced:
            return "ADVANCED";
        case clinical::Verdict::Unknown:
            break;
    }
    return "UNKNOWN";
}

const char* verdictMeaning(clinical::Verdict verdict) {
    switch (verdict) {
        case clinical::Verdict::Delayed:
            return "Delayed bone age (below -2 SD)";
        case clinical::Verdict::Normal:
            return "Normal bone age (within +-2 SD)";
        case clinical::Verdict::Advanced:
            return "Advanced bone age (above +2 SD)";
        case clinical::Verdict::Unknown:
            break;
    }
    return "Not assessed (chronological age unknown)";
}

/// A small dataset describing the film, for the image library entry (TID 1601) and its descriptors.
void describeFilm(const ReportContent& content, DcmItem& image) {
    image.putAndInsertString(DCM_SOPClassUID, text(content.source.sopClassUid).c_str());
    image.putAndInsertString(DCM_SOPInstanceUID, text(content.source.sopInstanceUid).c_str());
    if (!content.source.modality.isEmpty())
        image.putAndInsertString(DCM_Modality, text(content.source.modality).c_str());
    if (content.studyDate.isValid())
        image.putAndInsertString(DCM_StudyDate,
                                 text(content.studyDate.toString(QStringLiteral("yyyyMMdd"))).c_str());
    image.putAndInsertString(DCM_ImageLaterality, "L");
}

void checkPredecessor(const ReportContent& content, DSRDocument& previous) {
    OFString patientId, studyUid;
    previous.getPatientID(patientId);
    previous.getStudyInstanceUID(studyUid);
    if (text(content.patientId) != patientId || studyUid.empty()) {
        throw Error(ErrorCode::Usage, "report", "the report to supersede is of another patient");
    }
    if (previous.getCompletionFlag() != DSRTypes::CF_Complete ||
        previous.getVerificationFlag() != DSRTypes::VF_Verified) {
        throw Error(ErrorCode::Usage, "report", "the report to supersede is not a completed, verified SR");
    }
}

}  // namespace

std::unique_ptr<DcmFileFormat> makeStructuredReport(const ReportContent& c, const DicomPlacement& place,
                                                    const VerifyingObserver& observer,
                                                    const QByteArray* predecessor) {
    ensureDicomReady();
    DSRDocument doc;
    if (predecessor != nullptr) {
        const auto previous = readDicomBytes(*predecessor, "the report to supersede");
        check(doc.read(*previous->getDataset()), "read the report to supersede");
        checkPredecessor(c, doc);
        // A revision points to its predecessor, keeps the study, and starts unverified and partial.
        check(doc.createRevisedVersion(OFTrue), "make a revised version");
    } else {
        check(doc.createNewDocument(DSRTypes::DT_EnhancedSR), "start the SR");
    }
    check(doc.setSpecificCharacterSetType(DSRTypes::CS_UTF8), "set the character set");

    TID1500_MeasurementReport report(CMR_CID7021::ImagingMeasurementReport);
    check(report.setLanguage(CID5000_Languages::English, CID5001_Countries::UnitedStates),
          "set the language");
    TID1001_ObservationContext& context = report.getObservationContext();
    const QString device = c.modelName + QLatin1Char(' ') + c.modelVersion;
    check(context.addDeviceObserver(text(nameBasedUid(QStringLiteral("model:") + c.modelSha256)),
                                    text(device.left(64)), "BoneAge Workstation", text(c.modelName.left(64)),
                                    text(c.modelSha256.left(16))),
          "add the model as a device observer");
    check(context.addPersonObserver(text(c.readerName.left(64)), text(c.organisation.left(64)),
                                    CID7452_OrganizationalRoles::Physician, CID7453_PerformingRoles::Reader),
          "add the reader as a person observer");
    check(report.addProcedureReported(code("24724-7", "LN", "XR Views for bone age")),
          "add the procedure reported");
    if (c.source.hasDicomIdentity() && !c.source.sopClassUid.isEmpty()) {
        DcmItem image;
        describeFilm(c, image);
        if (!report.getImageLibrary().isValid())
            check(report.getImageLibrary().createNewImageLibrary(), "start the image library");
        check(report.getImageLibrary().addImageGroup(), "add the image library group");
        const OFCondition added =
            report.getImageLibrary().addImageEntry(image, TID1600_ImageLibrary::withAllDescriptors);
        if (added != CMR_EC_NoImageLibraryEntryDescriptorsToBeAdded)
            check(added, "add the film to the image library");
    }

    TID1500_MeasurementReport::TID1501_Measurements& group = report.getIndividualMeasurements();
    check(group.setTrackingIdentifier("Bone age"), "set the tracking identifier");
    check(group.setTrackingUniqueIdentifier(text(newUid())), "set the tracking UID");
    check(group.addFindingSite(CID4031_CommonAnatomicRegions(CMR_CID4031::Hand), CID244e_Laterality("L")),
          "add the finding site");
    check(group.addMeasurement(
              CID7469_GenericIntensityAndSizeMeasurements(code("85151-9", "LN", "XR Bone age")),
              Measurement(number(c.readerBoneAgeMonths, 1), kMonths)),
          "add the reader's bone age");
    check(group.addMeasurement(CID7469_GenericIntensityAndSizeMeasurements(
                                   code("MODELBA", kScheme, "Bone age estimated by the model")),
                               Measurement(number(c.modelBoneAgeMonths, 1), kMonths), OFFalse),
          "add the model's bone age");
    if (c.chronologicalAgeMonths) {
        check(group.addMeasurement(CID7469_GenericIntensityAndSizeMeasurements(code("30525-0", "LN", "Age")),
                                   Measurement(number(*c.chronologicalAgeMonths, 1), kMonths), OFFalse),
              "add the chronological age");
    }
    if (c.sdMonths) {
        check(group.addMeasurement(CID7469_GenericIntensityAndSizeMeasurements(
                                       code("BRUSHSD", kScheme, "Brush SD of bone age at this age")),
                                   Measurement(number(*c.sdMonths, 1), kMonths), OFFalse),
              "add the Brush SD");
    }
    if (c.zScore) {
        check(group.addMeasurement(
                  CID7469_GenericIntensityAndSizeMeasurements(code("ZSCORE", kScheme, "Bone age z-score")),
                  Measurement(number(*c.zScore, 2), kNoUnits), OFFalse),
              "add the z-score");
    }
    check(group.addQualitativeEvaluation(code("85150-1", "LN", "Bone age method"),
                                         code("GP", kScheme, "Greulich and Pyle")),
          "add the method");
    check(group.addQualitativeEvaluation(code("VERDICT", kScheme, "Bone age compared with chronological age"),
                                         code(verdictCode(c.verdict), kScheme, verdictMeaning(c.verdict))),
          "add the verdict");
    const QString decision =
        c.decision == ReaderDecision::Confirmed
            ? QStringLiteral("Confirmed the model's bone age")
            : QStringLiteral("Overrode the model's bone age: ") + c.overrideReason.trimmed();
    check(group.addQualitativeEvaluation(code("DECISION", kScheme, "Reader decision"),
                                         text(decision.left(1024))),
          "add the reader's decision");
    if (!report.isValid())
        throw Error(ErrorCode::Internal, "SR", "the TID 1500 content is incomplete");
    check(doc.setTreeFromRootTemplate(report, OFTrue), "set the SR content");

    check(doc.getCodingSchemeIdentification().addItem(kScheme, "", "BoneAge Workstation concepts",
                                                      "BoneAge Workstation"),
          "identify the private coding scheme");
    if (c.source.hasDicomIdentity() && !c.source.sopClassUid.isEmpty()) {
        check(doc.getCurrentRequestedProcedureEvidence().addItem(
                  text(c.source.studyInstanceUid), text(c.source.seriesInstanceUid),
                  text(c.source.sopClassUid), text(c.source.sopInstanceUid)),
              "reference the film");
    }

    // Patient, study, series, equipment.
    check(doc.setPatientName(text(c.patientName)), "set the patient name");
    check(doc.setPatientID(text(c.patientId)), "set the patient ID");
    if (c.birthDate.isValid())
        check(doc.setPatientBirthDate(text(c.birthDate.toString(QStringLiteral("yyyyMMdd")))),
              "set the birth date");
    if (c.sex)
        check(doc.setPatientSex(sexCode(*c.sex)), "set the sex");
    if (c.studyDate.isValid())
        check(doc.setStudyDate(text(c.studyDate.toString(QStringLiteral("yyyyMMdd")))), "set the study date");
    check(doc.setAccessionNumber(text(c.accessionNumber.left(16))), "set the accession number");
    check(doc.setStudyDescription(text(c.studyDescription.left(64))), "set the study description");
    check(doc.setSeriesDescription("Bone age report (structured)"), "set the series description");
    check(doc.setSeriesNumber(number(place.seriesNumber, 0)), "set the series number");
    check(doc.setInstanceNumber(number(place.instanceNumber, 0)), "set the instance number");
    check(doc.setManufacturer("BoneAge Workstation"), "set the manufacturer");
    check(doc.setManufacturerModelName("boneage"), "set the model name");
    check(doc.setSoftwareVersions(kVersion), "set the software version");
    check(doc.setContentDate(text(c.signingTime.toString(QStringLiteral("yyyyMMdd")))),
          "set the content date");
    check(doc.setContentTime(text(c.signingTime.toString(QStringLiteral("HHmmss")))), "set the content time");

    check(doc.completeDocument(), "complete the SR");
    const DSRCodedEntryValue observerCode(
        text(observer.certificateFingerprint.left(16)), kScheme,
        text((QStringLiteral("Certificate ") + observer.certificateSubject).left(64)));
    // DCMTK 3.6.7's DT check refuses the offsets +0000 (UTC itself) and any with minutes (+0530), which
    // PS3.5 allows; the values are formatted here, so the check is skipped rather than the offset dropped.
    if (observer.name.trimmed().isEmpty() || observer.organisation.trimmed().isEmpty())
        throw Error(ErrorCode::Usage, "report", "the verifying observer needs a name and an organisation");
    check(doc.verifyDocument(text(observer.name.left(64)), observerCode, text(observer.organisation.left(64)),
                             dateTime(c.signingTime), OFFalse),
          "verify the SR");

    auto file = std::make_unique<DcmFileFormat>();
    DcmDataset& ds = *file->getDataset();
    check(doc.write(ds), "write the SR");
    // The project's own UIDs (2.25 root), in the film's study: DCMTK made its own while building.
    check(ds.putAndInsertString(DCM_StudyInstanceUID, text(place.studyUid).c_str()), "set the study UID");
    check(ds.putAndInsertString(DCM_SeriesInstanceUID, text(place.seriesUid).c_str()), "set the series UID");
    check(ds.putAndInsertString(DCM_SOPInstanceUID, text(place.sopUid).c_str()), "set the SOP instance UID");
    return file;
}

}  // namespace boneage::report::detail
