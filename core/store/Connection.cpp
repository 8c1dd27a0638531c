#include "store/Connection.h"

#include <QAtomicInteger>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>
#include <QVariant>

#include "common/PrivateFiles.h"
#include "store/DamagedDatabase.h"
#include "store/SqliteFile.h"
#include "store/StoreLog.h"

namespace boneage::store::detail {

namespace {

QAtomicInteger<quint64> g_serial;

constexpr int kSqliteBusyTimeoutMs = 10000;
// Any fixed 64-bit key: every BoneAge process serialises its migrations on it.
constexpr qint64 kMigrationLockKey = 0x426f6e6541676531;  // "BoneAge1"

QString connectionName() {
    return QStringLiteral("boneage.store/%1/%2")
        .arg(quintptr(QThread::currentThread()), 0, 16)
        .arg(g_serial.fetchAndAddRelaxed(1) + 1);
}

/// The first line of the driver's message: PostgreSQL DETAIL lines can quote key values (patient data).
std::string firstLine(const QSqlError& error) {
    QString text = error.databaseText().trimmed();
    if (text.isEmpty()) {
        text = error.driverText().trimmed();
    }
    if (text.isEmpty()) {
        text = QStringLiteral("unknown database error");
    }
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    if (newline >= 0) {
        text.truncate(newline);
    }
    return text.trimmed().toStdString();
}

/// A value in libpq's keyword syntax: single-quoted, \\ and \' escaped. QPSQL turns every ';' of the
/// connect options into a space, so a value containing one cannot be passed intact.
QString libpqValue(const char* key, const QString& value, const std::string& subject) {
    if (value.contains(QLatin1Char(';'))) {
        throw Error(ErrorCode::Storage, subject,
                    std::string(key) + " contains a ';', which the Qt PostgreSQL driver cannot pass on");
    }
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1String(key) + QStringLiteral("='") + quoted + QLatin1Char('\'');
}

/// Everything QPSQL passes to PQconnectdb besides host, port, dbname and user. No password: libpq reads it
/// from ~/.pgpass, PGPASSFILE or PGPASSWORD.
QString pgConnectOptions(const StoreConfig& config, const std::string& subject) {
    if (!config.pgSslMode.isEmpty() && !StoreConfig::sslModes().contains(config.pgSslMode)) {
        throw Error(ErrorCode::Storage, subject,
                    "sslmode '" + config.pgSslMode.toStdString() + "' is not one of " +
                        StoreConfig::sslModes().join(QLatin1String(", ")).toStdString());
    }
    QStringList options = {QStringLiteral("connect_timeout=%1").arg(config.pgConnectTimeoutSeconds),
                           QStringLiteral("application_name=boneage")};
    const std::pair<const char*, const QString*> tls[] = {{"sslmode", &config.pgSslMode},
                                                          {"sslrootcert", &config.pgSslRootCert},
                                                          {"sslcert", &config.pgSslCert},
                                                          {"sslkey", &config.pgSslKey}};
    for (const auto& [key, value] : tls) {
        if (!value->isEmpty()) {
            options << libpqValue(key, *value, subject);
        }
    }
    return options.join(QLatin1Char(';'));
}

/// libpq's reason, with what to do about the two failures a site meets first.
std::string pgOpenFailure(const StoreConfig& config, const std::string& reason) {
    if (config.pgSslMode.startsWith(QLatin1String("verify")) &&
        (reason.find("certificate") != std::string::npos || reason.find("SSL") != std::string::npos)) {
        return "the server's TLS certificate was refused (sslmode=" + config.pgSslMode.toStdString() +
               "): " + reason;
    }
    if (reason.find("no password supplied") != std::string::npos ||
        reason.find("password authentication failed") != std::string::npos) {
        return reason +
               " (libpq reads the password from ~/.pgpass, the file PGPASSFILE names, or PGPASSWORD)";
    }
    return reason;
}

/// The database file and its folder, owner-only: missing folders are created 0700 (the application's own
/// data folder is made 0700 even if it existed), the file is created 0600, and an existing file and its
/// -wal/-shm are set to 0600 (SQLite gives -wal and -shm the database file's mode).
void prepareOwnerOnlyFile(const QString& path, const std::string& subject) {
    const QFileInfo file(path);
    const std::string folder = QFile::encodeName(file.absolutePath()).toStdString();
    createPrivateDirectories(folder);
    if (file.absolutePath() == QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)) {
        ensurePrivateDirectory(folder);
    }
    const std::string database = QFile::encodeName(file.absoluteFilePath()).toStdString();
    try {
        createPrivateFile(database);
        restrictToOwner(database + "-wal");
        restrictToOwner(database + "-shm");
    } catch (const Error& e) {
        // Another account's file that this one may write: open it all the same, but say so.
        qCWarning(lcStore) << "the case database is not owner-only:" << e.cause().c_str();
        if (!file.exists()) {
            throw Error(ErrorCode::Storage, subject, "cannot create the database file: " + e.cause());
        }
    }
}

}  // namespace

