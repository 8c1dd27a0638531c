#include "ui/PacsIntake.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "assessment/CaseReading.h"
#include "assessment/ReceivedFilms.h"
#include "ui/BackgroundReader.h"
#include "ui/CaseRepository.h"

namespace boneage::ui {

PacsIntake::PacsIntake(CaseRepository& repository, BackgroundReader& reader, QObject* parent)
    : QObject(parent), m_repository(repository), m_reader(reader) {}

PacsIntake::~PacsIntake() {
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->waitForFinished();
    }
}

void PacsIntake::takeIn(const QStringList& files, quint64 batch) {
    m_queue.append({batch, files});
    if (!m_watcher)
        startNext();
}

void PacsIntake::startNext() {
    if (m_queue.isEmpty())
        return;
    const auto [id, files] = m_queue.takeFirst();
    m_watcher = new QFutureWatcher<Batch>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const Batch batch = m_watcher->result();
        m_watcher->deleteLater();
        m_watcher = nullptr;
        record(batch);
        startNext();
    });
    m_watcher->setFuture(QtConcurrent::run([id = id, files = files] {
        Batch batch;
        batch.id = id;
        for (const QString& file : files) {
            Item item;
            item.path = file;
            try {
                const assessment::ReceivedFilm received = assessment::takeInReceivedFilm(file.toStdString());
                if (received.film)
                    item.caseRecord = assessment::caseRecordOf(received.film->meta, file.toStdString());
                else
                    item.reason = QString::fromStdString(received.reason);
            } catch (const std::exception& e) {
                item.error = QString::fromStdString(e.what());
            }
            batch.items.push_back(std::move(item));
        }
        return batch;
    }));
}

void PacsIntake::record(const Batch& batch) {
    QList<qint64> cases;
    int kept = 0;
    for (const Item& item : batch.items) {
        if (!item.error.isEmpty()) {
            Q_EMIT problem(item.error);
            continue;
        }
        try {
            std::optional<qint64> caseId;
            if (item.caseRecord)
                caseId = m_repository.importCase(*item.caseRecord);
            assessment::logReceivedFilm(m_repository.store(), item.path.toStdString(), caseId,
                                        item.reason.toStdString());
            if (caseId) {
                cases << *caseId;
                m_reader.enqueue(*caseId);
            } else {
                ++kept;
                m_kept.append({item.path, item.reason, QDateTime::currentDateTime()});
                Q_EMIT objectKept(m_kept.last());
            }
        } catch (const std::exception& e) {
            Q_EMIT problem(QString::fromStdString(e.what()));
        }
    }
    Q_EMIT takenIn(batch.id, cases, kept);
}

}  // namespace boneage::ui
