#include "assessment/Evaluation.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "assessment/Assessor.h"
#include "assessment/HandMask.h"
#include "common/Error.h"
#include "engine/Engine.h"
#include "imaging/AtomicFile.h"
#include "imaging/FilmLoader.h"

namespace boneage::assessment {

namespace {

std::vector<unsigned char> loadMask(const std::string& path, int width, int height) {
    const imaging::Film mask = imaging::loadFilm(path);
    if (mask.width != width || mask.height != height) {
        throw Error(ErrorCode::BadInput, path, "the mask does not have its film's size");
    }
    std::vector<unsigned char> out(mask.pixels.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = mask.pixels[i] > 0 ? 1 : 0;
    return out;
}

/// The prediction of one film as a row; its interval when the package has one.
FilmPrediction rowOf(const LabelledFilm& film, const engine::Prediction& prediction) {
    FilmPrediction row{film.id, film.sex, film.boneAgeMonths, prediction.boneAgeMonths, std::nullopt};
    if (prediction.interval)
        row.intervalMonths = std::make_pair(prediction.interval->lowMonths, prediction.interval->highMonths);
    return row;
}

/// The films waiting for one batched prediction. Each film read becomes a row; each film the input check
/// rejects goes to `rejected` with the sentence naming its file.
class Batch {
public:
    Batch(engine::Engine& engine, std::vector<FilmPrediction>& out,
          std::function<void(const engine::InputRejected&)> rejected)
        : m_engine(engine), m_out(out), m_rejected(std::move(rejected)) {}
    void add(engine::Image image, const LabelledFilm& film) {
        m_images.push_back(std::move(image));
        m_films.push_back(&film);
    }
    std::size_t size() const { return m_images.size(); }
    void flush() {
        if (m_images.empty())
            return;
        std::vector<const engine::Image*> pointers;
        std::vector<Sex> sexes;
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            pointers.push_back(&m_images[i]);
            sexes.push_back(m_films[i]->sex);
        }
        const auto predictions = m_engine.predictBatch(pointers, sexes);
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            if (predictions[i].rejected())
                m_rejected(engine::InputRejected(*predictions[i].inputCheck, m_films[i]->imagePath));
            else
                m_out.push_back(rowOf(*m_films[i], predictions[i]));
        }
        m_images.clear();
        m_films.clear();
    }

private:
    engine::Engine& m_engine;
    std::vector<FilmPrediction>& m_out;
    std::function<void(const engine::InputRejected&)> m_rejected;
    std::vector<engine::Image> m_images;
    std::vector<const LabelledFilm*> m_films;
};

}  // namespace

EvaluationResult evaluateDataset(engine::Engine& engine, const Dataset& dataset,
                                 const EvaluationOptions& options, const EvaluationObserver& observer) {
    EvaluationResult result;
    result.skipped = dataset.problems;
    GradcamMetrics& gradcam = result.gradcam;
    double onHandSum = 0, inMaskSum = 0;
    if (dataset.films.size() > options.gradcamLimit)
        engine.prepareForwardOnly();  // the films past the Grad-CAM limit are read forward only
    const auto reject = [&](const engine::InputRejected& e) {
        ++result.rejected;
        if (observer.rejected)
            observer.rejected(e.what());
    };
    Batch batch(engine, result.predictions, reject);
    const std::size_t batchSize = std::max<std::size_t>(1, options.batchSize);
    const std::size_t total = dataset.films.size();
    for (std::size_t index = 0; index < total; ++index) {
        const LabelledFilm& labelled = dataset.films[index];
        if (observer.progress)
            observer.progress(index + 1, total);
        try {
            const imaging::Film film = imaging::loadFilm(labelled.imagePath);
            engine::Image image = modelInput(film);
            if (gradcam.films < options.gradcamLimit) {
                const auto prediction = engine.predict(image, labelled.sex, true);
                const bool empty = !prediction.gradcam->hasMass();
                if (empty) {
                    ++gradcam.emptyMaps;
                } else {
                    onHandSum += heatmapMassInside(*prediction.gradcam, engine::handMask(image));
                }
                if (!empty && !labelled.maskPath.empty()) {
                    inMaskSum += heatmapMassInside(*prediction.gradcam,
                                                   loadMask(labelled.maskPath, film.width, film.height));
                    ++gradcam.maskFilms;
                }
                ++gradcam.films;
                result.predictions.push_back(rowOf(labelled, prediction));
                continue;
            }
            batch.add(std::move(image), labelled);
            if (batch.size() == batchSize)
                batch.flush();
        } catch (const engine::InputRejected& e) {
            reject(engine::InputRejected(e.check(), labelled.imagePath));  // the engine says "image"
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Model)
                throw;
            result.skipped.push_back(e.what());
            if (observer.skipped)
                observer.skipped(e.what());
        }
    }
    batch.flush();

    std::vector<Pair> pairs;
    std::vector<IntervalReading> intervals;
    pairs.reserve(result.predictions.size());
    for (const FilmPrediction& p : result.predictions) {
        pairs.push_back({p.referenceMonths, p.predictedMonths, p.sex});
        if (p.intervalMonths)
            intervals.push_back({p.referenceMonths, p.intervalMonths->first, p.intervalMonths->second});
    }
    result.agreement = computeAgreement(pairs);
    result.intervalCoverage = intervalCoverage(intervals);
    if (gradcam.films > gradcam.emptyMaps)
        gradcam.onHand = onHandSum / double(gradcam.films - gradcam.emptyMaps);
    if (gradcam.maskFilms)
        gradcam.inMask = inMaskSum / double(gradcam.maskFilms);
    return result;
}

void writePredictionsCsv(const std::string& path, const std::vector<FilmPrediction>& predictions) {
    // std::to_chars: the C locale's digits whatever the process locale (a Qt main sets it from the
    // environment, and a decimal comma would break the CSV).
    const auto number = [](double value, std::chars_format format, int precision) {
        char text[64];
        const auto end = std::to_chars(text, text + sizeof text, value, format, precision).ptr;
        return std::string(text, end);
    };
    std::string csv = "id,male,boneage,predicted,error\n";
    for (const FilmPrediction& p : predictions) {
        csv += p.id;
        csv += p.sex == Sex::Male ? ",True," : ",False,";
        csv += number(p.referenceMonths, std::chars_format::general, 6) + ',';
        csv += number(p.predictedMonths, std::chars_format::fixed, 3) + ',';
        csv += number(p.predictedMonths - p.referenceMonths, std::chars_format::fixed, 3) + '\n';
    }
    imaging::writeTextAtomically(path, csv);
}

}  // namespace boneage::assessment
