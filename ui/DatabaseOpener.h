#pragma once

#include <QString>
#include <QTemporaryDir>
#include <functional>
#include <memory>
#include <optional>

#include "store/StoreConfig.h"
#include "ui/CaseRepository.h"
#include "ui/DatabaseProblemDialog.h"

class QWidget;

namespace boneage::ui {

/// The case database the workstation works on. For a "not saved" session it also owns the private
/// temporary folder of the throw-away database; the repository goes first, then the folder (declaration
/// order), so the file is closed before it is removed.
struct OpenedDatabase {
    OpenedDatabase() = default;
    OpenedDatabase(OpenedDatabase&&) = default;
    OpenedDatabase& operator=(OpenedDatabase&&) = default;
    /// Closes the database, then, for a SQLite file that changed in this session, leaves a backup of it
    /// (store::DatabaseBackups::makeAtClose): a damage found at the next start then costs nothing of this
    /// sitting. A failed backup is logged, never fatal.
    ~OpenedDatabase();

    std::unique_ptr<QTemporaryDir> temporaryFolder;
    std::unique_ptr<CaseRepository> repository;
    /// What happened on the way (a backup restored, a damaged file moved aside, a backup that failed), for
    /// the status bar; empty when the database simply opened.
    QString notice;
};

/// Opens the workstation's case database at start and, when it cannot be used, says so in a
/// DatabaseProblemDialog with the cause and does what the reader chooses: restore the latest backup, start
/// a new database (the damaged file moved aside, never deleted), try again, work without saving, or quit.
/// A SQLite database that opens gets its daily backup (store::DatabaseBackups). Restoring and starting anew
/// are written to the new database's audit log. GUI thread; the dialog is modal.
class DatabaseOpener {
public:
    DatabaseOpener(store::StoreConfig config, QString actor, QWidget* dialogParent = nullptr);

    /// The database, or nothing when the reader chose Quit. Never throws for a database problem.
    std::optional<OpenedDatabase> open();

    /// A "not saved" session: the same store, rules and audit chain on a temporary SQLite file in a new
    /// owner-only (0700) temporary folder, removed with the returned value. Throws boneage::Error when no
    /// temporary folder can be made.
    static OpenedDatabase openTemporary(const QString& actor);

private:
    /// Shows the dialog for `problem` and returns the choice.
    DatabaseProblemDialog::Choice ask(const DatabaseProblem& problem);
    void makeDailyBackup(OpenedDatabase& opened);

    store::StoreConfig m_config;
    QString m_actor;
    QWidget* m_dialogParent;
};

}  // namespace boneage::ui
