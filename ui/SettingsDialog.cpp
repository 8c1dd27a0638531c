#include "ui/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace boneage::ui {

SettingsDialog::SettingsDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent), m_original(settings) {
    setWindowTitle(tr("Settings"));
    auto* form = new QFormLayout;
    m_modelDir = new QLineEdit(settings.modelDir, this);
    m_modelDir->setObjectName(QStringLiteral("modelDirEdit"));
    m_modelDir->setPlaceholderText(settings.effectiveModelDir());
    auto* browse = new QPushButton(tr("Browse\u2026"), this);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelDir, 1);
    modelRow->addWidget(browse);
    form->addRow(tr("Model package"), modelRow);

    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("Automatic (GPU when available)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("GPU (CUDA)"), QStringLiteral("cuda"));
    m_device->setCurrentIndex(std::max(0, m_device->findData(settings.device)));
    form->addRow(tr("Device"), m_device);

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    for (auto p : {imaging::WindowPreset::DicomDefault, imaging::WindowPreset::Bone,
                   imaging::WindowPreset::FullRange}) {
        m_preset->addItem(presetName(p), presetKey(p));
    }
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(presetKey(settings.defaultPreset))));
    form->addRow(tr("Default window"), m_preset);

    m_reader = new QLineEdit(settings.readerName, this);
    m_reader->setObjectName(QStringLiteral("readerEdit"));
    m_reader->setPlaceholderText(tr("Shown with every confirm and override"));
    form->addRow(tr("Reader name"), m_reader);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buildDatabaseGroup(settings));
    layout->addWidget(buttons);
    setMinimumWidth(520);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Model package folder"), m_modelDir->text());
        if (!dir.isEmpty())
            m_modelDir->setText(dir);
    });
}

