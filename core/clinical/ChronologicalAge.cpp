#include "clinical/ChronologicalAge.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "common/Error.h"

namespace boneage::clinical {

namespace {

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(const Date& date) {
    const std::int64_t y = std::int64_t{date.year} - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yearOfEra = y - era * 400;
    const std::int64_t m = date.month;
    const std::int64_t dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

/// The n-th monthly anniversary of `birth` (see the header): n calendar months on, the day clamped to the
/// last day of a shorter month.
Date anniversary(const Date& birth, std::int64_t n) {
    const std::int64_t monthIndex = std::int64_t{birth.year} * 12 + (birth.month - 1) + n;
    Date date;
    date.year = static_cast<int>(monthIndex / 12);
    date.month = static_cast<int>(monthIndex % 12) + 1;
    date.day = std::min(birth.day, daysInMonth(date.year, date.month));
    return date;
}

void requireValid(const Date& date, const char* what) {
    if (!isValidDate(date)) {
        throw Error(ErrorCode::BadInput, "",
                    std::string(what) + " " + formatDate(date) + " is not a valid date");
    }
}

}  // namespace

double chronologicalAgeMonths(const Date& birth, const Date& study) {
    requireValid(birth, "birth date");
    requireValid(study, "study date");
    if (study < birth) {
        throw Error(ErrorCode::BadInput, "",
                    "birth date " + formatDate(birth) + " is after study date " + formatDate(study));
    }
    // Anniversary n falls in the study's month; it is after the study date only when its day is.
    std::int64_t completed = (std::int64_t{study.year} - birth.year) * 12 + (study.month - birth.month);
    if (study < anniversary(birth, completed))
        --completed;

    const std::int64_t from = daysFromCivil(anniversary(birth, completed));
    const std::int64_t to = daysFromCivil(anniversary(birth, completed + 1));
    const std::int64_t elapsed = daysFromCivil(study) - from;
    return static_cast<double>(completed) + static_cast<double>(elapsed) / static_cast<double>(to - from);
}

ChronologicalAge chronologicalAge(const std::optional<Date>& birth, const std::optional<Date>& study) {
    ChronologicalAge age;
    const bool haveBirth = birth && isValidDate(*birth);
    const bool haveStudy = study && isValidDate(*study);
    if (!haveBirth)
        return age;
    if (!haveStudy) {
        age.warnings.push_back({WarningCode::StudyDateUnknown, {}});
        return age;
    }
    if (*study < *birth) {
        age.warnings.push_back({WarningCode::BirthAfterStudy, {formatDate(*birth), formatDate(*study)}});
        return age;
    }
    age.months = chronologicalAgeMonths(*birth, *study);
    return age;
}

long long wholeMonths(double months) {
    if (!std::isfinite(months))
        return 0;
    // Beyond any age; keeps the conversion to an integer defined.
    const double clamped = std::clamp(months, -1e9, 1e9);
    const double tenths = double(std::llround(clamped * 10.0)) / 10.0;
    return std::llround(tenths);
}

std::string formatYearsMonths(double months) {
    if (!std::isfinite(months))
        return "unknown";
    const long long total = wholeMonths(months);
    const long long magnitude = total < 0 ? -total : total;
    return std::string(total < 0 ? "-" : "") + std::to_string(magnitude / 12) + " y " +
           std::to_string(magnitude % 12) + " m";
}

}  // namespace boneage::clinical
