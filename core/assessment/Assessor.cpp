#include "assessment/Assessor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>

#include "common/Error.h"
#include "imaging/Windowing.h"

namespace boneage::assessment {

namespace {

std::optional<clinical::Date> headerDate(const std::string& text, const char* what, const std::string& file,
                                         std::vector<std::string>& warnings) {
    if (text.empty())
        return std::nullopt;
    auto date = clinical::parseDate(text);
    if (!date) {
        warnings.push_back(std::string("the film's ") + what + " '" + text +
                           "' is not a valid date; ignored");
        (void)file;
    }
    return date;
}

clinical::Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return clinical::Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace

PatientContext resolvePatient(const imaging::Film& film, const PatientOverrides& overrides) {
    PatientContext context;
    if (overrides.sex) {
        context.sex = *overrides.sex;
    } else if (auto headerSex = parseSex(film.meta.patientSex)) {
        context.sex = *headerSex;
    } else {
        throw Error(ErrorCode::Usage, film.sourcePath,
                    film.format == "dicom"
                        ? "the film does not record the patient's sex as M or F; give --sex M|F"
                        : "a " + film.format + " film carries no patient sex; give --sex M|F");
    }

    auto birth = overrides.birthDate
                     ? overrides.birthDate
                     : headerDate(film.meta.birthDate, "birth date", film.sourcePath, context.warnings);
    auto study = overrides.studyDate
                     ? overrides.studyDate
                     : headerDate(film.meta.studyDate, "study date", film.sourcePath, context.warnings);
    if (birth && !study) {
        study = today();
        context.warnings.push_back("study date unknown; today's date used for the chronological age");
    }
    if (birth && study) {
        try {
            context.chronologicalAgeMonths = clinical::chronologicalAgeMonths(*birth, *study);
        } catch (const Error& e) {
            throw Error(ErrorCode::BadInput, film.sourcePath, e.cause());
        }
    }
    return context;
}

engine::Image modelInput(const imaging::Film& film) {
    engine::Image image;
    image.width = film.width;
    image.height = film.height;
    image.pixels = imaging::toUnitRange(film);
    return image;
}

AssessmentResult assessFilm(engine::Engine& engine, const imaging::Film& film,
                            const PatientOverrides& overrides, bool gradcam) {
    AssessmentResult result;
    result.file = film.sourcePath;
    result.patient = resolvePatient(film, overrides);
    try {
        result.prediction = engine.predict(modelInput(film), result.patient.sex, gradcam);
    } catch (const Error& e) {
        // The engine only knows "image"; the user needs the file.
        if (e.code() != ErrorCode::BadInput)
            throw;
        throw Error(ErrorCode::BadInput, film.sourcePath, e.cause());
    }
    result.clinical = clinical::assess(result.patient.sex, result.prediction.boneAgeMonths,
                                       result.patient.chronologicalAgeMonths);
    result.warnings = result.patient.warnings;
    result.warnings.insert(result.warnings.end(), result.clinical.warnings.begin(),
                           result.clinical.warnings.end());
    if (engine.info().researchOnly) {
        result.warnings.push_back("research model: not a cleared medical device; not for clinical decisions");
    }
    return result;
}

double heatmapMassInside(const engine::Heatmap& heatmap, const std::vector<unsigned char>& mask) {
    if (mask.size() != heatmap.values.size()) {
        throw Error(ErrorCode::Internal, "", "heat map and mask sizes differ");
    }
    double total = 0, inside = 0;
    for (std::size_t i = 0; i < heatmap.values.size(); ++i) {
        total += heatmap.values[i];
        if (mask[i])
            inside += heatmap.values[i];
    }
    return total > 0 ? inside / total : 0.0;
}

std::vector<unsigned char> handMask(const engine::Image& image) {
    const std::size_t n = image.pixels.size();
    std::vector<unsigned char> mask(n, 0);
    if (n == 0)
        return mask;
    std::array<double, 256> histogram{};
    for (float v : image.pixels) {
        histogram[std::size_t(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f)] += 1;
    }
    // Otsu: the threshold that maximises the between-class variance.
    double sumAll = 0;
    for (std::size_t i = 0; i < 256; ++i)
        sumAll += double(i) * histogram[i];
    double weightBackground = 0, sumBackground = 0, bestVariance = -1;
    std::size_t threshold = 0;
    for (std::size_t t = 0; t < 256; ++t) {
        weightBackground += histogram[t];
        if (weightBackground == 0)
            continue;
        const double weightForeground = double(n) - weightBackground;
        if (weightForeground == 0)
            break;
        sumBackground += double(t) * histogram[t];
        const double meanBackground = sumBackground / weightBackground;
        const double meanForeground = (sumAll - sumBackground) / weightForeground;
        const double variance = weightBackground * weightForeground * (meanBackground - meanForeground) *
                                (meanBackground - meanForeground);
        if (variance > bestVariance) {
            bestVariance = variance;
            threshold = t;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        mask[i] = std::clamp(image.pixels[i], 0.0f, 1.0f) * 255.0f + 0.5f > float(threshold) ? 1 : 0;
    }
    return mask;
}

}  // namespace boneage::assessment
