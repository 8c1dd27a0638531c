#include "ui/DatabaseOpener.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>

#include "common/Error.h"
#include "store/CaseStore.h"
#include "store/DamagedDatabase.h"
#include "store/DatabaseBackups.h"

namespace boneage::ui {

namespace {

Q_LOGGING_CATEGORY(lcOpen, "boneage.ui.database")

QString tr(const char* text) {
    return QCoreApplication::translate("DatabaseOpener", text);
}

QString fileName(const QString& path) {
    return QFileInfo(path).fileName();
}

}  // namespace

DatabaseOpener::DatabaseOpener(store::StoreConfig config, QString actor, QWidget* dialogParent)
    : m_config(std::move(config)), m_actor(std::move(actor)), m_dialogParent(dialogParent) {}

OpenedDatabase DatabaseOpener::openTemporary(const QString& actor) {
    OpenedDatabase opened;
    // QTemporaryDir creates its folder 0700 (mkdtemp); the store makes the file 0600 inside it.
    opened.temporaryFolder =
        std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/boneage-XXXXXX"));
    if (!opened.temporaryFolder->isValid()) {
        throw Error(
            ErrorCode::Storage, QDir::tempPath().toStdString(),
            "cannot create a temporary folder: " + opened.temporaryFolder->errorString().toStdString());
    }
    opened.repository = std::make_unique<CaseRepository>(
        store::StoreConfig::temporarySqlite(opened.temporaryFolder->path()), actor);
    return opened;
}

DatabaseProblemDialog::Choice DatabaseOpener::ask(const DatabaseProblem& problem) {
    DatabaseProblemDialog dialog(problem, m_dialogParent);
    dialog.exec();
    return dialog.choice();
}

OpenedDatabase::~OpenedDatabase() {
    if (!repository) {
        return;
    }
    const store::StoreConfig config = repository->store().config();
    repository.reset();  // closed first: the copy then holds everything, checkpointed
    if (config.backend != store::StoreConfig::Backend::Sqlite || config.temporary) {
        return;
    }
    try {
        store::DatabaseBackups(config.sqlitePath).makeAtClose();
    } catch (const std::exception& e) {
        qCWarning(lcOpen) << "no backup at closing:" << e.what();
    }
}

void DatabaseOpener::makeDailyBackup(OpenedDatabase& opened) {
    if (m_config.backend != store::StoreConfig::Backend::Sqlite || m_config.temporary) {
        return;
    }
    try {
        store::DatabaseBackups(m_config.sqlitePath).makeDaily();
    } catch (const std::exception& e) {
        // The database works; a missing backup must not stop the reading, but the reader should know.
        qCWarning(lcOpen) << "no daily backup:" << e.what();
        const QString problem =
            tr("Today's backup of the case database failed: %1").arg(QString::fromUtf8(e.what()));
        opened.notice = opened.notice.isEmpty() ? problem : opened.notice + QLatin1Char(' ') + problem;
    }
}

std::optional<OpenedDatabase> DatabaseOpener::open() {
    const bool sqlite = m_config.backend == store::StoreConfig::Backend::Sqlite;
    QString notice;
    QString earlierFailure;  // a restore or move that failed, shown with the next dialog
    std::optional<QJsonObject> auditNote;
    for (;;) {
        DatabaseProblem problem;
        problem.database = m_config.describe();
        try {
            OpenedDatabase opened;
            opened.repository = std::make_unique<CaseRepository>(m_config, m_actor);
            opened.notice = notice;
            if (auditNote) {
                const QString action = auditNote->contains(QStringLiteral("restored_from"))
                                           ? QStringLiteral("database_restored")
                                           : QStringLiteral("database_started_new");
                opened.repository->store().logEvent(action, std::nullopt, *auditNote);
            }
            makeDailyBackup(opened);
            return opened;
        } catch (const store::DamagedDatabase& e) {
            problem.kind = DatabaseProblem::Kind::Damaged;
            problem.cause = QString::fromUtf8(e.what());
        } catch (const std::exception& e) {
            problem.kind = DatabaseProblem::Kind::Unavailable;
            problem.cause = QString::fromUtf8(e.what());
        }
        qCWarning(lcOpen) << "the case database cannot be used:" << problem.cause;
        if (!earlierFailure.isEmpty()) {
            problem.cause = earlierFailure + QLatin1Char('\n') + problem.cause;
            earlierFailure.clear();
        }
        const store::DatabaseBackups backups(m_config.sqlitePath);
        if (sqlite && problem.kind == DatabaseProblem::Kind::Damaged) {
            problem.canStartNew = true;
            problem.latestBackup = backups.latest();
        }

        switch (ask(problem)) {
            case DatabaseProblemDialog::Choice::Quit:
                return std::nullopt;
            case DatabaseProblemDialog::Choice::TryAgain:
                break;
            case DatabaseProblemDialog::Choice::WorkWithoutSaving: {
                OpenedDatabase opened = openTemporary(m_actor);
                opened.notice =
                    tr("Not saved: the case database could not be used, and nothing of this session "
                       "is kept.");
                return opened;
            }
            case DatabaseProblemDialog::Choice::OpenLatestBackup:
                try {
                    const store::BackupInfo& backup = problem.latestBackup.value();
                    const QString movedTo = backups.restore(backup);
                    notice = tr("Cases restored from the backup %1; the damaged file is kept as %2.")
                                 .arg(fileName(backup.path), fileName(movedTo));
                    auditNote = QJsonObject{{QStringLiteral("restored_from"), fileName(backup.path)},
                                            {QStringLiteral("damaged_file"), fileName(movedTo)}};
                } catch (const std::exception& e) {
                    earlierFailure =
                        tr("The backup could not be restored: %1").arg(QString::fromUtf8(e.what()));
                }
                break;
            case DatabaseProblemDialog::Choice::StartNewDatabase:
                try {
                    const QString movedTo = backups.moveAside(QStringLiteral("damaged"));
                    notice = tr("A new case database was started; the damaged file is kept as %1.")
                                 .arg(fileName(movedTo));
                    auditNote = QJsonObject{{QStringLiteral("damaged_file"), fileName(movedTo)}};
                } catch (const std::exception& e) {
                    earlierFailure =
                        tr("The damaged file could not be moved aside: %1").arg(QString::fromUtf8(e.what()));
                }
                break;
        }
    }
}

}  // namespace boneage::ui
