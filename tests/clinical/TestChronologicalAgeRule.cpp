// clinical::chronologicalAge(), the chronological-age rule every caller uses: broken or missing dates give an
// unknown age with a typed warning, never an error. Qt-free (Check.h), so the engine-only build runs it too.
#include "Check.h"
#include "clinical/ChronologicalAge.h"

using boneage::WarningCode;
using boneage::clinical::chronologicalAge;
using boneage::clinical::Date;

BONEAGE_TEST(bothDatesInOrder_giveTheMonthArithmetic) {
    const auto age = chronologicalAge(Date{2014, 3, 31}, Date{2024, 3, 31});
    CHECK(age.months.has_value());
    CHECK_NEAR(*age.months, 120.0, 1e-12);
    CHECK(age.warnings.empty());
}

BONEAGE_TEST(sameDay_isZeroMonthsNotUnknown) {
    const auto age = chronologicalAge(Date{2020, 5, 17}, Date{2020, 5, 17});
    CHECK(age.months.has_value());
    CHECK_NEAR(*age.months, 0.0, 0.0);
}

BONEAGE_TEST(birthAfterStudy_isUnknownWithAWarningNamingBothDates) {
    const auto age = chronologicalAge(Date{2020, 5, 1}, Date{2020, 4, 1});
    CHECK(!age.months.has_value());
    CHECK(age.warnings.size() == 1);
    CHECK(age.warnings.front().code == WarningCode::BirthAfterStudy);
    CHECK(age.warnings.front().args == std::vector<std::string>({"2020-05-01", "2020-04-01"}));
    CHECK(boneage::warningText(age.warnings.front()) ==
          "birth date 2020-05-01 is after study date 2020-04-01; chronological age unknown");
}

BONEAGE_TEST(studyDateUnknown_isUnknownWithAWarning_neverToday) {
    const auto age = chronologicalAge(Date{2014, 1, 1}, std::nullopt);
    CHECK(!age.months.has_value());
    CHECK(age.warnings.size() == 1);
    CHECK(age.warnings.front().code == WarningCode::StudyDateUnknown);
}

BONEAGE_TEST(birthDateUnknown_isUnknownWithoutAWarning) {
    const auto age = chronologicalAge(std::nullopt, Date{2024, 3, 1});
    CHECK(!age.months.has_value());
    CHECK(age.warnings.empty());
}

BONEAGE_TEST(invalidHandBuiltDates_countAsUnknown_neverThrow) {
    const auto badBirth = chronologicalAge(Date{2021, 2, 30}, Date{2024, 3, 1});
    CHECK(!badBirth.months.has_value());
    const auto badStudy = chronologicalAge(Date{2014, 1, 1}, Date{2024, 13, 1});
    CHECK(!badStudy.months.has_value());
    CHECK(badStudy.warnings.size() == 1 && badStudy.warnings.front().code == WarningCode::StudyDateUnknown);
}

// One rounding rule: the value shown to a tenth of a month ("55.5 mo") and its years + months agree.
BONEAGE_TEST(wholeMonths_roundsTheShownTenthNotTheRawValue) {
    using boneage::clinical::formatYearsMonths;
    using boneage::clinical::wholeMonths;
    CHECK(wholeMonths(55.46) == 56);  // shown as 55.5 mo, so 4 y 8 m, not 4 y 7 m
    CHECK(formatYearsMonths(55.46) == "4 y 8 m");
    CHECK(wholeMonths(55.44) == 55);
    CHECK(wholeMonths(55.5) == 56);
    CHECK(wholeMonths(-0.4) == 0);
    CHECK(wholeMonths(-14.0) == -14);
}

int main() {
    return boneage::test::runAll();
}
