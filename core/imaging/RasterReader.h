#pragma once
// Internal to boneage_imaging: PNG and JPEG decoding through OpenCV.

#include "imaging/Film.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

/// Decodes a PNG or JPEG (format "png" or "jpeg") as greyscale, 8 or 16 bits. The dimensions are read from
/// the file header and checked before OpenCV allocates anything. Throws Error(BadInput, name, cause).
Film readRaster(const std::uint8_t* data, std::size_t size, const std::string& name,
                const std::string& format);

}  // namespace boneage::imaging::detail
