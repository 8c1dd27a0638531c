#pragma once
// Internal: turns the rasterised anatomy into detector values (collimation, lead marker, scatter, heel
// effect, quantum and electronic noise, log transform, automatic ranging, quantisation, photometry).

#include <cstdint>
#include <vector>

#include "phantom/Canvas.h"
#include "phantom/PhantomSpec.h"

namespace boneage::phantom {

struct Exposure {
    std::vector<std::uint16_t> pixels;
    double windowCenter = 0, windowWidth = 0;
};

/// Consumes the canvas buffers' contents (soft/bone) to produce stored values for `spec`.
Exposure acquire(const PhantomSpec& spec, Canvas& canvas);

}  // namespace boneage::phantom
