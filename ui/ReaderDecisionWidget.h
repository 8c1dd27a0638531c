#pragma once

#include <QWidget>
#include <optional>

#include "ui/CaseEntry.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace boneage::ui {

/// Confirm or override: accept the model's bone age, or enter the reader's (in months, or years + months,
/// kept in step) with a reason. Shows the decision already recorded. GUI thread only.
class ReaderDecisionWidget : public QWidget {
    Q_OBJECT
public:
    explicit ReaderDecisionWidget(QWidget* parent = nullptr);

    /// The model's value (enables Accept and seeds the override fields); empty while there is none.
    void setModelValue(std::optional<double> months);
    void setDecision(const std::optional<ReaderDecision>& decision);
    /// The override value as entered, in months.
    double overrideMonths() const;
    void setOverrideMonths(double months);
    void setReason(const QString& reason);

Q_SIGNALS:
    void confirmRequested();
    void overrideRequested(double months, const QString& reason);

private:
    void syncFromMonths();
    void syncFromYearsMonths();
    void updateButtons();

    QPushButton* m_accept = nullptr;
    QPushButton* m_override = nullptr;
    QDoubleSpinBox* m_months = nullptr;
    QSpinBox* m_years = nullptr;
    QSpinBox* m_monthPart = nullptr;
    QComboBox* m_reason = nullptr;
    QLabel* m_current = nullptr;
    std::optional<double> m_model;
    bool m_syncing = false;
};

}  // namespace boneage::ui
