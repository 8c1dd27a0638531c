#pragma once

#include <QDialog>

#include "ui/AppSettings.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace boneage::ui {

/// Edits AppSettings: model package folder, device, default window preset, reader name, and the case
/// database (a SQLite file, or a shared PostgreSQL server with its TLS settings; never a password).
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    AppSettings m_original;
    QLineEdit* m_modelDir = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_preset = nullptr;
    QLineEdit* m_reader = nullptr;

    // The case database (takes effect at the next start).
    QWidget* buildDatabaseGroup(const AppSettings& settings);
    void showBackendFields();
    QComboBox* m_backend = nullptr;
    QWidget* m_sqliteFields = nullptr;
    QWidget* m_pgFields = nullptr;
    QLineEdit* m_sqlitePath = nullptr;
    QLineEdit* m_pgHost = nullptr;
    QSpinBox* m_pgPort = nullptr;
    QLineEdit* m_pgDatabase = nullptr;
    QLineEdit* m_pgUser = nullptr;
    QComboBox* m_pgSslMode = nullptr;
    QLineEdit* m_pgSslRootCert = nullptr;
};

}  // namespace boneage::ui
