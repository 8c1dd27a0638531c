#pragma once

#include <QString>

namespace boneage::ui {

/// Where a case stands in the reading workflow, as the worklist shows it.
enum class CaseStatus {
    New,         ///< opened, no model prediction yet
    Predicted,   ///< the model has read it, no radiologist decision
    Confirmed,   ///< the radiologist accepted the model's bone age
    Overridden,  ///< the radiologist entered their own bone age
    Reported,    ///< a signed report has been exported
};

/// Translated, lower-case display name ("new", "predicted", ...).
QString caseStatusName(CaseStatus status);

}  // namespace boneage::ui
