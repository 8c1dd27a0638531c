#include "TempPostgres.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace boneage::store::test {

namespace {

constexpr const char* kServerUser = "nobody";

/// A loopback port that was free a moment ago (the kernel picks it).
int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

/// Root runs the server tools as `nobody` through setpriv (no password prompt); anyone else runs them
/// directly.
QStringList wrapForServerUser(const QString& program, const QStringList& arguments) {
    if (::geteuid() != 0) {
        return QStringList{program} + arguments;
    }
    return QStringList{QStringLiteral("setpriv"),
                       QStringLiteral("--reuid=%1").arg(QLatin1String(kServerUser)),
                       QStringLiteral("--regid=nogroup"), QStringLiteral("--clear-groups"), program} +
           arguments;
}

QString shellQuote(const QString& text) {
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

/// Runs a tool to completion; false with `error` set to its output when it fails.
bool runTool(const QString& program, const QStringList& arguments, const QString& folder, QString* error,
             int timeoutMs = 60000) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(folder);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *error = QFileInfo(program).fileName() + QStringLiteral(" failed: ") +
                 QString::fromLocal8Bit(process.readAll()).trimmed() + process.errorString();
        process.kill();
        process.waitForFinished(1000);
        return false;
    }
    return true;
}

/// Hands a file to the server user (root runs the server as `nobody`).
bool giveToServerUser(const QString& path) {
    if (::geteuid() != 0) {
        return true;
    }
    const passwd* user = ::getpwnam(kServerUser);
    return user && ::chown(QFile::encodeName(path).constData(), user->pw_uid, user->pw_gid) == 0;
}

}  // namespace

TempPostgres::TempPostgres() : m_bin(binDir()) {}

TempPostgres::TempPostgres(Options options) : m_options(options), m_bin(binDir()) {}

QString TempPostgres::opensslTool() {
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

bool TempPostgres::makeCertificates(const QString& dataDir, QString* error) {
    const QString openssl = opensslTool();
    if (openssl.isEmpty()) {
        *error = QStringLiteral("the openssl tool is not installed");
        return false;
    }
    const QString tls = m_dir->filePath(QStringLiteral("tls"));
    QDir().mkpath(tls);
    const QStringList ecKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    QFile extensions(tls + QStringLiteral("/server.ext"));
    if (!extensions.open(QIODevice::WriteOnly) ||
        extensions.write("subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\n"
                         "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n") < 0) {
        *error = QStringLiteral("cannot write the certificate extensions");
        return false;
    }
    extensions.close();
    const QString serverKey = dataDir + QStringLiteral("/server.key");
    const QString serverCert = dataDir + QStringLiteral("/server.crt");
    const bool made =
        runTool(
            openssl,
            QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ecKey +
                QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                            QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"),
                            QStringLiteral("-subj"), QStringLiteral("/CN=BoneAge test CA"),
                            QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                            QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign")},
            tls, error) &&
        runTool(openssl,
                QStringList{QStringLiteral("req")} + ecKey +
                    QStringList{QStringLiteral("-keyout"), serverKey, QStringLiteral("-out"),
                                QStringLiteral("server.csr"), QStringLiteral("-subj"),
                                QStringLiteral("/CN=localhost")},
                tls, error) &&
        runTool(openssl,
                {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                 QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                 QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                 QStringLiteral("server.ext"), QStringLiteral("-out"), serverCert},
                tls, error);
    if (!made) {
        return false;
    }
    // The server refuses a key that others can read, or that belongs to someone else.
    if (!QFile::setPermissions(serverKey, QFile::ReadOwner | QFile::WriteOwner) ||
        !giveToServerUser(serverKey) || !giveToServerUser(serverCert)) {
        *error = QStringLiteral("cannot hand the server key to the server user");
        return false;
    }
    return true;
}

bool TempPostgres::requirePasswordForRole(const QString& dataDir, QString* error) {
    QFile hba(dataDir + QStringLiteral("/pg_hba.conf"));
    if (!hba.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read pg_hba.conf");
        return false;
    }
    const QByteArray rest = hba.readAll();
    hba.close();
    // First match wins: the password role must authenticate, everyone else stays trusted.
    const QByteArray first = QStringLiteral(
                                 "host all %1 127.0.0.1/32 scram-sha-256\nhost all %1 ::1/128 "
                                 "scram-sha-256\n")
                                 .arg(passwordRoleName())
                                 .toUtf8();
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) || hba.write(first + rest) < 0) {
        *error = QStringLiteral("cannot write pg_hba.conf");
        return false;
    }
    return true;
}

QString TempPostgres::caCertificate() const {
    return m_options.tls && m_dir ? m_dir->filePath(QStringLiteral("tls/ca.crt")) : QString();
}

TempPostgres::~TempPostgres() {
    stop();
}

