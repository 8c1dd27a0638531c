#pragma once
// The hand mask of a film and the share of a Grad-CAM map that lies on it: how evaluation tells whether the
// model looks at the hand. Standard library only.

#include <vector>

#include "engine/EngineTypes.h"

namespace boneage::assessment {

/// Fraction of a heat map's mass that lies where mask != 0 (mask has the heat map's size). 0 for an empty
/// map.
double heatmapMassInside(const engine::Heatmap& heatmap, const std::vector<unsigned char>& mask);

/// A hand mask (1 = hand, width * height) of a [0,1] film: Otsu threshold of the film clamped to its
/// 1st..99th percentile (so a bright lead marker cannot win), largest 8-connected component, holes filled; a
/// mask that fills over 85 % of its bounding box (a cassette or collimated field) is thresholded once more
/// inside itself. All zero for a flat film. The twin of models/boneage_models/hand_mask.py (gradcam_on_hand).
std::vector<unsigned char> handMask(const engine::Image& image);

}  // namespace boneage::assessment
