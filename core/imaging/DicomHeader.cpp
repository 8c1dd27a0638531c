// The DICOM parse behind the structure scan, the metadata and the Image Pixel module checks: everything a
// film's pixels are not needed for.
#include "imaging/DicomHeader.h"

#include "imaging/DcmtkSupport.h"
#include "imaging/FilmSize.h"
#include "imaging/FrameDecoder.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <optional>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && text[start] == ' ')
        ++start;
    return text.substr(start);
}

std::string getString(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).bad())
        return {};
    return trimmed(value.c_str());
}

std::string tagName(const DcmTagKey& tag) {
    return std::string(DcmTag(tag).getTagName()) + " " + tag.toString().c_str();
}

/// A type-1 or type-3 US attribute of the image pixel module, with its value length checked.
std::optional<Uint16> getUs(DcmItem& item, const DcmTagKey& tag, const std::string& name, bool required) {
    DcmElement* element = nullptr;
    if (item.findAndGetElement(tag, element).bad() || !element) {
        if (required)
            fail(name, "missing " + tagName(tag));
        return std::nullopt;
    }
    if (element->getLength() != 2) {
        fail(name, "invalid value length " + std::to_string(element->getLength()) + " for " + tagName(tag));
    }
    Uint16 value = 0;
    if (element->getUint16(value).bad()) {
        Sint16 signedValue = 0;
        if (element->getSint16(signedValue).bad())
            fail(name, "unreadable " + tagName(tag));
        value = Uint16(signedValue);
    }
    return value;
}

bool isJpeg2000(const std::string& uid) {
    return uid == UID_JPEG2000LosslessOnlyTransferSyntax || uid == UID_JPEG2000TransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax ||
           uid.rfind("1.2.840.10008.1.2.4.20", 0) == 0;  // High-Throughput JPEG 2000 (.201-.203)
}

PixelKind pixelKindOf(const std::string& photometric, const std::string& name) {
    if (photometric == "MONOCHROME1" || photometric == "MONOCHROME2")
        return PixelKind::Grey;
    if (photometric == "PALETTE COLOR")
        return PixelKind::Palette;
    for (const char* colour : {"RGB", "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_422", "YBR_RCT", "YBR_ICT"}) {
        if (photometric == colour)
            return PixelKind::Colour;
    }
    fail(name, "unsupported photometric interpretation " + photometric);
}

}  // namespace

ParsedDicom::ParsedDicom(const std::uint8_t* data, std::size_t size, const std::string& name,
                         ScanScope scope) {
    ensureDcmtkReady();
    m_structure = scanDicomStructure(data, size, name, scope);
    const std::string& ts = m_structure.transferSyntaxUid;
    if (isJpeg2000(ts) && !isDecodableJpeg2000(ts))
        fail(name, "unsupported transfer syntax JPEG 2000 Part 2 or High-Throughput (" + ts + ")");
    if (!ts.empty() && DcmXfer(ts.c_str()).getXfer() == EXS_Unknown)
        fail(name, "unsupported transfer syntax " + ts);

    const bool untilPixels = scope == ScanScope::UntilPixelData;
    // Only what the scan checked goes to DCMTK: up to the end of the pixel data element's header when
    // reading a header, which DCMTK reads whole before it stops (a deflated dataset is inflated by DCMTK
    // from the whole stream, which the scan inflated and checked too).
    std::size_t parsed = size;
    if (untilPixels && m_structure.hasPixelData && ts != UID_DeflatedExplicitVRLittleEndianTransferSyntax)
        parsed = m_structure.pixelDataValueOffset;
    const DcmTagKey stopAt = untilPixels ? DCM_PixelData : DCM_UndefinedTagKey;

    DcmInputBufferStream stream;
    OFCondition cond;
    if (ts.empty()) {
        // No transfer syntax in the meta header: DcmFileFormat would guess the dataset's encoding itself,
        // whatever it is told, and may read lengths the scan never checked (a fuzzer found 2 and 4 GB
        // allocations). So read the dataset alone, in the encoding the scan validated.
        const E_TransferSyntax assumed = !m_structure.explicitVr ? EXS_LittleEndianImplicit
                                         : m_structure.bigEndian ? EXS_BigEndianExplicit
                                                                 : EXS_LittleEndianExplicit;
        m_bare = std::make_unique<DcmDataset>();
        stream.setBuffer(data + m_structure.datasetOffset, offile_off_t(parsed - m_structure.datasetOffset));
        stream.setEos();
        m_bare->transferInit();
        cond = m_bare->readUntilTag(stream, assumed, EGL_noChange, DCM_MaxReadLength, stopAt);
        m_bare->transferEnd();
        m_dataset = m_bare.get();
    } else {
        m_file = std::make_unique<DcmFileFormat>();
        stream.setBuffer(data, offile_off_t(parsed));
        stream.setEos();
        m_file->transferInit();
        cond = m_file->readUntilTag(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, stopAt);
        m_file->transferEnd();
        m_dataset = m_file->getDataset();
    }
    if (cond.bad())
        fail(name, std::string("malformed DICOM data: ") + cond.text());
    const E_TransferSyntax xfer = m_dataset->getOriginalXfer();
    if (xfer == EXS_Unknown)
        fail(name, "cannot determine the transfer syntax");
    m_transferSyntaxUid = DcmXfer(xfer).getXferID();
}

