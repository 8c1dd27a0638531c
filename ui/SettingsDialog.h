#pragma once

#include <QDialog>

#include "ui/AppSettings.h"

class QComboBox;
class QLineEdit;

namespace boneage::ui {

/// Edits AppSettings: model package folder, device, default window preset, reader name.
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
};

}  // namespace boneage::ui
