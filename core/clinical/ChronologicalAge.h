#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinical/Date.h"
#include "common/Warning.h"

namespace boneage::clinical {

/// Chronological age in months (fractional) from birth to study date.
///
/// Month arithmetic, precisely:
///  - The n-th monthly anniversary of a birth is the date n calendar months later on the birth's day of the
///    month, or on the last day of that month when it is shorter: a birth on Jan 31 reaches its 1st monthly
///    anniversary on Feb 28 (Feb 29 in a leap year), its 2nd on Mar 31 (always from the birth day, never
///    chained from the previous anniversary); a birth on Feb 29 reaches its 12th on Feb 28 of a non-leap
///    year and its 48th on Feb 29.
///  - Completed months n: the largest n whose anniversary is on or before the study date.
///  - Age = n + (days from anniversary n to the study date) / (days from anniversary n to anniversary n+1).
/// So the same calendar day is 0 months, and any monthly anniversary is a whole number of months.
///
/// Throws boneage::Error(ErrorCode::BadInput, "", cause) when either date is not a valid calendar date, or
/// when birth is after study ("birth date 2020-05-01 is after study date 2020-04-01"). Callers add the file
/// as the subject. Pure; thread-safe.
double chronologicalAgeMonths(const Date& birth, const Date& study);

/// The chronological age of a case, or why there is none.
struct ChronologicalAge {
    std::optional<double> months;   ///< empty when it cannot be known
    std::vector<Warning> warnings;  ///< why it is empty (or nothing)
};

/// The chronological-age rule, the one every caller uses (CLI, assessor, case database, workstation, report):
///  - both dates known and birth on or before study: chronologicalAgeMonths(birth, study);
///  - birth after study (broken metadata): unknown, WarningCode::BirthAfterStudy, never an error: the film
///    is still read, only the comparison with the chronological age is lost;
///  - birth known, study unknown: unknown, WarningCode::StudyDateUnknown (today's date would silently age a
///    film read long after it was taken);
///  - birth unknown: unknown, no warning here (assess() says that the verdict is unknown).
/// Invalid dates built by hand count as unknown. Pure; thread-safe; never throws.
ChronologicalAge chronologicalAge(const std::optional<Date>& birth, const std::optional<Date>& study);

/// The one rounding rule for showing months as years + months: first to the tenth of a month that every
/// screen and report prints ("55.5 mo"), then to the nearest whole month, halves away from zero. So 55.46
/// (shown 55.5 mo) is 56 months, as the years/months fields that hold 55.5 say. Clamped to +-1e9.
long long wholeMonths(double months);

/// Months as whole years and months by wholeMonths(): 124.4 -> "10 y 4 m", 143.6 -> "12 y 0 m",
/// 5 -> "0 y 5 m", 55.46 -> "4 y 8 m"; negative values carry a leading '-' ("-1 y 2 m"); NaN or infinite ->
/// "unknown".
std::string formatYearsMonths(double months);

}  // namespace boneage::clinical
