#pragma once

// A throw-away PostgreSQL server for tests: initdb in a temporary folder, started on its own loopback port
// as an unprivileged user (postgres refuses to run as root), stopped by the destructor and, should the test
// process die first, by a small watchdog shell that waits for it.

#include <QString>
#include <QTemporaryDir>
#include <memory>

#include "store/StoreConfig.h"

namespace boneage::store::test {

class TempPostgres {
public:
    TempPostgres();
    ~TempPostgres();
    TempPostgres(const TempPostgres&) = delete;
    TempPostgres& operator=(const TempPostgres&) = delete;

    /// Folder with initdb, pg_ctl and postgres (BONEAGE_PG_BIN, else the newest /usr/lib/postgresql/*/bin);
    /// empty when none is installed.
    static QString binDir();

    /// initdb + start; false with `error` set when that fails.
    bool start(QString* error);
    /// Immediate shutdown; safe to call twice.
    void stop();
    bool running() const { return m_running; }
    int port() const { return m_port; }

    /// Creates a database (owned by the superuser "boneage"); false with `error` set on failure.
    bool createDatabase(const QString& name, QString* error);
    StoreConfig config(const QString& database) const;

private:
    bool runAsServerUser(const QString& program, const QStringList& arguments, int timeoutMs, QString* error);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    int m_port = 0;
    bool m_running = false;
    qint64 m_watchdogPid = 0;
};

}  // namespace boneage::store::test
