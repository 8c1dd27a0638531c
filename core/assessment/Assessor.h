#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/CaseReading.h"
#include "clinical/Clinical.h"
#include "common/Sex.h"
#include "engine/Engine.h"
#include "imaging/Film.h"

namespace boneage::assessment {

/// The patient of a film that is about to be read: resolvePatient() over the header (headerFacts(), its
/// warnings kept) and what the user said (`entered`: --sex, --birth-date, --study-date, a reader's entry).
/// Throws Error(Usage) naming the file when the sex is still unknown (e.g. a PNG without --sex): the
/// sex-specific model and the Brush SD cannot be chosen without it. Broken dates are warnings, never errors.
Patient requirePatient(const imaging::Film& film, const PatientFacts& entered);

/// The film as the engine's input: its default window (or VOI LUT, else full range) mapped to [0,1].
engine::Image modelInput(const imaging::Film& film);

/// What the engine did to read a film as a left hand, fingers up, as the warnings that say so: FilmMirrored
/// for a mirrored film, FilmTurned (degrees clockwise) for a turned one; none for an upright left hand.
std::vector<Warning> inputCheckWarnings(const engine::InputCheck& check);

/// One complete assessment of a film.
struct AssessmentResult {
    std::string file;
    Patient patient;  ///< its sex is always known (requirePatient())
    clinical::Assessment clinical;
    engine::Prediction prediction;
    std::vector<Warning> warnings;  ///< film, patient, clinical and model warnings, in that order
};

/// Predicts the bone age of a loaded film and places it against the Brush SD band. Runs on the calling
/// thread (the GUI calls it from its inference worker). Throws boneage::Error; nothing else escapes. With a
/// package's input check, a mirrored or turned film is read upright with a warning that says so
/// (WarningCode::FilmMirrored, FilmTurned), and a film that is not a hand radiograph is not read:
/// engine::InputRejected (BadInput) naming the film's file.
AssessmentResult assessFilm(engine::Engine& engine, const imaging::Film& film, const PatientFacts& entered,
                            bool gradcam);
/// assessFilm with the film's model input already made (modelInput(film), e.g. on a decoding thread); the
/// film's pixels are then not read, so a caller may have released them.
AssessmentResult assessFilm(engine::Engine& engine, const imaging::Film& film, const engine::Image& input,
                            const PatientFacts& entered, bool gradcam);

}  // namespace boneage::assessment
