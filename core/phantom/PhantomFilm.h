#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "phantom/Anatomy.h"
#include "phantom/PhantomSpec.h"

namespace boneage::phantom {

/// Where a growth plate lies on the film (image pixel coordinates: x = column, y = row, pixel centres at
/// integer + 0.5), for tests that probe the image and for Grad-CAM checks.
struct PhysisLandmark {
    Physis physis = Physis::DistalRadius;
    double x = 0, y = 0;          ///< centre of the plate (between metaphysis end and epiphysis)
    double axisX = 0, axisY = 0;  ///< unit vector from the metaphysis towards the epiphysis
    double halfWidthPx = 0;       ///< half-width of the metaphysis at the plate
    double gapPx = 0;             ///< width of the radiolucent plate along the axis (0: absent or fused)
    EpiphysisState state;         ///< the maturity drawn
};

/// Where a carpal bone lies on the film (its centre and mean radius when ossified; its adult footprint
/// position otherwise).
struct CarpalLandmark {
    Carpal carpal = Carpal::Capitate;
    double x = 0, y = 0;
    double radiusPx = 0;  ///< 0 when not yet ossified
    bool visible = false;
};

/// A rendered phantom: stored pixel values as a DICOM writer takes them, the age-informative mask, the
/// spec it came from, and the ground truth a test or a Grad-CAM check needs.
struct PhantomFilm {
    int width = 0, height = 0;
    int bitsStored = 12;                 ///< BitsAllocated is 16; HighBit = bitsStored - 1; unsigned
    bool monochrome1 = false;            ///< PhotometricInterpretation MONOCHROME1 (bone dark) or MONOCHROME2
    double pixelSpacingMm = 0;           ///< square pixels (PixelSpacing / ImagerPixelSpacing)
    std::vector<std::uint16_t> pixels;   ///< row-major, width*height stored values in 0..2^bitsStored-1
    std::vector<std::uint8_t> mask;      ///< row-major, 1 on growth plates/epiphyses and carpals, else 0
    double windowCenter = 0;             ///< suggested VOI window (stored values, DICOM WindowCenter)
    double windowWidth = 0;              ///< (DICOM WindowWidth)
    PhantomSpec spec;                    ///< the spec rendered (after validation)
    Anatomy anatomy;                     ///< anatomyFor(spec.sex, spec.boneAgeMonths)
    std::vector<PhysisLandmark> physes;  ///< kPhysisCount entries, in Physis order
    std::vector<CarpalLandmark> carpals;  ///< kCarpalCount entries, in Carpal order

    std::uint16_t at(int x, int y) const {
        return pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)];
    }
};

/// Renders a left-hand PA radiograph (fingers up, thumb on the viewer's right) for `spec`.
/// Deterministic: the same spec gives byte-identical pixels and mask. Runs in roughly 0.3 s for
/// 2048 x 2560 on one core; thread-safe (no shared state), so films can be rendered in parallel.
/// Throws boneage::Error(ErrorCode::Usage, "phantom spec", cause) for an out-of-range spec.
PhantomFilm renderPhantom(const PhantomSpec& spec);

}  // namespace boneage::phantom
