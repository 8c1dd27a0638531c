#pragma once

#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

namespace boneage::store {

/// One backup file of a SQLite case database.
struct BackupInfo {
    enum class Kind { Daily, BeforeMigration, AtClose };

    QString path;
    QDateTime createdUtc;
    Kind kind = Kind::Daily;
    int schemaVersion = 0;  ///< BeforeMigration: the schema version the copy holds; 0 for daily copies
};

/// How many backups of each kind are kept; older ones are deleted after a new one is made.
struct BackupPolicy {
    int dailyKept = 7;
    int beforeMigrationKept = 3;
    int atCloseKept = 3;
};

/// Rolling backups of one SQLite case database, made with SQLite's online backup API (a consistent copy
/// while other workstations' processes keep writing) into an owner-only `backups` folder beside it:
/// `backups/<name>-<UTC time>-daily.sqlite` (one a day, dailyKept kept) and
/// `backups/<name>-<UTC time>-before-migration-v<N>.sqlite` (made by the schema migrator before it upgrades
/// a database at version N) and `backups/<name>-<UTC time>-at-close.sqlite` (when the workstation closes
/// after changing the database, atCloseKept kept: so a database damaged later loses none of the sitting's
/// decisions, not only what came after this morning's copy). Each copy is 0600, self-contained (no -wal) and
/// passes quick_check before it takes its name. Restoring never deletes anything: the database in the way is
/// moved aside first.
///
/// PostgreSQL databases are backed up by the server's own tools (pg_dump, base backups), not here.
/// A plain value bound to a path; every method does its own file I/O, on any thread. Failures throw
/// boneage::Error(ErrorCode::Storage).
class DatabaseBackups {
public:
    explicit DatabaseBackups(QString databasePath, BackupPolicy policy = {});

    const QString& databasePath() const { return m_databasePath; }
    /// `<database folder>/backups`.
    QString folder() const;

    /// The backups of this database, newest first.
    std::vector<BackupInfo> list() const;
    std::optional<BackupInfo> latest() const;

    /// Makes a daily backup unless one was made on the local date of `now`, then prunes old daily ones.
    /// Returns the new backup, or nothing when today's exists or there is no database file yet.
    std::optional<BackupInfo> makeDaily(const QDateTime& now = QDateTime::currentDateTime());
    /// A backup when the workstation closes, unless the database has not changed since the newest backup
    /// (its file and -wal are no newer than that copy); prunes old at-close ones. Returns the new backup, or
    /// nothing when there was no change or no database file.
    std::optional<BackupInfo> makeAtClose(const QDateTime& now = QDateTime::currentDateTime());
    /// A copy of the database before it is migrated from `schemaVersion`; prunes old ones.
    BackupInfo makeBeforeMigration(int schemaVersion, const QDateTime& now = QDateTime::currentDateTime());

    /// Moves the database file and its -wal, -shm and -journal files aside, renamed to
    /// `<database>.<tag>-<UTC time>` (+ the same suffixes), so that the next open starts a new database.
    /// Nothing is deleted or rewritten. Returns the new name of the database file, or an empty string when
    /// there was no file.
    QString moveAside(const QString& tag = QStringLiteral("damaged"), const QDateTime& now = {}) const;
    /// moveAside(), then puts a copy of `backup` (checked first with integrity_check) in the database's
    /// place; the backup itself stays. Returns what moveAside() returned.
    QString restore(const BackupInfo& backup) const;

private:
    BackupInfo makeCopy(BackupInfo::Kind kind, int schemaVersion, const QDateTime& now);
    void prune(BackupInfo::Kind kind, int keep) const;

    QString m_databasePath;
    BackupPolicy m_policy;
};

}  // namespace boneage::store
