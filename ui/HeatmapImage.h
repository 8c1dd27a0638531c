#pragma once

#include <QImage>
#include <QRgb>
#include <vector>

namespace boneage::ui {

/// The Grad-CAM colour scale (jet: blue = low, red = high) for v in [0,1]; values outside are clamped.
QRgb heatmapColour(double v);

/// A heat map of `width` x `height` values in [0,1] as a premultiplied ARGB image: jet colour with an alpha
/// that rises from 0 (weak attention leaves the film unobstructed) to opaque at half the maximum.
/// An empty or mis-sized input gives a null image.
QImage heatmapImage(int width, int height, const std::vector<float>& values);

}  // namespace boneage::ui
