#pragma once
// Malformed film inputs built byte by byte (in the style of DCMTK's dcmdata/tests/tparser.cc), each named
// after the bug it pins. Used by TestMalformedFilms and by the boneage-make-malformed tool (the CLI tests run
// `boneage predict` on every file and expect exit code 3). Standard library + zlib only.

#include <cstdint>
#include <string>
#include <vector>

namespace boneage::imaging::testing {

struct MalformedFilm {
    std::string fileName;       ///< e.g. "bits_stored_exceeds_bits_allocated.dcm"
    std::string expectedCause;  ///< a fragment of the Error cause loadFilm must give
    std::vector<std::uint8_t> bytes;
};

/// Every malformed input (at least 30). Deterministic.
std::vector<MalformedFilm> malformedFilms();

/// The well-formed 64x64 8-bit explicit-little-endian film the DICOM mutations start from (must load).
std::vector<std::uint8_t> validBaselineFilm();

/// Writes every malformed film into `directory` (created if missing). Returns the paths written.
std::vector<std::string> writeMalformedFilms(const std::string& directory);

}  // namespace boneage::imaging::testing
