#include "ui/ReaderDecisionWidget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <algorithm>
#include <cmath>

#include "assessment/CaseReading.h"
#include "clinical/ChronologicalAge.h"
#include "ui/AgeFormat.h"
#include "ui/WheelGuard.h"

namespace boneage::ui {

ReaderDecisionWidget::ReaderDecisionWidget(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(6);

    m_current = new QLabel(this);
    m_current->setObjectName(QStringLiteral("decisionLabel"));
    m_current->setWordWrap(true);
    grid->addWidget(m_current, 0, 0, 1, 4);

    m_accept = new QPushButton(tr("Accept model bone age"), this);
    m_accept->setObjectName(QStringLiteral("acceptButton"));
    m_accept->setProperty("accent", true);
    m_accept->setToolTip(tr("Confirm the model's bone age (Ctrl+Return)"));
    m_accept->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    grid->addWidget(m_accept, 1, 0, 1, 4);

    // Each field's minimum (-1) is "empty", shown as a dash: a case without a value shows none, never the
    // previous case's.
    const QString empty = QStringLiteral("\u2014");
    m_years = new QSpinBox(this);
    m_years->setObjectName(QStringLiteral("overrideYears"));
    m_years->setRange(-1, 20);
    m_years->setSpecialValueText(empty);
    m_years->setSuffix(tr(" y"));
    m_monthPart = new QSpinBox(this);
    m_monthPart->setObjectName(QStringLiteral("overrideMonthPart"));
    m_monthPart->setRange(-1, 11);
    m_monthPart->setSpecialValueText(empty);
    m_monthPart->setSuffix(tr(" m"));
    m_months = new QDoubleSpinBox(this);
    m_months->setObjectName(QStringLiteral("overrideMonths"));
    m_months->setRange(-1, 240);
    m_months->setSpecialValueText(empty);
    m_months->setDecimals(1);
    m_months->setSingleStep(1);
    m_months->setSuffix(tr(" mo"));
    auto* equals = new QLabel(QStringLiteral("="), this);
    equals->setAlignment(Qt::AlignCenter);
    grid->addWidget(m_years, 2, 0);
    grid->addWidget(m_monthPart, 2, 1);
    grid->addWidget(equals, 2, 2);
    grid->addWidget(m_months, 2, 3);

    m_reason = new QComboBox(this);
    m_reason->setObjectName(QStringLiteral("overrideReason"));
    m_reason->setEditable(true);
    m_reason->addItems({QString(), tr("Carpal maturity disagrees"), tr("Epiphyseal fusion disagrees"),
                        tr("Positioning or image quality"), tr("Pathology affects the hand"),
                        tr("Model outside its trained range")});
    m_reason->lineEdit()->setPlaceholderText(tr("Reason for the override (required)"));
    grid->addWidget(m_reason, 3, 0, 1, 4);

    m_override = new QPushButton(tr("Override with reader bone age"), this);
    m_override->setObjectName(QStringLiteral("overrideButton"));
    grid->addWidget(m_override, 4, 0, 1, 4);
    for (QWidget* field : std::initializer_list<QWidget*>{m_years, m_monthPart, m_months, m_reason})
        takeWheelOnlyWithFocus(field);

    connect(m_months, &QDoubleSpinBox::valueChanged, this, [this] { syncFromMonths(); });
    connect(m_years, &QSpinBox::valueChanged, this, [this] { syncFromYearsMonths(); });
    connect(m_monthPart, &QSpinBox::valueChanged, this, [this] { syncFromYearsMonths(); });
    connect(m_reason, &QComboBox::currentTextChanged, this, [this] { updateButtons(); });
    connect(m_accept, &QPushButton::clicked, this, &ReaderDecisionWidget::confirmRequested);
    connect(m_override, &QPushButton::clicked, this, [this] {
        const QString reason = m_reason->currentText().trimmed();
        if (const auto months = overrideMonths(); months && !reason.isEmpty())
            Q_EMIT overrideRequested(*months, reason);
    });
    clear();
}

void ReaderDecisionWidget::clear() {
    m_model.reset();
    m_notRead = false;
    setOverrideMonths(std::nullopt);
    setReason(QString());
    setDecision(std::nullopt);
    updateButtons();
}

void ReaderDecisionWidget::setModelNotRead() {
    m_model.reset();
    m_notRead = true;
    updateButtons();
}

void ReaderDecisionWidget::setModelValue(std::optional<double> months) {
    m_model = months;
    m_notRead = false;
    if (months && !overrideMonths())
        setOverrideMonths(*months);
    updateButtons();
}

void ReaderDecisionWidget::setDecision(const std::optional<store::ReadRecord>& decision) {
    if (!decision) {
        m_current->setText(tr("Not yet read."));
        m_current->setProperty("state", QStringLiteral("pending"));
    } else {
        const QString who = decision->reader.isEmpty() ? QString() : tr(" by %1").arg(decision->reader);
        if (decision->kind == store::ReadRecord::Kind::Confirm) {
            m_current->setText(tr("Confirmed%1: %2").arg(who, yearsMonthsAndMonths(decision->valueMonths)));
        } else {
            m_current->setText(tr("Overridden%1: %2\nReason: %3")
                                   .arg(who, yearsMonthsAndMonths(decision->valueMonths), decision->reason));
        }
        m_current->setProperty("state", QStringLiteral("done"));
        setOverrideMonths(decision->valueMonths);
    }
    m_current->style()->unpolish(m_current);
    m_current->style()->polish(m_current);
}

std::optional<double> ReaderDecisionWidget::overrideMonths() const {
    if (m_months->value() < 0)
        return std::nullopt;
    return m_months->value();
}

void ReaderDecisionWidget::setOverrideMonths(std::optional<double> months) {
    m_months->setValue(months ? std::clamp(*months, 0.0, m_months->maximum()) : m_months->minimum());
}

void ReaderDecisionWidget::setReason(const QString& reason) {
    m_reason->setCurrentText(reason);
}

QString ReaderDecisionWidget::reason() const {
    return m_reason->currentText().trimmed();
}

void ReaderDecisionWidget::syncFromMonths() {
    if (m_syncing)
        return;
    m_syncing = true;
    if (const auto months = overrideMonths()) {
        const long long total = clinical::wholeMonths(*months);  // the headline's rounding rule
        m_years->setValue(int(total / 12));
        m_monthPart->setValue(int(total % 12));
    } else {
        m_years->setValue(m_years->minimum());
        m_monthPart->setValue(m_monthPart->minimum());
    }
    m_syncing = false;
    updateButtons();
}

void ReaderDecisionWidget::syncFromYearsMonths() {
    if (m_syncing)
        return;
    m_syncing = true;
    const int years = m_years->value(), monthPart = m_monthPart->value();
    if (years < 0 && monthPart < 0) {
        m_months->setValue(m_months->minimum());
    } else {
        m_months->setValue(std::max(years, 0) * 12 + std::max(monthPart, 0));
    }
    m_syncing = false;
    updateButtons();
}

void ReaderDecisionWidget::updateButtons() {
    // The one place Accept is offered: a model value that is a reading (not at the model's floor, from a
    // film the model read).
    const bool noReading = m_model && assessment::noBoneAgeFound(*m_model);
    m_accept->setEnabled(m_model.has_value() && !noReading);
    if (noReading)
        m_accept->setToolTip(tr("The model found no bone age on this film: override with your own reading."));
    else if (m_notRead)
        m_accept->setToolTip(tr("The model did not read this film: override with your own reading."));
    else
        m_accept->setToolTip(QString());
    m_override->setEnabled(overrideMonths().has_value() && !reason().isEmpty());
}

}  // namespace boneage::ui
