#include "ui/HeatmapImage.h"

#include "assessment/HeatmapColours.h"

namespace boneage::ui {

QRgb heatmapColour(double v) {
    const assessment::Rgb8 c = assessment::heatmapColour(v);
    return qRgb(c.r, c.g, c.b);
}

QImage heatmapImage(int width, int height, const std::vector<float>& values) {
    if (width <= 0 || height <= 0 || values.size() != std::size_t(width) * std::size_t(height))
        return {};
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    QRgb table[256];
    const auto& colours = assessment::heatmapTable();
    for (int i = 0; i < 256; ++i) {
        const assessment::PremultipliedRgba8& c = colours[std::size_t(i)];
        table[i] = qRgba(c.r, c.g, c.b, c.a);
    }
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* src = values.data() + std::size_t(y) * std::size_t(width);
        for (int x = 0; x < width; ++x)
            line[x] = table[assessment::heatmapLevel(src[x])];
    }
    return image;
}

}  // namespace boneage::ui
