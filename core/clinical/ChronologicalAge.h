#pragma once

#include <string>

#include "clinical/Date.h"

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

/// Months as whole years and months, rounded to the nearest month: 124.4 -> "10 y 4 m", 143.6 -> "12 y 0 m",
/// 5 -> "0 y 5 m"; negative values carry a leading '-' ("-1 y 2 m"); NaN or infinite -> "unknown".
std::string formatYearsMonths(double months);

}  // namespace boneage::clinical
