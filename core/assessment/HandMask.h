#pragma once
// The share of a Grad-CAM map that lies on a mask (the film's hand mask, engine::handMask, or a dataset's
// own masks): how evaluation tells whether the model looks at the hand. Standard library only.

#include <vector>

#include "engine/EngineTypes.h"
#include "engine/HandMask.h"

namespace boneage::assessment {

/// Fraction of a heat map's mass that lies where mask != 0 (mask has the heat map's size). 0 for an empty
/// map.
double heatmapMassInside(const engine::Heatmap& heatmap, const std::vector<unsigned char>& mask);

// The hand mask itself is engine::handMask (engine/HandMask.h): the engine's hand_crop input needs it.

}  // namespace boneage::assessment
