#include "clinical/Assessment.h"

#include <cmath>
#include <cstdio>

#include "clinical/BrushSd.h"
#include "common/Error.h"

namespace boneage::clinical {

namespace {

/// Rounding slack on z: bone age = age + 2 * SD computed in doubles must still read as exactly +2 SD.
constexpr double kZTolerance = 1e-9;

void requireAge(double months, const char* what) {
    if (!std::isfinite(months) || months < 0) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.1f", months);
        throw Error(ErrorCode::BadInput, "",
                    std::string(what) + " " + buffer + " months is not a non-negative number");
    }
}

}  // namespace

const char* verdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::Delayed:
            return "delayed";
        case Verdict::Normal:
            return "normal";
        case Verdict::Advanced:
            return "advanced";
        case Verdict::Unknown:
            break;
    }
    return "unknown";
}

Verdict parseVerdict(std::string_view name) {
    for (Verdict v : {Verdict::Delayed, Verdict::Normal, Verdict::Advanced}) {
        if (name == verdictName(v))
            return v;
    }
    return Verdict::Unknown;
}

Assessment assess(Sex sex, double boneAgeMonths, std::optional<double> chronologicalAgeMonths) {
    requireAge(boneAgeMonths, "bone age");
    Assessment result;
    result.boneAgeMonths = boneAgeMonths;
    result.chronologicalAgeMonths = chronologicalAgeMonths;
    if (!chronologicalAgeMonths) {
        result.verdict = Verdict::Unknown;
        result.warnings.push_back({WarningCode::ChronologicalAgeUnknown, {}});
        return result;
    }
    const double age = *chronologicalAgeMonths;
    requireAge(age, "chronological age");

    SdLookup sd = brushSd(sex, age);
    if (sd.warning)
        result.warnings.push_back(std::move(*sd.warning));
    const double z = (boneAgeMonths - age) / sd.sdMonths;
    result.sdMonths = sd.sdMonths;
    result.zScore = z;
    if (z < -kNormalBandSd - kZTolerance) {
        result.verdict = Verdict::Delayed;
    } else if (z > kNormalBandSd + kZTolerance) {
        result.verdict = Verdict::Advanced;
    } else {
        result.verdict = Verdict::Normal;
    }
    return result;
}

}  // namespace boneage::clinical
