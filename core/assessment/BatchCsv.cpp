#include "assessment/BatchCsv.h"

#include <charconv>

#include "common/Warning.h"

namespace boneage::assessment {

namespace {

const std::vector<std::string>& columns() {
    static const std::vector<std::string> names = {
        "input",     "status",  "sex",     "chronological_age_months", "bone_age_months",
        "sd_months", "z_score", "verdict", "reference_months",         "gradcam",
        "warnings",  "error"};
    return names;
}

/// Three decimals, '.' whatever the locale (the CLI runs under the user's LC_NUMERIC).
std::string number(const std::optional<double>& value) {
    if (!value)
        return {};
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, *value, std::chars_format::fixed, 3);
    return end.ec == std::errc() ? std::string(text, end.ptr) : std::string();
}

/// One field: line breaks become spaces (a row is one line), quoted when it holds a comma or a quote.
std::string field(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    if (text.find_first_of(",\"") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string join(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
        line += (i ? "," : "") + field(fields[i]);
    return line + '\n';
}

std::string sexField(const std::optional<Sex>& sex) {
    return sex ? sexCode(*sex) : "";
}

}  // namespace

const std::string& batchCsvHeader() {
    static const std::string header = [] {
        std::string line = join(columns());
        line.pop_back();
        return line;
    }();
    return header;
}

std::size_t batchCsvColumns() {
    return columns().size();
}

std::string batchOkRow(const BatchInput& input, const AssessmentResult& result, const std::string& gradcam) {
    std::string warnings;
    for (const Warning& w : result.warnings)
        warnings += (warnings.empty() ? "" : "; ") + warningText(w);
    const clinical::Assessment& c = result.clinical;
    return join({input.key, "ok", sexField(result.patient.sex), number(c.chronologicalAgeMonths),
                 number(c.boneAgeMonths), number(c.sdMonths), number(c.zScore),
                 clinical::verdictName(c.verdict), number(input.referenceMonths), gradcam, warnings, ""});
}

std::string batchErrorRow(const BatchInput& input, const std::string& error) {
    return join({input.key, "error", sexField(input.sex), "", "", "", "", "", number(input.referenceMonths),
                 "", "", error});
}

std::optional<std::vector<std::string>> splitBatchCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false, closed = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                fields.back() += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else {
                quoted = false;
                closed = true;
            }
        } else if (c == ',') {
            fields.emplace_back();
            closed = false;
        } else if (closed) {
            return std::nullopt;
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else {
            fields.back() += c;
        }
    }
    if (quoted)
        return std::nullopt;
    return fields;
}

}  // namespace boneage::assessment
