#include "ui/ReaderDecisionWidget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <cmath>

#include "ui/AgeFormat.h"

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

    m_years = new QSpinBox(this);
    m_years->setObjectName(QStringLiteral("overrideYears"));
    m_years->setRange(0, 20);
    m_years->setSuffix(tr(" y"));
    m_monthPart = new QSpinBox(this);
    m_monthPart->setObjectName(QStringLiteral("overrideMonthPart"));
    m_monthPart->setRange(0, 11);
    m_monthPart->setSuffix(tr(" m"));
    m_months = new QDoubleSpinBox(this);
    m_months->setObjectName(QStringLiteral("overrideMonths"));
    m_months->setRange(0, 240);
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

    connect(m_months, &QDoubleSpinBox::valueChanged, this, [this] { syncFromMonths(); });
    connect(m_years, &QSpinBox::valueChanged, this, [this] { syncFromYearsMonths(); });
    connect(m_monthPart, &QSpinBox::valueChanged, this, [this] { syncFromYearsMonths(); });
    connect(m_reason, &QComboBox::currentTextChanged, this, [this] { updateButtons(); });
    connect(m_accept, &QPushButton::clicked, this, &ReaderDecisionWidget::confirmRequested);
    connect(m_override, &QPushButton::clicked, this, [this] {
        const QString reason = m_reason->currentText().trimmed();
        if (!reason.isEmpty())
            Q_EMIT overrideRequested(overrideMonths(), reason);
    });
    setDecision(std::nullopt);
    updateButtons();
}

void ReaderDecisionWidget::setModelValue(std::optional<double> months) {
    m_model = months;
    if (months)
        setOverrideMonths(*months);
    updateButtons();
}

void ReaderDecisionWidget::setDecision(const std::optional<ReaderDecision>& decision) {
    if (!decision) {
        m_current->setText(tr("Not yet read."));
        m_current->setProperty("state", QStringLiteral("pending"));
    } else {
        const QString who = decision->reader.isEmpty() ? QString() : tr(" by %1").arg(decision->reader);
        if (decision->kind == ReaderDecision::Kind::Confirm) {
            m_current->setText(tr("Confirmed%1: %2").arg(who, yearsMonthsAndMonths(decision->boneAgeMonths)));
        } else {
            m_current->setText(
                tr("Overridden%1: %2\nReason: %3")
                    .arg(who, yearsMonthsAndMonths(decision->boneAgeMonths), decision->reason));
        }
        m_current->setProperty("state", QStringLiteral("done"));
    }
    m_current->style()->unpolish(m_current);
    m_current->style()->polish(m_current);
}

double ReaderDecisionWidget::overrideMonths() const {
    return m_months->value();
}

void ReaderDecisionWidget::setOverrideMonths(double months) {
    m_months->setValue(months);
}

void ReaderDecisionWidget::setReason(const QString& reason) {
    m_reason->setCurrentText(reason);
}

void ReaderDecisionWidget::syncFromMonths() {
    if (m_syncing)
        return;
    m_syncing = true;
    const int total = int(std::lround(m_months->value()));
    m_years->setValue(total / 12);
    m_monthPart->setValue(total % 12);
    m_syncing = false;
}

void ReaderDecisionWidget::syncFromYearsMonths() {
    if (m_syncing)
        return;
    m_syncing = true;
    m_months->setValue(m_years->value() * 12 + m_monthPart->value());
    m_syncing = false;
}

void ReaderDecisionWidget::updateButtons() {
    m_accept->setEnabled(m_model.has_value());
    m_override->setEnabled(!m_reason->currentText().trimmed().isEmpty());
}

}  // namespace boneage::ui
