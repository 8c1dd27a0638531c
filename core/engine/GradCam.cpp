#include <torch/csrc/autograd/autograd.h>
#include <torch/nn/functional/upsampling.h>

#include "engine/TorchOps.h"

namespace boneage::engine::detail {

namespace {
constexpr double kEpsilon = 1e-7;
}

Heatmap gradCam(const torch::Tensor& score, const torch::Tensor& featureMap, int width, int height) {
    const torch::Tensor gradient =
        torch::autograd::grad({score}, {featureMap}, /*grad_outputs=*/{}, /*retain_graph=*/false,
                              /*create_graph=*/false, /*allow_unused=*/false)[0];
    torch::NoGradGuard noGrad;
    namespace F = torch::nn::functional;
    const torch::Tensor features = featureMap.detach();
    const torch::Tensor weights = gradient.mean({2, 3}, /*keepdim=*/true);
    torch::Tensor cam = torch::relu((weights * features).sum(1, /*keepdim=*/true));
    cam = cam / (cam.max() + kEpsilon);
    cam = F::interpolate(cam, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{height, width})
                                  .mode(torch::kBilinear)
                                  .align_corners(false));
    cam = cam.to(torch::kCPU, torch::kFloat32).contiguous();
    Heatmap map;
    map.width = width;
    map.height = height;
    const float* data = cam.data_ptr<float>();
    map.values.assign(data, data + std::int64_t(width) * height);
    return map;
}

}  // namespace boneage::engine::detail
