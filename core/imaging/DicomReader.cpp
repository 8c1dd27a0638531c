// readDicom: DCMTK parse (after the bounded structure scan), header checks in 64-bit, first-frame decode,
// modality rescale, MONOCHROME1 inversion, VOI window/LUT, spacing and metadata.
#include "imaging/DicomReader.h"

#include "imaging/ColourToGrey.h"
#include "imaging/DcmtkSupport.h"
#include "imaging/DicomStructure.h"
#include "imaging/FilmSize.h"
#include "imaging/FrameDecoder.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cmath>
#include <cstring>
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

std::optional<double> getDs(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0) {
    Float64 value = 0;
    if (item.findAndGetFloat64(tag, value, index).bad() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void readMetadata(DcmDataset& ds, E_TransferSyntax xfer, FilmMetadata& m) {
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
    m.transferSyntaxUid = DcmXfer(xfer).getXferID();
}

bool isJpeg2000(const std::string& uid) {
    return uid == UID_JPEG2000LosslessOnlyTransferSyntax || uid == UID_JPEG2000TransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax ||
           uid == UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax ||
           uid.rfind("1.2.840.10008.1.2.4.20", 0) == 0;  // High-Throughput JPEG 2000 (.201-.203)
}

std::optional<VoiLut> readVoiLut(DcmDataset& ds, bool isSigned) {
    DcmItem* item = nullptr;
    if (ds.findAndGetSequenceItem(DCM_VOILUTSequence, item, 0).bad() || !item)
        return std::nullopt;
    Uint16 descriptor[3] = {0, 0, 0};
    for (unsigned long i = 0; i < 3; ++i) {
        if (item->findAndGetUint16(DCM_LUTDescriptor, descriptor[i], i).bad()) {
            Sint16 value = 0;
            if (item->findAndGetSint16(DCM_LUTDescriptor, value, i).bad())
                return std::nullopt;
            descriptor[i] = Uint16(value);
        }
    }
    const std::size_t entries = descriptor[0] == 0 ? 65536 : descriptor[0];
    const int bits = descriptor[2];
    if (bits < 8 || bits > 16)
        return std::nullopt;
    const Uint16* data = nullptr;
    unsigned long count = 0;
    if (item->findAndGetUint16Array(DCM_LUTData, data, &count).bad() || !data || count < entries)
        return std::nullopt;
    VoiLut lut;
    lut.firstMapped = isSigned ? double(Sint16(descriptor[1])) : double(descriptor[1]);
    lut.outputBits = bits;
    lut.table.resize(entries);
    const unsigned mask = (1u << bits) - 1u;
    for (std::size_t i = 0; i < entries; ++i)
        lut.table[i] = double(data[i] & mask);
    return lut;
}

std::optional<std::pair<double, double>> pixelSpacingOf(DcmDataset& ds) {
    for (const DcmTagKey& tag : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
        const auto row = getDs(ds, tag, 0), column = getDs(ds, tag, 1);
        if (row && column && *row > 0 && *column > 0)
            return std::make_pair(*row, *column);
    }
    return std::nullopt;
}

enum class PixelKind { Grey, Colour, Palette };

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

/// A stored sample as the number it encodes: the bits above HighBit dropped, signed if so represented.
std::int32_t storedValue(std::uint32_t raw, int shift, std::uint32_t mask, std::int32_t signBit,
                         bool isSigned) {
    std::int32_t value = std::int32_t((raw >> shift) & mask);
    if (isSigned && (value & signBit))
        value -= std::int32_t(mask) + 1;
    return value;
}

/// Colour and palette films: the luma of each pixel, no modality rescale or VOI (PS3.3 defines neither for
/// colour), and a warning that says so.
void readColourAsGrey(DcmDataset& ds, const DecodedFrame& frame, PixelKind kind, int bitsAllocated,
                      bool isSigned, int shift, std::uint32_t mask, std::int32_t signBit, Film& film,
                      const std::string& name) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(frame.buffer.data());
    if (kind == PixelKind::Colour) {
        const ColourFrame colour{bytes,           film.width,    film.height,      bitsAllocated,
                                 film.bitsStored, frame.byPlane, frame.colourModel};
        film.pixels = colourToGrey(colour, name);
    } else {
        const Palette palette = readPalette(ds, isSigned, name);
        const std::size_t count = std::size_t(film.width) * std::size_t(film.height);
        film.pixels.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint32_t raw = bitsAllocated == 8 ? bytes[i] : frame.buffer[i];
            film.pixels[i] = paletteGrey(palette, storedValue(raw, shift, mask, signBit, isSigned));
        }
        film.bitsStored = palette.bits;
    }
    updateRange(film);
    film.warnings.push_back({WarningCode::ColourReadAsGrey, {film.meta.photometric}});
}

