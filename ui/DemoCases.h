#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace boneage::ui {

/// Synthetic demo cases for a first start: phantom hand films (core/phantom) written as DICOM with made-up,
/// clearly fictitious patients, so the workstation is usable without real data.
class DemoCases {
public:
    /// Films in `dir`, writing any that are missing (`count` films, deterministic). Slow (about a second per
    /// film): call it off the GUI thread. Throws boneage::Error when the folder cannot be written; returns
    /// an empty list when this build has no phantom module.
    static QStringList ensure(const QString& dir, int count = 8);
    /// The bone age a demo film was rendered with (the truth a reader would find), by its patient ID
    /// ("DEMO001"...); nullopt for any other patient.
    static std::optional<double> renderedBoneAgeMonths(const QString& patientId);
    /// `<AppDataLocation>/demo`.
    static QString defaultFolder();
};

}  // namespace boneage::ui
