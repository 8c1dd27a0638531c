#pragma once
// The one rendering of a Grad-CAM heat map, used by the screen (ui/HeatmapImage, ui/HeatmapLegend) and by
// the CLI's overlay PNG (writeHeatmapOverlay). Standard library only: the UI turns the table into a QImage.
//
// The rule, chosen for a radiologist reading the film through it: the colour runs through the familiar jet
// hues (blue = low, cyan, yellow, red = high) that the legend shows, and the opacity follows the value, so
// the film stays untouched where the model paid little attention (transparent below 0.08, rising linearly
// to full strength at 0.5 of the maximum). A constant-alpha blend (the CLI once used jet at 0.45 everywhere)
// tints the whole film blue and hides the bones a reader needs to see.

#include <array>
#include <cstdint>
#include <vector>

namespace boneage::assessment {

struct Rgb8 {
    std::uint8_t r = 0, g = 0, b = 0;
};

/// A premultiplied RGBA colour (each colour channel already multiplied by alpha / 255).
struct PremultipliedRgba8 {
    std::uint8_t r = 0, g = 0, b = 0, a = 0;
};

/// The opacity the overlay is shown with unless the reader changes it (the screen's default, the CLI's).
constexpr double kDefaultHeatmapOpacity = 0.5;

/// The colour of heat value `v` in [0,1] (clamped; NaN counts as 0).
Rgb8 heatmapColour(double v);

/// The opacity of heat value `v` before the overlay opacity: 0 below 0.08, 1 from 0.5, linear between.
double heatmapAlpha(double v);

/// The 8-bit level a heat value is drawn with: round(clamp(v, 0, 1) * 255); NaN and infinities give 0.
int heatmapLevel(float v);

/// Colour and alpha of every level, premultiplied: what a compositor draws. Computed once.
const std::array<PremultipliedRgba8, 256>& heatmapTable();

/// `grey` (8-bit, one value per pixel) with the heat map `values` (same count, [0,1]) drawn over it at
/// `opacity` (0..1): out = grey * (1 - alpha * opacity) + colour * alpha * opacity per channel, the same
/// "source over" a QPainter with that opacity draws on screen. Returns interleaved RGB, 3 bytes per pixel.
/// An empty result when the counts differ.
std::vector<std::uint8_t> blendHeatmap(const std::vector<std::uint8_t>& grey,
                                       const std::vector<float>& values, double opacity);

}  // namespace boneage::assessment
