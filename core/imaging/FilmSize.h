#pragma once
// Internal to boneage_imaging: the film size rule shared by every reader, checked before any allocation.

#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

inline void checkFilmSize(const std::string& name, std::int64_t width, std::int64_t height) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (width <= 0 || height <= 0)
        throw Error(ErrorCode::BadInput, name, "empty image (" + size + " pixels)");
    if (width > kMaxFilmSide || height > kMaxFilmSide || width * height > kMaxFilmPixels) {
        throw Error(ErrorCode::BadInput, name, "image too large: " + size + " pixels");
    }
    if (width < kMinFilmSide || height < kMinFilmSide) {
        throw Error(ErrorCode::BadInput, name,
                    "image too small to assess: " + size + " pixels (at least " +
                        std::to_string(kMinFilmSide) + "x" + std::to_string(kMinFilmSide) + " needed)");
    }
}

/// Sets minValue/maxValue from pixels.
inline void updateRange(Film& film) {
    if (film.pixels.empty())
        return;
    float lo = film.pixels[0], hi = film.pixels[0];
    for (const float v : film.pixels) {
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    film.minValue = lo;
    film.maxValue = hi;
}

}  // namespace boneage::imaging::detail
