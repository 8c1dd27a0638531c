#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assessment/HeatmapColours.h"
#include "engine/Engine.h"
#include "imaging/Film.h"

namespace boneage::assessment {

/// The film (through its default window) with the Grad-CAM heat map drawn over it as on screen
/// (HeatmapColours.h: jet colours, transparent where attention is low) at `opacity`, as 8-bit RGB
/// (width * height * 3 bytes, row-major) of the film's size. Throws Error(Internal) naming `subject` when the
/// heat map does not have the film's size.
std::vector<std::uint8_t> renderHeatmapOverlay(const imaging::Film& film, const engine::Heatmap& heatmap,
                                               double opacity = kDefaultHeatmapOpacity,
                                               const std::string& subject = "heat map overlay");

/// renderHeatmapOverlay() written as a colour PNG through imaging's atomic writer, so a failure leaves no
/// half-written PNG; throws Error(Storage) naming the output when it cannot be written.
void writeHeatmapOverlay(const std::string& path, const imaging::Film& film, const engine::Heatmap& heatmap,
                         double opacity = kDefaultHeatmapOpacity);

}  // namespace boneage::assessment
