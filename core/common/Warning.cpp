#include "common/Warning.h"

#include <algorithm>

namespace boneage {

namespace {

/// The i-th argument, or "?" when a caller passed too few (a bug, but never a crash in a message).
const std::string& arg(const Warning& w, std::size_t i) {
    static const std::string missing = "?";
    return i < w.args.size() ? w.args[i] : missing;
}

/// FilmTurned's argument (degrees clockwise from fingers up) as a reader says it.
std::string turnText(const std::string& clockwiseDegrees) {
    if (clockwiseDegrees == "90")
        return "90 degrees clockwise";
    if (clockwiseDegrees == "270")
        return "90 degrees anticlockwise";
    return clockwiseDegrees + " degrees";
}

}  // namespace

const char* warningCodeName(WarningCode code) {
    switch (code) {
        case WarningCode::HeaderDateInvalid:
            return "header_date_invalid";
        case WarningCode::BirthAfterStudy:
            return "birth_after_study";
        case WarningCode::StudyDateUnknown:
            return "study_date_unknown";
        case WarningCode::ChronologicalAgeUnknown:
            return "chronological_age_unknown";
        case WarningCode::BrushTableClamped:
            return "brush_table_clamped";
        case WarningCode::ResearchModel:
            return "research_model";
        case WarningCode::ColourReadAsGrey:
            return "colour_read_as_grey";
        case WarningCode::NoBoneAgeFound:
            return "no_bone_age_found";
        case WarningCode::FilmMirrored:
            return "film_mirrored";
        case WarningCode::FilmTurned:
            return "film_turned";
    }
    return "unknown";
}

std::string warningText(const Warning& w) {
    switch (w.code) {
        case WarningCode::HeaderDateInvalid:
            return "the film's " + arg(w, 0) + " '" + arg(w, 1) + "' is not a valid date; ignored";
        case WarningCode::BirthAfterStudy:
            return "birth date " + arg(w, 0) + " is after study date " + arg(w, 1) +
                   "; chronological age unknown";
        case WarningCode::StudyDateUnknown:
            return "study date unknown; chronological age not computed (give the study date)";
        case WarningCode::ChronologicalAgeUnknown:
            return "chronological age unknown; bone age not compared with the Brush SD band";
        case WarningCode::BrushTableClamped:
            return "age " + arg(w, 0) + " months is " + arg(w, 1) + " the Brush table for " + arg(w, 2) +
                   " (" + arg(w, 3) + "-" + arg(w, 4) + " months); SD of " + arg(w, 5) + " months used";
        case WarningCode::ResearchModel:
            return "research model: not a cleared medical device; not for clinical decisions";
        case WarningCode::ColourReadAsGrey:
            return "colour film (" + arg(w, 0) + ") read as grey: the luma of its pixels";
        case WarningCode::NoBoneAgeFound:
            return "the model's output (" + arg(w, 0) +
                   " months) is at the floor of its range: it found no bone age; check that the film is a "
                   "left-hand radiograph";
        case WarningCode::FilmMirrored:
            return "the film shows a right hand (or a left hand from the back): it was mirrored and read as "
                   "a "
                   "left hand";
        case WarningCode::FilmTurned:
            return "the film is turned " + turnText(arg(w, 0)) + ": it was turned fingers up for reading";
    }
    return "unknown warning";
}

bool hasWarning(const std::vector<Warning>& warnings, WarningCode code) {
    return std::any_of(warnings.begin(), warnings.end(), [code](const Warning& w) { return w.code == code; });
}

}  // namespace boneage
