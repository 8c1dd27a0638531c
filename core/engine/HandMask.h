#pragma once
// The hand on a film: the mask that the engine's hand_crop input and the evaluation's Grad-CAM-on-hand share
// use. Standard library only.

#include <vector>

#include "engine/EngineTypes.h"

namespace boneage::engine {

/// A hand mask (1 = hand, width * height) of a [0,1] film: Otsu threshold of its log intensities between the
/// 1st and 99th percentile, clamped there (so a bright lead marker cannot win, and a change of gamma does not
/// move the mask; values below 1/16 of the bright level are one black), largest 8-connected component, holes
/// filled; a
/// mask that fills over 85 % of its bounding box (a cassette or collimated field) is thresholded once more
/// inside itself. All zero for a flat film. The twin of models/boneage_models/hand_mask.py (test_hand_mask
/// checks that they agree pixel for pixel).
std::vector<unsigned char> handMask(const Image& image);

}  // namespace boneage::engine
