#include "ui/ReadingController.h"

#include <QInputDialog>
#include <QMessageBox>

#include "assessment/CaseReading.h"
#include "ui/AgeFormat.h"
#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/CaseText.h"
#include "ui/FilmLoader.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"
#include "ui/ModelReads.h"

namespace boneage::ui {

namespace {

/// "confirmed at 7 y 6 m  (90.1 mo) by Jane Doe (2026-12-02T21:40:00.000Z)": the decision a question names.
QString decisionWords(const store::ReadRecord& read) {
    const QString what = read.kind == store::ReadRecord::Kind::Confirm ? ReadingController::tr("confirmed")
                                                                       : ReadingController::tr("overridden");
    return ReadingController::tr("%1 at %2 by %3 (%4)")
        .arg(what, yearsMonthsAndMonths(read.valueMonths),
             read.reader.isEmpty() ? ReadingController::tr("an unnamed reader") : read.reader,
             read.createdUtc);
}

QString patientWords(std::optional<Sex> sex) {
    if (!sex)
        return ReadingController::tr("a patient of unknown sex");
    return *sex == Sex::Female ? ReadingController::tr("a female patient")
                               : ReadingController::tr("a male patient");
}

std::optional<Sex> countingSex(const store::CaseRecord& record, const store::PatientFacts& entered) {
    return assessment::countingFacts(assessment::factsOf(record.film), assessment::factsOf(entered)).sex;
}

}  // namespace

ReadingController::ReadingController(CaseRepository& repository, InferenceService& inference, FilmView& view,
                                     AssessmentPanel& panel, QObject* parent)
    : QObject(parent),
      m_repository(repository),
      m_inference(inference),
      m_view(view),
      m_panel(panel),
      m_loader(new FilmLoader(this)) {
    connect(m_loader, &FilmLoader::loaded, this, &ReadingController::onFilmLoaded);
    connect(m_loader, &FilmLoader::failed, this, &ReadingController::onFilmFailed);
    connect(&m_inference, &InferenceService::resultReady, this, &ReadingController::onResult);
    connect(&m_inference, &InferenceService::failed, this, &ReadingController::onFailed);
    connect(&m_inference, &InferenceService::busyChanged, this, [this](bool busy) { m_panel.setBusy(busy); });
    connect(&m_panel, &AssessmentPanel::cancelRequested, this, [this] {
        if (!m_inference.isBusy())
            return;
        m_inference.cancel();
        m_panel.setError(tr("Prediction cancelled."));
    });
    connect(&m_panel, &AssessmentPanel::retryRequested, this, &ReadingController::rerun);
    connect(&m_panel, &AssessmentPanel::overlayToggled, this, &ReadingController::setOverlayVisible);
    connect(&m_panel, &AssessmentPanel::overlayOpacityChanged, &m_view, &FilmView::setOverlayOpacity);
    connect(&m_panel, &AssessmentPanel::patientFactsEntered, this, &ReadingController::onFactsEntered);
    connect(&m_panel, &AssessmentPanel::confirmRequested, this, &ReadingController::confirm);
    connect(&m_panel, &AssessmentPanel::overrideRequested, this, &ReadingController::overrideWith);
    m_view.setOverlayOpacity(m_panel.overlayOpacity());
}

ReadingController::~ReadingController() = default;

void ReadingController::openCase(qint64 caseId) {
    const auto summary = m_repository.caseById(caseId);
    if (!summary)
        return;
    try {
        m_repository.recordView(caseId);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
    }
    // Nothing of the previous case survives: film, model run, the prediction a decision would name.
    m_caseId = caseId;
    m_film.reset();
    m_result.reset();
    m_shownPrediction.reset();
    m_inference.cancel();
    m_view.setFilm(nullptr);
    m_panel.setCase(&*summary);
    m_panel.setBusy(true, tr("Opening the film\u2026"));
    m_loader->load(caseId, summary->caseRecord.sourcePath);
}

void ReadingController::showCase() {
    if (!m_caseId)
        return;
    auto summary = m_repository.caseById(*m_caseId);
    if (!summary)
        return;
    // The panel shows the prediction the reader is deciding on (on a shared database another workstation's
    // newer one may be "latest").
    if (m_shownPrediction)
        summary->latestPrediction = m_shownPrediction;
    m_panel.setCase(&*summary);
    if (m_result)
        m_panel.setResult(*m_result);
}

void ReadingController::onFilmLoaded(qint64 caseId, std::shared_ptr<const imaging::Film> film,
                                     double decodeMs) {
    if (m_caseId != caseId)
        return;
    m_film = std::move(film);
    m_view.setDefaultPreset(m_preset);
    m_view.setFilm(m_film, m_preset);
    m_panel.setBusy(false);
    Q_EMIT filmShown(caseId, decodeMs);
    requestInference();
}

void ReadingController::onFilmFailed(qint64 caseId, const QString&, const QString& message) {
    if (m_caseId != caseId)
        return;
    m_view.setFilm(nullptr);
    m_panel.setBusy(false);
    m_panel.setError(tr("The film cannot be opened. %1").arg(message));
    Q_EMIT this->message(message);
}

void ReadingController::requestInference() {
    if (!m_caseId || !m_film)
        return;
    const auto summary = m_repository.caseById(*m_caseId);
    if (!summary)
        return;
    const assessment::CaseReading reading = assessment::readCase(*summary);
    if (!reading.patient.sex) {
        m_panel.setBusy(false);
        m_panel.setError(tr(
            "This film does not record the patient's sex. Choose it above to run the sex-specific model."));
        return;
    }
    m_panel.setBusy(true);
    m_inference.request(*m_caseId, m_film, assessment::factsOf(summary->caseRecord.entered), true);
}

void ReadingController::rerun() {
    if (m_film) {
        requestInference();
    } else if (m_caseId) {
        openCase(*m_caseId);
    }
}

void ReadingController::onFactsEntered(const store::PatientFacts& entered) {
    if (!m_caseId)
        return;
    const auto summary = m_repository.caseById(*m_caseId);
    if (!summary)
        return;
    // The sex picks the model and the Greulich-Pyle standard: a decision made for one sex does not hold for
    // the other, so changing it on a decided case asks first and says that the case needs a new decision.
    const std::optional<Sex> sexBefore = countingSex(summary->caseRecord, summary->caseRecord.entered);
    const std::optional<Sex> sexAfter = countingSex(summary->caseRecord, entered);
    const std::optional<store::ReadRecord> decision =
        sexBefore != sexAfter ? summary->latestRead : std::nullopt;
    if (decision) {
        // A decision does not record the sex it was made for, so the question names only the new one.
        QMessageBox box(
            QMessageBox::Question, tr("Change the sex of a decided case?"),
            tr("This case was already %1. The sex picks the model and the Greulich\u2013Pyle "
               "standard: the film is read again for %2, and a decision made before the change "
               "does not carry over. The case needs a new decision, which replaces the earlier one. "
               "Change the sex? Both decisions stay in the audit log.")
                .arg(decisionWords(*decision), patientWords(sexAfter)),
            QMessageBox::Yes | QMessageBox::Cancel, m_panel.window());
        box.setObjectName(QStringLiteral("sexAfterDecisionBox"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Yes) {
            showCase();  // the chooser goes back to the sex on record
            return;
        }
    }
    try {
        m_repository.setEnteredFacts(*m_caseId, entered);
    } catch (const std::exception& e) {
        m_panel.setError(
            tr("The patient's details were not saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    showCase();
    requestInference();  // the sex picks the model; the dates move the band
    if (decision)
        Q_EMIT message(tr("Read again for %1: the decision of %2 was made before the sex changed. Decide the "
                          "case again.")
                           .arg(patientWords(sexAfter), yearsMonthsAndMonths(decision->valueMonths)));
}

void ReadingController::onResult(const InferenceResult& result) {
    if (!m_caseId || result.caseId != *m_caseId)
        return;
    m_result = result;
    m_panel.setBusy(false);  // a cached result arrives without the service ever having been busy
    m_shownPrediction = recordPrediction(result);
    showCase();
    m_view.setHeatmap(result.overlay);
    m_view.setOverlayVisible(m_panel.overlayChecked());
    Q_EMIT resultShown(result.caseId);
}

std::optional<store::PredictionRecord> ReadingController::recordPrediction(const InferenceResult& result) {
    try {
        return storeModelRead(m_repository, result);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

void ReadingController::onFailed(qint64 caseId, const QString& message) {
    if (m_caseId != caseId)
        return;
    m_panel.setError(message);
    Q_EMIT this->message(message);
}

void ReadingController::setOverlayVisible(bool on) {
    if (m_panel.overlayChecked() != on)
        m_panel.setOverlayChecked(on);  // re-enters through the signal
    m_view.setOverlayVisible(on);
}

void ReadingController::confirm() {
    if (!m_caseId || !m_shownPrediction)
        return;
    store::ReadRecord read;
    read.kind = store::ReadRecord::Kind::Confirm;
    read.valueMonths = m_shownPrediction->boneAgeMonths;
    decide(read);
}

void ReadingController::overrideWith(double months, const QString& reason) {
    if (!m_caseId)
        return;
    store::ReadRecord read;
    read.kind = store::ReadRecord::Kind::Override;
    read.valueMonths = months;
    read.reason = reason;
    decide(read);
}

bool ReadingController::ensureReader() {
    if (!m_reader.trimmed().isEmpty())
        return true;
    bool ok = false;
    const QString name = QInputDialog::getText(
        m_panel.window(), tr("Who is reading?"),
        tr("Your name as it will stand on every decision and report (kept in the settings):"),
        QLineEdit::Normal, QString(), &ok);
    if (!ok || name.trimmed().isEmpty())
        return false;
    m_reader = name.trimmed();
    Q_EMIT readerChosen(m_reader);
    return true;
}

void ReadingController::decide(store::ReadRecord read) {
    const auto summary = m_repository.caseById(*m_caseId);
    if (!summary)
        return;
    if (!ensureReader()) {
        m_panel.setError(tr("The decision was not saved: a decision needs the reader's name."));
        return;
    }
    if (const auto& earlier = summary->latestRead) {
        QMessageBox box(
            QMessageBox::Question, tr("Replace the decision?"),
            tr("This case was already %1. Replace that decision with the new one? Both stay in the "
               "audit log.")
                .arg(decisionWords(*earlier)),
            QMessageBox::Yes | QMessageBox::Cancel, m_panel.window());
        box.setObjectName(QStringLiteral("replaceDecisionBox"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Yes)
            return;
    }
    read.caseId = *m_caseId;
    read.reader = m_reader;
    if (m_shownPrediction)
        read.predictionId = m_shownPrediction->id;
    try {
        read = assessment::placeDecision(summary->caseRecord, read);
        m_repository.recordDecision(read);
    } catch (const std::exception& e) {
        m_panel.setError(tr("The decision was not saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    showCase();
    // The value and the verdict, said apart: "recorded: unknown" read as if the bone age were unknown.
    Q_EMIT message((read.kind == store::ReadRecord::Kind::Confirm
                        ? tr("Model bone age confirmed: %1, verdict %2.")
                        : tr("Reader bone age recorded: %1, verdict %2."))
                       .arg(yearsMonthsAndMonths(read.valueMonths), verdictWords(read.verdict)));
    Q_EMIT decided(*m_caseId);
}

}  // namespace boneage::ui
