#pragma once

#include <QImage>
#include <QMetaType>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "assessment/Assessor.h"
#include "assessment/FilmAssessor.h"
#include "imaging/Film.h"

namespace boneage::ui {

/// Which model the inference worker loads, and where it runs.
struct ModelConfig {
    QString modelDir;
    QString device = QStringLiteral("auto");  ///< auto|cpu|cuda (engine::parseDevicePreference)
};

/// Opens the reader of films for a model configuration, in the inference worker's thread. Throws
/// boneage::Error (Model) when it cannot. The product's opens the engine; a test may give its own.
using AssessorFactory = std::function<std::unique_ptr<assessment::FilmAssessor>(const ModelConfig&)>;

/// The loaded model as the assessment panel names it.
struct ModelDescription {
    QString name, version, sha256, device;
    bool researchOnly = true;
};

/// One inference request, copied into the worker's thread. The film is shared and immutable; the cancel flag
/// is shared with the InferenceService that issued it (set from the GUI thread, read by the worker).
struct InferenceRequest {
    quint64 id = 0;
    qint64 caseId = 0;
    std::shared_ptr<const imaging::Film> film;
    assessment::PatientFacts entered;  ///< what the reader entered for the case (sex and dates)
    bool gradcam = true;
    std::shared_ptr<std::atomic<bool>> cancelled;
};

/// What the worker sends back for every request (also a failed or cancelled one), copied into the GUI thread.
/// The assessment (heat map included) is shared and immutable, so caching and re-showing it copies nothing.
struct InferenceResult {
    quint64 id = 0;
    qint64 caseId = 0;
    bool cancelled = false;  ///< dropped by the service; the request was cancelled before or while it ran
    QString error;           ///< one translated sentence when it failed; empty on success
    std::shared_ptr<const assessment::AssessmentResult> assessment;
    /// The Grad-CAM heat map as a display overlay (heatmapImage()), made in the worker; null without one.
    QImage overlay;
    ModelDescription model;
    double elapsedMs = 0;  ///< wall time in the worker, model load included
    /// Set when the model's input check found that the film is not a hand radiograph (engine::InputRejected):
    /// the film was not read, so there is no assessment and nothing to store or accept; `error` stays empty.
    /// Like a reading, it is cached and shown (AssessmentPanel says why), not retried.
    std::optional<engine::InputCheck> rejectedBy;

    bool ok() const { return !cancelled && error.isEmpty() && assessment; }
    bool rejected() const { return !cancelled && rejectedBy.has_value(); }
};

}  // namespace boneage::ui

Q_DECLARE_METATYPE(boneage::ui::ModelConfig)
Q_DECLARE_METATYPE(boneage::ui::ModelDescription)
Q_DECLARE_METATYPE(boneage::ui::InferenceRequest)
Q_DECLARE_METATYPE(boneage::ui::InferenceResult)
