// readFilmHeader: a growing prefix of the file through the header readers of each format, until one
// suffices or the whole file has been seen.
#include "imaging/FilmHeader.h"

#include "imaging/DicomHeader.h"
#include "imaging/FilmFile.h"
#include "imaging/RasterReader.h"

#include "common/Error.h"

#include <algorithm>
#include <exception>
#include <new>
#include <optional>

namespace boneage::imaging {

namespace {

/// The first read: the header of every film met so far fits (a DICOM header with a few sequences is 2 to
/// 20 KiB; a JPEG's EXIF block can be larger, then the read grows).
constexpr std::size_t kFirstReadBytes = std::size_t(64) << 10;
constexpr std::size_t kGrowth = 8;

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

FilmHeader headerOf(const std::uint8_t* data, std::size_t size, const std::string& name) {
    try {
        const std::string format = detail::filmFormatOf(data, size, name);
        FilmHeader header = format == "dicom" ? detail::readDicomHeader(data, size, name)
                                              : detail::readRasterHeader(data, size, name, format);
        header.format = format;
        header.sourcePath = name;
        return header;
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        fail(name, "not enough memory to read the header");
    } catch (const std::exception& e) {
        fail(name, std::string("cannot read the header: ") + e.what());
    } catch (...) {
        fail(name, "cannot read the header");
    }
}

}  // namespace

FilmHeader readFilmHeaderFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name) {
    return headerOf(data, size, name);
}

FilmHeader readFilmHeader(const std::string& path) {
    detail::FilmFile file(path);
    std::size_t want = kFirstReadBytes;
    while (true) {
        const std::vector<std::uint8_t>& bytes = file.readPrefix(want);
        if (file.atEnd())
            return headerOf(bytes.data(), bytes.size(), path);
        // A prefix cut inside the header fails as a truncated file would: read more and try again. Only the
        // whole file's answer is final, so every error is the one loadFilm gives.
        try {
            return headerOf(bytes.data(), bytes.size(), path);
        } catch (const Error&) {
            want = std::max<std::size_t>(bytes.size(), 1) * kGrowth;
        }
    }
}

}  // namespace boneage::imaging
