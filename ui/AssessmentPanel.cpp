#include "ui/AssessmentPanel.h"

#include <QCheckBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/AgeFormat.h"
#include "ui/CaseText.h"
#include "ui/HeatmapLegend.h"
#include "ui/PatientFactsWidget.h"
#include "ui/ReaderDecisionWidget.h"
#include "ui/SdBandBar.h"

namespace boneage::ui {

namespace {

/// A value of the panel. It wraps, so no text ever widens the panel past its scroll area (and is cut off).
QLabel* valueLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(QStringLiteral("\u2014"), parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

const QString kDash = QStringLiteral("\u2014");

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
    m_patient->setWordWrap(true);
    m_facts = new PatientFactsWidget(patientBox);
    patientLayout->addWidget(m_patient, 0, 0);
    patientLayout->addWidget(m_patientDetail, 1, 0);
    patientLayout->addWidget(m_facts, 2, 0);
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
    m_interval = valueLabel(ages, "boneAgeInterval");
    m_readerAge = valueLabel(ages, "readerBoneAge");
    m_readerAgeMonths = valueLabel(ages, "readerBoneAgeMonths");
    m_difference = valueLabel(ages, "difference");
    m_zScore = valueLabel(ages, "zScore");
    m_verdict = valueLabel(ages, "verdict");
    m_verdict->setAlignment(Qt::AlignCenter);
    m_verdictSource = valueLabel(ages, "verdictSource");
    m_verdictSource->setAlignment(Qt::AlignCenter);
    m_modelAlone = valueLabel(ages, "modelAlone");
    int row = 0;
    auto addRow = [&](const QString& name, QWidget* value) {
        auto* label = new QLabel(name, ages);
        label->setObjectName(QStringLiteral("fieldLabel"));
        grid->addWidget(label, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(value, row, 1);
        ++row;
        return label;
    };
    addRow(tr("Chronological age"), m_chrono);
    addRow(tr("Model bone age"), m_boneAge);
    addRow(QString(), m_boneAgeMonths);
    addRow(QString(), m_interval);
    m_readerAgeLabel = addRow(tr("Reader bone age"), m_readerAge);
    addRow(QString(), m_readerAgeMonths);
    addRow(tr("Difference"), m_difference);
    addRow(tr("z-score (Brush SD)"), m_zScore);
    grid->addWidget(m_verdict, row++, 0, 1, 2);
    grid->addWidget(m_verdictSource, row++, 0, 1, 2);
    grid->addWidget(m_modelAlone, row++, 0, 1, 2);
    // Warnings (a mirrored or turned film, dates that disagree) stand under the verdict they qualify, not
    // below the fold.
    m_warnings = valueLabel(ages, "warningsLabel");
    m_warnings->hide();
    grid->addWidget(m_warnings, row++, 0, 1, 2);
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
    m_overlayEmpty->hide();
    modelLayout->addWidget(m_model);
    modelLayout->addWidget(m_research);
    layout->addWidget(section(tr("Model"), modelBox));
    layout->addStretch(1);

    connect(cancel, &QPushButton::clicked, this, &AssessmentPanel::cancelRequested);
    connect(m_retry, &QPushButton::clicked, this, &AssessmentPanel::retryRequested);
    connect(m_overlay, &QCheckBox::toggled, this, &AssessmentPanel::overlayToggled);
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT overlayOpacityChanged(v / 100.0); });
    connect(m_facts, &PatientFactsWidget::factsEntered, this, &AssessmentPanel::patientFactsEntered);
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

void AssessmentPanel::setCase(const store::CaseSummary* summary) {
    m_result.reset();
    m_case = summary ? std::optional<store::CaseSummary>(*summary) : std::nullopt;
    m_reading =
        summary ? std::optional<assessment::CaseReading>(assessment::readCase(*summary)) : std::nullopt;
    m_error->hide();
    m_retry->hide();
    m_overlayEmpty->hide();
    m_overlay->setEnabled(false);
    m_decision->clear();
    if (!m_case) {
        m_patient->setText(tr("No case open"));
        m_patientDetail->setText(tr("Choose a case in the worklist, or open a film."));
        m_facts->clear();
        m_decision->setEnabled(false);
        showReading();
        showWarnings();
        return;
    }
    const store::CaseRecord& record = m_case->caseRecord;
    const assessment::Patient& patient = m_reading->patient;
    m_patient->setText(assessment::displayName(record));
    QStringList detail;
    detail << (record.entered.sex ? tr("%1 (entered)").arg(sexName(patient.sex)) : sexName(patient.sex));
    const store::PatientFacts counted = assessment::storedFacts(
        assessment::countingFacts(assessment::factsOf(record.film), assessment::factsOf(record.entered)));
    const QDate birth = counted.birthDate, study = counted.studyDate;
    if (birth.isValid())
        detail << tr("born %1").arg(birth.toString(Qt::ISODate));
    if (study.isValid())
        detail << tr("study %1").arg(study.toString(Qt::ISODate));
    if (!record.patientId.isEmpty())
        detail << tr("ID %1").arg(record.patientId);
    if (!record.accessionNumber.isEmpty())
        detail << tr("accession %1").arg(record.accessionNumber);
    m_patientDetail->setText(detail.join(QStringLiteral("  \u00b7  ")));
    m_facts->setFacts(record.film, record.entered,
                      hasWarning(patient.warnings, WarningCode::BirthAfterStudy));
    // A decision needs the sex: without it there is no SD band to place a bone age in.
    m_decision->setEnabled(patient.sex.has_value());
    if (m_case->latestPrediction)
        m_decision->setModelValue(m_case->latestPrediction->boneAgeMonths);
    m_decision->setDecision(m_case->latestRead);
    showReading();
    showWarnings();
}

void AssessmentPanel::showReading() {
    const assessment::CaseReading* reading = m_reading ? &*m_reading : nullptr;
    const std::optional<double> chrono = reading ? reading->patient.chronologicalAgeMonths : std::nullopt;
    m_chrono->setText(yearsMonthsAndMonths(chrono));
    const auto& model = reading ? reading->model : std::nullopt;
    const auto& reader = reading ? reading->reader : std::nullopt;
    m_boneAge->setText(model ? yearsMonths(model->boneAgeMonths) : kDash);
    m_boneAgeMonths->setText(model ? tr("%1 months").arg(model->boneAgeMonths, 0, 'f', 1) : QString());
    if (m_result && m_result->rejected()) {
        m_boneAge->setText(tr("Not read"));
        m_boneAgeMonths->setText(rejectionMessage(m_result->rejectedBy->handProbability));
    }
    // The model's interval, as stored with the prediction shown.
    const auto& shown = m_case ? m_case->latestPrediction : std::nullopt;
    const std::optional<store::PredictionInterval> interval =
        model && shown ? shown->interval : std::optional<store::PredictionInterval>();
    m_interval->setVisible(interval.has_value());
    if (interval)
        m_interval->setText(intervalText(interval->lowMonths, interval->highMonths, interval->coverage));
    m_readerAgeLabel->setVisible(reader.has_value());
    m_readerAge->setVisible(reader.has_value());
    m_readerAgeMonths->setVisible(reader.has_value());
    if (reader && m_case && m_case->latestRead) {
        const store::ReadRecord& read = *m_case->latestRead;
        const QString how =
            read.kind == store::ReadRecord::Kind::Confirm ? tr("confirmed") : tr("overridden");
        const QString months = tr("%1 months").arg(reader->boneAgeMonths, 0, 'f', 1);
        m_readerAge->setText(yearsMonths(reader->boneAgeMonths));
        m_readerAgeMonths->setText(read.reader.isEmpty()
                                       ? tr("%1  \u00b7  %2").arg(months, how)
                                       : tr("%1  \u00b7  %2 by %3").arg(months, how, read.reader));
    }
    // The value of record stands out: the reader's once decided, the model's until then.
    m_boneAge->setProperty("ofRecord", !reader.has_value());
    m_readerAge->setProperty("ofRecord", reader.has_value());
    repolish(m_boneAge);
    repolish(m_readerAge);

    // The difference, z-score and verdict of record: the reader's once a reader has decided.
    const std::optional<clinical::Assessment> ofRecord = reading ? reading->ofRecord() : std::nullopt;
    if (ofRecord && ofRecord->chronologicalAgeMonths) {
        m_difference->setText(signedMonths(ofRecord->boneAgeMonths - *ofRecord->chronologicalAgeMonths));
    } else if (ofRecord) {
        m_difference->setText(tr("\u2014 (chronological age unknown)"));
    } else {
        m_difference->setText(kDash);
    }
    m_zScore->setText(ofRecord && ofRecord->zScore ? QString::number(*ofRecord->zScore, 'f', 2) : kDash);
    m_verdict->setVisible(ofRecord.has_value());
    m_verdictSource->setVisible(ofRecord.has_value());
    if (ofRecord) {
        m_verdict->setText(verdictBanner(ofRecord->verdict));
        m_verdict->setProperty("verdict", QString::fromLatin1(clinical::verdictName(ofRecord->verdict)));
        m_verdictSource->setText(reading->decided() ? tr("from the reader's bone age")
                                                    : tr("from the model's bone age (not yet read)"));
        repolish(m_verdict);
    }
    // Once decided, the model's own read stays visible, labelled as the model's.
    const bool showModel = reading && reading->decided() && model;
    m_modelAlone->setVisible(showModel);
    if (showModel) {
        QString text = tr("Model alone: %1").arg(yearsMonthsAndMonths(model->boneAgeMonths));
        if (model->zScore)
            text +=
                tr(", z %1, %2").arg(QString::number(*model->zScore, 'f', 2), verdictWords(model->verdict));
        m_modelAlone->setText(text);
    }

    const std::optional<double> sd = reading ? assessment::bandSdMonths(reading->patient) : std::nullopt;
    QString noBand;
    if (!reading) {
        // No case open: nothing to explain.
    } else if (!reading->patient.sex) {
        noBand = tr("No SD band: the patient's sex is unknown");
    } else if (!chrono) {
        noBand = tr("No SD band: the chronological age is unknown");
    }
    m_band->setValues(chrono, sd, model ? std::optional<double>(model->boneAgeMonths) : std::nullopt,
                      reader ? std::optional<double>(reader->boneAgeMonths) : std::nullopt, noBand);
}

void AssessmentPanel::showWarnings() {
    std::vector<Warning> all = m_reading ? m_reading->patient.warnings : std::vector<Warning>{};
    if (m_result && m_result->assessment) {
        for (const Warning& w : m_result->assessment->warnings) {
            if (std::find(all.begin(), all.end(), w) == all.end())
                all.push_back(w);
        }
    }
    // The rule on the value shown, so a stored prediction (after a restart, from another workstation) says
    // it too.
    if (m_reading && m_reading->model && assessment::noBoneAgeFound(m_reading->model->boneAgeMonths) &&
        !hasWarning(all, WarningCode::NoBoneAgeFound)) {
        all.push_back({WarningCode::NoBoneAgeFound,
                       {QString::number(m_reading->model->boneAgeMonths, 'f', 1).toStdString()}});
    }
    QStringList lines;
    for (const Warning& w : all) {
        if (w.code == WarningCode::ResearchModel)
            continue;  // the notice above says it
        lines << QStringLiteral("\u26a0 ") + warningMessage(w);
    }
    m_warnings->setText(lines.join(QLatin1Char('\n')));
    m_warnings->setVisible(!lines.isEmpty());
}

void AssessmentPanel::setResult(const InferenceResult& result) {
    if (result.rejected()) {
        showNotRead(result);
        return;
    }
    if (!result.ok())
        return;
    m_result = result;
    m_error->hide();
    m_retry->hide();
    const auto& gradcam = result.assessment->prediction.gradcam;
    m_overlay->setEnabled(gradcam.has_value());
    m_overlayEmpty->setVisible(gradcam && !gradcam->hasMass());
    showModelLine(result.model);
    showWarnings();
}

void AssessmentPanel::showNotRead(const InferenceResult& result) {
    m_result = result;
    m_error->hide();
    m_retry->hide();  // the same film gets the same answer
    m_overlay->setEnabled(false);
    m_overlayEmpty->hide();
    // The model on screen did not read this film: no model value, and none to accept.
    if (m_reading)
        m_reading->model.reset();
    m_decision->setModelNotRead();
    showModelLine(result.model);
    showReading();
    showWarnings();
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

QString AssessmentPanel::verdictText() const {
    return m_verdict->isHidden() ? QString() : m_verdict->text();
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
