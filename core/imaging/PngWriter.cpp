// writePng / writePng8 / writePngRgb8: PNG through OpenCV's encoder, written atomically.
#include "imaging/AtomicFile.h"
#include "imaging/FilmWriter.h"

#include "common/Error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace boneage::imaging {

namespace {

void checkSize(const std::string& path, int width, int height, std::size_t count) {
    if (width < 1 || height < 1 || width > 65535 || height > 65535) {
        throw Error(ErrorCode::Usage, path,
                    "film size " + std::to_string(width) + "x" + std::to_string(height) + " out of range");
    }
    if (std::uint64_t(count) != std::uint64_t(width) * std::uint64_t(height)) {
        throw Error(ErrorCode::Usage, path,
                    "pixel count " + std::to_string(count) + " does not match " + std::to_string(width) +
                        "x" + std::to_string(height));
    }
}

void encodeAndWrite(const std::string& path, const cv::Mat& image) {
    std::vector<std::uint8_t> encoded;
    try {
        if (!cv::imencode(".png", image, encoded, {cv::IMWRITE_PNG_COMPRESSION, 3})) {
            throw Error(ErrorCode::Internal, path, "PNG encoder failed");
        }
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::Internal, path, std::string("PNG encoder failed: ") + e.what());
    }
    writeBytesAtomically(path, encoded.data(), encoded.size());
}

}  // namespace

void writePng(const std::string& path, int width, int height, const std::vector<std::uint16_t>& pixels,
              int bitDepth) {
    checkSize(path, width, height, pixels.size());
    if (bitDepth == 16) {
        // OpenCV takes a non-const pointer but does not write through it when encoding.
        const cv::Mat image(height, width, CV_16UC1, const_cast<std::uint16_t*>(pixels.data()));
        encodeAndWrite(path, image);
        return;
    }
    if (bitDepth != 8)
        throw Error(ErrorCode::Usage, path, "PNG bit depth must be 8 or 16");
    cv::Mat image(height, width, CV_8UC1);
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        if (pixels[i] > 255) {
            throw Error(ErrorCode::Usage, path,
                        "pixel value " + std::to_string(pixels[i]) + " does not fit in an 8-bit PNG");
        }
        image.data[i] = std::uint8_t(pixels[i]);
    }
    encodeAndWrite(path, image);
}

void writePng8(const std::string& path, int width, int height, const std::vector<std::uint8_t>& pixels) {
    checkSize(path, width, height, pixels.size());
    const cv::Mat image(height, width, CV_8UC1, const_cast<std::uint8_t*>(pixels.data()));
    encodeAndWrite(path, image);
}

void writePngRgb8(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgb) {
    checkSize(path, width, height, rgb.size() / 3);
    if (rgb.size() % 3 != 0)
        throw Error(ErrorCode::Usage, path, "RGB data is not a whole number of pixels");
    cv::Mat image(height, width, CV_8UC3);  // OpenCV's encoder takes BGR
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        image.data[i] = rgb[i + 2];
        image.data[i + 1] = rgb[i + 1];
        image.data[i + 2] = rgb[i];
    }
    encodeAndWrite(path, image);
}

}  // namespace boneage::imaging