Connection::Connection(const StoreConfig& config)
    : m_dialect(config.backend == StoreConfig::Backend::Sqlite ? Dialect::Sqlite : Dialect::Postgres),
      m_subject(config.describe().toStdString()),
      m_name(connectionName()),
      m_thread(QThread::currentThread()) {
    const char* driver = m_dialect == Dialect::Sqlite ? "QSQLITE" : "QPSQL";
    if (!QSqlDatabase::isDriverAvailable(QLatin1String(driver))) {
        throw Error(ErrorCode::Storage, m_subject,
                    std::string("the Qt SQL driver ") + driver + " is not installed");
    }
    m_db = QSqlDatabase::addDatabase(QLatin1String(driver), m_name);
    if (m_dialect == Dialect::Sqlite) {
        if (config.sqlitePath.isEmpty()) {
            throw Error(ErrorCode::Storage, "case database", "no SQLite file configured");
        }
        const QFileInfo file(config.sqlitePath);
        if (config.readOnly && !file.exists()) {
            throw Error(ErrorCode::Storage, m_subject, "no such database file");
        }
        // Before Qt SQL touches the file, on a read-only connection of its own: a damaged database is
        // reported exactly as it was found.
        if (const auto damage = findDamage(QFile::encodeName(file.absoluteFilePath()).toStdString())) {
            throw DamagedDatabase(m_subject, *damage);
        }
        if (!config.readOnly) {
            prepareOwnerOnlyFile(config.sqlitePath, m_subject);
        }
        m_sqlitePath = file.absoluteFilePath();
        m_db.setDatabaseName(config.sqlitePath);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
    } else {
        m_db.setHostName(config.pgHost);
        m_db.setPort(config.pgPort);
        m_db.setDatabaseName(config.pgDatabase);
        m_db.setUserName(config.pgUser);
        m_db.setConnectOptions(pgConnectOptions(config, m_subject));
    }
    if (!m_db.open()) {
        const QSqlError error = m_db.lastError();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        const std::string reason = firstLine(error);
        throw Error(ErrorCode::Storage, m_subject,
                    "cannot open the database: " +
                        (m_dialect == Dialect::Postgres ? pgOpenFailure(config, reason) : reason));
    }
    if (m_dialect == Dialect::Sqlite) {
        // A brand-new file opened by several processes at once can answer SQLITE_BUSY to these even with
        // the busy timeout (one of them is switching it to WAL), hence openingStatement()'s short retry.
        openingStatement(QStringLiteral("PRAGMA busy_timeout = %1").arg(kSqliteBusyTimeoutMs),
                         "set busy timeout");
        openingStatement(QStringLiteral("PRAGMA foreign_keys = ON"), "enable foreign keys");
        openingStatement(QStringLiteral("PRAGMA synchronous = FULL"), "set synchronous=FULL");
        if (config.readOnly) {
            openingStatement(QStringLiteral("PRAGMA query_only = ON"), "set query_only");
        } else {
            // Persistent in the file.
            QSqlQuery query = openingStatement(QStringLiteral("PRAGMA journal_mode = WAL"), "enable WAL");
            const QString mode = query.next() ? query.value(0).toString().toLower() : QString();
            if (mode != QLatin1String("wal")) {
                throw Error(ErrorCode::Storage, m_subject, "cannot switch the database to WAL mode");
            }
        }
    } else {
        run(QStringLiteral("SET client_min_messages TO warning"), "set client messages");
        run(QStringLiteral("SET client_encoding TO 'UTF8'"), "set client encoding");
        if (config.readOnly) {
            run(QStringLiteral("SET default_transaction_read_only TO on"), "set read-only");
        }
    }
    qCDebug(lcStore) << "opened" << m_name;
}

