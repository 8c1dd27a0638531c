#pragma once
// Internal to boneage_imaging: PNG and JPEG decoding through OpenCV.

#include "imaging/Film.h"
#include "imaging/FilmHeader.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

/// Decodes a PNG or JPEG (format "png" or "jpeg") as greyscale, 8 or 16 bits. The dimensions are read from
/// the file header and checked before OpenCV allocates anything. Throws Error(BadInput, name, cause).
Film readRaster(const std::uint8_t* data, std::size_t size, const std::string& name,
                const std::string& format);

/// The header of a PNG or JPEG: the size from IHDR or the first frame header, with the sides swapped when
/// an EXIF orientation (a JPEG APP1 "Exif" segment, a PNG eXIf chunk before the image data) turns the image
/// by a quarter, as the decoder then does; checked with the film size rule. Decodes nothing. Sets width and
/// height. Throws Error(BadInput, name, cause) with the causes of readRaster.
FilmHeader readRasterHeader(const std::uint8_t* data, std::size_t size, const std::string& name,
                            const std::string& format);

}  // namespace boneage::imaging::detail
