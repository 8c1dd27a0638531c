#pragma once

#include <QString>
#include <optional>

#include "assessment/CaseReading.h"
#include "common/Warning.h"

namespace boneage::ui {

// The workstation's words for the core's values: every code is translated here, once (tr()), so no widget
// matches or builds English text of its own.

/// "new", "predicted", "confirmed", "overridden", "reported".
QString caseStatusName(assessment::CaseStatus status);
/// "Male", "Female", "Sex unknown".
QString sexName(const std::optional<Sex>& sex);
/// "M", "F", "?" (table cells).
QString sexShort(const std::optional<Sex>& sex);
/// The verdict as the banner says it: "DELAYED  (below −2 SD)", ...
QString verdictBanner(clinical::Verdict verdict);
/// "delayed", "within normal limits", "advanced", "unknown".
QString verdictWords(clinical::Verdict verdict);
/// A core warning as one translated sentence.
QString warningMessage(const Warning& warning);
/// Why the model did not read a film its input check refused (engine::InputRejected), as one translated
/// sentence with the check's hand probability.
QString rejectionMessage(double handProbability);

}  // namespace boneage::ui
