#include "assessment/HeatmapColours.h"

#include <algorithm>
#include <cmath>

namespace boneage::assessment {

Rgb8 heatmapColour(double v) {
    v = std::clamp(std::isfinite(v) ? v : 0.0, 0.0, 1.0);
    // The classic jet ramp, piecewise linear through blue, cyan, yellow and red.
    auto channel = [](double x) { return std::clamp(1.5 - std::abs(4.0 * x), 0.0, 1.0); };
    const double r = channel(v - 0.75), g = channel(v - 0.5), b = channel(v - 0.25);
    return {std::uint8_t(std::lround(r * 255)), std::uint8_t(std::lround(g * 255)),
            std::uint8_t(std::lround(b * 255))};
}

double heatmapAlpha(double v) {
    return std::clamp(((std::isfinite(v) ? v : 0.0) - 0.08) / 0.42, 0.0, 1.0);
}

int heatmapLevel(float v) {
    const float clamped = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
    return int(clamped * 255.0f + 0.5f);
}

const std::array<PremultipliedRgba8, 256>& heatmapTable() {
    static const std::array<PremultipliedRgba8, 256> table = [] {
        std::array<PremultipliedRgba8, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double v = i / 255.0;
            const Rgb8 c = heatmapColour(v);
            const int a = int(std::lround(heatmapAlpha(v) * 255));
            t[std::size_t(i)] = {std::uint8_t(c.r * a / 255), std::uint8_t(c.g * a / 255),
                                 std::uint8_t(c.b * a / 255), std::uint8_t(a)};
        }
        return t;
    }();
    return table;
}

std::vector<std::uint8_t> blendHeatmap(const std::vector<std::uint8_t>& grey,
                                       const std::vector<float>& values, double opacity) {
    if (grey.size() != values.size())
        return {};
    opacity = std::clamp(std::isfinite(opacity) ? opacity : 0.0, 0.0, 1.0);
    const auto& table = heatmapTable();
    std::vector<std::uint8_t> rgb(grey.size() * 3);
    for (std::size_t i = 0; i < grey.size(); ++i) {
        const PremultipliedRgba8& c = table[std::size_t(heatmapLevel(values[i]))];
        const double keep = 1.0 - opacity * c.a / 255.0;
        const double base = grey[i] * keep;
        rgb[3 * i] = std::uint8_t(std::lround(std::min(255.0, base + opacity * c.r)));
        rgb[3 * i + 1] = std::uint8_t(std::lround(std::min(255.0, base + opacity * c.g)));
        rgb[3 * i + 2] = std::uint8_t(std::lround(std::min(255.0, base + opacity * c.b)));
    }
    return rgb;
}

}  // namespace boneage::assessment
