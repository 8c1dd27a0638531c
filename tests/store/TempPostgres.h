#pragma once

// A throw-away PostgreSQL server for tests: initdb in a temporary folder, started on its own loopback port
// as an unprivileged user (postgres refuses to run as root), stopped by the destructor and, should the test
// process die first, by a small watchdog shell that waits for it. With TLS it runs ssl=on with a server
// certificate made at start by the openssl tool: a test CA, and a server certificate for the DNS name
// "localhost" only (no IP address), so that verify-full to 127.0.0.1 must be refused.

#include <QString>
#include <QTemporaryDir>
#include <memory>

#include "store/StoreConfig.h"

namespace boneage::store::test {

class TempPostgres {
public:
    struct Options {
        bool tls = false;  ///< ssl=on with a certificate for "localhost" signed by caCertificate()
    };

    TempPostgres();
    explicit TempPostgres(Options options);
    ~TempPostgres();
    TempPostgres(const TempPostgres&) = delete;
    TempPostgres& operator=(const TempPostgres&) = delete;

    /// Folder with initdb, pg_ctl and postgres (BONEAGE_PG_BIN, else the newest /usr/lib/postgresql/*/bin);
    /// empty when none is installed.
    static QString binDir();

    /// The openssl command-line tool, or empty when it is not installed.
    static QString opensslTool();

    /// initdb + start; false with `error` set when that fails.
    bool start(QString* error);
    /// Immediate shutdown; safe to call twice.
    void stop();
    bool running() const { return m_running; }
    int port() const { return m_port; }

    /// Creates a database (owned by the superuser "boneage"); false with `error` set on failure.
    bool createDatabase(const QString& name, QString* error);
    /// Creates a superuser role that must log in with `password` (scram-sha-256 over TCP; every other role is
    /// trusted); false with `error` set on failure.
    bool createPasswordRole(const QString& role, const QString& password, QString* error);
    /// The role createPasswordRole() may create: pg_hba.conf asks it, and only it, for a password.
    static QString passwordRoleName() { return QStringLiteral("boneage_pw"); }
    /// The test CA's certificate (PEM) when started with TLS; empty otherwise.
    QString caCertificate() const;
    /// host 127.0.0.1, this port, user "boneage", `database`; libpq's default sslmode.
    StoreConfig config(const QString& database) const;

private:
    bool runAsServerUser(const QString& program, const QStringList& arguments, int timeoutMs, QString* error);
    bool makeCertificates(const QString& dataDir, QString* error);
    bool requirePasswordForRole(const QString& dataDir, QString* error);
    bool adminQuery(const QString& sql, QString* error);

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    int m_port = 0;
    bool m_running = false;
    qint64 m_watchdogPid = 0;
};

}  // namespace boneage::store::test
