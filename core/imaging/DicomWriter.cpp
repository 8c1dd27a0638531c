// writeDicom: a single-frame greyscale CR or DX film through DCMTK, in any supported transfer syntax.
#include "imaging/AtomicFile.h"
#include "imaging/DcmtkSupport.h"
#include "imaging/FilmWriter.h"
#include "imaging/Uid.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace boneage::imaging {

const char* transferSyntaxUid(TransferSyntax syntax) {
    switch (syntax) {
        case TransferSyntax::ExplicitLittleEndian:
            return UID_LittleEndianExplicitTransferSyntax;
        case TransferSyntax::ImplicitLittleEndian:
            return UID_LittleEndianImplicitTransferSyntax;
        case TransferSyntax::ExplicitBigEndian:
            return UID_BigEndianExplicitTransferSyntax;
        case TransferSyntax::DeflatedLittleEndian:
            return UID_DeflatedExplicitVRLittleEndianTransferSyntax;
        case TransferSyntax::JpegBaseline:
            return UID_JPEGProcess1TransferSyntax;
        case TransferSyntax::JpegLossless:
            return UID_JPEGProcess14SV1TransferSyntax;
        case TransferSyntax::JpegLsLossless:
            return UID_JPEGLSLosslessTransferSyntax;
        case TransferSyntax::JpegLsNearLossless:
            return UID_JPEGLSLossyTransferSyntax;
        case TransferSyntax::RleLossless:
            return UID_RLELosslessTransferSyntax;
    }
    return UID_LittleEndianExplicitTransferSyntax;
}

namespace {

E_TransferSyntax dcmtkSyntax(TransferSyntax syntax) {
    switch (syntax) {
        case TransferSyntax::ExplicitLittleEndian:
            return EXS_LittleEndianExplicit;
        case TransferSyntax::ImplicitLittleEndian:
            return EXS_LittleEndianImplicit;
        case TransferSyntax::ExplicitBigEndian:
            return EXS_BigEndianExplicit;
        case TransferSyntax::DeflatedLittleEndian:
            return EXS_DeflatedLittleEndianExplicit;
        case TransferSyntax::JpegBaseline:
            return EXS_JPEGProcess1;
        case TransferSyntax::JpegLossless:
            return EXS_JPEGProcess14SV1;
        case TransferSyntax::JpegLsLossless:
            return EXS_JPEGLSLossless;
        case TransferSyntax::JpegLsNearLossless:
            return EXS_JPEGLSLossy;
        case TransferSyntax::RleLossless:
            return EXS_RLELossless;
    }
    return EXS_LittleEndianExplicit;
}

[[noreturn]] void usage(const std::string& path, const std::string& cause) {
    throw Error(ErrorCode::Usage, path, cause);
}

std::string decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);  // fits the 16-byte DS limit for sane values
    std::string text = buffer;
    return text.size() > 16 ? text.substr(0, 16) : text;
}

std::string uidOr(const std::string& given) {
    return given.empty() ? newUid() : given;
}

void put(DcmDataset& ds, const DcmTagKey& tag, const std::string& value, const std::string& path) {
    const OFCondition cond = ds.putAndInsertOFStringArray(tag, value.c_str());
    if (cond.bad()) {
        throw Error(ErrorCode::Usage, path,
                    std::string("cannot store ") + DcmTag(tag).getTagName() + ": " + cond.text());
    }
}

void validate(const std::string& path, int width, int height, const std::vector<std::uint16_t>& pixels,
              const DicomWriteOptions& o) {
    if (width < 1 || height < 1 || width > 65535 || height > 65535) {
        usage(path, "film size " + std::to_string(width) + "x" + std::to_string(height) + " out of range");
    }
    if (std::uint64_t(pixels.size()) != std::uint64_t(width) * std::uint64_t(height)) {
        usage(path, "pixel count " + std::to_string(pixels.size()) + " does not match " +
                        std::to_string(width) + "x" + std::to_string(height));
    }
    if (o.bitsStored < 8 || o.bitsStored > 16)
        usage(path, "bits stored must be 8..16");
    if (o.transferSyntax == TransferSyntax::JpegBaseline && o.bitsStored != 8) {
        usage(path, "JPEG baseline needs 8-bit pixels, not " + std::to_string(o.bitsStored));
    }
    if (o.jpegQuality < 1 || o.jpegQuality > 100)
        usage(path, "JPEG quality must be 1..100");
    if (o.nearLosslessError < 1 || o.nearLosslessError > 255)
        usage(path, "near-lossless error must be 1..255");
    if (o.window && !(o.window->width >= 1 && std::isfinite(o.window->centre))) {
        usage(path, "window width must be at least 1");
    }
    if (o.pixelSpacingMm && !(o.pixelSpacingMm->first > 0 && o.pixelSpacingMm->second > 0)) {
        usage(path, "pixel spacing must be positive");
    }
    if (!(std::isfinite(o.rescaleSlope) && o.rescaleSlope != 0 && std::isfinite(o.rescaleIntercept))) {
        usage(path, "rescale slope must be finite and non-zero");
    }
    const unsigned maxStored = (1u << o.bitsStored) - 1u;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        if (pixels[i] > maxStored) {
            usage(path, "pixel value " + std::to_string(pixels[i]) + " does not fit in " +
                            std::to_string(o.bitsStored) + " bits");
        }
    }
}

