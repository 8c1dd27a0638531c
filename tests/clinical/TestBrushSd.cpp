// clinical::brushSd: the Brush SD at table rows, interpolated between them, clamped with a warning beyond
// either end; the compiled-in table is the reference CSV, sorted and complete; invalid ages are refused.
#include "Check.h"

#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "clinical/BrushSd.h"
#include "common/Error.h"

using boneage::Sex;

namespace {

Sex sexOf(const std::string& code) {
    return code == "M" ? Sex::Male : Sex::Female;
}

}  // namespace

BONEAGE_TEST(lookup) {
    struct Row {
        const char* name;
        const char* sex;
        double age;
        double expectedSd;
        const char* expectedWarning;  // empty: not clamped
    };
    const Row rows[] = {
        // At rows, including both ends of each table (not clamped).
        {"boysAtFirstRow3_isTableValue", "M", 3.0, 0.69, ""},
        {"boysAtRow120_isTableValue", "M", 120.0, 9.79, ""},
        {"boysAtLastRow204_isTableValueUnclamped", "M", 204.0, 13.05, ""},
        {"girlsAtFirstRow3_isTableValue", "F", 3.0, 0.72, ""},
        {"girlsAtRow60_isTableValue", "F", 60.0, 11.65, ""},
        {"girlsAtLastRow192_isTableValueUnclamped", "F", 192.0, 7.31, ""},
        // Between rows: linear interpolation.
        {"boysAt15_isMidwayBetween12And18", "M", 15.0, (1.97 + 3.52) / 2, ""},
        {"boysAt66_isMidwayBetween60And72", "M", 66.0, (8.79 + 9.17) / 2, ""},
        {"boysAt200_isTwoThirdsFrom192To204", "M", 200.0, 12.86 + (13.05 - 12.86) * 8 / 12, ""},
        {"boysAt3point5_isOneSixthFrom3To6", "M", 3.5, 0.69 + (1.13 - 0.69) / 6, ""},
        {"girlsAt4point5_isMidwayBetween3And6", "F", 4.5, (0.72 + 1.16) / 2, ""},
        {"girlsAt100_isOneThirdFrom96To108", "F", 100.0, 10.23 + (10.74 - 10.23) * 4 / 12, ""},
        {"girlsAt186_isMidwayBetween180And192", "F", 186.0, (9.23 + 7.31) / 2, ""},
        // Clamped at both ends, both sexes, with a warning.
        {"boysAt250_isClampedTo204WithWarning", "M", 250.0, 13.05,
         "age 250.0 months is beyond the Brush table for boys (3-204 months); SD of 204 months used"},
        {"boysAt1point5_isClampedTo3WithWarning", "M", 1.5, 0.69,
         "age 1.5 months is below the Brush table for boys (3-204 months); SD of 3 months used"},
        {"boysAt0_isClampedTo3WithWarning", "M", 0.0, 0.69,
         "age 0.0 months is below the Brush table for boys (3-204 months); SD of 3 months used"},
        {"girlsAt200_isClampedTo192WithWarning", "F", 200.0, 7.31,
         "age 200.0 months is beyond the Brush table for girls (3-192 months); SD of 192 months used"},
        {"girlsAt2_isClampedTo3WithWarning", "F", 2.0, 0.72,
         "age 2.0 months is below the Brush table for girls (3-192 months); SD of 3 months used"},
        {"girlsAt198_isClampedEvenWhereBoysAreNot", "F", 198.0, 7.31,
         "age 198.0 months is beyond the Brush table for girls (3-192 months); SD of 192 months used"},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        const auto result = boneage::clinical::brushSd(sexOf(row.sex), row.age);
        CHECK_NEAR(result.sdMonths, row.expectedSd, 1e-12);
        const bool clamped = !std::string(row.expectedWarning).empty();
        CHECK_EQ(result.clamped, clamped);
        CHECK_EQ(result.warning.has_value(), clamped);
        if (result.warning) {
            CHECK(result.warning->code == boneage::WarningCode::BrushTableClamped);
            CHECK_EQ(boneage::warningText(*result.warning), std::string(row.expectedWarning));
        }
    }
}

BONEAGE_TEST(compiledTable_matchesReferenceCsv) {
    // The program never reads the CSV; the test does, to prove the compiled-in table is the reference one.
    std::ifstream file(BONEAGE_SOURCE_DIR "/resources/reference/brush_sd_months.csv");
    CHECK(file.is_open());
    std::map<std::string, std::vector<std::pair<double, double>>> rows;
    bool header = true;
    std::string line;
    while (std::getline(file, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<std::string> fields;
        std::stringstream split(line);
        for (std::string field; std::getline(split, field, ',');)
            fields.push_back(field);
        CHECK_EQ(fields.size(), std::size_t(3));
        rows[fields[0]].push_back({std::stod(fields[1]), std::stod(fields[2])});
    }
    for (const std::string sex : {"M", "F"}) {
        BONEAGE_ROW(sex);
        const auto& table = boneage::clinical::brushTable(sexOf(sex));
        const auto& expected = rows[sex];
        CHECK_EQ(table.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK_FUZZY(table[i].ageMonths, expected[i].first);
            CHECK_FUZZY(table[i].sdMonths, expected[i].second);
            const auto atRow = boneage::clinical::brushSd(sexOf(sex), expected[i].first);
            CHECK_FUZZY(atRow.sdMonths, expected[i].second);
            CHECK(!atRow.clamped);
        }
    }
}

BONEAGE_TEST(compiledTable_isSortedAndComplete) {
    const auto& boys = boneage::clinical::brushTable(Sex::Male);
    const auto& girls = boneage::clinical::brushTable(Sex::Female);
    CHECK_EQ(boys.size(), std::size_t(24));
    CHECK_EQ(girls.size(), std::size_t(23));
    CHECK_EQ(boys.front().ageMonths, 3.0);
    CHECK_EQ(boys.back().ageMonths, 204.0);
    CHECK_EQ(girls.front().ageMonths, 3.0);
    CHECK_EQ(girls.back().ageMonths, 192.0);
    for (const auto* table : {&boys, &girls}) {
        for (std::size_t i = 1; i < table->size(); ++i) {
            CHECK((*table)[i - 1].ageMonths < (*table)[i].ageMonths);
            CHECK((*table)[i].sdMonths > 0);
        }
    }
}

BONEAGE_TEST(invalidAge) {
    struct Row {
        const char* name;
        double age;
    };
    const Row rows[] = {
        {"negativeAge_throws", -1.0},
        {"nanAge_throws", std::numeric_limits<double>::quiet_NaN()},
        {"infiniteAge_throws", std::numeric_limits<double>::infinity()},
    };
    for (const Row& row : rows) {
        BONEAGE_ROW(row.name);
        for (Sex sex : {Sex::Male, Sex::Female}) {
            bool threw = false;
            try {
                boneage::clinical::brushSd(sex, row.age);
            } catch (const boneage::Error& e) {
                threw = true;
                CHECK_EQ(e.code(), boneage::ErrorCode::BadInput);
                CHECK(e.cause().rfind("chronological age ", 0) == 0);
            }
            CHECK(threw);
        }
    }
}

int main() {
    return boneage::test::runAll();
}
