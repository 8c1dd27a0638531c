#include "ui/PacsNetwork.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMetaObject>

#include "assessment/HeatmapOverlay.h"
#include "common/Error.h"
#include "common/PrivateFiles.h"
#include "pacs/SecondaryCapture.h"

namespace boneage::ui {

PacsNetwork::PacsNetwork(QObject* parent) : QObject(parent) {
    qRegisterMetaType<pacs::StudyRecord>();
    qRegisterMetaType<QList<pacs::StudyRecord>>();
    qRegisterMetaType<pacs::RetrieveProgress>();
    m_pool.setMaxThreadCount(4);  // network waits, not CPU: a few at once, whatever the core count
}

PacsNetwork::~PacsNetwork() {
    cancelAll();
    m_pool.waitForDone();
}

quint64 PacsNetwork::start(const PacsNode& node, const pacs::ClientOptions& options, Work work) {
    const quint64 job = m_next++;
    auto cancel = std::make_shared<pacs::CancelToken>();
    m_jobs.insert(job, cancel);
    const pacs::Peer peer = node.peer();
    m_pool.start([this, job, peer, options, cancel, work = std::move(work)] {
        try {
            pacs::DicomClient client(peer, options, cancel);
            work(job, client);
        } catch (const Error& e) {
            const QString message = QString::fromStdString(e.what());
            const bool cancelled = cancel->cancelled();
            finish(job, [this, job, message, cancelled] { Q_EMIT failed(job, message, cancelled); });
        } catch (const std::exception& e) {  // nothing but values crosses the thread boundary
            const QString message = tr("%1: %2.").arg(QString::fromStdString(pacs::describePeer(peer)),
                                                      QString::fromLocal8Bit(e.what()));
            finish(job, [this, job, message] { Q_EMIT failed(job, message, false); });
        }
    });
    return job;
}

void PacsNetwork::finish(quint64 job, std::function<void()> deliver) {
    QMetaObject::invokeMethod(
        this,
        [this, job, deliver = std::move(deliver)] {
            m_jobs.remove(job);
            deliver();
        },
        Qt::QueuedConnection);
}

quint64 PacsNetwork::search(const PacsNode& node, const pacs::ClientOptions& options,
                            const pacs::StudyQuery& query) {
    return start(node, options, [this, query](quint64 job, pacs::DicomClient& client) {
        const std::vector<pacs::StudyRecord> studies = client.findStudies(query);
        const QList<pacs::StudyRecord> list(studies.begin(), studies.end());
        finish(job, [this, job, list] { Q_EMIT found(job, list); });
    });
}

quint64 PacsNetwork::get(const PacsNode& node, const pacs::ClientOptions& options, const QString& studyUid,
                         const QString& outDir) {
    const std::string uid = studyUid.toStdString(), dir = outDir.toStdString();
    return start(node, options, [this, uid, dir](quint64 job, pacs::DicomClient& client) {
        const pacs::RetrieveResult result =
            client.getStudy(uid, dir, [this, job](const pacs::RetrieveProgress& p) {
                QMetaObject::invokeMethod(
                    this, [this, job, p] { Q_EMIT progress(job, p); }, Qt::QueuedConnection);
            });
        QStringList files;
        for (const std::string& f : result.files)
            files << QString::fromStdString(f);
        const pacs::RetrieveProgress final = result.final;
        finish(job, [this, job, files, final] { Q_EMIT retrieved(job, files, final); });
    });
}

quint64 PacsNetwork::move(const PacsNode& node, const pacs::ClientOptions& options, const QString& studyUid,
                          const QString& destinationAeTitle) {
    const std::string uid = studyUid.toStdString(), destination = destinationAeTitle.toStdString();
    return start(node, options, [this, uid, destination](quint64 job, pacs::DicomClient& client) {
        const pacs::RetrieveProgress final =
            client.moveStudy(uid, destination, [this, job](const pacs::RetrieveProgress& p) {
                QMetaObject::invokeMethod(
                    this, [this, job, p] { Q_EMIT progress(job, p); }, Qt::QueuedConnection);
            });
        finish(job, [this, job, final] { Q_EMIT retrieved(job, {}, final); });
    });
}

quint64 PacsNetwork::send(const PacsNode& node, const pacs::ClientOptions& options,
                          const QStringList& files) {
    std::vector<std::string> paths;
    for (const QString& f : files)
        paths.push_back(f.toStdString());
    return start(node, options, [this, paths](quint64 job, pacs::DicomClient& client) {
        client.store(paths);
        const int count = int(paths.size());
        finish(job, [this, job, count] { Q_EMIT sent(job, count); });
    });
}

quint64 PacsNetwork::sendGradcam(const PacsNode& node, const pacs::ClientOptions& options,
                                 std::shared_ptr<const imaging::Film> film,
                                 std::shared_ptr<const assessment::AssessmentResult> result,
                                 const QString& workDir, const QString& derivation) {
    const std::string dir = workDir.toStdString(), description = derivation.toStdString();
    return start(node, options,
                 [this, film, result, dir, description](quint64 job, pacs::DicomClient& client) {
                     if (!film || !result || !result->prediction.gradcam)
                         throw Error(ErrorCode::Usage, pacs::describePeer(client.peer()),
                                     "the case has no Grad-CAM map to send");
                     const std::vector<std::uint8_t> rgb =
                         assessment::renderHeatmapOverlay(*film, *result->prediction.gradcam);
                     ensurePrivateDirectory(dir);
                     const std::string path = dir + "/capture-" + std::to_string(job) + ".dcm";
                     pacs::CaptureOptions capture;
                     capture.derivation = description;
                     pacs::writeSecondaryCapture(path, film->width, film->height, rgb, film->meta, capture);
                     {
                         // The capture is made to be sent: it never stays behind, and it is gone
                         // before the GUI thread hears that the send is over.
                         struct Remove {
                             std::string path;
                             ~Remove() { QFile::remove(QString::fromStdString(path)); }
                         } remove{path};
                         client.store({path});
                     }
                     finish(job, [this, job] { Q_EMIT sent(job, 1); });
                 });
}

quint64 PacsNetwork::echo(const PacsNode& node, const pacs::ClientOptions& options) {
    return start(node, options, [this](quint64 job, pacs::DicomClient& client) {
        QElapsedTimer timer;
        timer.start();
        client.echo();
        const int ms = int(timer.elapsed());
        finish(job, [this, job, ms] { Q_EMIT echoed(job, ms); });
    });
}

void PacsNetwork::cancel(quint64 job) {
    if (const auto it = m_jobs.constFind(job); it != m_jobs.constEnd())
        (*it)->cancel();
}

void PacsNetwork::cancelAll() {
    for (const auto& token : std::as_const(m_jobs))
        token->cancel();
}

}  // namespace boneage::ui
