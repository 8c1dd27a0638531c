#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/Sex.h"
#include "common/Warning.h"

namespace boneage::clinical {

/// Bone age against chronological age, by the Brush SD band.
enum class Verdict { Delayed, Normal, Advanced, Unknown };

/// "delayed", "normal", "advanced", "unknown" (the CLI's JSON `verdict`). Static storage.
const char* verdictName(Verdict verdict);
/// Inverse of verdictName(); anything else is Verdict::Unknown.
Verdict parseVerdict(std::string_view name);

/// Bone age placed against chronological age; what the report and the CLI show.
struct Assessment {
    std::optional<double> chronologicalAgeMonths;  ///< empty when unknown
    double boneAgeMonths = 0;
    std::optional<double> sdMonths, zScore;  ///< empty when the chronological age is unknown
    Verdict verdict = Verdict::Unknown;
    std::vector<Warning> warnings;  ///< e.g. the Brush table clamp, or the unknown chronological age
};

/// The band is +-2 SD of the chronological age (Greulich-Pyle / Brush convention).
inline constexpr double kNormalBandSd = 2.0;

/// The verdict rule: every z-score and verdict shown, stored or exported, the model's and the reader's, comes
/// from here. z = (bone age - chronological age) / SD(chronological age), the SD from brushSd() (its clamp
/// warning, if any, goes into `warnings`). z < -2 is Delayed, z > +2 Advanced, otherwise Normal: exactly +-2
/// SD is Normal (a 1e-9 tolerance on z absorbs the rounding of a bone age computed as age +- 2 SD). An
/// unknown chronological age gives Verdict::Unknown with sdMonths/zScore empty and a warning. Throws
/// boneage::Error(ErrorCode::BadInput) for a negative or non-finite bone or chronological age. Pure;
/// thread-safe.
Assessment assess(Sex sex, double boneAgeMonths, std::optional<double> chronologicalAgeMonths);

}  // namespace boneage::clinical
