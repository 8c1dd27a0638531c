#include "ui/ReadingController.h"

#include <cmath>

#include "ui/AssessmentPanel.h"
#include "ui/CaseRepository.h"
#include "ui/FilmLoader.h"
#include "ui/FilmView.h"
#include "ui/InferenceService.h"

namespace boneage::ui {

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
    connect(&m_panel, &AssessmentPanel::sexChosen, this, &ReadingController::onSexChosen);
    connect(&m_panel, &AssessmentPanel::confirmRequested, this, &ReadingController::confirm);
    connect(&m_panel, &AssessmentPanel::overrideRequested, this, &ReadingController::overrideWith);
    m_view.setOverlayOpacity(m_panel.overlayOpacity());
}

ReadingController::~ReadingController() = default;

void ReadingController::openCase(qint64 caseId) {
    const auto entry = m_repository.caseById(caseId);
    if (!entry)
        return;
    try {
        m_repository.recordView(caseId);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
    }
    m_caseId = caseId;
    m_film.reset();
    m_result.reset();
    m_inference.cancel();
    m_panel.setCase(&*entry);
    m_panel.setBusy(true, tr("Opening the film\u2026"));
    m_loader->load(caseId, entry->sourcePath);
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

assessment::PatientOverrides ReadingController::overridesFor(qint64 caseId) const {
    assessment::PatientOverrides overrides;
    const QString chosen = m_chosenSex.value(caseId);
    if (!chosen.isEmpty())
        overrides.sex = parseSex(chosen.toStdString());
    return overrides;
}

void ReadingController::requestInference() {
    if (!m_caseId || !m_film)
        return;
    const auto entry = m_repository.caseById(*m_caseId);
    const auto overrides = overridesFor(*m_caseId);
    if (entry && entry->sex.isEmpty() && !overrides.sex) {
        m_panel.setBusy(false);
        m_panel.setError(
            tr("This film does not record the patient's sex. Choose it above to run the "
               "sex-specific model."));
        return;
    }
    m_panel.setBusy(true);
    m_inference.request(*m_caseId, m_film, overrides, true);
}

void ReadingController::rerun() {
    if (m_film) {
        requestInference();
    } else if (m_caseId) {
        openCase(*m_caseId);
    }
}

void ReadingController::onSexChosen(const QString& sex) {
    if (!m_caseId)
        return;
    m_chosenSex.insert(*m_caseId, sex);
    requestInference();
}

void ReadingController::onResult(const InferenceResult& result) {
    if (!m_caseId || result.caseId != *m_caseId)
        return;
    m_result = result;
    m_panel.setBusy(false);  // a cached result arrives without the service ever having been busy
    recordPredictionIfNew(result);
    if (auto entry = m_repository.caseById(result.caseId))
        m_panel.setCase(&*entry);
    m_panel.setResult(result);
    m_view.setHeatmap(result.overlay);
    m_view.setOverlayVisible(m_panel.overlayChecked());
    Q_EMIT resultShown(result.caseId);
}

void ReadingController::recordPredictionIfNew(const InferenceResult& result) {
    const auto entry = m_repository.caseById(result.caseId);
    if (!entry)
        return;
    const auto& a = result.assessment->clinical;
    const auto& old = entry->modelRead;
    if (old && old->modelSha256 == result.model.sha256 && old->modelVersion == result.model.version &&
        std::abs(old->boneAgeMonths - a.boneAgeMonths) < 1e-6) {
        return;  // the same read of the same model is already recorded
    }
    ModelRead read;
    read.boneAgeMonths = a.boneAgeMonths;
    read.sdMonths = a.sdMonths;
    read.zScore = a.zScore;
    read.verdict = QString::fromLatin1(clinical::verdictName(a.verdict));
    read.modelName = result.model.name;
    read.modelVersion = result.model.version;
    read.modelSha256 = result.model.sha256;
    read.device = result.model.device;
    try {
        m_repository.recordPrediction(result.caseId, read);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
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
    if (!m_caseId || !m_result)
        return;
    ReaderDecision d;
    d.kind = ReaderDecision::Kind::Confirm;
    d.boneAgeMonths = m_result->assessment->clinical.boneAgeMonths;
    decide(d);
}

void ReadingController::overrideWith(double months, const QString& reason) {
    if (!m_caseId)
        return;
    ReaderDecision d;
    d.kind = ReaderDecision::Kind::Override;
    d.boneAgeMonths = months;
    d.reason = reason;
    decide(d);
}

void ReadingController::decide(const ReaderDecision& decision) {
    ReaderDecision d = decision;
    d.reader = m_reader;
    try {
        m_repository.recordDecision(*m_caseId, d);
    } catch (const std::exception& e) {
        m_panel.setError(tr("The decision was not saved: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    if (auto entry = m_repository.caseById(*m_caseId)) {
        m_panel.setCase(&*entry);
        if (m_result)
            m_panel.setResult(*m_result);
    }
    Q_EMIT message(d.kind == ReaderDecision::Kind::Confirm ? tr("Model bone age confirmed.")
                                                           : tr("Reader bone age recorded."));
}

}  // namespace boneage::ui
