#include <algorithm>
#include <cmath>
#include <cstdint>

#include "common/Error.h"
#include "engine/Resample.h"
#include "engine/TorchOps.h"

namespace boneage::engine::detail {

namespace {
constexpr std::int64_t kMaxPixels = std::int64_t(1) << 28;  // 16384 x 16384
constexpr double kStdEpsilon = 1e-6;
/// Per-image standardisation: (x - mean) / max(std, 1e-6).
torch::Tensor standardise(const torch::Tensor& x) {
    const torch::Tensor centred = x - x.mean();
    return centred / torch::clamp_min(centred.pow(2).mean().sqrt(), kStdEpsilon);
}
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
}

void checkPixels(const Image& image) {
    // One vectorised, threaded pass: min and max propagate NaN, and an infinity is its own extreme.
    const torch::Tensor pixels =
        torch::from_blob(const_cast<float*>(image.pixels.data()), {std::int64_t(image.pixels.size())},
                         torch::TensorOptions().dtype(torch::kFloat32));
    const auto [lowest, highest] = torch::aminmax(pixels);
    const float lo = lowest.item<float>(), hi = highest.item<float>();
    if (!std::isfinite(lo) || !std::isfinite(hi))
        throw Error(ErrorCode::BadInput, "image", "non-finite pixel value");
    if (!(hi > lo))
        throw Error(ErrorCode::BadInput, "image", "degenerate image: every pixel has the same value");
}

PreparedInput prepareInput(const Image& image, const Manifest::Input& input, const torch::Device& device) {
    validateImage(image);
    PreparedInput prepared;
    // The film-sized work runs on the CPU whatever the device: only the model-sized input travels to a GPU,
    // one standardised channel per view; the channels are made there.
    const auto toDevice = [&](const torch::Tensor& views) {  // [V, H, W] -> [V, C, H, W] on the device
        const torch::Tensor x = views.unsqueeze(1).to(device);
        return x.expand({x.size(0), input.channels, input.height, input.width}).contiguous();
    };
    if (input.handCrop) {
        // The crop's geometry reads every pixel (borders, mask), so the pixels are checked first.
        checkPixels(image);
        // from_blob does not copy: the film's buffer is only read (every op below makes a new tensor).
        const torch::Tensor film =
            torch::from_blob(const_cast<float*>(image.pixels.data()), {image.height, image.width},
                             torch::TensorOptions().dtype(torch::kFloat32));
        prepared.box = handCropBox(film, *input.handCrop);
        std::vector<torch::Tensor> views;
        for (const Manifest::HandCrop::View& view : input.handCrop->views)
            views.push_back(standardise(cropSquare(film, viewBox(*prepared.box, view), input.height)));
        prepared.input = toDevice(torch::stack(views));
        return prepared;
    }
    torch::Tensor x =
        torch::empty({input.height, input.width}, torch::TensorOptions().dtype(torch::kFloat32));
    if (image.height != input.height || image.width != input.width)
        resizeAntialiased(image.pixels.data(), image.width, image.height, x.data_ptr<float>(), input.width,
                          input.height);
    else
        std::copy(image.pixels.begin(), image.pixels.end(), x.data_ptr<float>());
    // Every pixel weighs in the resized input, and 0 x NaN is NaN: a non-finite pixel shows as a
    // non-finite mean or spread. A constant film resizes to a (nearly) constant input. Only then is every
    // pixel of the film looked at, to say exactly which it is (or that the film only has little contrast).
    const torch::Tensor mean = x.mean();
    const double m = mean.item<double>(), spread = (x - mean).pow(2).mean().sqrt().item<double>();
    if (!std::isfinite(m) || !std::isfinite(spread) || spread <= 1e-5 * std::max(1.0, std::fabs(m)))
        checkPixels(image);
    prepared.input = toDevice(standardise(x).unsqueeze(0));
    return prepared;
}

torch::Tensor preprocessImage(const Image& image, const Manifest::Input& input, const torch::Device& device) {
    return prepareInput(image, input, device).input;
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
