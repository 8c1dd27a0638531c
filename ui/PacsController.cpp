#include "ui/PacsController.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMetaObject>
#include <QTimer>

#include "common/Error.h"
#include "pacs/StorageListener.h"
#include "ui/AppSettings.h"
#include "ui/BackgroundReader.h"
#include "ui/PacsDialog.h"
#include "ui/PacsIntake.h"
#include "ui/PacsNetwork.h"
#include "ui/PacsSettingsDialog.h"

namespace boneage::ui {

PacsController::PacsController(CaseRepository& repository, AssessorFactory open, QWidget* window)
    : QObject(window),
      m_repository(repository),
      m_window(window),
      m_network(new PacsNetwork(this)),
      m_reader(new BackgroundReader(repository, std::move(open), this)),
      m_intake(new PacsIntake(repository, *m_reader, this)),
      m_status(new QLabel(window)) {
    qRegisterMetaType<PacsSettings>();
    m_status->setObjectName(QStringLiteral("pacsListenerStatus"));
    setListenerState(ListenerState::Stopped, tr("Listener off"));

    connect(m_network, &PacsNetwork::found, this,
            [this](quint64 job, const QList<pacs::StudyRecord>& studies) {
                if (job != m_searchJob)
                    return;
                m_searchJob = 0;
                Q_EMIT searchFinished(studies);
            });
    connect(m_network, &PacsNetwork::progress, this, [this](quint64 job, const pacs::RetrieveProgress& p) {
        if (const auto it = m_retrieveJobs.constFind(job); it != m_retrieveJobs.constEnd())
            Q_EMIT studyProgress(*it, p);
    });
    connect(m_network, &PacsNetwork::retrieved, this,
            [this](quint64 job, const QStringList& files, const pacs::RetrieveProgress& final) {
                const QString uid = m_retrieveJobs.take(job);
                if (uid.isEmpty())
                    return;
                if (files.isEmpty()) {  // a C-MOVE (its films come through the listener) or an empty study
                    Q_EMIT studyRetrieved(uid, final.completed, m_listener ? -1 : 0, 0);
                    return;
                }
                m_intakeBatches.insert(job, uid);
                m_batchFilms.insert(job, int(files.size()));
                m_intake->takeIn(files, job);
            });
    connect(m_network, &PacsNetwork::failed, this, [this](quint64 job, const QString& text, bool cancelled) {
        if (job == m_searchJob) {
            m_searchJob = 0;
            Q_EMIT searchFailed(text, cancelled);
        } else if (m_retrieveJobs.contains(job)) {
            Q_EMIT studyFailed(m_retrieveJobs.take(job), text, cancelled);
        } else if (m_sendJobs.contains(job)) {
            endSend(job, tr("Nothing was sent: %1").arg(text));
            Q_EMIT sendFailed(job, text, cancelled);
        }
    });
    connect(m_network, &PacsNetwork::sent, this, [this](quint64 job, int files) {
        endSend(job, tr("%n object(s) sent to %1.", nullptr, files).arg(m_sendJobs.value(job).node));
        Q_EMIT sent(job, files);
    });
    connect(m_intake, &PacsIntake::takenIn, this,
            [this](quint64 batch, const QList<qint64>& cases, int kept) {
                const QString uid = m_intakeBatches.take(batch);
                const int films = m_batchFilms.take(batch);
                if (!uid.isEmpty())
                    Q_EMIT studyRetrieved(uid, films, int(cases.size()), kept);
                else if (!cases.isEmpty())
                    Q_EMIT message(tr("%n film(s) received from the PACS.", nullptr, int(cases.size())));
            });
    connect(m_intake, &PacsIntake::problem, this, &PacsController::message);
}

PacsController::~PacsController() {
    stopListener();  // no arrival can be announced after this
    m_network->cancelAll();
    delete m_dialog;  // both are the window's children, and views of this controller
    delete m_status;
}

void PacsController::applySettings(const AppSettings& settings) {
    m_reader->setModel({settings.effectiveModelDir(), settings.device});
    const bool listenerChanged = settings.pacs.listenerEnabled != m_settings.listenerEnabled ||
                                 settings.pacs.listenerPort != m_settings.listenerPort ||
                                 settings.pacs.ownAeTitle != m_settings.ownAeTitle ||
                                 settings.pacs.timeoutSeconds != m_settings.timeoutSeconds ||
                                 settings.pacs.effectiveStorageDir() != m_settings.effectiveStorageDir();
    m_settings = settings.pacs;
    if (m_dialog)
        m_dialog->setNodes(nodesFor(true, false, false));
    if (listenerChanged || (m_settings.listenerEnabled && m_listenerState != ListenerState::Listening))
        restartListener();
}

void PacsController::addActionsTo(QMenu* menu) {
    QAction* query = menu->addAction(tr("&Query/Retrieve\u2026"), this, [this] { showDialog(); });
    query->setObjectName(QStringLiteral("pacsQueryAction"));
    query->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    QAction* settings = menu->addAction(tr("PACS &settings\u2026"), this, &PacsController::editSettings);
    settings->setObjectName(QStringLiteral("pacsSettingsAction"));
}

PacsDialog& PacsController::showDialog() {
    if (!m_dialog)
        m_dialog = new PacsDialog(*this, m_window);
    m_dialog->setNodes(nodesFor(true, false, false));
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return *m_dialog;
}

void PacsController::editSettings() {
    PacsSettingsDialog dialog(m_settings, m_window);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT settingsEdited(dialog.settings());
}

QList<PacsNode> PacsController::nodesFor(bool find, bool retrieve, bool store) const {
    QList<PacsNode> nodes;
    for (const PacsNode& n : m_settings.nodes)
        if ((!find || n.find) && (!retrieve || n.get || n.move) && (!store || n.store))
            nodes << n;
    return nodes;
}

std::optional<PacsNode> PacsController::node(const QString& name) const {
    for (const PacsNode& n : m_settings.nodes)
        if (n.name == name)
            return n;
    return std::nullopt;
}

void PacsController::search(const QString& nodeName, const pacs::StudyQuery& query) {
    if (m_searchJob)
        m_network->cancel(m_searchJob);
    m_searchJob = 0;
    const auto n = node(nodeName);
    if (!n || !n->find) {
        Q_EMIT searchFailed(tr("No node '%1' that answers searches is in the PACS settings.").arg(nodeName),
                            false);
        return;
    }
    m_searchJob = m_network->search(*n, m_settings.clientOptions(), query);
}

void PacsController::retrieve(const QString& nodeName, const pacs::StudyRecord& study) {
    const QString uid = QString::fromStdString(study.studyInstanceUid);
    const auto n = node(nodeName);
    if (!n) {
        Q_EMIT studyFailed(uid, tr("No node '%1' is in the PACS settings.").arg(nodeName), false);
        return;
    }
    quint64 job = 0;
    if (n->get) {
        job = m_network->get(*n, m_settings.clientOptions(), uid, retrieveFolder());
    } else if (n->move) {
        if (m_listenerState != ListenerState::Listening) {
            Q_EMIT studyFailed(uid,
                               tr("%1 retrieves by C-MOVE only, to this workstation's listener, which is not "
                                  "running (PACS settings).")
                                   .arg(n->name),
                               false);
            return;
        }
        job = m_network->move(*n, m_settings.clientOptions(), uid, m_settings.ownAeTitle);
    } else {
        Q_EMIT studyFailed(uid, tr("%1 offers neither C-GET nor C-MOVE (PACS settings).").arg(n->name),
                           false);
        return;
    }
    m_retrieveJobs.insert(job, uid);
}

quint64 PacsController::sendFiles(const QString& nodeName, const QStringList& files, QObject* context,
                                  std::function<void(const QString&)> tell) {
    const auto n = node(nodeName);
    if (!n || !n->store) {
        const QString sentence = tr("No node '%1' that takes objects is in the PACS settings.").arg(nodeName);
        if (tell)
            tell(tr("Nothing was sent: %1").arg(sentence));
        Q_EMIT sendFailed(0, sentence, false);
        return 0;
    }
    const quint64 job = m_network->send(*n, m_settings.clientOptions(), files);
    m_sendJobs.insert(job, {n->name, context, std::move(tell)});
    return job;
}

void PacsController::endSend(quint64 job, const QString& sentence) {
    const SendJob ended = m_sendJobs.take(job);
    Q_EMIT message(sentence);
    if (ended.tell && ended.context)
        ended.tell(sentence);
}

quint64 PacsController::sendGradcam(const QString& nodeName, std::shared_ptr<const imaging::Film> film,
                                    std::shared_ptr<const assessment::AssessmentResult> result,
                                    const QString& model) {
    const auto n = node(nodeName);
    if (!n || !n->store) {
        Q_EMIT sendFailed(0, tr("No node '%1' that takes objects is in the PACS settings.").arg(nodeName),
                          false);
        return 0;
    }
    const QString derivation = tr("Grad-CAM attention map of the bone-age model %1").arg(model);
    const quint64 job = m_network->sendGradcam(
        *n, m_settings.clientOptions(), std::move(film), std::move(result),
        QDir(m_settings.effectiveStorageDir()).filePath(QStringLiteral("outgoing")), derivation.simplified());
    m_sendJobs.insert(job, {n->name, nullptr, {}});
    return job;
}

void PacsController::cancelAll() {
    m_network->cancelAll();
}

bool PacsController::isBusy() const {
    return m_searchJob != 0 || !m_retrieveJobs.isEmpty() || !m_intakeBatches.isEmpty() ||
           !m_sendJobs.isEmpty();
}

QString PacsController::retrieveFolder() const {
    return QDir(m_settings.effectiveStorageDir()).filePath(QStringLiteral("retrieved"));
}

QString PacsController::receiveFolder() const {
    return QDir(m_settings.effectiveStorageDir()).filePath(QStringLiteral("received"));
}

quint16 PacsController::listenerPort() const {
    return m_listener ? m_listener->port() : 0;
}

void PacsController::stopListener() {
    if (!m_listener)
        return;
    m_listener->stop();
    m_listener.reset();
}

void PacsController::restartListener() {
    stopListener();
    if (!m_settings.listenerEnabled) {
        setListenerState(ListenerState::Stopped, tr("Listener off"));
        return;
    }
    pacs::ListenerOptions options;
    options.aeTitle = m_settings.ownAeTitle.toStdString();
    options.port = std::uint16_t(m_settings.listenerPort);
    options.storageDirectory = receiveFolder().toStdString();
    options.timeouts = pacs::uniformTimeouts(m_settings.timeoutSeconds);
    try {
        // The callback runs on an association's thread: it only posts the file to this object's thread.
        auto listener =
            std::make_unique<pacs::StorageListener>(options, [this](const pacs::ReceivedObject& o) {
                const QString path = QString::fromStdString(o.path);
                QMetaObject::invokeMethod(
                    this, [this, path] { onReceived(path); }, Qt::QueuedConnection);
            });
        listener->start();
        m_listener = std::move(listener);
        setListenerState(ListenerState::Listening,
                         tr("Listening as %1 on port %2").arg(m_settings.ownAeTitle).arg(m_listener->port()));
    } catch (const std::exception& e) {
        setListenerState(ListenerState::Failed,
                         tr("Listener stopped: %1").arg(QString::fromStdString(e.what())));
    }
}

void PacsController::setListenerState(ListenerState state, const QString& text) {
    m_listenerState = state;
    m_status->setText(text);
    m_status->setToolTip(state == ListenerState::Listening
                             ? tr("Films pushed or moved here are read by the model into the worklist; other "
                                  "objects are kept in %1 and listed, not read.")
                                   .arg(receiveFolder())
                             : tr("Start it in PACS \u203a PACS settings."));
    Q_EMIT listenerStateChanged(state, text);
}

void PacsController::onReceived(const QString& path) {
    // Objects of one association arrive in quick succession: take them in together.
    if (m_arrivals.isEmpty())
        QTimer::singleShot(0, this, &PacsController::flushArrivals);
    m_arrivals << path;
}

void PacsController::flushArrivals() {
    if (m_arrivals.isEmpty())
        return;
    m_intake->takeIn(m_arrivals);
    m_arrivals.clear();
}

}  // namespace boneage::ui
