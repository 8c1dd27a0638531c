#pragma once

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QThreadPool>
#include <memory>

#include "assessment/Assessor.h"
#include "imaging/Film.h"
#include "pacs/DicomClient.h"
#include "ui/PacsMetaTypes.h"
#include "ui/PacsSettings.h"

namespace boneage::ui {

/// The workstation's DICOM client work, off the GUI thread. Each search, retrieve or send is a job on this
/// object's own thread pool (never the global one, whose threads decode films), with its own
/// pacs::CancelToken; what it brings comes back as signals on the GUI thread, carrying the job's id. Every
/// failure is one sentence (boneage::Error's what(): the node and the cause, never a patient identifier).
/// The destructor cancels every job and waits for them (a cancel ends a job within a second). GUI thread
/// only.
class PacsNetwork : public QObject {
    Q_OBJECT
public:
    explicit PacsNetwork(QObject* parent = nullptr);
    ~PacsNetwork() override;

    /// C-FIND at study level. found or failed follows.
    quint64 search(const PacsNode& node, const pacs::ClientOptions& options, const pacs::StudyQuery& query);
    /// C-GET of a study into `outDir` (retrieved lists the files); progress follows each response.
    quint64 get(const PacsNode& node, const pacs::ClientOptions& options, const QString& studyUid,
                const QString& outDir);
    /// C-MOVE of a study to `destinationAeTitle` (this workstation's listener: the files arrive there).
    quint64 move(const PacsNode& node, const pacs::ClientOptions& options, const QString& studyUid,
                 const QString& destinationAeTitle);
    /// C-STORE of DICOM files, one association. sent or failed follows.
    quint64 send(const PacsNode& node, const pacs::ClientOptions& options, const QStringList& files);
    /// C-STORE of a secondary capture of `film` with the Grad-CAM map of `result` drawn over it (as on
    /// screen), in the film's study: made in `workDir` under a name of this workstation's, sent, and removed
    /// again whatever the outcome. sent (1 file) or failed follows.
    quint64 sendGradcam(const PacsNode& node, const pacs::ClientOptions& options,
                        std::shared_ptr<const imaging::Film> film,
                        std::shared_ptr<const assessment::AssessmentResult> result, const QString& workDir,
                        const QString& derivation);
    /// C-ECHO. echoed or failed follows.
    quint64 echo(const PacsNode& node, const pacs::ClientOptions& options);

    /// Cancels a job (no-op when it has ended): it fails with `cancelled` set.
    void cancel(quint64 job);
    void cancelAll();
    /// Jobs not yet ended.
    int running() const { return int(m_jobs.size()); }
    bool isRunning(quint64 job) const { return m_jobs.contains(job); }

Q_SIGNALS:
    void found(quint64 job, const QList<boneage::pacs::StudyRecord>& studies);
    void progress(quint64 job, const boneage::pacs::RetrieveProgress& progress);
    /// A C-GET's files (names this workstation made) or a C-MOVE's final counts (no files: they went to
    /// the listener).
    void retrieved(quint64 job, const QStringList& files, const boneage::pacs::RetrieveProgress& final);
    void sent(quint64 job, int files);
    void echoed(quint64 job, int milliseconds);
    /// The job failed: one sentence; `cancelled` when it ended because it was cancelled.
    void failed(quint64 job, const QString& message, bool cancelled);

private:
    using Work = std::function<void(quint64 job, pacs::DicomClient& client)>;
    quint64 start(const PacsNode& node, const pacs::ClientOptions& options, Work work);
    /// Runs `deliver` on the GUI thread and ends the job there.
    void finish(quint64 job, std::function<void()> deliver);

    QThreadPool m_pool;
    QHash<quint64, std::shared_ptr<pacs::CancelToken>> m_jobs;
    quint64 m_next = 1;
};

}  // namespace boneage::ui
