#include "ui/FilmLoader.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "common/Error.h"
#include "imaging/FilmLoader.h"

namespace boneage::ui {

FilmLoader::FilmLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<const imaging::Film>>();
}

FilmLoader::~FilmLoader() {
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->waitForFinished();  // the decode holds no reference to us, but finish before teardown
    }
}

void FilmLoader::load(qint64 caseId, const QString& path) {
    if (m_watcher) {
        m_watcher->disconnect(this);
        // The superseded decode runs to its end on the pool; its watcher goes when it does.
        connect(m_watcher, &QFutureWatcherBase::finished, m_watcher, &QObject::deleteLater);
        m_watcher = nullptr;
    }
    auto* watcher = new QFutureWatcher<Outcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, caseId, path] {
        const Outcome outcome = watcher->result();
        if (m_watcher == watcher)
            m_watcher = nullptr;
        watcher->deleteLater();
        if (outcome.film) {
            Q_EMIT loaded(caseId, outcome.film, outcome.ms);
        } else {
            Q_EMIT failed(caseId, path, outcome.error);
        }
    });
    watcher->setFuture(QtConcurrent::run([file = path.toStdString()]() -> Outcome {
        Outcome outcome;
        QElapsedTimer timer;
        timer.start();
        try {
            outcome.film = std::make_shared<const imaging::Film>(imaging::loadFilm(file));
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        } catch (...) {
            outcome.error = tr("%1: the film cannot be read.").arg(QString::fromStdString(file));
        }
        outcome.ms = double(timer.nsecsElapsed()) / 1e6;
        return outcome;
    }));
}

}  // namespace boneage::ui