QWidget* SettingsDialog::buildDatabaseGroup(const AppSettings& settings) {
    auto* group = new QGroupBox(tr("Case database"), this);
    auto* layout = new QVBoxLayout(group);
    m_backend = new QComboBox(group);
    m_backend->setObjectName(QStringLiteral("databaseBackendCombo"));
    m_backend->addItem(tr("SQLite file on this workstation"), QStringLiteral("sqlite"));
    m_backend->addItem(tr("Shared PostgreSQL server"), QStringLiteral("postgresql"));
    m_backend->setCurrentIndex(settings.databaseBackend == store::StoreConfig::Backend::Postgres ? 1 : 0);
    layout->addWidget(m_backend);

    m_sqliteFields = new QWidget(group);
    auto* sqliteForm = new QFormLayout(m_sqliteFields);
    sqliteForm->setContentsMargins(0, 0, 0, 0);
    m_sqlitePath = new QLineEdit(settings.sqlitePath, m_sqliteFields);
    m_sqlitePath->setObjectName(QStringLiteral("sqlitePathEdit"));
    m_sqlitePath->setPlaceholderText(store::StoreConfig::defaultSqlite().sqlitePath);
    sqliteForm->addRow(tr("File"), m_sqlitePath);
    layout->addWidget(m_sqliteFields);

    m_pgFields = new QWidget(group);
    auto* pgForm = new QFormLayout(m_pgFields);
    pgForm->setContentsMargins(0, 0, 0, 0);
    m_pgHost = new QLineEdit(settings.pgHost, m_pgFields);
    m_pgHost->setObjectName(QStringLiteral("pgHostEdit"));
    m_pgHost->setPlaceholderText(tr("the name in the server's certificate, e.g. cases.radiology.example"));
    pgForm->addRow(tr("Host"), m_pgHost);
    m_pgPort = new QSpinBox(m_pgFields);
    m_pgPort->setObjectName(QStringLiteral("pgPortSpin"));
    m_pgPort->setRange(1, 65535);
    m_pgPort->setValue(settings.pgPort);
    pgForm->addRow(tr("Port"), m_pgPort);
    m_pgDatabase = new QLineEdit(settings.pgDatabase, m_pgFields);
    m_pgDatabase->setObjectName(QStringLiteral("pgDatabaseEdit"));
    pgForm->addRow(tr("Database"), m_pgDatabase);
    m_pgUser = new QLineEdit(settings.pgUser, m_pgFields);
    m_pgUser->setObjectName(QStringLiteral("pgUserEdit"));
    m_pgUser->setPlaceholderText(tr("this account's name"));
    pgForm->addRow(tr("User"), m_pgUser);
    m_pgSslMode = new QComboBox(m_pgFields);
    m_pgSslMode->setObjectName(QStringLiteral("pgSslModeCombo"));
    const std::pair<const char*, const char*> modes[] = {
        {"verify-full", QT_TR_NOOP("verify-full: TLS, the certificate names this host (recommended)")},
        {"verify-ca", QT_TR_NOOP("verify-ca: TLS, the certificate is signed by the CA")},
        {"require", QT_TR_NOOP("require: TLS, the server is not verified")},
        {"prefer", QT_TR_NOOP("prefer: TLS when the server offers it")},
        {"allow", QT_TR_NOOP("allow: plain unless the server insists")},
        {"disable", QT_TR_NOOP("disable: no TLS, readable on the network")}};
    for (const auto& [mode, label] : modes) {
        m_pgSslMode->addItem(tr(label), QLatin1String(mode));
    }
    m_pgSslMode->setCurrentIndex(std::max(0, m_pgSslMode->findData(settings.pgSslMode)));
    pgForm->addRow(tr("TLS"), m_pgSslMode);
    m_pgSslRootCert = new QLineEdit(settings.pgSslRootCert, m_pgFields);
    m_pgSslRootCert->setObjectName(QStringLiteral("pgSslRootCertEdit"));
    m_pgSslRootCert->setPlaceholderText(tr("default: ~/.postgresql/root.crt"));
    auto* browseCa = new QPushButton(tr("Browse\u2026"), m_pgFields);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_pgSslRootCert, 1);
    caRow->addWidget(browseCa);
    pgForm->addRow(tr("CA certificate"), caRow);
    auto* password = new QLabel(tr("The password is never stored here: it is read from ~/.pgpass, the file "
                                   "named by PGPASSFILE, or PGPASSWORD."),
                                m_pgFields);
    password->setObjectName(QStringLiteral("pgPasswordNote"));
    password->setWordWrap(true);
    pgForm->addRow(password);
    layout->addWidget(m_pgFields);

    auto* restart =
        new QLabel(tr("A change of database takes effect when the workstation next starts."), group);
    restart->setWordWrap(true);
    layout->addWidget(restart);

    connect(m_backend, &QComboBox::currentIndexChanged, this, &SettingsDialog::showBackendFields);
    connect(browseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_pgSslRootCert->text(),
                                                          tr("Certificates (*.crt *.pem);;All files (*)"));
        if (!file.isEmpty())
            m_pgSslRootCert->setText(file);
    });
    showBackendFields();
    return group;
}

void SettingsDialog::showBackendFields() {
    const bool pg = m_backend->currentData().toString() == QLatin1String("postgresql");
    m_sqliteFields->setVisible(!pg);
    m_pgFields->setVisible(pg);
}

AppSettings SettingsDialog::settings() const {
    AppSettings s = m_original;
    s.modelDir = m_modelDir->text().trimmed();
    s.device = m_device->currentData().toString();
    s.defaultPreset = presetFromKey(m_preset->currentData().toString());
    s.readerName = m_reader->text().trimmed();
    s.databaseBackend = m_backend->currentData().toString() == QLatin1String("postgresql")
                            ? store::StoreConfig::Backend::Postgres
                            : store::StoreConfig::Backend::Sqlite;
    s.sqlitePath = m_sqlitePath->text().trimmed();
    s.pgHost = m_pgHost->text().trimmed();
    s.pgPort = m_pgPort->value();
    s.pgDatabase = m_pgDatabase->text().trimmed();
    s.pgUser = m_pgUser->text().trimmed();
    s.pgSslMode = m_pgSslMode->currentData().toString();
    s.pgSslRootCert = m_pgSslRootCert->text().trimmed();
    return s;
}

}  // namespace boneage::ui
