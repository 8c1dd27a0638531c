#pragma once
// Internal to boneage_imaging: colour films (scanned films, secondary captures) read as grey. The film
// contract (Film.h) is grey; the loader keeps the luma of each pixel and says so with a
// WarningCode::ColourReadAsGrey warning.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

class DcmItem;

namespace boneage::imaging::detail {

/// ITU-R BT.601 luma of an RGB sample, the weights JPEG's and DICOM's YCbCr use, so that the luma of an RGB
/// film and the Y of the same film stored as YBR_FULL agree.
inline float lumaOf(double red, double green, double blue) {
    return float(0.299 * red + 0.587 * green + 0.114 * blue);
}

/// A decoded frame of three samples per pixel. `model` is the colour model of the samples as decoded:
/// "RGB", "YBR_FULL", "YBR_PARTIAL_422", "YBR_FULL_422" (the 422 ones only as stored natively: two luma
/// samples then Cb and Cr for each pair of pixels), "YBR_RCT"/"YBR_ICT" (JPEG 2000 after its inverse
/// component transform, so RGB).
struct ColourFrame {
    const std::uint8_t* data = nullptr;  ///< samples of bitsAllocated bits in host byte order
    int columns = 0, rows = 0;
    int bitsAllocated = 8;  ///< 8 or 16
    int bitsStored = 8;     ///< samples are masked to this many low bits
    bool byPlane = false;   ///< PlanarConfiguration 1
    std::string model;
};

/// Bytes of one stored frame: 2 samples per pixel for the native 422 models, else 3.
std::uint64_t colourFrameBytes(int columns, int rows, int bitsAllocated, const std::string& model);

/// Grey values (the luma, in the samples' range) of every pixel, row-major. Throws Error(BadInput, name,
/// cause) for a colour model it cannot read.
std::vector<float> colourToGrey(const ColourFrame& frame, const std::string& name);

/// A PALETTE COLOR film's three lookup tables (PS3.3 C.7.6.3.1.5), read and checked.
struct Palette {
    double firstMapped = 0;
    int bits = 8;             ///< 8 or 16 bits per entry
    std::vector<float> luma;  ///< the luma of each entry, in [0, 2^bits - 1]
};

/// Reads the red, green and blue palette descriptors and data of `dataset`. Throws Error(BadInput, name,
/// cause) when they are missing, segmented, of unequal size or depth, or shorter than they declare.
Palette readPalette(DcmItem& dataset, bool isSigned, const std::string& name);

/// The grey value of a stored palette index (clamped into the table, as PS3.3 says).
inline float paletteGrey(const Palette& palette, double index) {
    const double position = index - palette.firstMapped;
    if (position <= 0)
        return palette.luma.front();
    if (position >= double(palette.luma.size() - 1))
        return palette.luma.back();
    return palette.luma[std::size_t(position)];
}

}  // namespace boneage::imaging::detail
