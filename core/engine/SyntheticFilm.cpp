#include "engine/SyntheticFilm.h"

#include <cmath>
#include <string>

#include "common/Error.h"

namespace boneage::engine {

namespace {
/// xorshift32: portable, deterministic, good enough for texture.
struct Random {
    std::uint32_t state;
    float next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return float(state >> 8) / float(1u << 24);
    }
};
}  // namespace

Image syntheticFilm(int width, int height, std::uint32_t seed) {
    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        throw Error(ErrorCode::Usage, "synthetic film",
                    "size " + std::to_string(width) + " x " + std::to_string(height) + " is not in 1..16384");
    Random rng{seed * 2654435761u + 0x9e3779b9u};
    struct Blob {
        float x, y, r, a;
    };
    Blob blobs[12];
    for (Blob& b : blobs)
        b = {rng.next(), rng.next(), 0.05f + 0.15f * rng.next(), 0.2f + 0.4f * rng.next()};
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height));
    for (int y = 0; y < height; ++y) {
        const float fy = (float(y) + 0.5f) / float(height);
        for (int x = 0; x < width; ++x) {
            const float fx = (float(x) + 0.5f) / float(width);
            float v = 0.1f + 0.2f * fy * (1.0f - fx);
            for (const Blob& b : blobs) {
                const float dx = fx - b.x, dy = fy - b.y;
                v += b.a * std::exp(-(dx * dx + dy * dy) / (2.0f * b.r * b.r));
            }
            v += 0.05f * rng.next();
            image.pixels[size_t(y) * size_t(width) + size_t(x)] = std::fmin(1.0f, std::fmax(0.0f, v));
        }
    }
    return image;
}

}  // namespace boneage::engine
