#pragma once

#include <cstdint>

#include "common/Sex.h"

namespace boneage::phantom {

/// Collimation: the unexposed border the X-ray field leaves on each side of the film, in mm (0 = none).
struct Collimation {
    double leftMm = 0;
    double rightMm = 0;
    double topMm = 0;
    double bottomMm = 0;
    double tiltDeg = 0;  ///< the field's rotation relative to the detector (a few degrees at most)
};

/// Everything that determines one synthetic left-hand PA radiograph. A spec and its seed fully determine
/// the film: renderPhantom(spec) is a pure function (same spec -> byte-identical pixels and mask).
///
/// Ages are in months. `boneAgeMonths` alone drives skeletal maturity and size (see Anatomy.h); the
/// chronological age is carried to the film's metadata (birth date, PatientAge) and is deliberately not
/// visible in the image, so only the image tells the bone age.
struct PhantomSpec {
    std::uint64_t seed = 0;  ///< anatomical jitter, trabecular texture and quantum-noise realisation
    Sex sex = Sex::Male;
    double chronologicalAgeMonths = 120;  ///< 0..240
    double boneAgeMonths = 120;           ///< 0..240, in the sex's own (Greulich-Pyle) standard

    // Detector.
    int width = 2048;               ///< columns, 64..16384
    int height = 2560;              ///< rows, 64..16384
    double pixelSpacingMm = 0.125;  ///< square pixels, 0.02..1 mm
    int bitsStored = 12;            ///< 8..16; values span 0..2^bitsStored-1 in 16-bit words
    bool monochrome1 = false;       ///< true: stored values inverted (bone dark), DICOM MONOCHROME1

    // Exposure and processing.
    double exposure = 1.0;          ///< relative dose 0.05..20; quantum noise scales as 1/sqrt(exposure)
    double scatterFraction = 0.15;  ///< scatter-to-primary ratio of an open field, 0..1
    double scatterRadiusMm = 25;    ///< width of the scatter blur, 1..200 mm
    double noise = 1.0;             ///< multiplies quantum and electronic noise; 0 renders a noise-free film
    double contrast = 1.0;    ///< processing contrast, 0.5..2 (1 = the bone range fills ~85% of the range)
    double heelEffect = 0.0;  ///< exposure gradient top-to-bottom, -0.3..0.3

    // Positioning.
    double rotationDeg = 0;      ///< hand rotation on the detector, counter-clockwise as viewed, -30..30
    double shiftXMm = 0;         ///< hand offset from the centred position (right +)
    double shiftYMm = 0;         ///< hand offset from the default position (down +)
    double handScale = 1.0;      ///< individual size relative to the age norm, 0.7..1.3
    double fingerSpreadDeg = 4;  ///< extra abduction of the fingers, -5..15
    Collimation collimation;

    bool leadMarker = true;  ///< a lead "L" on a plastic holder in a free corner of the field
};

/// A random but plausible spec for dataset generation: sex 50/50, chronological age uniform in 12..216
/// months, bone age = chronological age + N(0, 12 months) clamped to 6..228 (and at least a month from
/// the chronological age), height 2000..2600 px at 0.10..0.15 mm (field of view 200..250 mm at 1 year
/// widening to 260..340 mm from 10 years, as cassettes and collimation follow the child), 12- or
/// 16-bit, MONOCHROME1 or 2, and randomised exposure, scatter, rotation (+-10 deg), shift, collimation and
/// marker. Deterministic in `seed`; `result.seed == seed`.
PhantomSpec randomSpec(std::uint64_t seed);

/// Throws boneage::Error(ErrorCode::Usage, "phantom spec", cause) when a field is outside its documented
/// range (or NaN); renderPhantom calls it first.
void validateSpec(const PhantomSpec& spec);

}  // namespace boneage::phantom
