#pragma once

#include <string>
#include <vector>

namespace boneage {

/// What the core can warn about. Warnings are values: a code plus its arguments, turned into text only at the
/// edge (warningText() for the CLI and logs; the workstation translates by code). No caller matches text.
/// Append new codes at the end; warningCodeName() is a stable key (JSON, tests).
enum class WarningCode {
    HeaderDateInvalid,        ///< args: field ("birth date" | "study date"), the value as stored
    BirthAfterStudy,          ///< args: birth date, study date (YYYY-MM-DD)
    StudyDateUnknown,         ///< the birth date is known, the study date is not
    ChronologicalAgeUnknown,  ///< no chronological age, so no z-score or verdict
    BrushTableClamped,  ///< args: age (months, 1 decimal), "below" | "beyond", "boys" | "girls", table first
                        ///< age, table last age, the end whose SD was used
    ResearchModel,      ///< the model is for research only
    ColourReadAsGrey,  ///< a colour film read as the luma of its pixels; args: the photometric interpretation
    NoBoneAgeFound,    ///< the model's output is at its floor (assessment::noBoneAgeFound); args: months, 1
                       ///< decimal
    FilmMirrored,  ///< the model's input check saw a right hand (or a left hand from the back): the film was
                   ///< mirrored and read as a left hand
    FilmTurned,    ///< the input check saw the hand turned: the film was turned fingers up for reading; args:
                   ///< how it lay, in degrees clockwise from fingers up ("90", "180" or "270")
};

/// One warning: a code and its arguments (see WarningCode for what each code carries).
struct Warning {
    WarningCode code = WarningCode::ResearchModel;
    std::vector<std::string> args;
};

inline bool operator==(const Warning& a, const Warning& b) {
    return a.code == b.code && a.args == b.args;
}

/// A stable lower-case key ("birth_after_study", ...). Static storage.
const char* warningCodeName(WarningCode code);

/// The warning as an English clause, e.g. "birth date 2020-05-01 is after study date 2020-04-01;
/// chronological age unknown". For the CLI and logs; the workstation translates by code instead.
std::string warningText(const Warning& warning);

/// True when `warnings` holds one with this code.
bool hasWarning(const std::vector<Warning>& warnings, WarningCode code);

}  // namespace boneage