ParsedDicom::~ParsedDicom() = default;

FilmMetadata readMetadata(DcmItem& ds, const std::string& transferSyntaxUid) {
    FilmMetadata m;
    m.patientId = getString(ds, DCM_PatientID);
    m.patientName = getString(ds, DCM_PatientName);
    const std::string sex = getString(ds, DCM_PatientSex);
    m.patientSex = (sex == "M" || sex == "F" || sex == "O") ? sex : "";
    // As stored: a value that is not a date is the assessor's to warn about, not the reader's to drop.
    m.birthDate = getString(ds, DCM_PatientBirthDate);
    m.studyDate = getString(ds, DCM_StudyDate);
    m.studyInstanceUid = getString(ds, DCM_StudyInstanceUID);
    m.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
    m.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    m.sopClassUid = getString(ds, DCM_SOPClassUID);
    m.bodyPart = getString(ds, DCM_BodyPartExamined);
    m.laterality = getString(ds, DCM_ImageLaterality);
    if (m.laterality.empty())
        m.laterality = getString(ds, DCM_Laterality);
    m.modality = getString(ds, DCM_Modality);
    m.accessionNumber = getString(ds, DCM_AccessionNumber);
    m.studyDescription = getString(ds, DCM_StudyDescription);
    m.photometric = getString(ds, DCM_PhotometricInterpretation);
    m.transferSyntaxUid = transferSyntaxUid;
    return m;
}

void requirePixelData(bool present, const FilmMetadata& meta, const std::string& name) {
    if (present)
        return;
    const std::string& sop = meta.sopClassUid;
    if (!sop.empty() && !dcmIsImageStorageSOPClassUID(sop.c_str())) {
        const char* sopName = dcmFindNameOfUID(sop.c_str());
        fail(name, std::string("not an image: SOP class ") + (sopName ? sopName : sop.c_str()) +
                       " has no pixel data");
    }
    fail(name, "missing pixel data (7FE0,0010)");
}

ImagePixelModule readImagePixelModule(DcmItem& ds, const FilmMetadata& meta, const std::string& name) {
    const std::string& photometric = meta.photometric;
    if (photometric.empty())
        fail(name, "missing PhotometricInterpretation (0028,0004)");
    ImagePixelModule m;
    m.kind = pixelKindOf(photometric, name);
    m.samples = m.kind == PixelKind::Colour ? 3 : 1;
    const Uint16 samples = getUs(ds, DCM_SamplesPerPixel, name, false).value_or(1);
    if (samples != m.samples) {
        fail(name, "SamplesPerPixel " + std::to_string(samples) +
                       " does not fit photometric interpretation " + photometric);
    }
    m.rows = *getUs(ds, DCM_Rows, name, true);
    m.columns = *getUs(ds, DCM_Columns, name, true);
    m.bitsAllocated = *getUs(ds, DCM_BitsAllocated, name, true);
    m.bitsStored = *getUs(ds, DCM_BitsStored, name, true);
    m.highBit = getUs(ds, DCM_HighBit, name, false).value_or(Uint16(m.bitsStored - 1));
    m.pixelRepresentation = getUs(ds, DCM_PixelRepresentation, name, false).value_or(0);
    if (m.bitsAllocated != 8 && m.bitsAllocated != 16) {
        fail(name, "unsupported BitsAllocated " + std::to_string(m.bitsAllocated) + " (8 or 16 supported)");
    }
    if (m.bitsStored == 0 || m.bitsStored > m.bitsAllocated) {
        fail(name, "BitsStored " + std::to_string(m.bitsStored) + " is not within BitsAllocated " +
                       std::to_string(m.bitsAllocated));
    }
    if (m.highBit + 1 < m.bitsStored || m.highBit >= m.bitsAllocated)
        fail(name, "invalid HighBit " + std::to_string(m.highBit));
    if (m.pixelRepresentation > 1)
        fail(name, "invalid PixelRepresentation " + std::to_string(m.pixelRepresentation));
    checkFilmSize(name, m.columns, m.rows);

    if (ds.tagExists(DCM_NumberOfFrames)) {
        Sint32 frames = 1;
        if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1)
            fail(name, "invalid NumberOfFrames");
    }
    return m;
}

FilmHeader readDicomHeader(const std::uint8_t* data, std::size_t size, const std::string& name) {
    ParsedDicom parsed(data, size, name, ScanScope::UntilPixelData);
    FilmHeader header;
    header.meta = readMetadata(parsed.dataset(), parsed.transferSyntaxUid());
    requirePixelData(parsed.structure().hasPixelData, header.meta, name);
    const ImagePixelModule module = readImagePixelModule(parsed.dataset(), header.meta, name);
    header.width = module.columns;
    header.height = module.rows;
    return header;
}

}  // namespace boneage::imaging::detail
