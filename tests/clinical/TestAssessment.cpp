// clinical::assess: the verdict at and just beyond +-2 Brush SD, at and between table rows, for both sexes;
// no SD, z or verdict without a chronological age; the table's clamping warning carried; verdict names;
// invalid ages refused.
#include "Check.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "clinical/Assessment.h"
#include "common/Error.h"

using boneage::Sex;
using boneage::clinical::Verdict;

BONEAGE_TEST(verdict) {
    struct Row {
        const char* name;
        Sex sex;
        double age;
        double sd;  // the Brush SD at `age`
        double boneAge;
        const char* expected;
    };
    const double sdBoys120 = 9.79;
    const double sdGirls144 = 10.24;
    // Between rows the SD is interpolated, and +-2 SD of it is still the edge of normal.
    const double sdBoys66 = (8.79 + 9.17) / 2;
    const double sdGirls186 = (9.23 + 7.31) / 2;
    const Sex M = Sex::Male, F = Sex::Female;
    const Row rows[] = {
        {"boysBoneAgeEqualsAge_isNormal", M, 120, sdBoys120, 120, "normal"},
        {"boysExactlyPlus2Sd_isNormal", M, 120, sdBoys120, 120 + 2 * sdBoys120, "normal"},
        {"boysExactlyMinus2Sd_isNormal", M, 120, sdBoys120, 120 - 2 * sdBoys120, "normal"},
        {"boysJustBeyondPlus2Sd_isAdvanced", M, 120, sdBoys120, 120 + 2 * sdBoys120 + 0.01, "advanced"},
        {"boysJustBeyondMinus2Sd_isDelayed", M, 120, sdBoys120, 120 - 2 * sdBoys120 - 0.01, "delayed"},
        {"girlsExactlyPlus2Sd_isNormal", F, 144, sdGirls144, 144 + 2 * sdGirls144, "normal"},
        {"girlsExactlyMinus2Sd_isNormal", F, 144, sdGirls144, 144 - 2 * sdGirls144, "normal"},
        {"girlsJustBeyondPlus2Sd_isAdvanced", F, 144, sdGirls144, 144 + 2 * sdGirls144 + 0.01, "advanced"},
        {"girlsJustBeyondMinus2Sd_isDelayed", F, 144, sdGirls144, 144 - 2 * sdGirls144 - 0.01, "delayed"},
        {"boysBetweenRowsExactlyPlus2Sd_isNormal", M, 66, sdBoys66, 66 + 2 * sdBoys66, "normal"},
        {"boysBetweenRowsExactlyMinus2Sd_isNormal", M, 66, sdBoys66, 66 - 2 * sdBoys66, "normal"},
        {"boysBetweenRowsJustBeyondPlus2Sd_isAdvanced", M, 66, sdBoys66, 66 + 2 * sdBoys66 + 0.001,
         "advanced"},
        {"girlsBetweenRowsExactlyMinus2Sd_isNormal", F, 186, sdGirls186, 186 - 2 * sdGirls186, "normal"},
        {"girlsBetweenRowsJustBeyondMinus2Sd_isDelayed", F, 186, sdGirls186, 186 - 2 * sdGirls186 - 0.001,
         "delayed"},
        {"girlsFarAhead_isAdvanced", F, 60, 11.65, 120, "advanced"},
        {"boysFarBehind_isDelayed", M, 150, (10.38 + 10.44) / 2, 100, "delayed"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        const auto result = boneage::clinical::assess(row.sex, row.boneAge, row.age);
        CHECK_EQ(std::string(boneage::clinical::verdictName(result.verdict)), std::string(row.expected));
        CHECK(result.chronologicalAgeMonths.has_value());
        CHECK_FUZZY(*result.chronologicalAgeMonths, row.age);
        CHECK_FUZZY(result.boneAgeMonths, row.boneAge);
        CHECK(result.sdMonths.has_value());
        CHECK(std::abs(*result.sdMonths - row.sd) < 1e-12);
        CHECK(result.zScore.has_value());
        CHECK(std::abs(*result.zScore - (row.boneAge - row.age) / row.sd) < 1e-9);
        CHECK(result.warnings.empty());
    }
}

BONEAGE_TEST(unknownAge_isUnknownVerdictWithoutSdOrZ) {
    for (Sex sex : {Sex::Male, Sex::Female}) {
        const auto result = boneage::clinical::assess(sex, 130.5, std::nullopt);
        CHECK_EQ(result.verdict, Verdict::Unknown);
        CHECK_EQ(result.boneAgeMonths, 130.5);
        CHECK(!result.chronologicalAgeMonths.has_value());
        CHECK(!result.sdMonths.has_value());
        CHECK(!result.zScore.has_value());
        CHECK_EQ(result.warnings.size(), std::size_t(1));
        CHECK(result.warnings.front().code == boneage::WarningCode::ChronologicalAgeUnknown);
        CHECK(boneage::warningText(result.warnings.front()).rfind("chronological age unknown", 0) == 0);
    }
}

BONEAGE_TEST(clampedAge_carriesTheTableWarning) {
    const auto result = boneage::clinical::assess(Sex::Male, 230, 250.0);
    CHECK_EQ(result.verdict, Verdict::Normal);
    CHECK(result.sdMonths.has_value());
    CHECK_FUZZY(*result.sdMonths, 13.05);
    CHECK_EQ(result.warnings.size(), std::size_t(1));
    CHECK_EQ(
        boneage::warningText(result.warnings.front()),
        std::string("age 250.0 months is beyond the Brush table for boys (3-204 months); SD of 204 months "
                    "used"));
}

BONEAGE_TEST(verdictNames) {
    struct Row {
        const char* name;
        Verdict verdict;
        const char* expected;
    };
    const Row rows[] = {
        {"delayed_isNamedDelayed", Verdict::Delayed, "delayed"},
        {"normal_isNamedNormal", Verdict::Normal, "normal"},
        {"advanced_isNamedAdvanced", Verdict::Advanced, "advanced"},
        {"unknown_isNamedUnknown", Verdict::Unknown, "unknown"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        CHECK_EQ(std::string(boneage::clinical::verdictName(row.verdict)), std::string(row.expected));
    }
}

BONEAGE_TEST(invalidAges) {
    struct Row {
        const char* name;
        double boneAge, age;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Row rows[] = {
        {"negativeBoneAge_throws", -1.0, 120.0},
        {"nanBoneAge_throws", nan, 120.0},
        {"negativeChronologicalAge_throws", 120.0, -0.5},
        {"nanChronologicalAge_throws", 120.0, nan},
        {"infiniteChronologicalAge_throws", 120.0, std::numeric_limits<double>::infinity()},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        bool threw = false;
        try {
            boneage::clinical::assess(Sex::Female, row.boneAge, row.age);
        } catch (const boneage::Error& e) {
            threw = true;
            CHECK_EQ(e.code(), boneage::ErrorCode::BadInput);
        }
        CHECK(threw);
    }
}

int main() {
    return boneage::test::runAll();
}
