#pragma once
// Display windowing of films (DICOM PS3.3 C.11.2.1.2) and the model's [0,1] input.
// Pure functions of their arguments: thread-safe, no allocation beyond the output.

#include "imaging/Film.h"

#include <cstdint>
#include <vector>

namespace boneage::imaging {

enum class WindowPreset {
    DicomDefault,  ///< the film's DICOM window; else a linear fit of its VOI LUT; else FullRange
    Bone,          ///< from the film's histogram: 30th to 99.5th percentile, so bone fills the grey range
    FullRange,     ///< minValue..maxValue mapped onto 0..255
};

/// The window a preset gives for `film`. Always width >= 1.
Window windowFor(const Film& film, WindowPreset preset);

/// y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, clamped to [0,255] and rounded; width <= 1 is a threshold at
/// c - 0.5. The single-pixel function applyWindow uses.
std::uint8_t windowValue(float x, const Window& window);

/// Windows every pixel of `film` into `out` (resized to width*height); `invert` gives 255 - y.
/// Fast path: a LUT over the integer range when the pixels are integral (about 3 ms for 2048x2560 on one
/// core).
void applyWindow(const Film& film, const Window& window, bool invert, std::vector<std::uint8_t>& out);

/// windowValue() over a run of any float values (fractional ones included, e.g. a viewer's box-averaged
/// reduced copy of a film), four at a time with SSE2 and the same arithmetic, so equal to it to the bit;
/// 255 minus it when `invert`. Any thread.
void applyWindow(const float* pixels, std::size_t count, const Window& window, bool invert,
                 std::uint8_t* out);

/// Maps every pixel through a VOI LUT onto 0..255 (the exact DicomDefault display of a film with a LUT).
void applyVoiLut(const Film& film, const VoiLut& lut, bool invert, std::vector<std::uint8_t>& out);

/// The model's input: the film through its DicomDefault window (or its VOI LUT, else the full range), as
/// floats in [0,1], width*height row-major. Unquantised (not the 8-bit display).
std::vector<float> toUnitRange(const Film& film);

}  // namespace boneage::imaging