std::unique_ptr<DcmRepresentationParameter> representation(const DicomWriteOptions& o) {
    switch (o.transferSyntax) {
        case TransferSyntax::JpegBaseline:
            return std::make_unique<DJ_RPLossy>(o.jpegQuality);
        case TransferSyntax::JpegLossless:
            return std::make_unique<DJ_RPLossless>(1, 0);
        case TransferSyntax::JpegLsLossless:
            return std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
        case TransferSyntax::JpegLsNearLossless:
            return std::make_unique<DJLSRepresentationParameter>(Uint16(o.nearLosslessError), OFFalse);
        case TransferSyntax::RleLossless:
            return std::make_unique<DcmRLERepresentationParameter>();
        default:
            return nullptr;
    }
}

void putMetadata(DcmDataset& ds, const DicomWriteOptions& o, const std::string& path) {
    const FilmMetadata& m = o.metadata;
    const bool dx = o.sopClass == DicomSopClass::DigitalXRay;
    put(ds, DCM_SpecificCharacterSet, "ISO_IR 192", path);
    put(ds, DCM_SOPClassUID,
        dx ? UID_DigitalXRayImageStorageForPresentation : UID_ComputedRadiographyImageStorage, path);
    put(ds, DCM_SOPInstanceUID, uidOr(m.sopInstanceUid), path);
    put(ds, DCM_StudyInstanceUID, uidOr(m.studyInstanceUid), path);
    put(ds, DCM_SeriesInstanceUID, uidOr(m.seriesInstanceUid), path);
    put(ds, DCM_Modality, m.modality.empty() ? (dx ? "DX" : "CR") : m.modality, path);
    put(ds, DCM_PatientName, m.patientName, path);
    put(ds, DCM_PatientID, m.patientId, path);
    put(ds, DCM_PatientBirthDate, m.birthDate, path);
    put(ds, DCM_PatientSex, m.patientSex, path);
    put(ds, DCM_StudyDate, m.studyDate, path);
    put(ds, DCM_StudyTime, "", path);
    put(ds, DCM_ReferringPhysicianName, "", path);
    put(ds, DCM_StudyID, "", path);
    put(ds, DCM_AccessionNumber, m.accessionNumber, path);
    if (!m.studyDescription.empty())
        put(ds, DCM_StudyDescription, m.studyDescription, path);
    put(ds, DCM_SeriesNumber, "1", path);
    put(ds, DCM_InstanceNumber, "1", path);
    put(ds, DCM_Manufacturer, "", path);
    // A left hand PA with fingers up: rows run towards the patient's left, columns towards the feet.
    put(ds, DCM_PatientOrientation, dx ? "L\\F" : "", path);
    put(ds, DCM_BodyPartExamined, m.bodyPart.empty() ? "HAND" : m.bodyPart, path);
    put(ds, DCM_ImageType, "DERIVED\\PRIMARY", path);
    put(ds, dx ? DCM_ImageLaterality : DCM_Laterality, m.laterality, path);
    if (dx) {
        put(ds, DCM_PresentationIntentType, "FOR PRESENTATION", path);
        put(ds, DCM_PixelIntensityRelationship, "LIN", path);
        ds.putAndInsertSint16(DCM_PixelIntensityRelationshipSign, 1);
        put(ds, DCM_PresentationLUTShape, o.monochrome1 ? "INVERSE" : "IDENTITY", path);
        put(ds, DCM_BurnedInAnnotation, "NO", path);
        put(ds, DCM_DetectorType, "", path);
        put(ds, DCM_ViewPosition, "PA", path);
        put(ds, DCM_PositionerType, "", path);
        ds.insertEmptyElement(DCM_AcquisitionContextSequence);
        DcmItem* region = nullptr;
        if (ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, region, 0).good() && region) {
            region->putAndInsertString(DCM_CodeValue, "85562004");  // SNOMED CT: hand structure
            region->putAndInsertString(DCM_CodingSchemeDesignator, "SCT");
            region->putAndInsertString(DCM_CodeMeaning, "Hand");
        }
    } else {
        put(ds, DCM_ViewPosition, "", path);
    }
}

}  // namespace

