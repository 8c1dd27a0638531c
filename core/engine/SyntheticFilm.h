#pragma once

#include <cstdint>

#include "engine/EngineTypes.h"

namespace boneage::engine {

/// A deterministic grey test film (smooth blobs, a gradient and fine noise, values in [0, 1]) for benchmarks
/// and tests that need an image but no radiograph. Same seed and size -> same pixels on every platform.
/// Throws Error(Usage) when width or height is not in 1..16384.
Image syntheticFilm(int width, int height, std::uint32_t seed = 1);

}  // namespace boneage::engine
