#pragma once
// Films for the JPEG 2000 and colour tests and the fuzz seeds, written with DCMTK's dcmdata (the pixel
// decoding under test is boneage_imaging's own), and JPEG 2000 codestreams made by OpenJPEG's encoder.

#include <cstdint>
#include <string>
#include <vector>

namespace boneage::imaging::testing {

/// The image pixel module of a test film.
struct PixelModule {
    int columns = 64, rows = 64;
    int samples = 1;
    int bitsAllocated = 8, bitsStored = 8;
    int pixelRepresentation = 0;
    std::string photometric = "MONOCHROME2";
    int planarConfiguration = 0;  ///< written when samples > 1
    int frames = 1;               ///< NumberOfFrames, written when > 1
};

/// PALETTE COLOR lookup tables, written as the red, green and blue descriptors and data.
struct PaletteTables {
    int firstMapped = 0;
    int bits = 16;
    std::vector<std::uint16_t> red, green, blue;  ///< of equal size
};

/// Writes a Secondary Capture film with native pixel data: `samples` are the values in stored order (one
/// per sample; written as 8- or 16-bit per BitsAllocated), in the transfer syntax `transferSyntaxUid`.
void writeNativeFilm(const std::string& path, const PixelModule& module,
                     const std::vector<std::uint16_t>& samples,
                     const std::string& transferSyntaxUid = "1.2.840.10008.1.2.1",
                     const PaletteTables* palette = nullptr);

/// Writes a film whose pixel data is encapsulated in `transferSyntaxUid`, one item per fragment, after a
/// basic offset table that is empty, or (withOffsetTable) gives where each of `frameStarts` (indices into
/// `fragments`) begins.
void writeEncapsulatedFilm(const std::string& path, const PixelModule& module,
                           const std::string& transferSyntaxUid,
                           const std::vector<std::vector<std::uint8_t>>& fragments,
                           bool withOffsetTable = false, const std::vector<std::size_t>& frameStarts = {});

/// A JPEG 2000 codestream of `components` planes (`planes` holds width*height values per component, plane
/// after plane) of `precision` bits, encoded by OpenJPEG: reversible 5/3 wavelet when lossless, else the
/// irreversible 9/7 at compression `ratio`; the RGB-to-YCC component transform when `mct` (3 components).
std::vector<std::uint8_t> encodeJpeg2000(int width, int height, int components, int precision,
                                         const std::vector<std::uint16_t>& planes, bool lossless, bool mct,
                                         float ratio = 10);

}  // namespace boneage::imaging::testing