void writeDicom(const std::string& path, int width, int height, const std::vector<std::uint16_t>& pixels,
                const DicomWriteOptions& o) {
    validate(path, width, height, pixels, o);
    detail::ensureDcmtkReady();

    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    putMetadata(ds, o, path);

    const bool dx = o.sopClass == DicomSopClass::DigitalXRay;
    const int bitsAllocated = o.bitsStored == 8 ? 8 : 16;
    const unsigned maxStored = (1u << o.bitsStored) - 1u;
    put(ds, DCM_PhotometricInterpretation, o.monochrome1 ? "MONOCHROME1" : "MONOCHROME2", path);
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertUint16(DCM_Rows, Uint16(height));
    ds.putAndInsertUint16(DCM_Columns, Uint16(width));
    ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(bitsAllocated));
    ds.putAndInsertUint16(DCM_BitsStored, Uint16(o.bitsStored));
    ds.putAndInsertUint16(DCM_HighBit, Uint16(o.bitsStored - 1));
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    if (dx || o.rescaleSlope != 1.0 || o.rescaleIntercept != 0.0) {
        put(ds, DCM_RescaleIntercept, decimal(o.rescaleIntercept), path);
        put(ds, DCM_RescaleSlope, decimal(o.rescaleSlope), path);
        put(ds, DCM_RescaleType, "US", path);
    }
    if (o.window) {
        // The caller's window is in bone-bright units; for MONOCHROME1 the stored values are S - v, which
        // maps the DICOM linear window onto centre S + 1 - c exactly (see FilmLoader's inversion).
        double centre = o.window->centre;
        if (o.monochrome1) {
            const double lo = o.rescaleIntercept, hi = o.rescaleSlope * maxStored + o.rescaleIntercept;
            centre = lo + hi + 1.0 - centre;
        }
        put(ds, DCM_WindowCenter, decimal(centre), path);
        put(ds, DCM_WindowWidth, decimal(o.window->width), path);
    }
    if (o.pixelSpacingMm) {
        const std::string spacing =
            decimal(o.pixelSpacingMm->first) + "\\" + decimal(o.pixelSpacingMm->second);
        put(ds, DCM_PixelSpacing, spacing, path);
        if (dx)
            put(ds, DCM_ImagerPixelSpacing, spacing, path);
    }
    if (o.transferSyntax == TransferSyntax::JpegBaseline ||
        o.transferSyntax == TransferSyntax::JpegLsNearLossless) {
        put(ds, DCM_LossyImageCompression, "01", path);
    } else if (dx) {
        put(ds, DCM_LossyImageCompression, "00", path);
    }

    const std::size_t n = pixels.size();
    OFCondition cond;
    if (bitsAllocated == 8) {
        std::vector<Uint8> stored(n);
        for (std::size_t i = 0; i < n; ++i)
            stored[i] = Uint8(o.monochrome1 ? maxStored - pixels[i] : pixels[i]);
        cond = ds.putAndInsertUint8Array(DCM_PixelData, stored.data(), static_cast<unsigned long>(n));
    } else {
        std::vector<Uint16> stored(n);
        for (std::size_t i = 0; i < n; ++i)
            stored[i] = Uint16(o.monochrome1 ? maxStored - pixels[i] : pixels[i]);
        cond = ds.putAndInsertUint16Array(DCM_PixelData, stored.data(), static_cast<unsigned long>(n));
    }
    if (cond.bad())
        throw Error(ErrorCode::Internal, path, std::string("cannot store pixel data: ") + cond.text());

    const E_TransferSyntax xfer = dcmtkSyntax(o.transferSyntax);
    if (const auto params = representation(o)) {
        cond = ds.chooseRepresentation(xfer, params.get());
        if (cond.bad() || !ds.canWriteXfer(xfer)) {
            throw Error(ErrorCode::Internal, path,
                        std::string("cannot encode as ") + DcmXfer(xfer).getXferName() +
                            (cond.bad() ? std::string(": ") + cond.text() : ""));
        }
    }
    writeAtomically(path, [&](const std::string& temp) {
        const OFCondition saved = file.saveFile(temp.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL,
                                                EPD_noChange, 0, 0, EWM_fileformat);
        if (saved.bad())
            throw Error(ErrorCode::Storage, path, std::string("cannot write: ") + saved.text());
    });
}

}  // namespace boneage::imaging
