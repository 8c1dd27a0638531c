#pragma once
// Private to core/engine: the LibTorch operations behind Engine. Include only from core/engine/*.cpp.

#include <optional>
#include <string>

#include <torch/script.h>

#include "engine/EngineTypes.h"
#include "engine/Manifest.h"

namespace boneage::engine::detail {

/// Throws Error(BadInput, "image", ...) for an empty, inconsistent or oversized image.
void validateImage(const Image& image);
/// Throws Error(BadInput, "image", ...) for an image with a non-finite pixel, or whose pixels are all equal.
void checkPixels(const Image& image);

/// Where a hand_crop input came from, in film pixels: the square rows top..top+side, columns left..left+side
/// (it may reach outside the film); the region is the film without its uniform borders.
struct CropBox {
    int top = 0, left = 0, side = 1;
    int regionTop = 0, regionBottom = 0, regionLeft = 0, regionRight = 0;
    bool handFound = false;
    float fill = 0;  ///< the film's background level, for what lies outside the region
};

/// The network input of a film and, for hand_crop, where it came from.
struct PreparedInput {
    torch::Tensor input;  ///< [V, C, H, W] float32 on the engine's device: V views (1 unless hand_crop views)
    std::optional<CropBox> box;
};

/// The manifest's preprocessing (see models/boneage_models/preprocess.py): "stretch" (antialiased bilinear
/// resize to the input size) or "hand_crop" (the square around the hand, HandCrop.cpp), then per-image
/// standardisation and replication to the channel count. Validates the image (validateImage; checkPixels
/// first for hand_crop, and for stretch when the resized input is non-finite or nearly constant).
PreparedInput prepareInput(const Image& image, const Manifest::Input& input, const torch::Device& device);
/// prepareInput(...).input.
torch::Tensor preprocessImage(const Image& image, const Manifest::Input& input, const torch::Device& device);

/// hand_crop, steps 1-3: the square around the hand of a film [H, W] (CPU float32 in [0, 1]).
CropBox handCropBox(const torch::Tensor& film, const Manifest::HandCrop& params);
/// A view of the hand's square (Manifest::HandCrop::View): side' = round(side (1 + ds)), moved by
/// round(dy side) rows and round(dx side) columns and by -floor((side' - side) / 2) both ways, so it grows
/// about its centre. round is floor(v + 0.5), as boneage_models.preprocess.view_geometry.
CropBox viewBox(const CropBox& box, const Manifest::HandCrop::View& view);
/// hand_crop, step 4: the box's square of the film (on the film's device), filled outside the region and
/// resized to size x size: [size, size].
torch::Tensor cropSquare(const torch::Tensor& film, const CropBox& box, int size);
/// A map over the box's square [1, 1, h, w] as a film-sized heat map: resized to the square's side
/// (bilinear, align_corners=false), the film's part of it kept, 0 elsewhere.
Heatmap placeInFilm(const torch::Tensor& squareMap, const CropBox& box, int width, int height);

/// The input check's classes, as the classifier sees the input [1, C, S, S]: softmax over its logits.
InputCheck runInputCheck(torch::jit::Module& module, const torch::Tensor& input,
                         const Manifest::InputCheck& spec);
/// The square input turned/mirrored into the upright left-hand orientation the check found ([..., S, S]).
torch::Tensor toUpright(const torch::Tensor& x, const InputCheck& check);
/// The inverse: a map over the upright input back into the film's orientation.
torch::Tensor fromUpright(const torch::Tensor& x, const InputCheck& check);

/// Grad-CAM: alpha_k = spatial mean of d score / d F_k; relu(sum_k alpha_k F_k) / (max + 1e-7), bilinearly
/// resized (align_corners=false) to width x height. `score` is a scalar that depends on `featureMap`
/// [1, K, h, w] through an autograd graph.
Heatmap gradCam(const torch::Tensor& score, const torch::Tensor& featureMap, int width, int height);
/// The same map at the feature map's own resolution [1, 1, h, w], before the resize.
torch::Tensor gradCamMap(const torch::Tensor& score, const torch::Tensor& featureMap);

/// The first line of a LibTorch error, without its C++ backtrace.
std::string shortMessage(const c10::Error& error);

}  // namespace boneage::engine::detail