/// Reads the parsed dataset into a Film. `xfer` is the transfer syntax the data was read in.
Film decode(DcmDataset& ds, E_TransferSyntax xfer, const std::string& name) {
    Film film;
    readMetadata(ds, xfer, film.meta);
    DcmElement* pixelElement = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, pixelElement).bad() || !pixelElement) {
        const std::string& sop = film.meta.sopClassUid;
        if (!sop.empty() && !dcmIsImageStorageSOPClassUID(sop.c_str())) {
            const char* sopName = dcmFindNameOfUID(sop.c_str());
            fail(name, std::string("not an image: SOP class ") + (sopName ? sopName : sop.c_str()) +
                           " has no pixel data");
        }
        fail(name, "missing pixel data (7FE0,0010)");
    }
    if (pixelElement->ident() != EVR_PixelData)
        fail(name, "pixel data (7FE0,0010) has an unusable value representation");
    auto& pixelData = static_cast<DcmPixelData&>(*pixelElement);

    const std::string photometric = film.meta.photometric;
    if (photometric.empty())
        fail(name, "missing PhotometricInterpretation (0028,0004)");
    const PixelKind kind = pixelKindOf(photometric, name);
    const int expectedSamples = kind == PixelKind::Colour ? 3 : 1;
    const Uint16 samples = getUs(ds, DCM_SamplesPerPixel, name, false).value_or(1);
    if (samples != expectedSamples) {
        fail(name, "SamplesPerPixel " + std::to_string(samples) +
                       " does not fit photometric interpretation " + photometric);
    }
    const Uint16 rows = *getUs(ds, DCM_Rows, name, true);
    const Uint16 columns = *getUs(ds, DCM_Columns, name, true);
    const Uint16 bitsAllocated = *getUs(ds, DCM_BitsAllocated, name, true);
    const Uint16 bitsStored = *getUs(ds, DCM_BitsStored, name, true);
    const Uint16 highBit = getUs(ds, DCM_HighBit, name, false).value_or(Uint16(bitsStored - 1));
    const Uint16 pixelRepresentation = getUs(ds, DCM_PixelRepresentation, name, false).value_or(0);
    if (bitsAllocated != 8 && bitsAllocated != 16) {
        fail(name, "unsupported BitsAllocated " + std::to_string(bitsAllocated) + " (8 or 16 supported)");
    }
    if (bitsStored == 0 || bitsStored > bitsAllocated) {
        fail(name, "BitsStored " + std::to_string(bitsStored) + " is not within BitsAllocated " +
                       std::to_string(bitsAllocated));
    }
    if (highBit + 1 < bitsStored || highBit >= bitsAllocated)
        fail(name, "invalid HighBit " + std::to_string(highBit));
    if (pixelRepresentation > 1)
        fail(name, "invalid PixelRepresentation " + std::to_string(pixelRepresentation));
    checkFilmSize(name, columns, rows);

    if (ds.tagExists(DCM_NumberOfFrames)) {
        Sint32 frames = 1;
        if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1)
            fail(name, "invalid NumberOfFrames");
    }
    const std::uint64_t pixelCount = std::uint64_t(rows) * columns;
    // One frame only, into a buffer whose size was checked above (never NumberOfFrames x frame size).
    const FrameLayout layout{columns, rows, expectedSamples, bitsAllocated, false};
    const std::uint64_t nativeBytes = kind == PixelKind::Colour
                                          ? colourFrameBytes(columns, rows, bitsAllocated, photometric)
                                          : layout.bytes();
    const DecodedFrame frame = decodeFirstFrame(ds, pixelData, xfer, layout, nativeBytes, photometric, name);

    const bool isSigned = pixelRepresentation == 1;
    const int shift = highBit + 1 - bitsStored;
    const std::uint32_t mask = (std::uint32_t(1) << bitsStored) - 1u;
    const std::int32_t signBit = std::int32_t(1) << (bitsStored - 1);
    film.width = columns;
    film.height = rows;
    film.bitsStored = bitsStored;
    film.pixelSpacingMm = pixelSpacingOf(ds);
    if (kind != PixelKind::Grey) {
        readColourAsGrey(ds, frame, kind, bitsAllocated, isSigned, shift, mask, signBit, film, name);
        return film;
    }
    double slope = getDs(ds, DCM_RescaleSlope).value_or(1.0);
    const double intercept = getDs(ds, DCM_RescaleIntercept).value_or(0.0);
    if (slope == 0)
        fail(name, "invalid RescaleSlope 0");
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(frame.buffer.data());
    const std::uint16_t* words = frame.buffer.data();
    film.pixels.resize(pixelCount);
    // Monochrome1: invert over the modality range, p' = S - p with S = lo + hi, so the range maps onto
    // itself.
    const double storedLo = isSigned ? -double(signBit) : 0.0;
    const double storedHi = isSigned ? double(signBit - 1) : double(mask);
    const double modalityLo = std::min(slope * storedLo + intercept, slope * storedHi + intercept);
    const double modalityHi = std::max(slope * storedLo + intercept, slope * storedHi + intercept);
    if (!std::isfinite(float(modalityLo)) || !std::isfinite(float(modalityHi))) {
        fail(name, "rescale slope/intercept give values out of range");
    }
    const bool invert = photometric == "MONOCHROME1";
    const double s = modalityLo + modalityHi;
    for (std::uint64_t i = 0; i < pixelCount; ++i) {
        const std::uint32_t raw = bitsAllocated == 8 ? bytes[i] : words[i];
        const double modality = slope * storedValue(raw, shift, mask, signBit, isSigned) + intercept;
        film.pixels[i] = float(invert ? s - modality : modality);
    }
    updateRange(film);

    const auto centre = getDs(ds, DCM_WindowCenter), width = getDs(ds, DCM_WindowWidth);
    if (centre && width && *width >= 1) {
        film.defaultWindow = Window{invert ? s + 1.0 - *centre : *centre, *width};
    }
    if (auto lut = readVoiLut(ds, isSigned)) {
        if (invert) {  // table'[i] = max - table[n-1-i] over inputs S - (first + n - 1) ...
            const double top = double((1u << lut->outputBits) - 1u);
            const std::size_t n = lut->table.size();
            std::vector<double> reversed(n);
            for (std::size_t i = 0; i < n; ++i)
                reversed[i] = top - lut->table[n - 1 - i];
            lut->table = std::move(reversed);
            lut->firstMapped = s - (lut->firstMapped + double(n) - 1.0);
        }
        film.voiLut = std::move(lut);
    }
    return film;
}

}  // namespace

