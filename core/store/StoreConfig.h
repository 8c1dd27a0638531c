#pragma once

#include <QString>

namespace boneage::store {

/// Where the case database lives. A plain value; copy freely between threads.
///
/// SQLite (the default) is one file in the user's data folder, for a single workstation. PostgreSQL is for
/// several workstations sharing one database; every workstation runs the same migrations on open.
struct StoreConfig {
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;  ///< SQLite file; created (with its folder) on first open unless readOnly
    QString pgHost;
    QString pgDatabase;
    QString pgUser;
    QString pgPassword;
    int pgPort = 5432;
    int pgConnectTimeoutSeconds = 10;
    /// Open for inspection only (e.g. `boneage audit verify`): no file is created, no migration runs and
    /// every write method throws. Reads of an older schema may fail; verifyAudit() works on every schema.
    bool readOnly = false;

    /// SQLite at `<QStandardPaths::AppDataLocation>/cases.sqlite`. The application name must be set on the
    /// QCoreApplication first, or the folder is the generic one.
    static StoreConfig defaultSqlite();
    /// SQLite at `path`.
    static StoreConfig sqlite(const QString& path);
    /// PostgreSQL from a libpq keyword string ("host=h port=5432 dbname=d user=u password=p") or a URI
    /// ("postgresql://u:p@h:5432/d"). Throws boneage::Error(ErrorCode::Usage) on a malformed string.
    static StoreConfig fromPgConnectionString(const QString& text);

    /// The database named without secrets or patient data ("/path/cases.sqlite", "postgresql://u@h:5432/d"),
    /// used as the subject of every storage error.
    QString describe() const;
};

}  // namespace boneage::store
