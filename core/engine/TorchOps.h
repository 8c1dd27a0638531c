#pragma once
// Private to core/engine: the LibTorch operations behind Engine. Include only from core/engine/*.cpp.

#include <string>

#include <torch/script.h>

#include "engine/EngineTypes.h"
#include "engine/Manifest.h"

namespace boneage::engine::detail {

/// Throws Error(BadInput, "image", ...) for an empty, inconsistent or oversized image.
void validateImage(const Image& image);
/// Throws Error(BadInput, "image", ...) for an image with a non-finite pixel, or whose pixels are all equal.
void checkPixels(const Image& image);

/// The manifest's preprocessing (see models/boneage_models/preprocess.py): stretch-resize with antialiased
/// bilinear interpolation, per-image standardisation, replication to the channel count. Returns
/// [1, C, H, W] float32 on `device`. Validates the image (validateImage; checkPixels when the resized
/// input is non-finite or nearly constant).
torch::Tensor preprocessImage(const Image& image, const Manifest::Input& input, const torch::Device& device);

/// Grad-CAM: alpha_k = spatial mean of d score / d F_k; relu(sum_k alpha_k F_k) / (max + 1e-7), bilinearly
/// resized (align_corners=false) to width x height. `score` is a scalar that depends on `featureMap`
/// [1, K, h, w] through an autograd graph.
Heatmap gradCam(const torch::Tensor& score, const torch::Tensor& featureMap, int width, int height);

/// The first line of a LibTorch error, without its C++ backtrace.
std::string shortMessage(const c10::Error& error);

}  // namespace boneage::engine::detail
