#pragma once
// Internal to boneage_imaging: DICOM decoding through DCMTK.

#include "imaging/Film.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

/// Decodes the first frame of a DICOM greyscale film held in memory. Throws Error(BadInput, name, cause).
Film readDicom(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace boneage::imaging::detail
