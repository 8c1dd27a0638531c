#include "ui/HeatmapImage.h"

#include <QColor>
#include <algorithm>
#include <cmath>

namespace boneage::ui {

QRgb heatmapColour(double v) {
    v = std::clamp(std::isfinite(v) ? v : 0.0, 0.0, 1.0);
    // The classic jet ramp, piecewise linear through blue, cyan, yellow and red.
    auto channel = [](double x) { return std::clamp(1.5 - std::abs(4.0 * x), 0.0, 1.0); };
    const double r = channel(v - 0.75), g = channel(v - 0.5), b = channel(v - 0.25);
    return qRgb(int(std::lround(r * 255)), int(std::lround(g * 255)), int(std::lround(b * 255)));
}

QImage heatmapImage(int width, int height, const std::vector<float>& values) {
    if (width <= 0 || height <= 0 || values.size() != std::size_t(width) * std::size_t(height))
        return {};
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    QRgb table[256];
    for (int i = 0; i < 256; ++i) {
        const double v = i / 255.0;
        const double alpha = std::clamp((v - 0.08) / 0.42, 0.0, 1.0);
        const QRgb c = heatmapColour(v);
        const int a = int(std::lround(alpha * 255));
        table[i] = qRgba(qRed(c) * a / 255, qGreen(c) * a / 255, qBlue(c) * a / 255, a);
    }
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* src = values.data() + std::size_t(y) * std::size_t(width);
        for (int x = 0; x < width; ++x) {
            const float v = std::isfinite(src[x]) ? std::clamp(src[x], 0.0f, 1.0f) : 0.0f;
            line[x] = table[int(v * 255.0f + 0.5f)];
        }
    }
    return image;
}

}  // namespace boneage::ui
