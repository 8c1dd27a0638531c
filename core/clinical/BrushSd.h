#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/Sex.h"
#include "common/Warning.h"

namespace boneage::clinical {

/// One row of the Brush Foundation table: the SD of bone age at a chronological age, both in months.
struct BrushRow {
    double ageMonths = 0;
    double sdMonths = 0;
};

/// The Brush Foundation (Greulich-Pyle) SD table for a sex, ascending by age: boys 3-204 months, girls
/// 3-192 months. Compiled in from resources/reference/brush_sd_months.csv at build time (no file access);
/// the build fails if that table is not sorted and complete. The reference lives as long as the program;
/// thread-safe.
const std::vector<BrushRow>& brushTable(Sex sex);

/// The result of a Brush SD lookup. When the age lies outside the table, `sdMonths` is the SD of the nearest
/// end, `clamped` is true and `warning` (WarningCode::BrushTableClamped) says so; otherwise it is empty.
struct SdLookup {
    double sdMonths = 0;
    bool clamped = false;
    std::optional<Warning> warning;
};

/// Brush Foundation (Greulich-Pyle) SD of bone age for a sex and chronological age in months: the table
/// value at a row, linearly interpolated between rows, and clamped at both ends with a warning
/// ("age 250.0 months is beyond the Brush table for boys (3-204 months); SD of 204 months used";
/// "age 1.5 months is below the Brush table for girls (3-192 months); SD of 3 months used").
/// Throws boneage::Error(ErrorCode::BadInput) for a negative, NaN or infinite age. Pure; thread-safe.
SdLookup brushSd(Sex sex, double chronologicalAgeMonths);

}  // namespace boneage::clinical
