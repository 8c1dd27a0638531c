#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/Engine.h"
#include "imaging/Film.h"

namespace boneage::assessment {

/// Writes the film (through its default window) with the Grad-CAM heat map blended over it in the jet colour
/// map (blue = low, red = high) as a colour PNG. `heatmap` must have the film's size. Written to a temporary
/// file and renamed, so a failure leaves no half-written PNG. Throws Error(BadInput) naming the output on
/// failure.
/// The overlay writeHeatmapOverlay() draws, as 8-bit RGB (width * height * 3 bytes, row-major) of the film's
/// size. Throws Error(Internal) when the heat map does not have the film's size, Error(BadInput) when OpenCV
/// fails.
std::vector<std::uint8_t> renderHeatmapOverlay(const imaging::Film& film, const engine::Heatmap& heatmap,
                                               double opacity = 0.45);

void writeHeatmapOverlay(const std::string& path, const imaging::Film& film, const engine::Heatmap& heatmap,
                         double opacity = 0.45);

}  // namespace boneage::assessment
