#include "phantom/PhantomSpec.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/Error.h"
#include "phantom/Random.h"

namespace boneage::phantom {

namespace {

void require(bool ok, const std::string& cause) {
    if (!ok)
        throw Error(ErrorCode::Usage, "phantom spec", cause);
}

/// "<name> must be <lo> to <hi>, got <value>"; NaN fails every comparison and is reported as such.
void inRange(double value, double lo, double hi, const char* name) {
    require(value >= lo && value <= hi, std::string(name) + " must be " + std::to_string(lo) + " to " +
                                            std::to_string(hi) + ", got " + std::to_string(value));
}

}  // namespace

void validateSpec(const PhantomSpec& s) {
    inRange(s.chronologicalAgeMonths, 0, 240, "chronological age (months)");
    inRange(s.boneAgeMonths, 0, 240, "bone age (months)");
    inRange(s.width, 64, 16384, "width (pixels)");
    inRange(s.height, 64, 16384, "height (pixels)");
    require(std::uint64_t(s.width) * std::uint64_t(s.height) <= (std::uint64_t(1) << 26),
            "film of " + std::to_string(s.width) + " x " + std::to_string(s.height) +
                " pixels exceeds 64 megapixels");
    inRange(s.pixelSpacingMm, 0.02, 1.0, "pixel spacing (mm)");
    inRange(s.bitsStored, 8, 16, "bits stored");
    inRange(s.exposure, 0.05, 20, "exposure");
    inRange(s.scatterFraction, 0, 1, "scatter fraction");
    inRange(s.scatterRadiusMm, 1, 200, "scatter radius (mm)");
    inRange(s.noise, 0, 10, "noise");
    inRange(s.contrast, 0.5, 2, "contrast");
    inRange(s.heelEffect, -0.3, 0.3, "heel effect");
    inRange(s.rotationDeg, -30, 30, "rotation (degrees)");
    inRange(s.shiftXMm, -200, 200, "horizontal shift (mm)");
    inRange(s.shiftYMm, -200, 200, "vertical shift (mm)");
    inRange(s.handScale, 0.7, 1.3, "hand scale");
    inRange(s.fingerSpreadDeg, -5, 15, "finger spread (degrees)");
    const Collimation& c = s.collimation;
    const double widthMm = s.width * s.pixelSpacingMm, heightMm = s.height * s.pixelSpacingMm;
    inRange(c.leftMm, 0, widthMm, "left collimation (mm)");
    inRange(c.rightMm, 0, widthMm, "right collimation (mm)");
    inRange(c.topMm, 0, heightMm, "top collimation (mm)");
    inRange(c.bottomMm, 0, heightMm, "bottom collimation (mm)");
    inRange(c.tiltDeg, -10, 10, "collimation tilt (degrees)");
    require(c.leftMm + c.rightMm < 0.9 * widthMm && c.topMm + c.bottomMm < 0.9 * heightMm,
            "collimation leaves less than a tenth of the film exposed");
}

PhantomSpec randomSpec(std::uint64_t seed) {
    Random rng(seed, 2);
    PhantomSpec s;
    s.seed = seed;
    s.sex = rng.chance(0.5) ? Sex::Male : Sex::Female;
    s.chronologicalAgeMonths = rng.uniform(12, 216);
    double offset = rng.gaussian() * 12.0;
    if (std::fabs(offset) < 1)
        offset = offset < 0 ? -1 : 1;  // bone and chronological age always differ
    s.boneAgeMonths = std::clamp(s.chronologicalAgeMonths + offset, 6.0, 228.0);
    if (std::fabs(s.boneAgeMonths - s.chronologicalAgeMonths) < 1)  // clamped onto it: go the other way
        s.boneAgeMonths = s.chronologicalAgeMonths + (s.boneAgeMonths > 117 ? -1.0 : 1.0);

    s.height = 2000 + rng.below(601);
    // Smaller children get smaller fields of view (200..250 mm at 1 y, 260..340 mm from 10 y on).
    const double grown = std::min(1.0, std::max(0.0, (s.chronologicalAgeMonths - 12) / 108));
    const double fovLo = std::max(200 + 60 * grown, s.height * 0.10);
    const double fovHi = std::max(fovLo, std::min(250 + 90 * grown, s.height * 0.15));
    s.pixelSpacingMm = rng.uniform(fovLo, fovHi) / s.height;
    s.width = int(std::lround(s.height * rng.uniform(0.78, 0.84)));
    s.bitsStored = rng.chance(0.5) ? 12 : 16;
    s.monochrome1 = rng.chance(0.3);

    s.exposure = std::exp(rng.uniform(std::log(0.4), std::log(2.5)));
    s.scatterFraction = rng.uniform(0.05, 0.3);
    s.scatterRadiusMm = rng.uniform(15, 40);
    s.contrast = rng.uniform(0.85, 1.15);
    s.heelEffect = rng.uniform(-0.12, 0.12);
    s.rotationDeg = rng.uniform(-10, 10);
    s.shiftXMm = rng.uniform(-15, 15);
    s.shiftYMm = rng.uniform(-12, 12);
    s.handScale = std::clamp(1 + rng.gaussian() * 0.05, 0.85, 1.15);
    s.fingerSpreadDeg = rng.uniform(0, 9);
    if (rng.chance(0.7)) {
        s.collimation.leftMm = rng.uniform(0, 20);
        s.collimation.rightMm = rng.uniform(0, 20);
        s.collimation.topMm = rng.uniform(0, 10);
        s.collimation.bottomMm = rng.uniform(0, 20);
        s.collimation.tiltDeg = rng.uniform(-2, 2);
    }
    s.leadMarker = rng.chance(0.85);
    return s;
}

}  // namespace boneage::phantom
