#include "ui/AppSettings.h"

#include <QCoreApplication>
#include <QSettings>

#include "assessment/ShippedModel.h"

namespace boneage::ui {

AppSettings AppSettings::load(QSettings& s) {
    AppSettings a;
    a.modelDir = s.value(QStringLiteral("model/dir")).toString();
    a.device = s.value(QStringLiteral("model/device"), QStringLiteral("auto")).toString();
    a.defaultPreset = presetFromKey(s.value(QStringLiteral("viewer/defaultPreset")).toString());
    a.readerName = s.value(QStringLiteral("reader/name")).toString();
    a.databaseBackend = s.value(QStringLiteral("database/backend")).toString() == QLatin1String("postgresql")
                            ? store::StoreConfig::Backend::Postgres
                            : store::StoreConfig::Backend::Sqlite;
    a.sqlitePath = s.value(QStringLiteral("database/sqlitePath")).toString();
    a.pgHost = s.value(QStringLiteral("database/pgHost")).toString();
    a.pgPort = s.value(QStringLiteral("database/pgPort"), 5432).toInt();
    a.pgDatabase = s.value(QStringLiteral("database/pgDatabase")).toString();
    a.pgUser = s.value(QStringLiteral("database/pgUser")).toString();
    a.pgSslMode = s.value(QStringLiteral("database/pgSslMode"), a.pgSslMode).toString();
    a.pgSslRootCert = s.value(QStringLiteral("database/pgSslRootCert")).toString();
    a.pacs = PacsSettings::load(s);
    return a;
}

void AppSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("model/dir"), modelDir);
    s.setValue(QStringLiteral("model/device"), device);
    s.setValue(QStringLiteral("viewer/defaultPreset"), presetKey(defaultPreset));
    s.setValue(QStringLiteral("reader/name"), readerName);
    const bool pg = databaseBackend == store::StoreConfig::Backend::Postgres;
    s.setValue(QStringLiteral("database/backend"),
               pg ? QStringLiteral("postgresql") : QStringLiteral("sqlite"));
    s.setValue(QStringLiteral("database/sqlitePath"), sqlitePath);
    s.setValue(QStringLiteral("database/pgHost"), pgHost);
    s.setValue(QStringLiteral("database/pgPort"), pgPort);
    s.setValue(QStringLiteral("database/pgDatabase"), pgDatabase);
    s.setValue(QStringLiteral("database/pgUser"), pgUser);
    s.setValue(QStringLiteral("database/pgSslMode"), pgSslMode);
    s.setValue(QStringLiteral("database/pgSslRootCert"), pgSslRootCert);
    pacs.save(s);
}

store::StoreConfig AppSettings::storeConfig() const {
    if (databaseBackend == store::StoreConfig::Backend::Sqlite) {
        return sqlitePath.isEmpty() ? store::StoreConfig::defaultSqlite()
                                    : store::StoreConfig::sqlite(sqlitePath);
    }
    store::StoreConfig config;
    config.backend = store::StoreConfig::Backend::Postgres;
    config.pgHost = pgHost.isEmpty() ? QStringLiteral("localhost") : pgHost;
    config.pgPort = pgPort;
    config.pgDatabase = pgDatabase;
    config.pgUser = pgUser;
    config.pgSslMode = pgSslMode;
    config.pgSslRootCert = pgSslRootCert;
    return config;
}

QString AppSettings::effectiveModelDir() const {
    return modelDir.isEmpty() ? QString::fromStdString(assessment::shippedModelDir()) : modelDir;
}

QString presetKey(imaging::WindowPreset preset) {
    switch (preset) {
        case imaging::WindowPreset::Bone:
            return QStringLiteral("bone");
        case imaging::WindowPreset::FullRange:
            return QStringLiteral("full");
        case imaging::WindowPreset::DicomDefault:
            break;
    }
    return QStringLiteral("dicom");
}

imaging::WindowPreset presetFromKey(const QString& key) {
    if (key == QLatin1String("bone"))
        return imaging::WindowPreset::Bone;
    if (key == QLatin1String("full"))
        return imaging::WindowPreset::FullRange;
    return imaging::WindowPreset::DicomDefault;
}

QString presetName(imaging::WindowPreset preset) {
    switch (preset) {
        case imaging::WindowPreset::Bone:
            return QCoreApplication::translate("AppSettings", "Bone");
        case imaging::WindowPreset::FullRange:
            return QCoreApplication::translate("AppSettings", "Full range");
        case imaging::WindowPreset::DicomDefault:
            break;
    }
    return QCoreApplication::translate("AppSettings", "DICOM default");
}

}  // namespace boneage::ui
