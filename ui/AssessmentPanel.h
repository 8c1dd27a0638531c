#pragma once

#include <QWidget>
#include <optional>

#include "ui/CaseEntry.h"
#include "ui/InferenceTypes.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace boneage::ui {

class HeatmapLegend;
class ReaderDecisionWidget;
class SdBandBar;

/// The assessment side panel: patient, chronological age, the model's bone age (years + months and months),
/// the difference, the Brush +-2 SD band with the patient's point, z-score and verdict; model name, version
/// and device with a research-use notice; Grad-CAM overlay controls with a legend; busy/cancel and errors;
/// and the reader's confirm/override. It only shows and asks: the ReadingController acts on its signals. GUI
/// thread only.
class AssessmentPanel : public QWidget {
    Q_OBJECT
public:
    explicit AssessmentPanel(QWidget* parent = nullptr);

    /// Shows a case (nullptr: nothing open). Clears the model result until setResult().
    void setCase(const CaseEntry* entry);
    void setResult(const InferenceResult& result);
    void setBusy(bool busy, const QString& message = {});
    void setError(const QString& message);
    /// The model that will run (before the first result): "name version on device", or why there is none.
    void setModel(const std::optional<ModelDescription>& model, const QString& problem = {});

    bool overlayChecked() const;
    double overlayOpacity() const;
    void setOverlayChecked(bool on);
    ReaderDecisionWidget* decisionWidget() const { return m_decision; }
    SdBandBar* bandBar() const { return m_band; }
    /// The shown model bone age text (tests).
    QString boneAgeText() const;
    /// Whether the busy row (progress and Cancel) is showing.
    bool busyShown() const;

Q_SIGNALS:
    void overlayToggled(bool on);
    void overlayOpacityChanged(double opacity);
    void cancelRequested();
    void retryRequested();
    /// The reader chose the sex of a film that does not record it ("M" or "F").
    void sexChosen(const QString& sex);
    void confirmRequested();
    void overrideRequested(double months, const QString& reason);

private:
    QWidget* section(const QString& title, QWidget* body);
    void showModelLine(const ModelDescription& model);
    void refreshBand();

    std::optional<CaseEntry> m_case;
    std::optional<InferenceResult> m_result;

    QLabel* m_patient = nullptr;
    QLabel* m_patientDetail = nullptr;
    QComboBox* m_sex = nullptr;
    QLabel* m_chrono = nullptr;
    QLabel* m_boneAge = nullptr;
    QLabel* m_boneAgeMonths = nullptr;
    QLabel* m_difference = nullptr;
    QLabel* m_zScore = nullptr;
    QLabel* m_verdict = nullptr;
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
