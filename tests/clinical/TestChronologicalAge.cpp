// clinical::chronologicalAgeMonths: completed months plus the fraction of the month in progress, month ends
// and leap days as the header says; invalid and reversed dates refused naming them; years-and-months text.
#include "Check.h"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "clinical/ChronologicalAge.h"
#include "common/Error.h"

using boneage::clinical::Date;

namespace {

Date date(const char* text) {
    const auto parsed = boneage::clinical::parseDate(text);
    if (!parsed) {
        std::fprintf(stderr, "bad date literal in test: %s\n", text);
        std::abort();
    }
    return *parsed;
}

}  // namespace

BONEAGE_TEST(months) {
    struct Row {
        const char* name;
        const char* birth;
        const char* study;
        double expected;
    };
    const Row rows[] = {
        {"sameDay_isZeroMonths", "2020-05-17", "2020-05-17", 0.0},
        {"nextDay_isOneOf31Days", "2020-01-01", "2020-01-02", 1.0 / 31},
        {"sameDayNextMonth_isOneMonth", "2020-05-17", "2020-06-17", 1.0},
        {"dayBeforeMonthlyAnniversary_is29of30Days", "2020-04-17", "2020-05-16", 29.0 / 30},
        {"acrossNewYear_isOneMonth", "2019-12-15", "2020-01-15", 1.0},
        {"tenYearsFourMonthsAndHalf_is124Plus15of31", "2010-03-10", "2020-07-25", 124.0 + 15.0 / 31},
        // Month ends: a birthday on the 29th-31st reaches its anniversary on the last day of shorter months.
        {"birthOnJan31_studyOnFeb28_isOneMonth", "2019-01-31", "2019-02-28", 1.0},
        {"birthOnJan31_studyOnFeb27_is27of28Days", "2019-01-31", "2019-02-27", 27.0 / 28},
        {"birthOnJan31_studyOnMar31_isTwoMonths", "2019-01-31", "2019-03-31", 2.0},
        {"birthOnJan31_studyOnMar30_isOneMonthPlus30of31", "2019-01-31", "2019-03-30", 1.0 + 30.0 / 31},
        {"birthOnJan30_studyOnFeb28_isOneMonth", "2019-01-30", "2019-02-28", 1.0},
        {"birthOnMar31_studyOnApr30_isOneMonth", "2021-03-31", "2021-04-30", 1.0},
        {"birthOnMar31_studyOnMay1_isOneMonthPlusOneOf31", "2021-03-31", "2021-05-01", 1.0 + 1.0 / 31},
        {"birthOnAug31_studyOnSep30_isOneMonth", "2021-08-31", "2021-09-30", 1.0},
        // Leap years.
        {"birthOnJan31_studyOnFeb29LeapYear_isOneMonth", "2020-01-31", "2020-02-29", 1.0},
        {"birthOnJan31_studyOnFeb28LeapYear_is28of29Days", "2020-01-31", "2020-02-28", 28.0 / 29},
        {"birthOnJan31_studyOnFeb29Year2000_isOneMonth", "2000-01-31", "2000-02-29", 1.0},
        {"birthOnJan31_studyOnFeb28Year1900_isOneMonthAsCenturyNotLeap", "1900-01-31", "1900-02-28", 1.0},
        {"birthOnFeb29_studyOnFeb28NonLeap_isTwelveMonths", "2020-02-29", "2021-02-28", 12.0},
        {"birthOnFeb29_studyOnFeb27NonLeap_isElevenMonthsPlus29of30", "2020-02-29", "2021-02-27",
         11.0 + 29.0 / 30},
        {"birthOnFeb29_studyOnMar1NonLeap_isTwelveMonthsPlusOneOf29", "2020-02-29", "2021-03-01",
         12.0 + 1.0 / 29},
        {"birthOnFeb29_studyOnMar29_isOneMonth", "2020-02-29", "2020-03-29", 1.0},
        {"birthOnFeb29_studyOnFeb29FourYearsLater_is48Months", "2020-02-29", "2024-02-29", 48.0},
        {"birthOnFeb29_studyOnFeb28FourYearsLater_is47MonthsPlus30of31", "2020-02-29", "2024-02-28",
         47.0 + 30.0 / 31},
        {"birthOnFeb28_studyOnLeapDay_isTwelveMonthsPlusOneOf29", "2023-02-28", "2024-02-29",
         12.0 + 1.0 / 29},
        {"birthOnMar1_studyOnLeapDay_is11MonthsPlus28of29", "2023-03-01", "2024-02-29", 11.0 + 28.0 / 29},
        {"eighteenYears_is216Months", "2002-06-30", "2020-06-30", 216.0},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        CHECK_NEAR(boneage::clinical::chronologicalAgeMonths(date(row.birth), date(row.study)), row.expected,
                   1e-12);
    }
}

BONEAGE_TEST(invalid) {
    struct Row {
        const char* name;
        Date birth, study;
        const char* cause;
    };
    const Row rows[] = {
        {"birthAfterStudy_throwsNamingBothDates",
         {2020, 5, 1},
         {2020, 4, 1},
         "birth date 2020-05-01 is after study date 2020-04-01"},
        {"birthOneDayAfterStudy_throws",
         {2020, 1, 1},
         {2019, 12, 31},
         "birth date 2020-01-01 is after study date 2019-12-31"},
        {"birthOnFeb30_throwsAsInvalidDate",
         {2021, 2, 30},
         {2022, 1, 1},
         "birth date 2021-02-30 is not a valid date"},
        {"studyInMonth13_throwsAsInvalidDate",
         {2021, 2, 1},
         {2022, 13, 1},
         "study date 2022-13-01 is not a valid date"},
        {"defaultDate_throwsAsInvalidDate",
         {0, 0, 0},
         {2022, 1, 1},
         "birth date 0000-00-00 is not a valid date"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        bool threw = false;
        try {
            boneage::clinical::chronologicalAgeMonths(row.birth, row.study);
        } catch (const boneage::Error& e) {
            threw = true;
            CHECK_EQ(e.code(), boneage::ErrorCode::BadInput);
            CHECK_EQ(e.subject(), std::string());
            CHECK_EQ(e.cause(), std::string(row.cause));
            CHECK_EQ(std::string(e.what()), std::string(row.cause) + '.');
        }
        CHECK(threw);
    }
}

BONEAGE_TEST(yearsMonths) {
    struct Row {
        const char* name;
        double months;
        const char* expected;
    };
    const Row rows[] = {
        {"124Months_isTenYearsFourMonths", 124.0, "10 y 4 m"},
        {"124point4Months_roundsDownToFourMonths", 124.4, "10 y 4 m"},
        {"124point6Months_roundsUpToFiveMonths", 124.6, "10 y 5 m"},
        {"143point6Months_roundsUpToTwelveYears", 143.6, "12 y 0 m"},
        {"zero_isZeroYearsZeroMonths", 0.0, "0 y 0 m"},
        {"fiveMonths_hasZeroYears", 5.0, "0 y 5 m"},
        {"twelveMonths_isOneYear", 12.0, "1 y 0 m"},
        {"minus14Months_hasLeadingMinus", -14.0, "-1 y 2 m"},
        {"minusPoint4Months_isZeroWithoutSign", -0.4, "0 y 0 m"},
        {"nan_isUnknown", std::numeric_limits<double>::quiet_NaN(), "unknown"},
        {"infinity_isUnknown", std::numeric_limits<double>::infinity(), "unknown"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        CHECK_EQ(boneage::clinical::formatYearsMonths(row.months), std::string(row.expected));
    }
}

int main() {
    return boneage::test::runAll();
}
