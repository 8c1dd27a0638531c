#pragma once

#include <QList>
#include <QObject>
#include <memory>
#include <optional>

#include "imaging/Film.h"
#include "ui/InferenceTypes.h"

namespace boneage::ui {

class CaseRepository;
class FilmLoader;
class InferenceService;

/// Reads cases with the model in the background, one after another, so that films from the PACS wait in the
/// worklist already read. It never touches the reading in front of the radiologist: it has an
/// InferenceService of its own (its own worker thread, the workstation's AssessorFactory and model
/// configuration), because the workstation's service serves only the newest request (the open case) and a
/// queue would cancel it or be cancelled by it. The model is loaded at the first case and kept. Each read is
/// stored by storeModelRead(), as the reading controller stores one, so opening the case later finds it.
/// A case the model cannot read yet (no sex known) is left for the reader. GUI thread only.
class BackgroundReader : public QObject {
    Q_OBJECT
public:
    /// `open` is the workstation's reader of films (empty: the engine).
    BackgroundReader(CaseRepository& repository, AssessorFactory open, QObject* parent = nullptr);
    ~BackgroundReader() override;

    /// The model to read with (the workstation's settings); a change reloads it before the next case.
    void setModel(const ModelConfig& config);
    /// Queues a case (once; a queued case is not queued again).
    void enqueue(qint64 caseId);
    /// Cases queued or being read.
    int pending() const;

Q_SIGNALS:
    /// The model's read of the case is stored.
    void caseRead(qint64 caseId);
    /// The case stays unread: why, as a sentence.
    void caseNotRead(qint64 caseId, const QString& reason);
    /// The queue ran empty.
    void idle();

private:
    void startNext();
    void finishCurrent();
    void onFilmLoaded(qint64 caseId, std::shared_ptr<const imaging::Film> film);
    void onResult(const InferenceResult& result);
    void onFailed(qint64 caseId, const QString& message);

    CaseRepository& m_repository;
    AssessorFactory m_open;
    std::optional<ModelConfig> m_config;
    bool m_configChanged = false;
    InferenceService* m_service = nullptr;  // made at the first case
    FilmLoader* m_loader = nullptr;
    QList<qint64> m_queue;
    std::optional<qint64> m_current;
};

}  // namespace boneage::ui
