#include "store/StoreConfig.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

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

StoreConfig StoreConfig::temporarySqlite(const QString& privateFolder) {
    StoreConfig config = sqlite(privateFolder + QStringLiteral("/cases.sqlite"));
    config.temporary = true;
    return config;
}

const QStringList& StoreConfig::sslModes() {
    static const QStringList modes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                      QStringLiteral("prefer"),    QStringLiteral("require"),
                                      QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    return modes;
}

namespace {

[[noreturn]] void badConnectionString(const std::string& cause) {
    throw Error(ErrorCode::Usage, "PostgreSQL connection string", cause);
}

[[noreturn]] void passwordRefused() {
    badConnectionString(
        "a password does not belong in the connection string (it would sit on a command line or in a "
        "settings file); put it in ~/.pgpass or in the file PGPASSFILE names, or set PGPASSWORD");
}

int parsePositive(const QString& text, const char* what, int highest) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value <= 0 || value > highest) {
        badConnectionString(std::string(what) + " is not a number between 1 and " + std::to_string(highest));
    }
    return value;
}

void applyKeyword(StoreConfig& config, const QString& key, const QString& value) {
    if (key == QLatin1String("host") || key == QLatin1String("hostaddr")) {
        config.pgHost = value;
    } else if (key == QLatin1String("port")) {
        config.pgPort = parsePositive(value, "port", 65535);
    } else if (key == QLatin1String("dbname")) {
        config.pgDatabase = value;
    } else if (key == QLatin1String("user")) {
        config.pgUser = value;
    } else if (key == QLatin1String("password")) {
        passwordRefused();
    } else if (key == QLatin1String("connect_timeout")) {
        config.pgConnectTimeoutSeconds = parsePositive(value, "connect_timeout", 3600);
    } else if (key == QLatin1String("sslmode")) {
        if (!StoreConfig::sslModes().contains(value)) {
            badConnectionString("sslmode '" + value.toStdString() + "' is not one of " +
                                StoreConfig::sslModes().join(QLatin1String(", ")).toStdString());
        }
        config.pgSslMode = value;
    } else if (key == QLatin1String("sslrootcert")) {
        config.pgSslRootCert = value;
    } else if (key == QLatin1String("sslcert")) {
        config.pgSslCert = value;
    } else if (key == QLatin1String("sslkey")) {
        config.pgSslKey = value;
    } else {
        badConnectionString("unsupported keyword '" + key.toStdString() + "'");
    }
}

/// libpq's keyword/value grammar: `key = value` pairs separated by white space; a value may be single-quoted,
/// with \' and \\ inside.
void parseKeywords(StoreConfig& config, const QString& text) {
    qsizetype i = 0;
    const qsizetype n = text.size();
    auto skipSpace = [&] {
        while (i < n && text[i].isSpace()) {
            ++i;
        }
    };
    int pairs = 0;
    for (skipSpace(); i < n; skipSpace()) {
        const qsizetype keyStart = i;
        while (i < n && text[i] != QLatin1Char('=') && !text[i].isSpace()) {
            ++i;
        }
        const QString key = text.mid(keyStart, i - keyStart);
        skipSpace();
        if (key.isEmpty() || i >= n || text[i] != QLatin1Char('=')) {
            badConnectionString("expected keyword=value pairs");
        }
        ++i;
        skipSpace();
        QString value;
        if (i < n && text[i] == QLatin1Char('\'')) {
            bool closed = false;
            for (++i; i < n; ++i) {
                if (text[i] == QLatin1Char('\\') && i + 1 < n) {
                    value += text[++i];
                } else if (text[i] == QLatin1Char('\'')) {
                    closed = true;
                    ++i;
                    break;
                } else {
                    value += text[i];
                }
            }
            if (!closed) {
                badConnectionString("unterminated quoted value for '" + key.toStdString() + "'");
            }
        } else {
            while (i < n && !text[i].isSpace()) {
                if (text[i] == QLatin1Char('\\') && i + 1 < n) {
                    ++i;
                }
                value += text[i++];
            }
        }
        applyKeyword(config, key, value);
        ++pairs;
    }
    if (pairs == 0) {
        badConnectionString("empty");
    }
}

void parseUri(StoreConfig& config, const QString& text) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        badConnectionString("not a valid postgresql:// URI");
    }
    if (!url.password().isEmpty()) {
        passwordRefused();
    }
    config.pgHost = url.host();
    if (url.port() > 0) {
        config.pgPort = url.port();
    }
    config.pgUser = url.userName();
    config.pgDatabase = url.path().mid(1);
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host") || key == QLatin1String("port") || key == QLatin1String("dbname") ||
            key == QLatin1String("user")) {
            badConnectionString("give '" + key.toStdString() + "' in the URI itself, not as a parameter");
        }
        applyKeyword(config, key, value);
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
        parseUri(config, trimmed);
    } else {
        parseKeywords(config, trimmed);
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
    QString text = QStringLiteral("postgresql://%1%2:%3/%4").arg(user, pgHost).arg(pgPort).arg(pgDatabase);
    if (!pgSslMode.isEmpty()) {
        text += QStringLiteral("?sslmode=") + pgSslMode;
    }
    return text;
}

}  // namespace boneage::store
