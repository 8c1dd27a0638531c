#include "clinical/Date.h"

#include <cstdio>

namespace boneage::clinical {

namespace {

/// Parses exactly `digits.size()` ASCII digits; nullopt on anything else.
std::optional<int> parseDigits(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && isLeapYear(year))
        return 29;
    return kDays[month - 1];
}

bool isValidDate(const Date& date) {
    return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= daysInMonth(date.year, date.month);
}

std::optional<Date> parseDate(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.remove_suffix(1);

    std::string_view year, month, day;
    if (text.size() == 8) {
        year = text.substr(0, 4);
        month = text.substr(4, 2);
        day = text.substr(6, 2);
    } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        year = text.substr(0, 4);
        month = text.substr(5, 2);
        day = text.substr(8, 2);
    } else {
        return std::nullopt;
    }
    const auto y = parseDigits(year), m = parseDigits(month), d = parseDigits(day);
    if (!y || !m || !d)
        return std::nullopt;
    const Date date{*y, *m, *d};
    if (!isValidDate(date))
        return std::nullopt;
    return date;
}

std::string formatDate(const Date& date) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

}  // namespace boneage::clinical
