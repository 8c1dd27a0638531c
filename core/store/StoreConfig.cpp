#include "store/StoreConfig.h"

#include <QDir>
#include <QStandardPaths>
#include <QStringList>
#include <QUrl>

#include "common/Error.h"

namespace boneage::store {

StoreConfig StoreConfig::defaultSqlite() {
    QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (folder.isEmpty()) {
        folder = QDir::homePath() + QStringLiteral("/.local/share/boneage");
    }
    return sqlite(folder + QStringLiteral("/cases.sqlite"));
}

StoreConfig StoreConfig::sqlite(const QString& path) {
    StoreConfig config;
    config.backend = Backend::Sqlite;
    config.sqlitePath = path;
    return config;
}

namespace {

[[noreturn]] void badConnectionString(const std::string& cause) {
    throw Error(ErrorCode::Usage, "PostgreSQL connection string", cause);
}

int parsePort(const QString& text) {
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port <= 0 || port > 65535) {
        badConnectionString("port is not a number between 1 and 65535");
    }
    return port;
}

void applyKeyword(StoreConfig& config, const QString& key, const QString& value) {
    if (key == QLatin1String("host") || key == QLatin1String("hostaddr")) {
        config.pgHost = value;
    } else if (key == QLatin1String("port")) {
        config.pgPort = parsePort(value);
    } else if (key == QLatin1String("dbname")) {
        config.pgDatabase = value;
    } else if (key == QLatin1String("user")) {
        config.pgUser = value;
    } else if (key == QLatin1String("password")) {
        config.pgPassword = value;
    } else if (key == QLatin1String("connect_timeout")) {
        config.pgConnectTimeoutSeconds = parsePort(value);
    } else {
        badConnectionString("unsupported keyword '" + key.toStdString() + "'");
    }
}

}  // namespace

StoreConfig StoreConfig::fromPgConnectionString(const QString& text) {
    StoreConfig config;
    config.backend = Backend::Postgres;
    config.pgHost = QStringLiteral("localhost");
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("postgresql://")) ||
        trimmed.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            badConnectionString("not a valid postgresql:// URI");
        }
        config.pgHost = url.host();
        if (url.port() > 0) {
            config.pgPort = url.port();
        }
        config.pgUser = url.userName();
        config.pgPassword = url.password();
        config.pgDatabase = url.path().mid(1);
    } else {
        const QStringList words = trimmed.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty()) {
            badConnectionString("empty");
        }
        for (const QString& word : words) {
            const qsizetype eq = word.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                badConnectionString("expected keyword=value pairs");
            }
            applyKeyword(config, word.left(eq), word.mid(eq + 1));
        }
    }
    if (config.pgDatabase.isEmpty()) {
        badConnectionString("no database name");
    }
    return config;
}

QString StoreConfig::describe() const {
    if (backend == Backend::Sqlite) {
        return QDir::toNativeSeparators(sqlitePath);
    }
    const QString user = pgUser.isEmpty() ? QString() : pgUser + QLatin1Char('@');
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(user, pgHost).arg(pgPort).arg(pgDatabase);
}

}  // namespace boneage::store
