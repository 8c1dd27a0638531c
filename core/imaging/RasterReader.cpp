// readRaster: PNG and JPEG through OpenCV, with the header's dimensions checked before decoding.
#include "imaging/RasterReader.h"

#include "imaging/FilmSize.h"

#include "common/Error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <array>
#include <cstring>
#include <utility>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

std::uint32_t be16(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 8 | p[1];
}
std::uint32_t be32(const std::uint8_t* p) {
    return be16(p) << 16 | be16(p + 2);
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i)
        c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/// Width and height from the PNG IHDR chunk.
std::pair<std::int64_t, std::int64_t> pngSize(const std::uint8_t* data, std::size_t size,
                                              const std::string& name) {
    if (size < 33 || std::memcmp(data + 12, "IHDR", 4) != 0)
        fail(name, "truncated or corrupt PNG header");
    return {be32(data + 16), be32(data + 20)};
}

/// Walks every PNG chunk: lengths inside the file, checksums right, image data present, IEND reached.
/// libpng would otherwise report such damage on stderr itself before OpenCV returns an empty image.
void checkPngChunks(const std::uint8_t* data, std::size_t size, const std::string& name) {
    std::size_t pos = 8;
    bool haveImageData = false, haveEnd = false;
    while (!haveEnd) {
        if (size - pos < 12)
            fail(name, "truncated PNG: the file ends inside a chunk");
        const std::uint64_t length = be32(data + pos);
        if (length > size - pos - 12)
            fail(name, "truncated PNG: a chunk runs past the end of the file");
        const std::uint8_t* type = data + pos + 4;
        if (crc32(type, std::size_t(length) + 4) != be32(type + 4 + length))
            fail(name, "corrupt PNG: checksum mismatch in the " + std::string(type, type + 4) + " chunk");
        haveImageData = haveImageData || std::memcmp(type, "IDAT", 4) == 0;
        haveEnd = std::memcmp(type, "IEND", 4) == 0;
        pos += std::size_t(length) + 12;
    }
    if (!haveImageData)
        fail(name, "the PNG has no image data");
}

/// The EXIF Orientation (TIFF tag 0x0112) of a TIFF-structured EXIF block, 0 when it has none or is
/// unreadable. Every offset is checked against the block.
int exifOrientation(const std::uint8_t* tiff, std::size_t size) {
    if (size < 8)
        return 0;
    const bool little = tiff[0] == 'I' && tiff[1] == 'I';
    if (!little && !(tiff[0] == 'M' && tiff[1] == 'M'))
        return 0;
    const auto u16 = [&](std::size_t pos) {
        return little ? std::uint32_t(tiff[pos]) | std::uint32_t(tiff[pos + 1]) << 8 : be16(tiff + pos);
    };
    const auto u32 = [&](std::size_t pos) {
        return little ? u16(pos) | u16(pos + 2) << 16 : be32(tiff + pos);
    };
    if (u16(2) != 42)
        return 0;
    const std::uint64_t ifd = u32(4);
    if (ifd + 2 > size)
        return 0;
    const std::uint32_t entries = u16(std::size_t(ifd));
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::uint64_t entry = ifd + 2 + 12 * std::uint64_t(i);
        if (entry + 12 > size)
            return 0;
        const std::size_t at = std::size_t(entry);
        if (u16(at) == 0x0112)
            return u16(at + 2) == 3 && u32(at + 4) >= 1 ? int(u16(at + 8)) : 0;  // SHORT
    }
    return 0;
}

/// Orientations 5 to 8 turn the image by a quarter (transpose, 90, transverse, 270 degrees).
bool swapsSides(int orientation) {
    return orientation >= 5 && orientation <= 8;
}

/// The orientation of a PNG's eXIf chunk before its first IDAT (what the decoder applies), 0 for none.
int pngOrientation(const std::uint8_t* data, std::size_t size) {
    std::size_t pos = 8;
    while (size - pos >= 12) {
        const std::uint64_t length = be32(data + pos);
        if (length > size - pos - 12)
            return 0;
        const std::uint8_t* type = data + pos + 4;
        if (std::memcmp(type, "IDAT", 4) == 0 || std::memcmp(type, "IEND", 4) == 0)
            return 0;
        if (std::memcmp(type, "eXIf", 4) == 0)
            return exifOrientation(type + 4, std::size_t(length));
        pos += std::size_t(length) + 12;
    }
    return 0;
}

