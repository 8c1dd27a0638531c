#pragma once

#include <QWidget>
#include <optional>

#include "assessment/CaseReading.h"
#include "store/Records.h"
#include "ui/InferenceTypes.h"

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace boneage::ui {

class HeatmapLegend;
class PatientFactsWidget;
class ReaderDecisionWidget;
class SdBandBar;

/// The assessment side panel of the open case: patient (with entry of a missing sex or dates),
/// chronological age, the model's bone age and, once decided, the reader's; the difference, z-score and
/// verdict of record (the reader's once a reader has decided, labelled, with the model's beside it); the
/// Brush
/// +-2 SD band; Grad-CAM overlay controls; model, research notice and warnings; busy/cancel and errors; the
/// reader's confirm/override. Everything it shows of a case comes from the stored case through
/// assessment::readCase(), so the screen says what the database says. It only shows and asks: the
/// ReadingController acts on its signals. GUI thread only.
class AssessmentPanel : public QWidget {
    Q_OBJECT
public:
    explicit AssessmentPanel(QWidget* parent = nullptr);

    /// Shows a stored case (nullptr: nothing open). Forgets the previous case entirely: its fields, its model
    /// run, its warnings.
    void setCase(const store::CaseSummary* summary);
    /// The model's run on the open case: the overlay, the model line, the run's warnings. A run whose input
    /// check refused the film (InferenceResult::rejected()) shows why in place of the model's bone age, and
    /// the case then has no model value: none shown, none to accept (an earlier model's neither).
    void setResult(const InferenceResult& result);
    void setBusy(bool busy, const QString& message = {});
    void setError(const QString& message);
    /// The model that will run (before the first result): "name version on device", or why there is none.
    void setModel(const std::optional<ModelDescription>& model, const QString& problem = {});

    bool overlayChecked() const;
    double overlayOpacity() const;
    void setOverlayChecked(bool on);
    ReaderDecisionWidget* decisionWidget() const { return m_decision; }
    PatientFactsWidget* factsWidget() const { return m_facts; }
    SdBandBar* bandBar() const { return m_band; }
    /// The shown model bone age text and verdict banner (tests).
    QString boneAgeText() const;
    QString verdictText() const;
    /// Whether the busy row (progress and Cancel) is showing.
    bool busyShown() const;

Q_SIGNALS:
    void overlayToggled(bool on);
    void overlayOpacityChanged(double opacity);
    void cancelRequested();
    void retryRequested();
    /// The reader entered the patient's sex or dates (the whole entered set).
    void patientFactsEntered(const boneage::store::PatientFacts& entered);
    void confirmRequested();
    void overrideRequested(double months, const QString& reason);

private:
    QWidget* section(const QString& title, QWidget* body);
    void showModelLine(const ModelDescription& model);
    void showNotRead(const InferenceResult& result);
    void showReading();
    void showWarnings();

    std::optional<store::CaseSummary> m_case;
    std::optional<assessment::CaseReading> m_reading;
    std::optional<InferenceResult> m_result;

    QLabel* m_patient = nullptr;
    QLabel* m_patientDetail = nullptr;
    PatientFactsWidget* m_facts = nullptr;
    QLabel* m_chrono = nullptr;
    QLabel* m_boneAge = nullptr;
    QLabel* m_boneAgeMonths = nullptr;
    QLabel* m_interval = nullptr;
    QLabel* m_readerAgeLabel = nullptr;
    QLabel* m_readerAge = nullptr;
    QLabel* m_readerAgeMonths = nullptr;
    QLabel* m_difference = nullptr;
    QLabel* m_zScore = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_verdictSource = nullptr;
    QLabel* m_modelAlone = nullptr;
    SdBandBar* m_band = nullptr;
    QWidget* m_busyRow = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_busyLabel = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_retry = nullptr;
    QCheckBox* m_overlay = nullptr;
    QSlider* m_opacity = nullptr;
    HeatmapLegend* m_legend = nullptr;
    QLabel* m_overlayEmpty = nullptr;  ///< says why the overlay shows nothing when the map has no mass
    QLabel* m_model = nullptr;
    QLabel* m_research = nullptr;
    QLabel* m_warnings = nullptr;
    ReaderDecisionWidget* m_decision = nullptr;
};

}  // namespace boneage::ui
