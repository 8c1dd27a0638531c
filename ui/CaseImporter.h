#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <vector>

#include "imaging/Film.h"
#include "store/Records.h"

namespace boneage::ui {

/// Turns files and folders (dialog, drag and drop, command line) into worklist cases: folders are walked
/// recursively, and off the GUI thread each file's header only (imaging::readFilmHeader: DICOM and PNG/JPEG
/// recognised by content, no pixels decoded) becomes a case record (assessment::caseRecordOf). Unreadable
/// files are reported, never fatal to the rest; a film whose pixels turn out broken says so when opened.
/// GUI thread only.
class CaseImporter : public QObject {
    Q_OBJECT
public:
    struct Outcome {
        std::vector<store::CaseRecord> cases;
        QStringList problems;  ///< one sentence per file that could not be read
    };

    explicit CaseImporter(QObject* parent = nullptr);
    ~CaseImporter() override;

    /// Starts importing; finished follows. Imports queue behind one another.
    void import(const QStringList& paths);
    bool isBusy() const { return m_watcher != nullptr; }

    /// The candidate film files under `paths` (folders walked recursively; dataset mask folders and obvious
    /// non-images such as .csv/.json/.txt skipped), sorted, without duplicates.
    static QStringList collectFiles(const QStringList& paths);
    /// Reads each file's header and builds its case; runs on the calling thread.
    static Outcome importNow(const QStringList& files);

Q_SIGNALS:
    void finished(const boneage::ui::CaseImporter::Outcome& outcome);

private:
    void startNext();

    QFutureWatcher<Outcome>* m_watcher = nullptr;
    QList<QStringList> m_queue;
};

}  // namespace boneage::ui

Q_DECLARE_METATYPE(boneage::ui::CaseImporter::Outcome)
