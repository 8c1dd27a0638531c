#pragma once

#include <QObject>
#include <memory>
#include <optional>

#include "imaging/Film.h"
#include "imaging/Windowing.h"
#include "store/Records.h"
#include "ui/InferenceTypes.h"

namespace boneage::ui {

class AssessmentPanel;
class CaseRepository;
class FilmLoader;
class FilmView;
class InferenceService;

/// Reads one case at a time: opens it (recorded as a view), decodes its film off the GUI thread into the
/// viewer, asks the inference service for the model's read (recorded as a prediction), shows the stored case
/// in the assessment panel with the Grad-CAM overlay, stores what the reader enters for the patient, and
/// records the reader's confirm or override against the prediction on screen (asking before it replaces an
/// earlier decision). The widgets and services are borrowed; they outlive the controller. GUI thread only.
class ReadingController : public QObject {
    Q_OBJECT
public:
    ReadingController(CaseRepository& repository, InferenceService& inference, FilmView& view,
                      AssessmentPanel& panel, QObject* parent = nullptr);
    ~ReadingController() override;

    /// Opens the case: records the view, loads its film, runs (or recalls) the model.
    void openCase(qint64 caseId);
    std::optional<qint64> currentCaseId() const { return m_caseId; }
    /// The reader named in decisions (settings). Empty: asked for at the first decision.
    void setReaderName(const QString& name) { m_reader = name; }
    QString readerName() const { return m_reader; }
    void setDefaultPreset(imaging::WindowPreset preset) { m_preset = preset; }
    /// Re-runs the model on the open case (after a settings change or an error).
    void rerun();
    /// Whether the Grad-CAM overlay is shown (also the panel's check box).
    void setOverlayVisible(bool on);
    /// The model's prediction the reader sees for the open case (what a confirm confirms), if any.
    std::optional<store::PredictionRecord> shownPrediction() const { return m_shownPrediction; }
    /// The open case's film once decoded (null before), and the model's assessment on screen (null without
    /// one): what the report dialog shows without decoding or running the model again.
    std::shared_ptr<const imaging::Film> currentFilm() const { return m_film; }
    std::shared_ptr<const assessment::AssessmentResult> shownAssessment() const {
        return m_result && m_result->ok() ? m_result->assessment : nullptr;
    }
    /// The model's whole read on screen (its model's name and version with it), for the Grad-CAM capture
    /// sent back to the PACS.
    const std::optional<InferenceResult>& currentResult() const { return m_result; }

    void confirm();
    void overrideWith(double months, const QString& reason);

Q_SIGNALS:
    /// A film is on screen (decode time in ms), for the status bar and the benchmark.
    void filmShown(qint64 caseId, double decodeMs);
    /// The model's read is shown.
    void resultShown(qint64 caseId);
    /// The reader's decision on the case is stored.
    void decided(qint64 caseId);
    /// The reader gave their name at their first decision (for the settings and the status bar).
    void readerChosen(const QString& name);
    /// Something the user should see in the status bar.
    void message(const QString& text);

private:
    void onFilmLoaded(qint64 caseId, std::shared_ptr<const imaging::Film> film, double decodeMs);
    void onFilmFailed(qint64 caseId, const QString& path, const QString& message);
    void onResult(const InferenceResult& result);
    void onFailed(qint64 caseId, const QString& message);
    void onFactsEntered(const store::PatientFacts& entered);
    void requestInference();
    void showCase();
    std::optional<store::PredictionRecord> recordPrediction(const InferenceResult& result);
    void decide(store::ReadRecord read);
    bool ensureReader();

    CaseRepository& m_repository;
    InferenceService& m_inference;
    FilmView& m_view;
    AssessmentPanel& m_panel;
    FilmLoader* m_loader = nullptr;
    std::optional<qint64> m_caseId;
    std::shared_ptr<const imaging::Film> m_film;
    std::optional<InferenceResult> m_result;
    std::optional<store::PredictionRecord> m_shownPrediction;
    QString m_reader;
    imaging::WindowPreset m_preset = imaging::WindowPreset::DicomDefault;
};

}  // namespace boneage::ui
