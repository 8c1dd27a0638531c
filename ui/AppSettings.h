#pragma once

#include <QString>

#include "imaging/Windowing.h"

class QSettings;

namespace boneage::ui {

/// The workstation's persistent preferences (QSettings): model package, device, default window preset and
/// the reader's name. A plain value; load() and save() do the QSettings I/O.
struct AppSettings {
    QString modelDir;                         ///< empty: the shipped default package
    QString device = QStringLiteral("auto");  ///< auto|cpu|cuda
    imaging::WindowPreset defaultPreset = imaging::WindowPreset::DicomDefault;
    QString readerName;

    static AppSettings load(QSettings& settings);
    void save(QSettings& settings) const;
    /// modelDir, or the build's default package when it is empty.
    QString effectiveModelDir() const;
};

/// "dicom", "bone", "full" (the settings value of a preset) and back; unknown text gives DicomDefault.
QString presetKey(imaging::WindowPreset preset);
imaging::WindowPreset presetFromKey(const QString& key);
/// Translated display name of a preset.
QString presetName(imaging::WindowPreset preset);

}  // namespace boneage::ui
