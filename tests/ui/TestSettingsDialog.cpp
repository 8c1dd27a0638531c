// SettingsDialog and AppSettings for the case database (issue 9, defect 8): the reader chooses a SQLite file
// or a shared PostgreSQL server with its TLS settings; the choice survives a restart as settings, becomes the
// StoreConfig the workstation opens, and no password is asked for or stored anywhere.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/AppSettings.h"
#include "ui/SettingsDialog.h"

using namespace boneage;

class TestSettingsDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void postgresFields_ShouldBecomeTheStoreConfig();
    void sqliteChoice_ShouldHideTheServerFields();
    void settings_ShouldSurviveARestartWithoutAPassword();

private:
    template <typename T>
    static T* field(const QWidget& dialog, const char* name) {
        T* widget = dialog.findChild<T*>(QLatin1String(name));
        if (!widget)
            qFatal("no widget %s", name);
        return widget;
    }
};

void TestSettingsDialog::postgresFields_ShouldBecomeTheStoreConfig() {
    ui::SettingsDialog dialog{ui::AppSettings{}};
    dialog.show();
    auto* backend = field<QComboBox>(dialog, "databaseBackendCombo");
    backend->setCurrentIndex(backend->findData(QStringLiteral("postgresql")));
    QVERIFY(field<QLineEdit>(dialog, "pgHostEdit")->isVisible());
    QTest::keyClicks(field<QLineEdit>(dialog, "pgHostEdit"), QStringLiteral("cases.radiology.example"));
    field<QSpinBox>(dialog, "pgPortSpin")->setValue(6432);
    QTest::keyClicks(field<QLineEdit>(dialog, "pgDatabaseEdit"), QStringLiteral("boneage"));
    QTest::keyClicks(field<QLineEdit>(dialog, "pgUserEdit"), QStringLiteral("reading_room_3"));
    QTest::keyClicks(field<QLineEdit>(dialog, "pgSslRootCertEdit"),
                     QStringLiteral("/etc/boneage/site-ca.pem"));
    auto* sslmode = field<QComboBox>(dialog, "pgSslModeCombo");
    QCOMPARE(sslmode->currentData().toString(), QStringLiteral("verify-full"));  // the default
    QCOMPARE(sslmode->count(), 6);
    QVERIFY2(field<QLabel>(dialog, "pgPasswordNote")->text().contains(QLatin1String("~/.pgpass")),
             "the dialog does not say where the password goes");
    for (const QLineEdit* edit : dialog.findChildren<QLineEdit*>())
        QVERIFY2(edit->echoMode() == QLineEdit::Normal, "the dialog asks for a password");

    const store::StoreConfig config = dialog.settings().storeConfig();
    QCOMPARE(config.backend, store::StoreConfig::Backend::Postgres);
    QCOMPARE(config.describe(),
             QStringLiteral(
                 "postgresql://reading_room_3@cases.radiology.example:6432/boneage?sslmode=verify-full"));
    QCOMPARE(config.pgSslRootCert, QStringLiteral("/etc/boneage/site-ca.pem"));

    sslmode->setCurrentIndex(sslmode->findData(QStringLiteral("require")));
    QCOMPARE(dialog.settings().storeConfig().pgSslMode, QStringLiteral("require"));
}

void TestSettingsDialog::sqliteChoice_ShouldHideTheServerFields() {
    ui::AppSettings pg;
    pg.databaseBackend = store::StoreConfig::Backend::Postgres;
    pg.pgDatabase = QStringLiteral("boneage");
    ui::SettingsDialog dialog(pg);
    dialog.show();
    auto* backend = field<QComboBox>(dialog, "databaseBackendCombo");
    QCOMPARE(backend->currentData().toString(), QStringLiteral("postgresql"));
    backend->setCurrentIndex(backend->findData(QStringLiteral("sqlite")));
    QVERIFY(!field<QLineEdit>(dialog, "pgHostEdit")->isVisible());
    QVERIFY(field<QLineEdit>(dialog, "sqlitePathEdit")->isVisible());
    QCOMPARE(dialog.settings().storeConfig().sqlitePath, store::StoreConfig::defaultSqlite().sqlitePath);
    QTest::keyClicks(field<QLineEdit>(dialog, "sqlitePathEdit"), QStringLiteral("/srv/boneage/cases.sqlite"));
    QCOMPARE(dialog.settings().storeConfig().sqlitePath, QStringLiteral("/srv/boneage/cases.sqlite"));
}

void TestSettingsDialog::settings_ShouldSurviveARestartWithoutAPassword() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("boneage.conf"));
    ui::AppSettings written;
    written.databaseBackend = store::StoreConfig::Backend::Postgres;
    written.pgHost = QStringLiteral("db.site");
    written.pgPort = 5433;
    written.pgDatabase = QStringLiteral("cases");
    written.pgUser = QStringLiteral("ws");
    written.pgSslMode = QStringLiteral("verify-ca");
    written.pgSslRootCert = QStringLiteral("/etc/ca.pem");
    {
        QSettings settings(file, QSettings::IniFormat);
        written.save(settings);
    }
    QSettings settings(file, QSettings::IniFormat);
    const ui::AppSettings read = ui::AppSettings::load(settings);
    QCOMPARE(read.storeConfig().describe(), written.storeConfig().describe());
    QCOMPARE(read.pgSslRootCert, written.pgSslRootCert);
    for (const QString& key : settings.allKeys())
        QVERIFY2(!key.contains(QLatin1String("password"), Qt::CaseInsensitive), qPrintable(key));
}

QTEST_MAIN(TestSettingsDialog)
#include "TestSettingsDialog.moc"
