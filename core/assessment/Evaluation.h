#pragma once
// Dataset evaluation: every film of an RSNA-layout dataset through the model, the paper's agreement table,
// and the Grad-CAM explanation metrics. The CLI (`boneage evaluate`) only parses options and prints this;
// new measures (confidence intervals, rejected films, perturbations) extend EvaluationOptions and
// EvaluationResult.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assessment/Agreement.h"
#include "assessment/Dataset.h"
#include "common/Sex.h"

namespace boneage::engine {
class Engine;
}

namespace boneage::assessment {

/// How to evaluate.
struct EvaluationOptions {
    /// Grad-CAM explanation metrics on the first this many readable films (0: none). Those films are
    /// predicted one at a time with Grad-CAM; the rest in batches.
    std::size_t gradcamLimit = 200;
    /// Films per batched prediction.
    std::size_t batchSize = 16;
};

/// One film's prediction: a row of the predictions CSV.
struct FilmPrediction {
    std::string id;
    Sex sex = Sex::Male;
    double referenceMonths = 0;
    double predictedMonths = 0;
    /// The model's calibrated interval around the prediction (low, high months); empty when the package has
    /// none.
    std::optional<std::pair<double, double>> intervalMonths;
};

/// The Grad-CAM explanation metrics. A map with no mass (no positive evidence anywhere) has no share on or
/// off the hand: such films are counted in emptyMaps and left out of both means.
struct GradcamMetrics {
    std::size_t films = 0;      ///< films predicted with Grad-CAM
    std::size_t emptyMaps = 0;  ///< of those, maps without mass
    /// Mean share of a map's mass on the film's hand mask (handMask()); empty when no map had mass.
    std::optional<double> onHand;
    /// Mean share of a map's mass inside the dataset's age-informative masks; empty without masks.
    std::optional<double> inMask;
    std::size_t maskFilms = 0;  ///< films with a map with mass and a mask
};

/// What an evaluation found.
struct EvaluationResult {
    std::vector<FilmPrediction> predictions;  ///< in the dataset's order
    Agreement agreement;                      ///< of predictions against the reference bone ages
    GradcamMetrics gradcam;
    /// One sentence per film left out: the dataset's own problems (bad rows), then unreadable films.
    std::vector<std::string> skipped;
    /// Films the package's input check refused as not hand radiographs: not read, not in the predictions,
    /// not skipped.
    std::size_t rejected = 0;
    /// Share of the predictions with an interval whose reference bone age lies inside it
    /// (intervalCoverage()); empty when the package has no interval (or nothing was read).
    std::optional<double> intervalCoverage;
};

/// Called as the evaluation goes: after each film (done of total), for each film skipped and for each film
/// rejected, with the sentence (naming the film's file) saying why. Any may be empty. Called on the
/// evaluating thread.
struct EvaluationObserver {
    std::function<void(std::size_t done, std::size_t total)> progress;
    std::function<void(const std::string& sentence)> skipped;
    std::function<void(const std::string& sentence)> rejected;
};

/// Predicts every film of `dataset` with `engine` and compares with the labels. A film that cannot be read
/// or that the model refuses as input is skipped (reported to the observer) and the rest go on; a film the
/// package's input check finds is not a hand radiograph is counted as rejected (and reported), never read;
/// a model error (Error(Model)) ends the evaluation and propagates. Runs on the calling thread.
EvaluationResult evaluateDataset(engine::Engine& engine, const Dataset& dataset,
                                 const EvaluationOptions& options = {},
                                 const EvaluationObserver& observer = {});

/// Writes `predictions` as CSV (id,male,boneage,predicted,error; male True/False, predicted and error to
/// three decimals) through imaging's atomic writer. Throws Error(Storage) naming `path` when it cannot.
void writePredictionsCsv(const std::string& path, const std::vector<FilmPrediction>& predictions);

}  // namespace boneage::assessment
