#pragma once

// Internal to core/store (and its tests): the per-thread Qt SQL connection behind a CaseStore.

#include <QDate>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <optional>
#include <string>

#include "common/Error.h"
#include "store/StoreConfig.h"

class QThread;

namespace boneage::store::detail {

enum class Dialect { Sqlite, Postgres };

/// A failed statement. Still a Storage error for callers; `transient()` tells the retry loop that the
/// transaction lost a lock race (SQLITE_BUSY/LOCKED, serialisation failure, deadlock) and may be retried.
class SqlFailure : public Error {
public:
    SqlFailure(std::string subject, std::string cause, bool transient)
        : Error(ErrorCode::Storage, std::move(subject), std::move(cause)), m_transient(transient) {}
    bool transient() const { return m_transient; }

private:
    bool m_transient;
};

/// One open QSqlDatabase connection, named after the thread that opened it ("boneage.store/<thread>/<n>"),
/// configured for the store's write discipline. Not thread-safe: use it on the opening thread only.
class Connection {
public:
    /// Opens the database; throws Error(Storage) when it cannot. SQLite: first checks an existing file for
    /// damage on a read-only connection of its own (DamagedDatabase, the file untouched), then creates the
    /// folder (0700) and file (0600), enables WAL, synchronous=FULL, foreign keys and a busy timeout
    /// (query_only when read-only). PostgreSQL: host, port, dbname, user and the TLS settings go to libpq
    /// (never a password), then UTF-8, warnings only, default_transaction_read_only when read-only.
    explicit Connection(const StoreConfig& config);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Dialect dialect() const { return m_dialect; }
    const std::string& subject() const { return m_subject; }
    /// The SQLite file's absolute path; empty on PostgreSQL.
    const QString& sqlitePath() const { return m_sqlitePath; }
    QThread* thread() const { return m_thread; }
    QSqlDatabase& db() { return m_db; }

    /// A prepared statement; throws on a syntax or schema error.
    QSqlQuery prepare(const QString& sql);
    /// Executes a prepared statement; throws SqlFailure naming `what` and the database's message.
    void exec(QSqlQuery& query, const char* what);
    /// Executes `sql` without bindings and returns the finished-or-positioned query.
    QSqlQuery run(const QString& sql, const char* what);
    /// run() for the statements that set a SQLite connection up: a transient SQLITE_BUSY/LOCKED (several
    /// processes opening one new file at once) is retried for up to a second before it is an error.
    QSqlQuery openingStatement(const QString& sql, const char* what);

    /// Starts a write transaction holding the store's write lock (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN
    /// + LOCK TABLE audit_log IN EXCLUSIVE MODE), so "read the chain head, append" is serialised across
    /// threads, processes and workstations.
    void beginWrite();
    /// Starts a schema migration transaction (SQLite BEGIN IMMEDIATE; PostgreSQL a session advisory lock,
    /// then BEGIN, because the tables may not exist yet; commit() or rollback() releases the lock).
    void beginMigration();
    /// Starts a read-only snapshot (SQLite deferred BEGIN; PostgreSQL REPEATABLE READ READ ONLY).
    void beginRead();
    void commit();
    /// Never throws; safe to call when no transaction is open.
    void rollback() noexcept;
    bool inTransaction() const { return m_inTransaction; }

    /// Whether a table exists in the database (in the default schema on PostgreSQL).
    bool tableExists(const QString& table);

    /// Throws SqlFailure for `error`, classifying it as transient or not.
    [[noreturn]] void fail(const char* what, const QSqlError& error) const;

private:
    bool isTransient(const QSqlError& error) const;
    void releaseMigrationLock() noexcept;

    Dialect m_dialect;
    std::string m_subject;
    QString m_sqlitePath;
    QString m_name;
    QThread* m_thread;
    QSqlDatabase m_db;
    bool m_inTransaction = false;
    bool m_migrationLock = false;
};

/// Converts a nullable value for binding: an empty optional binds a typed SQL NULL.
QVariant nullableDouble(const std::optional<double>& value);
QVariant nullableId(const std::optional<qint64>& value);
QVariant nullableDate(const QDate& date);
/// A text value for a NOT NULL column: a null QString binds as '' (Qt binds it as SQL NULL otherwise).
QVariant text(const QString& value);

}  // namespace boneage::store::detail
