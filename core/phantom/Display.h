#pragma once

#include <cstdint>
#include <vector>

#include "phantom/PhantomFilm.h"

namespace boneage::phantom {

/// An 8-bit grey image, row-major.
struct GrayImage8 {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;
};

/// The film as a reader sees it: MONOCHROME1 undone (bone bright), the film's suggested window applied,
/// 8 bits, and box-filtered down to at most `maxHeight` rows when maxHeight > 0 (aspect kept). For
/// previews, RSNA-style 8-bit PNG datasets and screenshots.
GrayImage8 displayImage(const PhantomFilm& film, int maxHeight = 0);

/// The age-informative mask (0 or 255), downscaled like displayImage (a pixel is 255 when any source pixel
/// under it is masked).
GrayImage8 maskImage(const PhantomFilm& film, int maxHeight = 0);

}  // namespace boneage::phantom
