#pragma once

#include <QDateTime>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QStringList>
#include <optional>
#include <vector>

#include "store/Records.h"

namespace boneage::ui {

class BackgroundReader;
class CaseRepository;

/// Takes films from the PACS into the worklist, one way for all of them (objects pushed to the listener,
/// C-MOVEd to it, or brought by a C-GET): each file is loaded off the GUI thread
/// (assessment::takeInReceivedFilm); a hand film becomes a case (CaseRepository::importCase, as an opened
/// file does, from assessment::caseRecordOf) and is queued for the model (BackgroundReader); anything else is
/// kept where it is and listed (kept()), not read; every object gets its audit row
/// (assessment::logReceivedFilm). Batches are taken in one after another. GUI thread only.
class PacsIntake : public QObject {
    Q_OBJECT
public:
    /// An object kept without being read.
    struct Kept {
        QString file;
        QString reason;
        QDateTime when;
    };

    PacsIntake(CaseRepository& repository, BackgroundReader& reader, QObject* parent = nullptr);
    ~PacsIntake() override;

    /// Takes `files` in; `batch` comes back in takenIn (0: none in particular, e.g. the listener).
    void takeIn(const QStringList& files, quint64 batch = 0);
    bool isBusy() const { return m_watcher != nullptr; }
    /// The objects kept without reading since the workstation started, oldest first.
    const QList<Kept>& kept() const { return m_kept; }

Q_SIGNALS:
    /// A batch is in: the cases it made or refreshed, and the objects it kept unread.
    void takenIn(quint64 batch, const QList<qint64>& cases, int keptUnread);
    /// An object was kept without reading (also listed in kept()).
    void objectKept(const boneage::ui::PacsIntake::Kept& object);
    /// A case could not be stored: one sentence.
    void problem(const QString& message);

private:
    struct Item {
        QString path;
        std::optional<store::CaseRecord> caseRecord;  ///< a hand film
        QString reason;                               ///< otherwise
        QString error;                                ///< the object could not be taken in at all
    };
    struct Batch {
        quint64 id = 0;
        std::vector<Item> items;
    };
    void startNext();
    void record(const Batch& batch);

    CaseRepository& m_repository;
    BackgroundReader& m_reader;
    QFutureWatcher<Batch>* m_watcher = nullptr;
    QList<QPair<quint64, QStringList>> m_queue;
    QList<Kept> m_kept;
};

}  // namespace boneage::ui
