#include "clinical/BrushSd.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "clinical/BrushTableData.h"
#include "common/Error.h"

namespace boneage::clinical {

namespace {

template <std::size_t N>
std::vector<BrushRow> toRows(const generated::BrushTableRow (&rows)[N]) {
    std::vector<BrushRow> table;
    table.reserve(N);
    for (const auto& row : rows)
        table.push_back(BrushRow{row.ageMonths, row.sdMonths});
    return table;
}

std::string oneDecimal(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

std::string plain(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

}  // namespace

const std::vector<BrushRow>& brushTable(Sex sex) {
    static const std::vector<BrushRow> boys = toRows(generated::kBrushBoys);
    static const std::vector<BrushRow> girls = toRows(generated::kBrushGirls);
    return sex == Sex::Male ? boys : girls;
}

SdLookup brushSd(Sex sex, double chronologicalAgeMonths) {
    const double age = chronologicalAgeMonths;
    if (!std::isfinite(age) || age < 0) {
        throw Error(ErrorCode::BadInput, "",
                    "chronological age " + oneDecimal(age) + " months is not a non-negative number");
    }
    const std::vector<BrushRow>& table = brushTable(sex);
    const BrushRow& first = table.front();
    const BrushRow& last = table.back();

    SdLookup lookup;
    if (age < first.ageMonths || age > last.ageMonths) {
        const bool below = age < first.ageMonths;
        const BrushRow& end = below ? first : last;
        lookup.sdMonths = end.sdMonths;
        lookup.clamped = true;
        lookup.warning =
            Warning{WarningCode::BrushTableClamped,
                    {oneDecimal(age), below ? "below" : "beyond", sex == Sex::Male ? "boys" : "girls",
                     plain(first.ageMonths), plain(last.ageMonths), plain(end.ageMonths)}};
        return lookup;
    }
    // First row at or above the age; the age is within [first, last], so it exists.
    const auto upper = std::lower_bound(table.begin(), table.end(), age,
                                        [](const BrushRow& row, double a) { return row.ageMonths < a; });
    if (upper->ageMonths == age || upper == table.begin()) {
        lookup.sdMonths = upper->sdMonths;
        return lookup;
    }
    const BrushRow& lower = *std::prev(upper);
    const double t = (age - lower.ageMonths) / (upper->ageMonths - lower.ageMonths);
    lookup.sdMonths = lower.sdMonths + t * (upper->sdMonths - lower.sdMonths);
    return lookup;
}

}  // namespace boneage::clinical