Connection::~Connection() {
    rollback();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QSqlQuery Connection::prepare(const QString& sql) {
    QSqlQuery query(m_db);
    if (!query.prepare(sql)) {
        fail("prepare statement", query.lastError());
    }
    return query;
}

void Connection::exec(QSqlQuery& query, const char* what) {
    if (!query.exec()) {
        fail(what, query.lastError());
    }
}

QSqlQuery Connection::run(const QString& sql, const char* what) {
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        fail(what, query.lastError());
    }
    return query;
}

void Connection::beginWrite() {
    if (m_dialect == Dialect::Sqlite) {
        run(QStringLiteral("BEGIN IMMEDIATE"), "begin write transaction");
        m_inTransaction = true;
    } else {
        run(QStringLiteral("BEGIN"), "begin write transaction");
        m_inTransaction = true;
        run(QStringLiteral("LOCK TABLE audit_log IN EXCLUSIVE MODE"), "lock the audit log");
    }
}

void Connection::beginMigration() {
    if (m_dialect == Dialect::Sqlite) {
        run(QStringLiteral("BEGIN IMMEDIATE"), "begin migration");
        m_inTransaction = true;
    } else {
        // A session lock taken before BEGIN, not a transaction lock taken after it: a transaction that began
        // before another opener's migration committed keeps that opener's tables out of its catalog cache.
        run(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLockKey), "lock for migration");
        m_migrationLock = true;
        try {
            run(QStringLiteral("BEGIN"), "begin migration");
        } catch (...) {
            releaseMigrationLock();
            throw;
        }
        m_inTransaction = true;
    }
}

void Connection::beginRead() {
    if (m_dialect == Dialect::Sqlite) {
        run(QStringLiteral("BEGIN"), "begin read transaction");
    } else {
        run(QStringLiteral("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"),
            "begin read transaction");
    }
    m_inTransaction = true;
}

void Connection::commit() {
    run(QStringLiteral("COMMIT"), "commit");
    m_inTransaction = false;
    releaseMigrationLock();
}

void Connection::releaseMigrationLock() noexcept {
    if (!m_migrationLock) {
        return;
    }
    m_migrationLock = false;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLockKey))) {
        qCWarning(lcStore) << "cannot release the migration lock:" << query.lastError().text();
    }
}

void Connection::rollback() noexcept {
    if (!m_inTransaction) {
        releaseMigrationLock();
        return;
    }
    m_inTransaction = false;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK"))) {
        // SQLite rolls back by itself after some errors; nothing else to do.
        qCDebug(lcStore) << "rollback:" << query.lastError().text();
    }
    releaseMigrationLock();
}

bool Connection::tableExists(const QString& table) {
    QSqlQuery query =
        prepare(m_dialect == Dialect::Sqlite
                    ? QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
                    : QStringLiteral("SELECT 1 WHERE to_regclass(?) IS NOT NULL"));
    query.addBindValue(table);
    exec(query, "look up a table");
    return query.next();
}

QSqlQuery Connection::openingStatement(const QString& sql, const char* what) {
    for (int attempt = 0;; ++attempt) {
        QSqlQuery query(m_db);
        if (query.exec(sql))
            return query;
        if (!isTransient(query.lastError()) || attempt == 49)
            fail(what, query.lastError());
        QThread::msleep(20);
    }
}

bool Connection::isTransient(const QSqlError& error) const {
    const QString code = error.nativeErrorCode();
    if (m_dialect == Dialect::Sqlite) {
        bool ok = false;
        const int primary = code.toInt(&ok) & 0xff;
        return ok && (primary == 5 /* SQLITE_BUSY */ || primary == 6 /* SQLITE_LOCKED */);
    }
    // serialization_failure, deadlock_detected, lock_not_available
    return code == QLatin1String("40001") || code == QLatin1String("40P01") || code == QLatin1String("55P03");
}

void Connection::fail(const char* what, const QSqlError& error) const {
    throw SqlFailure(m_subject, std::string(what) + ": " + firstLine(error), isTransient(error));
}

QVariant nullableDouble(const std::optional<double>& value) {
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<double>());
}

QVariant nullableId(const std::optional<qint64>& value) {
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant nullableDate(const QDate& date) {
    return date.isValid() ? QVariant(date.toString(Qt::ISODate)) : QVariant(QMetaType::fromType<QString>());
}

QVariant text(const QString& value) {
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

}  // namespace boneage::store::detail
