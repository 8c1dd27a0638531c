#pragma once

#include <QWidget>
#include <optional>

#include "store/Records.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace boneage::ui {

/// Confirm or override: accept the model's bone age, or enter the reader's (in months, or years + months,
/// kept in step by clinical::wholeMonths()) with a reason. Shows the decision already recorded. Its fields
/// only ever hold the open case's values (clear() between cases): empty ("—") until the case has a model
/// value or a decision. GUI thread only.
class ReaderDecisionWidget : public QWidget {
    Q_OBJECT
public:
    explicit ReaderDecisionWidget(QWidget* parent = nullptr);

    /// Empties every field and forgets the model value and the decision (a new case is open).
    void clear();
    /// The model's value (enables Accept and seeds empty override fields); empty while there is none.
    void setModelValue(std::optional<double> months);
    /// The model did not read the film (its input check refused it): no model value, Accept not offered
    /// (its tooltip says why); the reader may override. clear() or setModelValue() ends it.
    void setModelNotRead();
    /// The decision on record (shown; seeds the override fields with its value).
    void setDecision(const std::optional<store::ReadRecord>& decision);
    /// The override value as entered, in months; empty when the fields are empty.
    std::optional<double> overrideMonths() const;
    void setOverrideMonths(std::optional<double> months);
    void setReason(const QString& reason);
    QString reason() const;

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
    bool m_notRead = false;
    bool m_syncing = false;
};

}  // namespace boneage::ui
