#pragma once
// Loading films: DICOM (Part 10 file or bare dataset), PNG and JPEG, recognised by content.

#include "imaging/Film.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging {

/// Smallest film side accepted: anything smaller cannot show a hand's bones.
constexpr int kMinFilmSide = 32;
/// Largest film side accepted, and the largest pixel count (64 Mpx: a 43x43 cm plate at 0.05 mm).
constexpr int kMaxFilmSide = 16384;
constexpr std::int64_t kMaxFilmPixels = std::int64_t(64) << 20;
/// Largest file loadFilm reads.
constexpr std::int64_t kMaxFilmFileBytes = std::int64_t(1) << 30;

/// Loads a DICOM (preamble + "DICM", or a bare dataset), PNG or JPEG film, recognised by content, not by the
/// file name's extension. DICOM: explicit/implicit little endian, explicit big endian, deflate, JPEG
/// baseline, extended and lossless, JPEG-LS, RLE, JPEG 2000 (lossless and lossy); MONOCHROME1/2; 8..16 bits
/// stored, signed or unsigned; the first frame of a multi-frame film. Colour films (RGB, YBR_FULL,
/// YBR_FULL_422, YBR_PARTIAL_422, YBR_RCT, YBR_ICT, PALETTE COLOR) are read as the luma of each pixel with a
/// WarningCode::ColourReadAsGrey in Film::warnings. Throws boneage::Error(ErrorCode::BadInput, path, cause)
/// with one clear cause for every failure (missing, unreadable, empty, truncated, malformed, not an image,
/// unsupported syntax, too small or too large). Thread-safe: may run on several threads at once.
Film loadFilm(const std::string& path);

/// loadFilm over bytes already in memory (a PACS transfer, an archive member, the fuzzer). `name` is used as
/// the error subject and Film::sourcePath. Does not keep a reference to `data`.
Film loadFilmFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace boneage::imaging
