#include "assessment/HeatmapOverlay.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "imaging/Windowing.h"

namespace boneage::assessment {

namespace {

/// The blended overlay as OpenCV's BGR image. `subject` names what the failure concerns.
cv::Mat blendOverlay(const std::string& subject, const imaging::Film& film, const engine::Heatmap& heatmap,
                     double opacity) {
    if (heatmap.width != film.width || heatmap.height != film.height ||
        heatmap.values.size() != std::size_t(film.width) * std::size_t(film.height)) {
        throw Error(ErrorCode::Internal, subject, "the heat map does not have the film's size");
    }
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(film, imaging::windowFor(film, imaging::WindowPreset::DicomDefault), false, grey);
    try {
        const cv::Mat greyMat(film.height, film.width, CV_8UC1, grey.data());
        cv::Mat heat(film.height, film.width, CV_8UC1);
        for (int y = 0; y < film.height; ++y) {
            auto* row = heat.ptr<uchar>(y);
            const float* src = heatmap.values.data() + std::size_t(y) * std::size_t(film.width);
            for (int x = 0; x < film.width; ++x)
                row[x] = cv::saturate_cast<uchar>(src[x] * 255.0f);
        }
        cv::Mat colour, base, blended;
        cv::applyColorMap(heat, colour, cv::COLORMAP_JET);
        cv::cvtColor(greyMat, base, cv::COLOR_GRAY2BGR);
        cv::addWeighted(base, 1.0 - opacity, colour, opacity, 0.0, blended);
        return blended;
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::BadInput, subject, std::string("cannot render the overlay: ") + e.what());
    }
}

}  // namespace

std::vector<std::uint8_t> renderHeatmapOverlay(const imaging::Film& film, const engine::Heatmap& heatmap,
                                               double opacity) {
    const cv::Mat blended = blendOverlay("heat map overlay", film, heatmap, opacity);
    std::vector<std::uint8_t> rgb(std::size_t(film.width) * std::size_t(film.height) * 3);
    try {
        cv::Mat out(film.height, film.width, CV_8UC3, rgb.data());
        cv::cvtColor(blended, out, cv::COLOR_BGR2RGB);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::BadInput, "heat map overlay",
                    std::string("cannot render the overlay: ") + e.what());
    }
    return rgb;
}

void writeHeatmapOverlay(const std::string& path, const imaging::Film& film, const engine::Heatmap& heatmap,
                         double opacity) {
    const cv::Mat blended = blendOverlay(path, film, heatmap, opacity);
    std::vector<uchar> encoded;
    try {
        if (!cv::imencode(".png", blended, encoded)) {
            throw Error(ErrorCode::BadInput, path, "the PNG encoder failed");
        }
    } catch (const cv::Exception& e) {
        throw Error(ErrorCode::BadInput, path, std::string("cannot render the overlay: ") + e.what());
    }
    const std::string temporary = path + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(encoded.data()), std::streamsize(encoded.size()));
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            throw Error(ErrorCode::BadInput, path, "cannot write the file");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        throw Error(ErrorCode::BadInput, path, "cannot write the file: " + ec.message());
    }
}

}  // namespace boneage::assessment
