#pragma once

#include <QImage>
#include <QRgb>
#include <vector>

namespace boneage::ui {

/// The Grad-CAM colour of v in [0,1] (assessment::heatmapColour, as a QRgb); values outside are clamped.
QRgb heatmapColour(double v);

/// A heat map of `width` x `height` values in [0,1] as a premultiplied ARGB image of
/// assessment::heatmapTable() (jet colour, transparent where attention is weak), for drawing over the film
/// with the overlay opacity: what the CLI's overlay PNG shows. An empty or mis-sized input gives a null
/// image.
QImage heatmapImage(int width, int height, const std::vector<float>& values);

}  // namespace boneage::ui
