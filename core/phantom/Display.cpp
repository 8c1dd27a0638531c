#include "phantom/Display.h"

#include <algorithm>
#include <cmath>

namespace boneage::phantom {

namespace {

/// Source rows/columns per output pixel and the output size for a maximum height.
struct Reduction {
    int factor = 1, width = 0, height = 0;
};

Reduction reduction(const PhantomFilm& film, int maxHeight) {
    Reduction r;
    if (maxHeight > 0 && film.height > maxHeight)
        r.factor = (film.height + maxHeight - 1) / maxHeight;
    r.width = std::max(1, film.width / r.factor);
    r.height = std::max(1, film.height / r.factor);
    return r;
}

}  // namespace

GrayImage8 displayImage(const PhantomFilm& film, int maxHeight) {
    const Reduction r = reduction(film, maxHeight);
    const double maxValue = double((1u << film.bitsStored) - 1);
    double centre = film.windowCenter, width = film.windowWidth;
    if (width <= 0)
        centre = 0.5 * maxValue, width = maxValue + 1;
    if (film.monochrome1)
        centre = maxValue - centre;  // compare against un-inverted values
    const double lo = centre - 0.5 * width;

    GrayImage8 out;
    out.width = r.width, out.height = r.height;
    out.pixels.resize(std::size_t(r.width) * std::size_t(r.height));
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) {
            double sum = 0;
            for (int dy = 0; dy < r.factor; ++dy)
                for (int dx = 0; dx < r.factor; ++dx) {
                    const double v = film.at(x * r.factor + dx, y * r.factor + dy);
                    sum += film.monochrome1 ? maxValue - v : v;
                }
            const double v = sum / (r.factor * r.factor);
            out.pixels[std::size_t(y) * std::size_t(r.width) + std::size_t(x)] =
                std::uint8_t(std::lround(std::clamp((v - lo) / width, 0.0, 1.0) * 255));
        }
    return out;
}

GrayImage8 maskImage(const PhantomFilm& film, int maxHeight) {
    const Reduction r = reduction(film, maxHeight);
    GrayImage8 out;
    out.width = r.width, out.height = r.height;
    out.pixels.resize(std::size_t(r.width) * std::size_t(r.height));
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) {
            bool any = false;
            for (int dy = 0; dy < r.factor && !any; ++dy)
                for (int dx = 0; dx < r.factor && !any; ++dx)
                    any = film.mask[std::size_t(y * r.factor + dy) * std::size_t(film.width) +
                                    std::size_t(x * r.factor + dx)] != 0;
            out.pixels[std::size_t(y) * std::size_t(r.width) + std::size_t(x)] = any ? 255 : 0;
        }
    return out;
}

}  // namespace boneage::phantom
