#pragma once

#include <QDate>
#include <QMetaType>
#include <QString>
#include <optional>

#include "ui/CaseStatus.h"

namespace boneage::ui {

/// The model's read of a case as the workstation keeps it (a summary of engine + clinical results).
struct ModelRead {
    double boneAgeMonths = 0;
    std::optional<double> sdMonths;
    std::optional<double> zScore;
    QString verdict;  ///< delayed|normal|advanced|unknown
    QString modelName, modelVersion, modelSha256, device;
};

/// The radiologist's decision on a case.
struct ReaderDecision {
    enum class Kind { Confirm, Override };
    Kind kind = Kind::Confirm;
    double boneAgeMonths = 0;
    QString reader;
    QString reason;  ///< required for an override, empty for a confirm
};

/// One case of the worklist: a film and what has been decided about it. A plain copyable value.
/// Contains patient identifiers: never log it.
struct CaseEntry {
    qint64 id = 0;  ///< repository id; 0 before the case is added
    QString sourcePath;
    QString sopInstanceUid;
    QString patientId, patientName;
    QString sex;  ///< "M", "F" or "" when unknown
    QDate birthDate, studyDate;
    std::optional<double> chronologicalAgeMonths;
    std::optional<ModelRead> modelRead;
    std::optional<ReaderDecision> decision;
    bool reported = false;

    CaseStatus status() const;
    /// What to call the case on screen: the patient's name, else the patient ID, else the file name.
    QString displayName() const;
    /// The reader's bone age: the decision's value when there is one.
    std::optional<double> readerBoneAgeMonths() const;
};

}  // namespace boneage::ui

Q_DECLARE_METATYPE(boneage::ui::CaseEntry)
