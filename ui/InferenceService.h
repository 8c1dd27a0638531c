#pragma once

#include <QHash>
#include <QObject>
#include <QThread>
#include <optional>

#include "ui/InferenceTypes.h"

namespace boneage::ui {

class InferenceWorker;

/// The GUI thread's face of inference: owns the worker thread and its InferenceWorker, issues requests,
/// tracks the busy state, cancels, and caches results per case and model version.
///
/// Only the newest request matters: a new request cancels the one before it, and a cancelled request's result
/// is dropped when it arrives. The destructor cancels, quits the thread and waits for it (an inference
/// already running finishes first). GUI thread only.
class InferenceService : public QObject {
    Q_OBJECT
public:
    /// `open` makes the worker's reader of films for a model configuration; the default opens the engine
    /// (assessment::openEngineAssessor()).
    explicit InferenceService(QObject* parent = nullptr);
    explicit InferenceService(AssessorFactory open, QObject* parent = nullptr);
    ~InferenceService() override;

    /// Loads the model in the worker (asynchronously) and empties the cache. modelLoaded/modelFailed follow.
    void configure(const ModelConfig& config);
    std::optional<ModelDescription> model() const { return m_model; }
    QString modelError() const { return m_modelError; }

    /// Asks for an assessment of `film` as case `caseId`. A cached result for the case, the loaded model
    /// version and the same entered facts is delivered (resultReady, queued) without running the model.
    /// Returns the request id.
    quint64 request(qint64 caseId, std::shared_ptr<const imaging::Film> film,
                    const assessment::PatientFacts& entered, bool gradcam = true);
    /// The cached result for a case under the loaded model, if any.
    std::optional<InferenceResult> cached(qint64 caseId) const;
    /// Cancels the request in flight (its result will be dropped). No-op when idle.
    void cancel();
    bool isBusy() const { return m_busyId != 0; }
    /// Requests run so far (not cache hits), for tests.
    int runsStarted() const { return m_runs; }

Q_SIGNALS:
    void busyChanged(bool busy);
    void resultReady(const boneage::ui::InferenceResult& result);
    void failed(qint64 caseId, const QString& message);
    void modelLoaded(const boneage::ui::ModelDescription& model);
    void modelFailed(const QString& message);

    // Internal: queued into the worker's thread.
    void runInWorker(const boneage::ui::InferenceRequest& request);
    void configureWorker(const boneage::ui::ModelConfig& config);

private:
    void onFinished(const InferenceResult& result);
    void onModelLoaded(const ModelDescription& model);
    void onModelFailed(const QString& message);
    void setBusy(quint64 id);
    QString cacheKey(qint64 caseId, const assessment::PatientFacts& entered) const;

    QThread m_thread;
    InferenceWorker* m_worker = nullptr;  // lives in m_thread; deleted there on finished()
    quint64 m_nextId = 1;
    quint64 m_busyId = 0;
    std::shared_ptr<std::atomic<bool>> m_currentCancel;
    QHash<quint64, QString> m_pendingKeys;  // request id -> cache key
    QHash<QString, InferenceResult> m_cache;
    QHash<qint64, QString> m_lastKeyForCase;
    std::optional<ModelDescription> m_model;
    QString m_modelError;
    int m_runs = 0;
};

}  // namespace boneage::ui
