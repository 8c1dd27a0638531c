// readDicom: the parse and header checks of DicomHeader, then the first-frame decode in 64-bit sizes,
// modality rescale, MONOCHROME1 inversion, colour as grey, VOI window/LUT and spacing.
#include "imaging/DicomReader.h"

#include "imaging/ColourToGrey.h"
#include "imaging/DicomHeader.h"
#include "imaging/FilmSize.h"
#include "imaging/FrameDecoder.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cmath>
#include <cstring>
#include <optional>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

std::optional<double> getDs(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0) {
    Float64 value = 0;
    if (item.findAndGetFloat64(tag, value, index).bad() || !std::isfinite(value))
        return std::nullopt;
    return value;
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
    film.meta = readMetadata(ds, DcmXfer(xfer).getXferID());
    DcmElement* pixelElement = nullptr;
    requirePixelData(ds.findAndGetElement(DCM_PixelData, pixelElement).good() && pixelElement, film.meta,
                     name);
    if (pixelElement->ident() != EVR_PixelData)
        fail(name, "pixel data (7FE0,0010) has an unusable value representation");
    auto& pixelData = static_cast<DcmPixelData&>(*pixelElement);

    const std::string& photometric = film.meta.photometric;
    const ImagePixelModule module = readImagePixelModule(ds, film.meta, name);
    const PixelKind kind = module.kind;
    const int expectedSamples = module.samples;
    const Uint16 rows = Uint16(module.rows), columns = Uint16(module.columns);
    const Uint16 bitsAllocated = Uint16(module.bitsAllocated), bitsStored = Uint16(module.bitsStored);
    const Uint16 highBit = Uint16(module.highBit), pixelRepresentation = Uint16(module.pixelRepresentation);

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
    if (!isSigned && shift == 0 && slope == 1.0 && intercept == 0.0 && !invert && bitsAllocated == 16) {
        // The common film (unsigned, no rescale, MONOCHROME2): each value is its stored bits, exactly as the
        // general loop below computes it, in a loop the compiler vectorises.
        const std::uint16_t bits = std::uint16_t(mask);
        float* out = film.pixels.data();
        std::uint16_t lo = 0xFFFF, hi = 0;
        for (std::uint64_t i = 0; i < pixelCount; ++i) {
            const std::uint16_t v = std::uint16_t(words[i] & bits);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            out[i] = float(v);
        }
        film.minValue = lo;
        film.maxValue = hi;
    } else {
        for (std::uint64_t i = 0; i < pixelCount; ++i) {
            const std::uint32_t raw = bitsAllocated == 8 ? bytes[i] : words[i];
            const double modality = slope * storedValue(raw, shift, mask, signBit, isSigned) + intercept;
            film.pixels[i] = float(invert ? s - modality : modality);
        }
        updateRange(film);
    }

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
    ParsedDicom parsed(data, size, name, ScanScope::WholeDataset);
    Film film = decode(parsed.dataset(), parsed.dataset().getOriginalXfer(), name);
    film.format = "dicom";
    film.sourcePath = name;
    return film;
}

}  // namespace boneage::imaging::detail
