#include "assessment/Assessor.h"

#include <cstdio>
#include <string>

#include "common/Error.h"
#include "imaging/Windowing.h"

namespace boneage::assessment {

Patient requirePatient(const imaging::Film& film, const PatientFacts& entered) {
    std::vector<Warning> headerWarnings;
    const PatientFacts header = headerFacts(film.meta, headerWarnings);
    Patient patient = resolvePatient(header, entered);
    if (!patient.sex) {
        throw Error(ErrorCode::Usage, film.sourcePath,
                    film.format == "dicom"
                        ? "the film does not record the patient's sex as M or F; give --sex M|F"
                        : "a " + film.format + " film carries no patient sex; give --sex M|F");
    }
    headerWarnings.insert(headerWarnings.end(), patient.warnings.begin(), patient.warnings.end());
    patient.warnings = std::move(headerWarnings);
    return patient;
}

engine::Image modelInput(const imaging::Film& film) {
    engine::Image image;
    image.width = film.width;
    image.height = film.height;
    image.pixels = imaging::toUnitRange(film);
    return image;
}

std::vector<Warning> inputCheckWarnings(const engine::InputCheck& check) {
    std::vector<Warning> warnings;
    if (check.mirrored)
        warnings.push_back({WarningCode::FilmMirrored, {}});
    if (check.clockwiseDegrees() != 0)
        warnings.push_back({WarningCode::FilmTurned, {std::to_string(check.clockwiseDegrees())}});
    return warnings;
}

AssessmentResult assessFilm(engine::Engine& engine, const imaging::Film& film, const PatientFacts& entered,
                            bool gradcam) {
    return assessFilm(engine, film, modelInput(film), entered, gradcam);
}

AssessmentResult assessFilm(engine::Engine& engine, const imaging::Film& film, const engine::Image& input,
                            const PatientFacts& entered, bool gradcam) {
    AssessmentResult result;
    result.file = film.sourcePath;
    result.patient = requirePatient(film, entered);
    const Sex sex = *result.patient.sex;
    try {
        result.prediction = engine.predict(input, sex, gradcam);
    } catch (const engine::InputRejected& e) {
        throw engine::InputRejected(e.check(), film.sourcePath);  // not a hand radiograph: not read
    } catch (const Error& e) {
        // The engine only knows "image"; the user needs the file.
        if (e.code() != ErrorCode::BadInput)
            throw;
        throw Error(ErrorCode::BadInput, film.sourcePath, e.cause());
    }
    result.clinical = *placeBoneAge(result.patient, result.prediction.boneAgeMonths);
    result.warnings = film.warnings;
    result.warnings.insert(result.warnings.end(), result.patient.warnings.begin(),
                           result.patient.warnings.end());
    result.warnings.insert(result.warnings.end(), result.clinical.warnings.begin(),
                           result.clinical.warnings.end());
    if (const auto& check = result.prediction.inputCheck) {
        const std::vector<Warning> turned = inputCheckWarnings(*check);
        result.warnings.insert(result.warnings.end(), turned.begin(), turned.end());
    }
    if (noBoneAgeFound(result.prediction.boneAgeMonths)) {
        char months[32];
        std::snprintf(months, sizeof months, "%.1f", result.prediction.boneAgeMonths);
        result.warnings.push_back({WarningCode::NoBoneAgeFound, {months}});
    }
    if (engine.info().researchOnly) {
        result.warnings.push_back({WarningCode::ResearchModel, {}});
    }
    return result;
}

}  // namespace boneage::assessment
