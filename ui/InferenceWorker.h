#pragma once

#include <QObject>
#include <memory>

#include "ui/InferenceTypes.h"

namespace boneage::ui {

/// The one long-lived inference worker. It lives in the InferenceService's QThread and owns the reader of
/// films (the engine, and with it the TorchScript modules), so the model is loaded once and only ever touched
/// from that thread.
/// Slots are invoked through queued connections with value structs; every exception is caught here and turned
/// into a result's error: nothing crosses the thread boundary but values.
class InferenceWorker : public QObject {
    Q_OBJECT
public:
    /// `open` makes the reader of films (empty: the engine, assessment::openEngineAssessor()).
    explicit InferenceWorker(AssessorFactory open, QObject* parent = nullptr);
    ~InferenceWorker() override;

public Q_SLOTS:
    /// Lowers this thread's scheduling priority so that inference yields to the GUI thread. Call in the
    /// thread.
    void lowerThreadPriority();
    /// Loads the model (replacing any loaded one). Emits modelLoaded or modelFailed.
    void configure(const boneage::ui::ModelConfig& config);
    /// Runs one request. Always emits finished, cancelled or not.
    void run(const boneage::ui::InferenceRequest& request);

Q_SIGNALS:
    void modelLoaded(const boneage::ui::ModelDescription& model);
    void modelFailed(const QString& message);
    void finished(const boneage::ui::InferenceResult& result);

private:
    void ensureEngine();
    ModelDescription describe() const;

    ModelConfig m_config;
    AssessorFactory m_open;
    std::unique_ptr<assessment::FilmAssessor> m_engine;
    QString m_loadError;
    bool m_configured = false;
};

}  // namespace boneage::ui
