#include "ui/CaseEntry.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace boneage::ui {

QString caseStatusName(CaseStatus status) {
    switch (status) {
        case CaseStatus::New:
            return QCoreApplication::translate("CaseStatus", "new");
        case CaseStatus::Predicted:
            return QCoreApplication::translate("CaseStatus", "predicted");
        case CaseStatus::Confirmed:
            return QCoreApplication::translate("CaseStatus", "confirmed");
        case CaseStatus::Overridden:
            return QCoreApplication::translate("CaseStatus", "overridden");
        case CaseStatus::Reported:
            return QCoreApplication::translate("CaseStatus", "reported");
    }
    return {};
}

CaseStatus CaseEntry::status() const {
    if (reported)
        return CaseStatus::Reported;
    if (decision) {
        return decision->kind == ReaderDecision::Kind::Confirm ? CaseStatus::Confirmed
                                                               : CaseStatus::Overridden;
    }
    return modelRead ? CaseStatus::Predicted : CaseStatus::New;
}

QString CaseEntry::displayName() const {
    if (!patientName.isEmpty())
        return patientName;
    if (!patientId.isEmpty())
        return patientId;
    return QFileInfo(sourcePath).fileName();
}

std::optional<double> CaseEntry::readerBoneAgeMonths() const {
    if (decision)
        return decision->boneAgeMonths;
    return std::nullopt;
}

}  // namespace boneage::ui
