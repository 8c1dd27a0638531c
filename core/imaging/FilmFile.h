#pragma once
// Internal to boneage_imaging: opening a film file as loadFilm and readFilmHeader both do (regular file, at
// most kMaxFilmFileBytes), reading it whole or only a prefix, and recognising its format by content.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace boneage::imaging::detail {

/// "dicom", "png" or "jpeg" from the first bytes (a Part 10 preamble + "DICM", a bare dataset's first tag,
/// or the PNG/JPEG signature). Needs at least 132 bytes, or all of a shorter file. Throws Error(BadInput,
/// name, cause) for an empty file, JPEG 2000 and anything unrecognised.
std::string filmFormatOf(const std::uint8_t* data, std::size_t size, const std::string& name);

/// An open film file. Throws Error(BadInput, path, cause) when it is missing, unreadable, a directory, not a
/// regular file or larger than kMaxFilmFileBytes. Not thread-safe (one reader owns it).
class FilmFile {
public:
    explicit FilmFile(const std::string& path);
    ~FilmFile();
    FilmFile(const FilmFile&) = delete;
    FilmFile& operator=(const FilmFile&) = delete;

    /// The file's size when it was opened.
    std::size_t size() const { return m_size; }
    /// Reads the first min(n, size()) bytes (continuing from what an earlier call read) and returns all that
    /// was read so far. A file that shrank while being read gives fewer bytes.
    const std::vector<std::uint8_t>& readPrefix(std::size_t n);
    /// True once readPrefix has read up to the end of the file.
    bool atEnd() const { return m_end; }
    /// Everything read (the whole file after readPrefix(size())), handed over.
    std::vector<std::uint8_t> take() { return std::move(m_bytes); }

private:
    std::string m_path;
    int m_fd = -1;
    std::size_t m_size = 0;
    bool m_end = false;
    std::vector<std::uint8_t> m_bytes;
};

}  // namespace boneage::imaging::detail
