#include "ui/BackgroundReader.h"

#include "assessment/CaseReading.h"
#include "ui/CaseRepository.h"
#include "ui/CaseText.h"
#include "ui/FilmLoader.h"
#include "ui/InferenceService.h"
#include "ui/ModelReads.h"

namespace boneage::ui {

BackgroundReader::BackgroundReader(CaseRepository& repository, AssessorFactory open, QObject* parent)
    : QObject(parent), m_repository(repository), m_open(std::move(open)), m_loader(new FilmLoader(this)) {
    connect(m_loader, &FilmLoader::loaded, this,
            [this](qint64 caseId, std::shared_ptr<const imaging::Film> film, double) {
                onFilmLoaded(caseId, std::move(film));
            });
    connect(m_loader, &FilmLoader::failed, this,
            [this](qint64 caseId, const QString&, const QString& message) { onFailed(caseId, message); });
}

BackgroundReader::~BackgroundReader() = default;

void BackgroundReader::setModel(const ModelConfig& config) {
    if (m_config && m_config->modelDir == config.modelDir && m_config->device == config.device)
        return;
    m_config = config;
    m_configChanged = true;
}

void BackgroundReader::enqueue(qint64 caseId) {
    if (m_current == caseId || m_queue.contains(caseId))
        return;
    m_queue << caseId;
    if (!m_current)
        startNext();
}

int BackgroundReader::pending() const {
    return int(m_queue.size()) + (m_current ? 1 : 0);
}

void BackgroundReader::startNext() {
    while (!m_current && !m_queue.isEmpty()) {
        const qint64 id = m_queue.takeFirst();
        const auto summary = m_repository.caseById(id);
        if (!summary)
            continue;
        if (!assessment::readCase(*summary).patient.sex) {
            Q_EMIT caseNotRead(id, tr("The film does not record the patient's sex; the model reads it once "
                                      "the reader enters it."));
            continue;
        }
        m_current = id;
        m_loader->load(id, summary->caseRecord.sourcePath);
    }
    if (!m_current)
        Q_EMIT idle();
}

void BackgroundReader::finishCurrent() {
    m_current.reset();
    startNext();
}

void BackgroundReader::onFilmLoaded(qint64 caseId, std::shared_ptr<const imaging::Film> film) {
    if (m_current != caseId)
        return;
    const auto summary = m_repository.caseById(caseId);
    if (!summary || !m_config) {
        onFailed(caseId, tr("No model is configured."));
        return;
    }
    if (!m_service) {
        m_service = new InferenceService(m_open, this);
        connect(m_service, &InferenceService::resultReady, this, &BackgroundReader::onResult);
        connect(m_service, &InferenceService::failed, this, &BackgroundReader::onFailed);
    }
    if (m_configChanged) {
        m_configChanged = false;
        m_service->configure(*m_config);
    }
    // No Grad-CAM: the heat map is made when the reader opens the case, where it is shown.
    m_service->request(caseId, std::move(film), assessment::factsOf(summary->caseRecord.entered), false);
}

void BackgroundReader::onResult(const InferenceResult& result) {
    if (m_current != result.caseId)
        return;
    if (result.rejected()) {
        Q_EMIT caseNotRead(result.caseId, rejectionMessage(result.rejectedBy->handProbability));
        finishCurrent();
        return;
    }
    try {
        if (storeModelRead(m_repository, result))
            Q_EMIT caseRead(result.caseId);
    } catch (const std::exception& e) {
        Q_EMIT caseNotRead(result.caseId, QString::fromStdString(e.what()));
    }
    finishCurrent();
}

void BackgroundReader::onFailed(qint64 caseId, const QString& message) {
    if (m_current != caseId)
        return;
    Q_EMIT caseNotRead(caseId, message);
    finishCurrent();
}

}  // namespace boneage::ui
