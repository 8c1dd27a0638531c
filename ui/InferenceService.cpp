#include "ui/InferenceService.h"

#include <QMetaObject>

#include "ui/InferenceWorker.h"

namespace boneage::ui {

namespace {
QString sexKey(const std::optional<Sex>& sex) {
    return sex ? QString::fromLatin1(sexCode(*sex)) : QString();
}
QString dateKey(const std::optional<clinical::Date>& d) {
    return d ? QString::fromStdString(clinical::formatDate(*d)) : QString();
}
}  // namespace

InferenceService::InferenceService(QObject* parent) : InferenceService(AssessorFactory{}, parent) {}

InferenceService::InferenceService(AssessorFactory open, QObject* parent) : QObject(parent) {
    qRegisterMetaType<InferenceRequest>();
    qRegisterMetaType<InferenceResult>();
    qRegisterMetaType<ModelConfig>();
    qRegisterMetaType<ModelDescription>();
    m_thread.setObjectName(QStringLiteral("inference"));
    m_worker = new InferenceWorker(std::move(open));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &InferenceWorker::lowerThreadPriority);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &InferenceService::runInWorker, m_worker, &InferenceWorker::run, Qt::QueuedConnection);
    connect(this, &InferenceService::configureWorker, m_worker, &InferenceWorker::configure,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::finished, this, &InferenceService::onFinished, Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::modelLoaded, this, &InferenceService::onModelLoaded,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::modelFailed, this, &InferenceService::onModelFailed,
            Qt::QueuedConnection);
    m_thread.start();
}

InferenceService::~InferenceService() {
    if (m_currentCancel)
        m_currentCancel->store(true, std::memory_order_release);
    m_thread.quit();
    m_thread.wait();
}

void InferenceService::configure(const ModelConfig& config) {
    m_cache.clear();
    m_lastKeyForCase.clear();
    m_model.reset();
    m_modelError.clear();
    Q_EMIT configureWorker(config);
}

QString InferenceService::cacheKey(qint64 caseId, const assessment::PatientFacts& entered) const {
    const QString version = m_model ? m_model->sha256 + QLatin1Char('/') + m_model->version : QString();
    return QStringLiteral("%1|%2|%3|%4|%5")
        .arg(caseId)
        .arg(version, sexKey(entered.sex), dateKey(entered.birthDate), dateKey(entered.studyDate));
}

quint64 InferenceService::request(qint64 caseId, std::shared_ptr<const imaging::Film> film,
                                  const assessment::PatientFacts& entered, bool gradcam) {
    cancel();
    const quint64 id = m_nextId++;
    const QString key = cacheKey(caseId, entered);
    if (m_model) {
        auto hit = m_cache.constFind(key);
        // A rejection has no map to ask for: the film was not read, and would not be again.
        if (hit != m_cache.constEnd() &&
            (!gradcam || hit->rejected() || hit->assessment->prediction.gradcam)) {
            InferenceResult result = *hit;
            result.id = id;
            QMetaObject::invokeMethod(
                this, [this, result] { Q_EMIT resultReady(result); }, Qt::QueuedConnection);
            return id;
        }
    }
    InferenceRequest request;
    request.id = id;
    request.caseId = caseId;
    request.film = std::move(film);
    request.entered = entered;
    request.gradcam = gradcam;
    request.cancelled = std::make_shared<std::atomic<bool>>(false);
    m_currentCancel = request.cancelled;
    m_pendingKeys.insert(id, key);
    ++m_runs;
    setBusy(id);
    Q_EMIT runInWorker(request);
    return id;
}

std::optional<InferenceResult> InferenceService::cached(qint64 caseId) const {
    auto it = m_lastKeyForCase.constFind(caseId);
    if (it == m_lastKeyForCase.constEnd())
        return std::nullopt;
    auto hit = m_cache.constFind(*it);
    if (hit == m_cache.constEnd())
        return std::nullopt;
    return *hit;
}

void InferenceService::cancel() {
    if (m_currentCancel)
        m_currentCancel->store(true, std::memory_order_release);
    m_currentCancel.reset();
    setBusy(0);
}

void InferenceService::setBusy(quint64 id) {
    const bool wasBusy = isBusy();
    m_busyId = id;
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void InferenceService::onFinished(const InferenceResult& result) {
    const QString key = m_pendingKeys.take(result.id);
    if (result.cancelled || result.id != m_busyId)
        return;  // superseded or cancelled: dropped
    m_currentCancel.reset();
    setBusy(0);
    if (!result.rejected() && (!result.error.isEmpty() || !result.assessment)) {
        Q_EMIT failed(result.caseId, result.error.isEmpty() ? tr("Inference gave no result.") : result.error);
        return;
    }
    if (!m_model || m_model->sha256 != result.model.sha256)
        m_model = result.model;
    // The key is recomputed with the model the result came from (it may have loaded with this request).
    QString finalKey = key;
    const int bar = finalKey.indexOf(QLatin1Char('|'));
    const int bar2 = finalKey.indexOf(QLatin1Char('|'), bar + 1);
    finalKey.replace(bar + 1, bar2 - bar - 1, result.model.sha256 + QLatin1Char('/') + result.model.version);
    m_cache.insert(finalKey, result);
    m_lastKeyForCase.insert(result.caseId, finalKey);
    Q_EMIT resultReady(result);
}

void InferenceService::onModelLoaded(const ModelDescription& model) {
    m_model = model;
    m_modelError.clear();
    Q_EMIT modelLoaded(model);
}

void InferenceService::onModelFailed(const QString& message) {
    m_model.reset();
    m_modelError = message;
    Q_EMIT modelFailed(message);
}

}  // namespace boneage::ui
