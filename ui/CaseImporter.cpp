#include "ui/CaseImporter.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "assessment/CaseReading.h"
#include "imaging/FilmHeader.h"

namespace boneage::ui {

namespace {

bool skippedSuffix(const QString& suffix) {
    static const QSet<QString> skipped = {
        QStringLiteral("csv"),    QStringLiteral("json"), QStringLiteral("txt"),
        QStringLiteral("md"),     QStringLiteral("xml"),  QStringLiteral("pdf"),
        QStringLiteral("sqlite"), QStringLiteral("pt"),   QStringLiteral("zip")};
    return skipped.contains(suffix.toLower());
}

}  // namespace

CaseImporter::CaseImporter(QObject* parent) : QObject(parent) {
    qRegisterMetaType<Outcome>();
}

CaseImporter::~CaseImporter() {
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->waitForFinished();
    }
}

QStringList CaseImporter::collectFiles(const QStringList& paths) {
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::Readable,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QFileInfo file(it.next());
                if (skippedSuffix(file.suffix()) || file.fileName().startsWith(QLatin1Char('.')))
                    continue;
                if (file.absolutePath().split(QLatin1Char('/')).contains(QStringLiteral("masks")))
                    continue;
                files << file.absoluteFilePath();
            }
        } else if (info.exists()) {
            files << info.absoluteFilePath();
        } else {
            files << path;  // reported by the import as missing
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

CaseImporter::Outcome CaseImporter::importNow(const QStringList& files) {
    Outcome outcome;
    for (const QString& file : files) {
        try {
            // Headers only: the pixels are decoded once, when the case is opened.
            const imaging::FilmHeader header = imaging::readFilmHeader(file.toStdString());
            outcome.cases.push_back(assessment::caseRecordOf(header.meta, header.sourcePath));
        } catch (const std::exception& e) {
            outcome.problems << QString::fromStdString(e.what());
        }
    }
    return outcome;
}

void CaseImporter::import(const QStringList& paths) {
    m_queue << paths;
    if (!m_watcher)
        startNext();
}

void CaseImporter::startNext() {
    if (m_queue.isEmpty())
        return;
    const QStringList paths = m_queue.takeFirst();
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const Outcome outcome = m_watcher->result();
        m_watcher->deleteLater();
        m_watcher = nullptr;
        Q_EMIT finished(outcome);
        startNext();
    });
    m_watcher->setFuture(QtConcurrent::run([paths] { return importNow(collectFiles(paths)); }));
}

}  // namespace boneage::ui
