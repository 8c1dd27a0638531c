// readRaster: PNG and JPEG through OpenCV, with the header's dimensions checked before decoding.
#include "imaging/RasterReader.h"

#include "imaging/FilmSize.h"

#include "common/Error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstring>

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

/// Width and height from the PNG IHDR chunk.
std::pair<std::int64_t, std::int64_t> pngSize(const std::uint8_t* data, std::size_t size,
                                              const std::string& name) {
    if (size < 33 || std::memcmp(data + 12, "IHDR", 4) != 0)
        fail(name, "truncated or corrupt PNG header");
    return {be32(data + 16), be32(data + 20)};
}

/// Width and height from the first JPEG frame header (SOFn).
std::pair<std::int64_t, std::int64_t> jpegSize(const std::uint8_t* data, std::size_t size,
                                               const std::string& name) {
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
        if (marker == 0xDA || marker == 0xD9)
            fail(name, "JPEG data has no frame header");
        pos += 2 + length;
    }
    fail(name, "truncated or corrupt JPEG header");
}

}  // namespace

Film readRaster(const std::uint8_t* data, std::size_t size, const std::string& name,
                const std::string& format) {
    const auto [width, height] = format == "png" ? pngSize(data, size, name) : jpegSize(data, size, name);
    checkFilmSize(name, width, height);
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
