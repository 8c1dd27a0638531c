#include "ui/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
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

AppSettings SettingsDialog::settings() const {
    AppSettings s = m_original;
    s.modelDir = m_modelDir->text().trimmed();
    s.device = m_device->currentData().toString();
    s.defaultPreset = presetFromKey(m_preset->currentData().toString());
    s.readerName = m_reader->text().trimmed();
    return s;
}

}  // namespace boneage::ui
