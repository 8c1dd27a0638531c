#include "ui/AppSettings.h"

#include <QCoreApplication>
#include <QSettings>

#ifndef BONEAGE_DEFAULT_MODEL_DIR
#define BONEAGE_DEFAULT_MODEL_DIR ""
#endif

namespace boneage::ui {

AppSettings AppSettings::load(QSettings& s) {
    AppSettings a;
    a.modelDir = s.value(QStringLiteral("model/dir")).toString();
    a.device = s.value(QStringLiteral("model/device"), QStringLiteral("auto")).toString();
    a.defaultPreset = presetFromKey(s.value(QStringLiteral("viewer/defaultPreset")).toString());
    a.readerName = s.value(QStringLiteral("reader/name")).toString();
    return a;
}

void AppSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("model/dir"), modelDir);
    s.setValue(QStringLiteral("model/device"), device);
    s.setValue(QStringLiteral("viewer/defaultPreset"), presetKey(defaultPreset));
    s.setValue(QStringLiteral("reader/name"), readerName);
}

QString AppSettings::effectiveModelDir() const {
    return modelDir.isEmpty() ? QStringLiteral(BONEAGE_DEFAULT_MODEL_DIR) : modelDir;
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