Film readDicom(const std::uint8_t* data, std::size_t size, const std::string& name) {
    ensureDcmtkReady();
    const DicomStructure structure = scanDicomStructure(data, size, name);
    const std::string& ts = structure.transferSyntaxUid;
    if (isJpeg2000(ts) && !isDecodableJpeg2000(ts))
        fail(name, "unsupported transfer syntax JPEG 2000 Part 2 or High-Throughput (" + ts + ")");
    if (!ts.empty() && DcmXfer(ts.c_str()).getXfer() == EXS_Unknown)
        fail(name, "unsupported transfer syntax " + ts);

    DcmInputBufferStream stream;
    DcmFileFormat file;
    DcmDataset bare;
    OFCondition cond;
    if (ts.empty()) {
        // No transfer syntax in the meta header: DcmFileFormat would guess the dataset's encoding itself,
        // whatever it is told, and may read lengths the scan never checked (a fuzzer found 2 and 4 GB
        // allocations). So read the dataset alone, in the encoding the scan validated.
        const E_TransferSyntax assumed = !structure.explicitVr ? EXS_LittleEndianImplicit
                                         : structure.bigEndian ? EXS_BigEndianExplicit
                                                               : EXS_LittleEndianExplicit;
        stream.setBuffer(data + structure.datasetOffset, offile_off_t(size - structure.datasetOffset));
        stream.setEos();
        bare.transferInit();
        cond = bare.read(stream, assumed);
        bare.transferEnd();
    } else {
        stream.setBuffer(data, offile_off_t(size));
        stream.setEos();
        file.transferInit();
        cond = file.read(stream);
        file.transferEnd();
    }
    if (cond.bad())
        fail(name, std::string("malformed DICOM data: ") + cond.text());
    DcmDataset& ds = ts.empty() ? bare : *file.getDataset();
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    if (xfer == EXS_Unknown)
        fail(name, "cannot determine the transfer syntax");

    Film film = decode(ds, xfer, name);
    film.format = "dicom";
    film.sourcePath = name;
    return film;
}

}  // namespace boneage::imaging::detail