/// Width and height from the first JPEG frame header (SOFn). `orientation`, when given, receives the EXIF
/// orientation of the first APP1 "Exif" segment before it (0 for none).
std::pair<std::int64_t, std::int64_t> jpegSize(const std::uint8_t* data, std::size_t size,
                                               const std::string& name, int* orientation = nullptr) {
    bool exifSeen = false;
    std::size_t pos = 2;
    while (pos + 4 <= size) {
        if (data[pos] != 0xFF)
            fail(name, "corrupt JPEG marker structure");
        const std::uint8_t marker = data[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            pos += 2;
            continue;
        }
        const std::size_t length = be16(data + pos + 2);
        if (length < 2 || pos + 2 + length > size)
            break;
        const bool frameHeader =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frameHeader) {
            if (length < 7)
                break;
            return {be16(data + pos + 7), be16(data + pos + 5)};
        }
        if (orientation && marker == 0xE1 && !exifSeen && length >= 8 &&
            std::memcmp(data + pos + 4, "Exif\0\0", 6) == 0) {
            exifSeen = true;
            *orientation = exifOrientation(data + pos + 10, length - 8);
        }
        if (marker == 0xDA || marker == 0xD9)
            fail(name, "JPEG data has no frame header");
        pos += 2 + length;
    }
    fail(name, "truncated or corrupt JPEG header");
}

}  // namespace

FilmHeader readRasterHeader(const std::uint8_t* data, std::size_t size, const std::string& name,
                            const std::string& format) {
    int orientation = 0;
    auto [width, height] =
        format == "png" ? pngSize(data, size, name) : jpegSize(data, size, name, &orientation);
    checkFilmSize(name, width, height);
    if (format == "png")
        orientation = pngOrientation(data, size);
    if (swapsSides(orientation))
        std::swap(width, height);
    FilmHeader header;
    header.width = int(width);
    header.height = int(height);
    return header;
}

Film readRaster(const std::uint8_t* data, std::size_t size, const std::string& name,
                const std::string& format) {
    const auto [width, height] = format == "png" ? pngSize(data, size, name) : jpegSize(data, size, name);
    checkFilmSize(name, width, height);
    if (format == "png")
        checkPngChunks(data, size, name);
    cv::Mat image;
    try {
        const cv::Mat encoded(1, int(size), CV_8UC1, const_cast<std::uint8_t*>(data));
        image = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE | cv::IMREAD_ANYDEPTH);
    } catch (const cv::Exception& e) {
        fail(name, "cannot decode the " + format + " data: " + e.err);
    }
    if (image.empty())
        fail(name, "cannot decode the " + format + " data (corrupt or truncated)");
    checkFilmSize(name, image.cols, image.rows);  // EXIF orientation may have swapped the sides
    if (image.depth() != CV_8U && image.depth() != CV_16U)
        fail(name, "unsupported " + format + " sample depth");

    Film film;
    film.width = image.cols;
    film.height = image.rows;
    film.bitsStored = image.depth() == CV_16U ? 16 : 8;
    film.pixels.resize(std::size_t(film.width) * std::size_t(film.height));
    std::size_t i = 0;
    for (int y = 0; y < image.rows; ++y) {
        if (image.depth() == CV_16U) {
            const auto* row = image.ptr<std::uint16_t>(y);
            for (int x = 0; x < image.cols; ++x)
                film.pixels[i++] = row[x];
        } else {
            const auto* row = image.ptr<std::uint8_t>(y);
            for (int x = 0; x < image.cols; ++x)
                film.pixels[i++] = row[x];
        }
    }
    updateRange(film);
    film.format = format;
    film.sourcePath = name;
    return film;
}

}  // namespace boneage::imaging::detail
