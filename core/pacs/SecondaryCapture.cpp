#include "pacs/SecondaryCapture.h"

#include "common/Error.h"
#include "imaging/AtomicFile.h"
#include "imaging/Uid.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <QDate>
#include <QTime>

namespace boneage::pacs {

namespace {

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value, const std::string& subject) {
    if (item.putAndInsertOFStringArray(tag, OFString(value.c_str())).bad())
        throw Error(ErrorCode::Internal, subject, "DCMTK refused a value of the secondary capture");
}

}  // namespace

CaptureFile writeSecondaryCapture(const std::string& path, int width, int height,
                                  const std::vector<std::uint8_t>& rgb, const imaging::FilmMetadata& source,
                                  const CaptureOptions& options) {
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535 ||
        rgb.size() != std::size_t(width) * std::size_t(height) * 3)
        throw Error(ErrorCode::Usage, path, "the secondary capture's pixels do not have its size");
    CaptureFile out;
    out.seriesInstanceUid = imaging::newUid();
    out.sopInstanceUid = imaging::newUid();
    const std::string studyUid =
        source.studyInstanceUid.empty() ? imaging::newUid() : source.studyInstanceUid;
    const std::string today = QDate::currentDate().toString(QStringLiteral("yyyyMMdd")).toStdString();
    const std::string now = QTime::currentTime().toString(QStringLiteral("HHmmss")).toStdString();

    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    put(d, DCM_SpecificCharacterSet, "ISO_IR 192", path);
    put(d, DCM_SOPClassUID, UID_SecondaryCaptureImageStorage, path);
    put(d, DCM_SOPInstanceUID, out.sopInstanceUid, path);
    put(d, DCM_StudyInstanceUID, studyUid, path);
    put(d, DCM_SeriesInstanceUID, out.seriesInstanceUid, path);
    put(d, DCM_PatientName, source.patientName, path);
    put(d, DCM_PatientID, source.patientId, path);
    put(d, DCM_PatientBirthDate, source.birthDate, path);
    put(d, DCM_PatientSex, source.patientSex, path);
    put(d, DCM_StudyDate, source.studyDate, path);
    put(d, DCM_StudyTime, "", path);
    put(d, DCM_AccessionNumber, source.accessionNumber, path);
    put(d, DCM_StudyDescription, source.studyDescription, path);
    put(d, DCM_ReferringPhysicianName, "", path);
    put(d, DCM_StudyID, "", path);
    put(d, DCM_Modality, "OT", path);
    put(d, DCM_SeriesNumber, std::to_string(options.seriesNumber), path);
    put(d, DCM_SeriesDescription, options.seriesDescription, path);
    put(d, DCM_InstanceNumber, "1", path);
    put(d, DCM_PatientOrientation, "", path);
    put(d, DCM_Laterality, source.laterality, path);
    put(d, DCM_BodyPartExamined, source.bodyPart, path);
    put(d, DCM_ConversionType, "WSD", path);
    put(d, DCM_ImageType, "DERIVED\\SECONDARY", path);
    put(d, DCM_ContentDate, today, path);
    put(d, DCM_ContentTime, now, path);
    put(d, DCM_DateOfSecondaryCapture, today, path);
    put(d, DCM_TimeOfSecondaryCapture, now, path);
    put(d, DCM_BurnedInAnnotation, "NO", path);
    if (!options.derivation.empty())
        put(d, DCM_DerivationDescription, options.derivation, path);
    if (!source.sopInstanceUid.empty() && !source.sopClassUid.empty()) {
        DcmItem* ref = nullptr;
        if (d.findOrCreateSequenceItem(DCM_SourceImageSequence, ref, -2).bad() || !ref)
            throw Error(ErrorCode::Internal, path, "DCMTK refused the source image reference");
        put(*ref, DCM_ReferencedSOPClassUID, source.sopClassUid, path);
        put(*ref, DCM_ReferencedSOPInstanceUID, source.sopInstanceUid, path);
    }
    put(d, DCM_PhotometricInterpretation, "RGB", path);
    bool ok = d.putAndInsertUint16(DCM_SamplesPerPixel, 3).good() &&
              d.putAndInsertUint16(DCM_PlanarConfiguration, 0).good() &&
              d.putAndInsertUint16(DCM_Rows, Uint16(height)).good() &&
              d.putAndInsertUint16(DCM_Columns, Uint16(width)).good() &&
              d.putAndInsertUint16(DCM_BitsAllocated, 8).good() &&
              d.putAndInsertUint16(DCM_BitsStored, 8).good() && d.putAndInsertUint16(DCM_HighBit, 7).good() &&
              d.putAndInsertUint16(DCM_PixelRepresentation, 0).good();
    ok = ok && d.putAndInsertUint8Array(DCM_PixelData, rgb.data(), unsigned(rgb.size())).good();
    if (!ok)
        throw Error(ErrorCode::Internal, path, "DCMTK refused the secondary capture's pixels");

    imaging::writeAtomically(path, [&](const std::string& temp) {
        if (file.saveFile(temp.c_str(), EXS_LittleEndianExplicit).bad())
            throw Error(ErrorCode::Storage, path, "the secondary capture could not be written");
    });
    return out;
}

}  // namespace boneage::pacs
