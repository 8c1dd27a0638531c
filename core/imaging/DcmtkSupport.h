#pragma once
// Internal to boneage_imaging: the one place that initialises DCMTK for this module.

namespace boneage::imaging::detail {

/// Registers DCMTK's JPEG, JPEG-LS and RLE decoders and encoders, and quietens DCMTK's own logging (bad
/// input is reported through boneage::Error, not DCMTK warnings on stderr). Thread-safe; the work happens
/// once.
void ensureDcmtkReady();

}  // namespace boneage::imaging::detail
