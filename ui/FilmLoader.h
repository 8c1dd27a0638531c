#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "imaging/Film.h"

namespace boneage::ui {

/// Decodes films off the GUI thread (QtConcurrent::run + QFutureWatcher). Only the newest load matters: a new
/// load() supersedes the one in flight, whose result is dropped. GUI thread only.
class FilmLoader : public QObject {
    Q_OBJECT
public:
    explicit FilmLoader(QObject* parent = nullptr);
    ~FilmLoader() override;

    /// Starts decoding `path` for case `caseId`; loaded or failed follows (never both, never for a superseded
    /// load).
    void load(qint64 caseId, const QString& path);
    bool isLoading() const { return m_watcher != nullptr; }

Q_SIGNALS:
    void loaded(qint64 caseId, std::shared_ptr<const boneage::imaging::Film> film, double decodeMs);
    void failed(qint64 caseId, const QString& path, const QString& message);

private:
    struct Outcome {
        std::shared_ptr<const imaging::Film> film;
        QString error;
        double ms = 0;
    };
    QFutureWatcher<Outcome>* m_watcher = nullptr;
};

}  // namespace boneage::ui

Q_DECLARE_METATYPE(std::shared_ptr<const boneage::imaging::Film>)
