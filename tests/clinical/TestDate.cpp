// clinical::Date: DICOM DA and ISO dates parsed strictly (every impossible or padded-wrong form refused),
// formatted zero-padded, and the Gregorian leap-year rule.
#include "Check.h"

#include <string>
#include <string_view>

#include "clinical/Date.h"

using boneage::clinical::Date;

namespace {

struct Accepted {
    const char* name;
    std::string text;
    int year, month, day;
};

struct Rejected {
    const char* name;
    std::string text;
};

}  // namespace

BONEAGE_TEST(parseAccepts) {
    const Accepted rows[] = {
        {"dicomDa_isParsed", "20200517", 2020, 5, 17},
        {"isoDate_isParsed", "2020-05-17", 2020, 5, 17},
        {"dicomDaWithSpacePadding_isParsed", "20200517 ", 2020, 5, 17},
        {"dicomDaWithNulPadding_isParsed", std::string("20200517\0", 9), 2020, 5, 17},
        {"feb29InLeapYear_isParsed", "20240229", 2024, 2, 29},
        {"feb29In2000_isParsedAsLeapCentury", "2000-02-29", 2000, 2, 29},
        {"dec31_isParsed", "1999-12-31", 1999, 12, 31},
        {"apr30_isParsed", "20210430", 2021, 4, 30},
    };
    for (const Accepted& row : rows) {
        BONEAGE_ROW(row.name);
        const auto date = boneage::clinical::parseDate(std::string_view(row.text));
        CHECK(date.has_value());
        CHECK_EQ(date->year, row.year);
        CHECK_EQ(date->month, row.month);
        CHECK_EQ(date->day, row.day);
    }
}

BONEAGE_TEST(parseRejects) {
    const Rejected rows[] = {
        {"feb30_isRejected", "20200230"},
        {"feb30Iso_isRejected", "2020-02-30"},
        {"feb29InNonLeapYear_isRejected", "20230229"},
        {"feb29In1900_isRejectedAsNonLeapCentury", "1900-02-29"},
        {"apr31_isRejected", "20210431"},
        {"month13_isRejected", "20201301"},
        {"month13Iso_isRejected", "2020-13-01"},
        {"month00_isRejected", "20200001"},
        {"day00_isRejected", "20200100"},
        {"day32_isRejected", "20200132"},
        {"year0000_isRejected", "00000101"},
        {"dicomDaWithTrailingGarbage_isRejected", "20200101x"},
        {"isoWithTrailingTime_isRejected", "2020-01-01T12:00"},
        {"isoWithTrailingDigit_isRejected", "2020-01-011"},
        {"embeddedNul_isRejected", std::string("2020\0"
                                               "101",
                                               8)},
        {"leadingSpace_isRejected", " 20200101"},
        {"empty_isRejected", ""},
        {"onlyPadding_isRejected", "        "},
        {"sevenDigits_isRejected", "2020011"},
        {"singleDigitMonthIso_isRejected", "2020-1-01"},
        {"slashSeparators_isRejected", "2020/01/01"},
        {"mixedSeparators_isRejected", "2020-0101x"},
        {"letterO_isRejected", "2O200101"},
        {"signedField_isRejected", "2020-+1-01"},
        {"acrNemaDots_isRejected", "2020.01.01"},
    };
    for (const Rejected& row : rows) {
        BONEAGE_ROW(row.name);
        const auto date = boneage::clinical::parseDate(std::string_view(row.text));
        if (date)
            CHECK_EQ(boneage::clinical::formatDate(*date), std::string("(not accepted)"));
    }
}

BONEAGE_TEST(format) {
    struct Row {
        const char* name;
        int year, month, day;
        const char* expected;
    };
    const Row rows[] = {
        {"ordinaryDate_isIso", 2020, 5, 17, "2020-05-17"},
        {"singleDigits_areZeroPadded", 999, 1, 2, "0999-01-02"},
        {"invalidDate_isFormattedAsIs", 2021, 2, 30, "2021-02-30"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        const Date date{row.year, row.month, row.day};
        CHECK_EQ(boneage::clinical::formatDate(date), std::string(row.expected));
        if (boneage::clinical::isValidDate(date)) {
            const auto back = boneage::clinical::parseDate(boneage::clinical::formatDate(date));
            CHECK(back.has_value());
            CHECK(*back == date);
        }
    }
}

BONEAGE_TEST(leapYear) {
    struct Row {
        const char* name;
        int year;
        bool leap;
        int februaryDays;
    };
    const Row rows[] = {
        {"2024_isLeap", 2024, true, 29},
        {"2023_isNotLeap", 2023, false, 28},
        {"2000_isLeapAsDivisibleBy400", 2000, true, 29},
        {"1900_isNotLeapAsCentury", 1900, false, 28},
        {"2100_isNotLeapAsCentury", 2100, false, 28},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        CHECK_EQ(boneage::clinical::isLeapYear(row.year), row.leap);
        CHECK_EQ(boneage::clinical::daysInMonth(row.year, 2), row.februaryDays);
        CHECK_EQ(boneage::clinical::daysInMonth(row.year, 13), 0);
    }
}

int main() {
    return boneage::test::runAll();
}
