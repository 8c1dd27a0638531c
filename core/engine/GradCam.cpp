#include <torch/csrc/autograd/autograd.h>

#include "engine/Resample.h"
#include "engine/TorchOps.h"

namespace boneage::engine::detail {

namespace {
constexpr double kEpsilon = 1e-7;
}

torch::Tensor gradCamMap(const torch::Tensor& score, const torch::Tensor& featureMap) {
    const torch::Tensor gradient =
        torch::autograd::grad({score}, {featureMap}, /*grad_outputs=*/{}, /*retain_graph=*/false,
                              /*create_graph=*/false, /*allow_unused=*/false)[0];
    torch::NoGradGuard noGrad;
    const torch::Tensor features = featureMap.detach();
    const torch::Tensor weights = gradient.mean({2, 3}, /*keepdim=*/true);
    torch::Tensor cam = torch::relu((weights * features).sum(1, /*keepdim=*/true));
    return cam / (cam.max() + kEpsilon);
}

Heatmap gradCam(const torch::Tensor& score, const torch::Tensor& featureMap, int width, int height) {
    torch::Tensor cam = gradCamMap(score, featureMap).to(torch::kCPU, torch::kFloat32).contiguous();
    // The map is tiny (the feature map's h x w); it is enlarged straight into the heat map's own buffer.
    Heatmap map;
    map.width = width;
    map.height = height;
    map.values.resize(std::size_t(width) * std::size_t(height));
    upsampleBilinear(cam.data_ptr<float>(), int(cam.size(3)), int(cam.size(2)), map.values.data(), width,
                     height);
    return map;
}

}  // namespace boneage::engine::detail
