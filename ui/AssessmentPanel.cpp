#include "ui/AssessmentPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>

#include "clinical/Assessment.h"
#include "ui/AgeFormat.h"
#include "ui/HeatmapLegend.h"
#include "ui/ReaderDecisionWidget.h"
#include "ui/SdBandBar.h"

namespace boneage::ui {

namespace {

QLabel* valueLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(QStringLiteral("\u2014"), parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void repolish(QWidget* w) {
    w->style()->unpolish(w);
    w->style()->polish(w);
}

}  // namespace

AssessmentPanel::AssessmentPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("assessmentPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(10);

    // Patient.
    auto* patientBox = new QWidget(this);
    auto* patientLayout = new QGridLayout(patientBox);
    patientLayout->setContentsMargins(0, 0, 0, 0);
    m_patient = new QLabel(tr("No case open"), patientBox);
    m_patient->setObjectName(QStringLiteral("patientName"));
    m_patientDetail = new QLabel(patientBox);
    m_patientDetail->setObjectName(QStringLiteral("mutedLabel"));
    m_patientDetail->setWordWrap(true);
    m_sex = new QComboBox(patientBox);
    m_sex->setObjectName(QStringLiteral("sexChooser"));
    m_sex->addItem(tr("Sex unknown: choose"), QString());
    m_sex->addItem(tr("Male"), QStringLiteral("M"));
    m_sex->addItem(tr("Female"), QStringLiteral("F"));
    m_sex->hide();
    patientLayout->addWidget(m_patient, 0, 0);
    patientLayout->addWidget(m_patientDetail, 1, 0);
    patientLayout->addWidget(m_sex, 2, 0);
    layout->addWidget(section(tr("Patient"), patientBox));

    // Ages and verdict.
    auto* ages = new QWidget(this);
    auto* grid = new QGridLayout(ages);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(4);
    m_chrono = valueLabel(ages, "chronologicalAge");
    m_boneAge = valueLabel(ages, "boneAge");
    m_boneAgeMonths = valueLabel(ages, "boneAgeMonths");
    m_difference = valueLabel(ages, "difference");
    m_zScore = valueLabel(ages, "zScore");
    m_verdict = valueLabel(ages, "verdict");
    m_verdict->setAlignment(Qt::AlignCenter);
    int row = 0;
    auto addRow = [&](const QString& name, QWidget* value) {
        auto* label = new QLabel(name, ages);
        label->setObjectName(QStringLiteral("fieldLabel"));
        grid->addWidget(label, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(value, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
        ++row;
    };
    addRow(tr("Chronological age"), m_chrono);
    addRow(tr("Model bone age"), m_boneAge);
    addRow(QString(), m_boneAgeMonths);
    addRow(tr("Difference"), m_difference);
    addRow(tr("z-score (Brush SD)"), m_zScore);
    grid->addWidget(m_verdict, row++, 0, 1, 2);
    m_band = new SdBandBar(ages);
    grid->addWidget(m_band, row++, 0, 1, 2);
    grid->setColumnStretch(1, 1);
    layout->addWidget(section(tr("Bone age"), ages));

    // Busy, error.
    m_busyRow = new QWidget(this);
    auto* busyLayout = new QHBoxLayout(m_busyRow);
    busyLayout->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar(m_busyRow);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_busyLabel = new QLabel(tr("Running the model\u2026"), m_busyRow);
    auto* cancel = new QPushButton(tr("Cancel"), m_busyRow);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setToolTip(tr("Stop waiting for this prediction (Esc)"));
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    auto* busyText = new QVBoxLayout;
    busyText->addWidget(m_busyLabel);
    busyText->addWidget(m_progress);
    busyLayout->addLayout(busyText, 1);
    busyLayout->addWidget(cancel);
    m_busyRow->hide();
    layout->addWidget(m_busyRow);

    auto* errorRow = new QWidget(this);
    auto* errorLayout = new QVBoxLayout(errorRow);
    errorLayout->setContentsMargins(0, 0, 0, 0);
    m_error = new QLabel(errorRow);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_retry = new QPushButton(tr("Run the model again"), errorRow);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->hide();
    errorLayout->addWidget(m_error);
    errorLayout->addWidget(m_retry, 0, Qt::AlignLeft);
    layout->addWidget(errorRow);

    // Overlay.
    auto* overlay = new QWidget(this);
    auto* overlayLayout = new QGridLayout(overlay);
    overlayLayout->setContentsMargins(0, 0, 0, 0);
    m_overlay = new QCheckBox(tr("Show Grad-CAM overlay  (G)"), overlay);
    m_overlay->setObjectName(QStringLiteral("overlayCheck"));
    m_opacity = new QSlider(Qt::Horizontal, overlay);
    m_opacity->setObjectName(QStringLiteral("overlayOpacity"));
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    m_opacity->setToolTip(tr("Overlay opacity"));
    m_legend = new HeatmapLegend(overlay);
    auto* opacityLabel = new QLabel(tr("Opacity"), overlay);
    opacityLabel->setObjectName(QStringLiteral("fieldLabel"));
    overlayLayout->addWidget(m_overlay, 0, 0, 1, 2);
    overlayLayout->addWidget(opacityLabel, 1, 0);
    overlayLayout->addWidget(m_opacity, 1, 1);
    overlayLayout->addWidget(m_legend, 2, 0, 1, 2);
    m_overlayEmpty = new QLabel(tr("Nothing on this film raises the model's estimate, so the map is empty "
                                   "(usual for young hands: Grad-CAM shows only evidence for an older age)."),
                                overlay);
    m_overlayEmpty->setObjectName(QStringLiteral("mutedLabel"));
    m_overlayEmpty->setWordWrap(true);
    m_overlayEmpty->hide();
    overlayLayout->addWidget(m_overlayEmpty, 3, 0, 1, 2);
    layout->addWidget(section(tr("Grad-CAM"), overlay));

    // Reader decision.
    m_decision = new ReaderDecisionWidget(this);
    layout->addWidget(section(tr("Reader decision"), m_decision));

    // Model.
    auto* modelBox = new QWidget(this);
    auto* modelLayout = new QVBoxLayout(modelBox);
    modelLayout->setContentsMargins(0, 0, 0, 0);
    m_model = new QLabel(tr("No model loaded"), modelBox);
    m_model->setObjectName(QStringLiteral("modelLabel"));
    m_model->setWordWrap(true);
    m_research = new QLabel(
        tr("RESEARCH USE ONLY \u2014 not a cleared medical device; not for clinical decisions."), modelBox);
    m_research->setObjectName(QStringLiteral("researchNotice"));
    m_research->setWordWrap(true);
    m_research->hide();
    m_warnings = new QLabel(modelBox);
    m_warnings->setObjectName(QStringLiteral("warningsLabel"));
    m_warnings->setWordWrap(true);
    m_warnings->hide();
    m_overlayEmpty->hide();
    modelLayout->addWidget(m_model);
    modelLayout->addWidget(m_research);
    modelLayout->addWidget(m_warnings);
    layout->addWidget(section(tr("Model"), modelBox));
    layout->addStretch(1);

    connect(cancel, &QPushButton::clicked, this, &AssessmentPanel::cancelRequested);
    connect(m_retry, &QPushButton::clicked, this, &AssessmentPanel::retryRequested);
    connect(m_overlay, &QCheckBox::toggled, this, &AssessmentPanel::overlayToggled);
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT overlayOpacityChanged(v / 100.0); });
    connect(m_sex, &QComboBox::activated, this, [this] {
        const QString sex = m_sex->currentData().toString();
        if (!sex.isEmpty())
            Q_EMIT sexChosen(sex);
    });
    connect(m_decision, &ReaderDecisionWidget::confirmRequested, this, &AssessmentPanel::confirmRequested);
    connect(m_decision, &ReaderDecisionWidget::overrideRequested, this, &AssessmentPanel::overrideRequested);
    setCase(nullptr);
}

QWidget* AssessmentPanel::section(const QString& title, QWidget* body) {
    auto* frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("card"));
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(8);
    auto* heading = new QLabel(title.toUpper(), frame);
    heading->setObjectName(QStringLiteral("cardTitle"));
    layout->addWidget(heading);
    layout->addWidget(body);
    return frame;
}

void AssessmentPanel::setCase(const CaseEntry* entry) {
    m_result.reset();
    m_case = entry ? std::optional<CaseEntry>(*entry) : std::nullopt;
    for (QLabel* l : {m_boneAge, m_boneAgeMonths, m_difference, m_zScore})
        l->setText(QStringLiteral("\u2014"));
    m_verdict->setText(QString());
    m_verdict->setProperty("verdict", QString());
    m_verdict->hide();
    m_error->hide();
    m_retry->hide();
    m_warnings->hide();
    m_overlayEmpty->hide();
    m_overlay->setEnabled(false);
    if (!entry) {
        m_patient->setText(tr("No case open"));
        m_patientDetail->setText(tr("Choose a case in the worklist, or open a film."));
        m_chrono->setText(QStringLiteral("\u2014"));
        m_sex->hide();
        m_decision->setEnabled(false);
        m_decision->setModelValue(std::nullopt);
        m_decision->setDecision(std::nullopt);
        refreshBand();
        return;
    }
    m_patient->setText(entry->displayName());
    QStringList detail;
    detail << (entry->sex == QLatin1String("M")   ? tr("Male")
               : entry->sex == QLatin1String("F") ? tr("Female")
                                                  : tr("Sex unknown"));
    if (entry->birthDate.isValid())
        detail << tr("born %1").arg(entry->birthDate.toString(Qt::ISODate));
    if (entry->studyDate.isValid())
        detail << tr("study %1").arg(entry->studyDate.toString(Qt::ISODate));
    if (!entry->patientId.isEmpty())
        detail << tr("ID %1").arg(entry->patientId);
    m_patientDetail->setText(detail.join(QStringLiteral("  \u00b7  ")));
    m_sex->setVisible(entry->sex.isEmpty());
    m_sex->setCurrentIndex(0);
    m_chrono->setText(yearsMonthsAndMonths(entry->chronologicalAgeMonths));
    m_decision->setEnabled(true);
    m_decision->setModelValue(entry->modelRead ? std::optional<double>(entry->modelRead->boneAgeMonths)
                                               : std::nullopt);
    m_decision->setDecision(entry->decision);
    m_decision->setReason(QString());
    refreshBand();
}

void AssessmentPanel::setResult(const InferenceResult& result) {
    if (!result.ok())
        return;
    m_result = result;
    const auto& a = result.assessment->clinical;
    m_error->hide();
    m_retry->hide();
    m_boneAge->setText(yearsMonths(a.boneAgeMonths));
    m_boneAgeMonths->setText(tr("%1 months").arg(a.boneAgeMonths, 0, 'f', 1));
    if (a.chronologicalAgeMonths) {
        m_chrono->setText(yearsMonthsAndMonths(a.chronologicalAgeMonths));
        m_difference->setText(signedMonths(a.boneAgeMonths - *a.chronologicalAgeMonths));
    } else {
        m_difference->setText(tr("\u2014 (chronological age unknown)"));
    }
    m_zScore->setText(a.zScore ? QString::number(*a.zScore, 'f', 2) : QStringLiteral("\u2014"));
    const QString verdict = QString::fromLatin1(clinical::verdictName(a.verdict));
    const QString verdictText = a.verdict == clinical::Verdict::Delayed    ? tr("DELAYED  (below \u22122 SD)")
                                : a.verdict == clinical::Verdict::Advanced ? tr("ADVANCED  (above +2 SD)")
                                : a.verdict == clinical::Verdict::Normal
                                    ? tr("WITHIN NORMAL LIMITS  (\u00b12 SD)")
                                    : tr("VERDICT UNKNOWN");
    m_verdict->setText(verdictText);
    m_verdict->setProperty("verdict", verdict);
    m_verdict->show();
    repolish(m_verdict);
    const auto& gradcam = result.assessment->prediction.gradcam;
    m_overlay->setEnabled(gradcam.has_value());
    m_overlayEmpty->setVisible(gradcam && !gradcam->hasMass());
    showModelLine(result.model);
    QStringList warnings;
    for (const std::string& w : result.assessment->warnings) {
        if (w.rfind("research model", 0) == 0)
            continue;  // the notice above says it
        warnings << QStringLiteral("\u26a0 ") + QString::fromStdString(w);
    }
    m_warnings->setText(warnings.join(QLatin1Char('\n')));
    m_warnings->setVisible(!warnings.isEmpty());
    m_decision->setModelValue(a.boneAgeMonths);
    refreshBand();
}

void AssessmentPanel::refreshBand() {
    std::optional<double> chrono = m_case ? m_case->chronologicalAgeMonths : std::nullopt;
    std::optional<double> sd, model;
    if (m_result) {
        const auto& a = m_result->assessment->clinical;
        chrono = a.chronologicalAgeMonths;
        sd = a.sdMonths;
        model = a.boneAgeMonths;
    }
    m_band->setValues(chrono, sd, model, m_case ? m_case->readerBoneAgeMonths() : std::nullopt);
}

bool AssessmentPanel::busyShown() const {
    return !m_busyRow->isHidden();
}

void AssessmentPanel::setBusy(bool busy, const QString& message) {
    m_busyLabel->setText(message.isEmpty() ? tr("Running the model\u2026") : message);
    m_busyRow->setVisible(busy);
    if (busy) {
        m_error->hide();
        m_retry->hide();
    }
}

void AssessmentPanel::setError(const QString& message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_retry->setVisible(!message.isEmpty() && m_case.has_value());
}

void AssessmentPanel::setModel(const std::optional<ModelDescription>& model, const QString& problem) {
    if (model) {
        showModelLine(*model);
    } else {
        m_model->setText(problem.isEmpty() ? tr("Loading the model\u2026") : problem);
        m_research->hide();
    }
}

void AssessmentPanel::showModelLine(const ModelDescription& model) {
    m_model->setText(tr("%1  %2  on %3").arg(model.name, model.version, model.device.toUpper()));
    m_model->setToolTip(tr("SHA-256 %1").arg(model.sha256));
    m_research->setVisible(model.researchOnly);
}

bool AssessmentPanel::overlayChecked() const {
    return m_overlay->isChecked();
}
double AssessmentPanel::overlayOpacity() const {
    return m_opacity->value() / 100.0;
}
void AssessmentPanel::setOverlayChecked(bool on) {
    m_overlay->setChecked(on);
}
QString AssessmentPanel::boneAgeText() const {
    return m_boneAge->text();
}

}  // namespace boneage::ui
