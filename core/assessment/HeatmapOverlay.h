#pragma once

#include <string>

#include "engine/Engine.h"
#include "imaging/Film.h"

namespace boneage::assessment {

/// Writes the film (through its default window) with the Grad-CAM heat map blended over it in the jet colour
/// map (blue = low, red = high) as a colour PNG. `heatmap` must have the film's size. Written to a temporary
/// file and renamed, so a failure leaves no half-written PNG. Throws Error(BadInput) naming the output on
/// failure.
void writeHeatmapOverlay(const std::string& path, const imaging::Film& film, const engine::Heatmap& heatmap,
                         double opacity = 0.45);

}  // namespace boneage::assessment
