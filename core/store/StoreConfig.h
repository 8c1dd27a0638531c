#pragma once

#include <QString>
#include <QStringList>

namespace boneage::store {

/// Where the case database lives. A plain value; copy freely between threads.
///
/// SQLite (the default) is one owner-only file in the user's data folder, for a single workstation.
/// PostgreSQL is for several workstations sharing one database; every workstation runs the same migrations
/// on open. The PostgreSQL password is never part of this value: libpq reads it from its own places
/// (`~/.pgpass`, the file `PGPASSFILE` names, or `PGPASSWORD`), so it never sits on a command line or in a
/// plain settings file.
struct StoreConfig {
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;  ///< SQLite file; created (with its folder) on first open unless readOnly
    /// A throw-away SQLite file in a private temporary folder that its owner removes at exit: the same store
    /// and audit chain, but nothing is kept ("not saved").
    bool temporary = false;
    QString pgHost;
    QString pgDatabase;
    QString pgUser;
    int pgPort = 5432;
    int pgConnectTimeoutSeconds = 10;
    /// libpq sslmode (one of sslModes()); empty: libpq's default (PGSSLMODE, else "prefer").
    QString pgSslMode;
    QString pgSslRootCert;  ///< CA certificate(s) that must sign the server's certificate (verify-ca/-full)
    QString pgSslCert;      ///< client certificate, for servers that authenticate clients by certificate
    QString pgSslKey;       ///< the client certificate's key (libpq wants it 0600)
    /// Open for inspection only (e.g. `boneage audit verify`): no file is created, no migration runs and
    /// every write method throws. Reads of an older schema may fail; verifyAudit() works on every schema.
    bool readOnly = false;

    /// SQLite at `<QStandardPaths::AppDataLocation>/cases.sqlite`. The application name must be set on the
    /// QCoreApplication first, or the folder is the generic one.
    static StoreConfig defaultSqlite();
    /// SQLite at `path`.
    static StoreConfig sqlite(const QString& path);
    /// A temporary SQLite database `cases.sqlite` in `privateFolder` (which the caller creates owner-only
    /// and removes at exit, e.g. a QTemporaryDir).
    static StoreConfig temporarySqlite(const QString& privateFolder);
    /// PostgreSQL from a libpq keyword string ("host=h port=5432 dbname=d user=u sslmode=verify-full
    /// sslrootcert='/etc/ca.pem'") or a URI ("postgresql://u@h:5432/d?sslmode=verify-full"). Keywords:
    /// host, hostaddr, port, dbname, user, connect_timeout, sslmode, sslrootcert, sslcert, sslkey.
    /// Throws boneage::Error(ErrorCode::Usage) on a malformed string, an unknown keyword or sslmode, and on
    /// a password (saying where libpq reads it from instead).
    static StoreConfig fromPgConnectionString(const QString& text);

    /// libpq's sslmode values, weakest first: disable allow prefer require verify-ca verify-full.
    static const QStringList& sslModes();

    /// The database named without secrets or patient data ("/path/cases.sqlite",
    /// "postgresql://u@h:5432/d?sslmode=verify-full"), used as the subject of every storage error.
    QString describe() const;
};

}  // namespace boneage::store
