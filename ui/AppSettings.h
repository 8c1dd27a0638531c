#pragma once

#include <QString>

#include "imaging/Windowing.h"
#include "store/StoreConfig.h"
#include "ui/PacsSettings.h"

class QSettings;

namespace boneage::ui {

/// The workstation's persistent preferences (QSettings): model package, device, default window preset, the
/// reader's name and where the case database is. A plain value; load() and save() do the QSettings I/O.
struct AppSettings {
    QString modelDir;                         ///< empty: the shipped default package
    QString device = QStringLiteral("auto");  ///< auto|cpu|cuda
    imaging::WindowPreset defaultPreset = imaging::WindowPreset::DicomDefault;
    QString readerName;
    PacsSettings pacs;  ///< nodes, own AE title, storage listener ("pacs/..." keys)

    /// The case database: a SQLite file on this workstation, or a PostgreSQL database shared between
    /// reading rooms. There is no password here: libpq reads it from ~/.pgpass, PGPASSFILE or PGPASSWORD.
    store::StoreConfig::Backend databaseBackend = store::StoreConfig::Backend::Sqlite;
    QString sqlitePath;  ///< empty: store::StoreConfig::defaultSqlite()
    QString pgHost;
    int pgPort = 5432;
    QString pgDatabase;
    QString pgUser;                                     ///< empty: libpq's default (the account name, PGUSER)
    QString pgSslMode = QStringLiteral("verify-full");  ///< one of store::StoreConfig::sslModes()
    QString pgSslRootCert;                              ///< the site CA; empty: ~/.postgresql/root.crt

    static AppSettings load(QSettings& settings);
    void save(QSettings& settings) const;
    /// modelDir, or the build's default package when it is empty.
    QString effectiveModelDir() const;
    /// The case database these settings name.
    store::StoreConfig storeConfig() const;
};

/// "dicom", "bone", "full" (the settings value of a preset) and back; unknown text gives DicomDefault.
QString presetKey(imaging::WindowPreset preset);
imaging::WindowPreset presetFromKey(const QString& key);
/// Translated display name of a preset.
QString presetName(imaging::WindowPreset preset);

}  // namespace boneage::ui
