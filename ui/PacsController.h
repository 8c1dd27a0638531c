#pragma once

#include <QHash>
#include <QLabel>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>
#include <memory>

#include "pacs/DicomClient.h"
#include "ui/InferenceTypes.h"
#include "ui/PacsMetaTypes.h"
#include "ui/PacsSettings.h"

class QMenu;
class QWidget;

namespace boneage::pacs {
class StorageListener;
}

namespace boneage::ui {

struct AppSettings;
class BackgroundReader;
class CaseRepository;
class PacsDialog;
class PacsIntake;
class PacsNetwork;

/// The workstation's PACS: the nodes and the storage listener of the settings, the query/retrieve dialog,
/// the listener's state in the status bar, and the one way a film from the PACS becomes a case (PacsIntake,
/// then the BackgroundReader). Searches and retrieves run on PacsNetwork's threads; a C-GET's files are taken
/// in when complete (a failed or cancelled retrieve leaves neither files nor cases); a C-MOVE's arrive
/// through the listener, as pushed films do. MainWindow adds the menu and the status widget; the logic is
/// here. The repository is borrowed and outlives it. GUI thread only.
class PacsController : public QObject {
    Q_OBJECT
public:
    enum class ListenerState { Stopped, Listening, Failed };

    /// `open` is the workstation's reader of films (empty: the engine); `window` parents the dialogs.
    PacsController(CaseRepository& repository, AssessorFactory open, QWidget* window);
    ~PacsController() override;

    /// Applies the PACS part of the settings (nodes, own AE title, listener started, restarted or stopped)
    /// and the model the background reader uses.
    void applySettings(const AppSettings& settings);
    const PacsSettings& settings() const { return m_settings; }

    /// Adds "Query/Retrieve...", "Objects kept unread" and "PACS settings..." to `menu`.
    void addActionsTo(QMenu* menu);
    /// The listener's state for the status bar (made by the controller, deleted with it) ("Listening as
    /// BONEAGE on port 11112", "Listener off", the error's sentence).
    QLabel* statusWidget() const { return m_status; }
    ListenerState listenerState() const { return m_listenerState; }
    /// The port listened on, when listening.
    quint16 listenerPort() const;

    /// The query/retrieve dialog (made at the first call), shown.
    PacsDialog& showDialog();
    /// Opens the PACS settings; settingsEdited follows an accepted edit.
    void editSettings();

    /// The nodes that answer searches / retrieves / stores.
    QList<PacsNode> nodesFor(bool find, bool retrieve, bool store) const;

    /// Starts a study search on the named node; searchFinished or searchFailed follows. Replaces a search
    /// still running (it is cancelled).
    void search(const QString& nodeName, const pacs::StudyQuery& query);
    /// Retrieves a study from the named node: C-GET when it offers it, else C-MOVE to the listener.
    /// studyProgress, then studyRetrieved or studyFailed follow, keyed by the study instance UID.
    void retrieve(const QString& nodeName, const pacs::StudyRecord& study);
    /// Sends DICOM files (a report export's SR and encapsulated PDF: report::ReportFiles' srPath and
    /// pdfDicomPath) to the named node by C-STORE, one association. The job's id comes back in sent or
    /// sendFailed; 0 when it could not start (sendFailed has followed). `tell`, when given, hears the one
    /// sentence that ends this send, sent or not (as message() says it), while `context` (required with
    /// it) is still there.
    quint64 sendFiles(const QString& nodeName, const QStringList& files, QObject* context = nullptr,
                      std::function<void(const QString&)> tell = {});
    /// Sends a secondary capture of the film with the Grad-CAM map of `result` over it (as the reader saw
    /// it), in the film's study, to the named node; `model` names the model that made the map ("name
    /// version", for the object's derivation). As sendFiles.
    quint64 sendGradcam(const QString& nodeName, std::shared_ptr<const imaging::Film> film,
                        std::shared_ptr<const assessment::AssessmentResult> result, const QString& model);
    /// Cancels the search and every retrieve (each fails with `cancelled` set).
    void cancelAll();
    /// Whether a search, retrieve, intake or send is running.
    bool isBusy() const;

    PacsIntake& intake() const { return *m_intake; }
    BackgroundReader& backgroundReader() const { return *m_reader; }
    /// Where a C-GET's files are kept: "retrieved" in the storage folder.
    QString retrieveFolder() const;
    /// Where the listener keeps what it receives: "received" in the storage folder.
    QString receiveFolder() const;

Q_SIGNALS:
    void settingsEdited(const boneage::ui::PacsSettings& settings);
    void listenerStateChanged(boneage::ui::PacsController::ListenerState state, const QString& text);
    void searchFinished(const QList<boneage::pacs::StudyRecord>& studies);
    void searchFailed(const QString& message, bool cancelled);
    void studyProgress(const QString& studyUid, const boneage::pacs::RetrieveProgress& progress);
    /// A study is in: `films` received; `cases` made or refreshed from them (-1 for a C-MOVE: those arrive
    /// through the listener); `kept` objects kept without reading.
    void studyRetrieved(const QString& studyUid, int films, int cases, int kept);
    void studyFailed(const QString& studyUid, const QString& message, bool cancelled);
    /// A send is done: `files` objects stored on the node.
    void sent(quint64 job, int files);
    void sendFailed(quint64 job, const QString& message, bool cancelled);
    /// Something for the status bar.
    void message(const QString& text);

private:
    void restartListener();
    void stopListener();
    void setListenerState(ListenerState state, const QString& text);
    void onReceived(const QString& path);
    void flushArrivals();
    std::optional<PacsNode> node(const QString& name) const;

    CaseRepository& m_repository;
    QWidget* m_window;
    PacsSettings m_settings;
    PacsNetwork* m_network = nullptr;
    BackgroundReader* m_reader = nullptr;
    PacsIntake* m_intake = nullptr;
    QPointer<QLabel> m_status;  // in the window's status bar, which may go first
    QPointer<PacsDialog> m_dialog;
    std::unique_ptr<pacs::StorageListener> m_listener;
    PacsSettings m_listenerSettings;  // what the running listener was started with
    ListenerState m_listenerState = ListenerState::Stopped;
    QStringList m_arrivals;  // received files not yet taken in
    quint64 m_searchJob = 0;
    QHash<quint64, QString> m_retrieveJobs;   // network job -> study UID
    QHash<quint64, QString> m_intakeBatches;  // intake batch (= the C-GET's job) -> study UID
    QHash<quint64, int> m_batchFilms;
    struct SendJob {
        QString node;
        QPointer<QObject> context;  // who asked, with `tell`, to hear how it ends
        std::function<void(const QString&)> tell;
    };
    /// Says how send `job` ended: message(), and the asker's `tell` when it is still there.
    void endSend(quint64 job, const QString& sentence);
    QHash<quint64, SendJob> m_sendJobs;  // network job -> where to and who listens
};

}  // namespace boneage::ui