QString TempPostgres::binDir() {
    const QString fromEnv = qEnvironmentVariable("BONEAGE_PG_BIN");
    if (!fromEnv.isEmpty()) {
        return QFileInfo::exists(fromEnv + QStringLiteral("/pg_ctl")) ? fromEnv : QString();
    }
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& version : versions) {
        const QString bin = root.filePath(version + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/initdb")) &&
            QFileInfo::exists(bin + QStringLiteral("/pg_ctl")) &&
            QFileInfo::exists(bin + QStringLiteral("/postgres"))) {
            return bin;
        }
    }
    return {};
}

bool TempPostgres::runAsServerUser(const QString& program, const QStringList& arguments, int timeoutMs,
                                   QString* error) {
    const QStringList command = wrapForServerUser(m_bin + QLatin1Char('/') + program, arguments);
    if (!runTool(command.front(), command.mid(1), m_dir->path(), error, timeoutMs)) {
        *error = program + QStringLiteral(": ") + *error;
        return false;
    }
    return true;
}

bool TempPostgres::start(QString* error) {
    if (m_bin.isEmpty()) {
        *error = QStringLiteral("no PostgreSQL server binaries found");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/boneage-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    if (::geteuid() == 0) {
        const passwd* user = ::getpwnam(kServerUser);
        if (!user || ::chown(QFile::encodeName(m_dir->path()).constData(), user->pw_uid, user->pw_gid) != 0) {
            *error = QStringLiteral("cannot hand the temporary folder to user nobody");
            return false;
        }
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (!runAsServerUser(QStringLiteral("initdb"),
                         {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("boneage"),
                          QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                          QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
                         60000, error)) {
        return false;
    }
    if (!requirePasswordForRole(data, error) || (m_options.tls && !makeCertificates(data, error))) {
        return false;
    }
    const QString tlsOptions = m_options.tls ? QStringLiteral(
                                                   " -c ssl=on -c ssl_cert_file=server.crt "
                                                   "-c ssl_key_file=server.key")
                                             : QString();
    // The port can be taken between the probe and the start: try a few.
    for (int attempt = 0; attempt < 3 && !m_running; ++attempt) {
        m_port = freeLoopbackPort();
        const QString options = QStringLiteral(
                                    "-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                    "-c full_page_writes=off -c max_connections=60")
                                    .arg(m_port)
                                    .arg(m_dir->path()) +
                                tlsOptions;
        m_running =
            runAsServerUser(QStringLiteral("pg_ctl"),
                            {QStringLiteral("-D"), data, QStringLiteral("-o"), options, QStringLiteral("-l"),
                             m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                             QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("start")},
                            40000, error);
    }
    if (!m_running) {
        return false;
    }
    // Watchdog: stop the server and remove the folder if this process dies without running stop().
    const QStringList stopCommand = wrapForServerUser(m_bin + QStringLiteral("/pg_ctl"),
                                                      {QStringLiteral("-D"), data, QStringLiteral("-m"),
                                                       QStringLiteral("immediate"), QStringLiteral("stop")});
    QStringList quoted;
    for (const QString& word : stopCommand) {
        quoted << shellQuote(word);
    }
    const QString script =
        QStringLiteral("while kill -0 %1 2>/dev/null; do sleep 1; done; %2 >/dev/null 2>&1; rm -rf %3")
            .arg(QCoreApplication::applicationPid())
            .arg(quoted.join(QLatin1Char(' ')), shellQuote(m_dir->path()));
    QProcess::startDetached(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script}, QString(),
                            &m_watchdogPid);
    return true;
}

void TempPostgres::stop() {
    if (m_running) {
        QString ignored;
        runAsServerUser(QStringLiteral("pg_ctl"),
                        {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
                         QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
                        30000, &ignored);
        m_running = false;
    }
    if (m_watchdogPid > 0) {
        ::kill(pid_t(m_watchdogPid), SIGTERM);
        m_watchdogPid = 0;
    }
    m_dir.reset();
}

bool TempPostgres::createDatabase(const QString& name, QString* error) {
    return adminQuery(QStringLiteral("CREATE DATABASE \"%1\"").arg(name), error);
}

bool TempPostgres::createPasswordRole(const QString& role, const QString& password, QString* error) {
    QString quoted = password;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return adminQuery(QStringLiteral("CREATE ROLE \"%1\" LOGIN SUPERUSER PASSWORD '%2'").arg(role, quoted),
                      error);
}

bool TempPostgres::adminQuery(const QString& sql, QString* error) {
    const QString connection = QStringLiteral("boneage.test.pgadmin");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("boneage"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok) {
                *error = query.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

StoreConfig TempPostgres::config(const QString& database) const {
    StoreConfig config;
    config.backend = StoreConfig::Backend::Postgres;
    config.pgHost = QStringLiteral("127.0.0.1");
    config.pgPort = m_port;
    config.pgUser = QStringLiteral("boneage");
    config.pgDatabase = database;
    return config;
}

}  // namespace boneage::store::test
