#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace boneage::clinical {

/// A calendar date in the proleptic Gregorian calendar. A plain value: it is not validated on construction;
/// parseDate() only ever returns valid dates, and isValidDate() checks one built by hand.
struct Date {
    int year = 0, month = 0, day = 0;
};

inline bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}
inline bool operator!=(const Date& a, const Date& b) {
    return !(a == b);
}
/// Chronological order.
inline bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year)
        return a.year < b.year;
    if (a.month != b.month)
        return a.month < b.month;
    return a.day < b.day;
}

/// Gregorian leap year: divisible by 4, except centuries not divisible by 400.
bool isLeapYear(int year);

/// Days in a month (28-31); 0 for a month outside 1..12.
int daysInMonth(int year, int month);

/// Year 1..9999, month 1..12 and a day that exists in that month (Feb 29 only in leap years).
bool isValidDate(const Date& date);

/// Parses "YYYYMMDD" (DICOM DA) or "YYYY-MM-DD" (ISO 8601, the CLI's --birth-date/--study-date).
/// Trailing spaces and NULs (DICOM value padding) are ignored; anything else -- other separators, signs,
/// leading blanks, trailing characters, a month or day that does not exist (Feb 30, Feb 29 of a
/// non-leap year, month 13) -- gives nullopt. Never throws.
std::optional<Date> parseDate(std::string_view text);

/// "YYYY-MM-DD", zero-padded. Formats the fields as they are, valid or not.
std::string formatDate(const Date& date);

}  // namespace boneage::clinical
