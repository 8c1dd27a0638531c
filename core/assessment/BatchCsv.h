#pragma once
// The rows of `boneage batch`'s results CSV (RFC 4180, UTF-8, one line per input, "\n" line ends).

#include <optional>
#include <string>
#include <vector>

#include "assessment/Assessor.h"
#include "assessment/BatchInputs.h"

namespace boneage::assessment {

/// The header line (without its line end):
/// input,status,sex,chronological_age_months,bone_age_months,sd_months,z_score,verdict,reference_months,
/// gradcam,warnings,error
const std::string& batchCsvHeader();

/// The number of fields of every row.
std::size_t batchCsvColumns();

/// The row of a scored film: status "ok", months and z with three decimals (locale-independent), the
/// verdict's name, the Grad-CAM file ("" without one), the warnings joined by "; ". Ends with "\n".
std::string batchOkRow(const BatchInput& input, const AssessmentResult& result, const std::string& gradcam);

/// The row of an input that could not be scored: status "error", the input's labelled sex and bone age if
/// known, and the sentence. Ends with "\n".
std::string batchErrorRow(const BatchInput& input, const std::string& error);

/// Splits one line (without its line end) into fields, undoing RFC 4180 quoting; nullopt for an
/// unterminated quote or text after a closing quote.
std::optional<std::vector<std::string>> splitBatchCsvLine(const std::string& line);

}  // namespace boneage::assessment
