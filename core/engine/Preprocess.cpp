#include <cmath>
#include <cstdint>

#include <torch/nn/functional/upsampling.h>

#include "common/Error.h"
#include "engine/TorchOps.h"

namespace boneage::engine::detail {

namespace {
constexpr std::int64_t kMaxPixels = std::int64_t(1) << 28;  // 16384 x 16384
constexpr double kStdEpsilon = 1e-6;
}  // namespace

void validateImage(const Image& image) {
    if (image.width <= 0 || image.height <= 0)
        throw Error(
            ErrorCode::BadInput, "image",
            "empty image (" + std::to_string(image.width) + " x " + std::to_string(image.height) + ")");
    const std::int64_t count = std::int64_t(image.width) * std::int64_t(image.height);
    if (count > kMaxPixels)
        throw Error(ErrorCode::BadInput, "image", "image too large: " + std::to_string(count) + " pixels");
    if (std::int64_t(image.pixels.size()) != count)
        throw Error(ErrorCode::BadInput, "image",
                    "pixel count mismatch: " + std::to_string(image.pixels.size()) + " values for " +
                        std::to_string(image.width) + " x " + std::to_string(image.height));
    float lo = image.pixels.front(), hi = lo;
    for (float v : image.pixels) {
        if (!std::isfinite(v))
            throw Error(ErrorCode::BadInput, "image", "non-finite pixel value");
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!(hi > lo))
        throw Error(ErrorCode::BadInput, "image", "degenerate image: every pixel has the same value");
}

torch::Tensor preprocessImage(const Image& image, const Manifest::Input& input, const torch::Device& device) {
    validateImage(image);
    namespace F = torch::nn::functional;
    // from_blob does not copy: the film's buffer is only read (every op below makes a new tensor).
    torch::Tensor x =
        torch::from_blob(const_cast<float*>(image.pixels.data()), {1, 1, image.height, image.width},
                         torch::TensorOptions().dtype(torch::kFloat32));
    x = x.to(device);
    if (image.height != input.height || image.width != input.width) {
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{input.height, input.width})
                                  .mode(torch::kBilinear)
                                  .align_corners(false)
                                  .antialias(true));
    }
    const torch::Tensor centred = x - x.mean();
    const torch::Tensor std = centred.pow(2).mean().sqrt();
    x = centred / torch::clamp_min(std, kStdEpsilon);
    return x.expand({1, input.channels, input.height, input.width}).contiguous();
}

std::string shortMessage(const c10::Error& error) {
    std::string text = error.what_without_backtrace();
    const auto newline = text.find('\n');
    if (newline != std::string::npos)
        text.resize(newline);
    if (text.size() > 300)
        text = text.substr(0, 300) + "...";
    return text;
}

}  // namespace boneage::engine::detail
