#pragma once
// Reading what a film's header says without decoding its pixels: for a worklist import, which lists many
// films and opens one.

#include "imaging/Film.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging {

/// A film's header: its size and format and the metadata loadFilm would give (FilmMetadata, equal field by
/// field). Contains patient identifiers: never log it.
struct FilmHeader {
    int width = 0, height = 0;  ///< as the decoded film will have them
    std::string format;         ///< "dicom", "png" or "jpeg"
    FilmMetadata meta;
    std::string sourcePath;
};

/// Reads a film's header: for DICOM the elements before the pixel data (the same bounded structure scan and
/// the same Image Pixel module checks as loadFilm, then DCMTK's parse stopped at the pixel data tag), for
/// PNG the IHDR chunk, for JPEG the frame header and the EXIF orientation. Reads only as much of the file as
/// that takes (64 KiB, more only when the header is longer). Throws boneage::Error(ErrorCode::BadInput, path,
/// cause), with the cause loadFilm would give, for a file that is missing, unreadable, not a film or whose
/// header is malformed, unsupported, too small or too large; a film whose header reads may still fail to
/// decode (truncated or corrupt pixel data). Thread-safe.
FilmHeader readFilmHeader(const std::string& path);

/// readFilmHeader over bytes in memory (the fuzzer, a transfer). `name` is the error subject and
/// FilmHeader::sourcePath. Keeps no reference to `data`.
FilmHeader readFilmHeaderFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace boneage::imaging
