#pragma once
// Internal to boneage_imaging: JPEG 2000 pixel data (1.2.840.10008.1.2.4.90 lossless, .91 lossy) through
// OpenJPEG, which DCMTK 3.6.7 has no codec for.

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

/// What the DICOM header says one decoded frame is: the codestream must agree before a pixel is decoded.
struct FrameLayout {
    int columns = 0, rows = 0;
    int samples = 1;             ///< samples per pixel: 1 (grey, palette) or 3 (colour)
    int bitsAllocated = 8;       ///< 8 or 16: each sample takes 1 or 2 bytes (host byte order)
    bool colourByPlane = false;  ///< PlanarConfiguration 1: all of the first sample, then the second, ...
    std::uint64_t bytes() const {
        return std::uint64_t(columns) * std::uint64_t(rows) * std::uint64_t(samples) *
               std::uint64_t(bitsAllocated / 8);
    }
};

/// Decodes one frame held as a JPEG 2000 codestream (or, as some archives write it, a JP2 file) into `out`,
/// which holds layout.bytes() bytes. Samples are written as the stored bit pattern in layout.bitsAllocated
/// bits (a negative value in two's complement), in the layout's planar configuration. Before decoding, the
/// codestream's size, component count, subsampling and precision must match the layout: OpenJPEG allocates
/// from what the codestream declares. Truncated codestreams are refused (strict mode), not partly decoded.
/// Throws Error(BadInput, name, "cannot decode the JPEG 2000 pixel data: ...").
void decodeJpeg2000Frame(const std::uint8_t* data, std::size_t size, const FrameLayout& layout,
                         std::uint8_t* out, const std::string& name);

}  // namespace boneage::imaging::detail
