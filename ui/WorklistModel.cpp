#include "ui/WorklistModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include "ui/AgeFormat.h"
#include "ui/CaseRepository.h"

namespace boneage::ui {

namespace {

QColor statusColour(CaseStatus status) {
    switch (status) {
        case CaseStatus::New:
            return QColor(160, 170, 185);
        case CaseStatus::Predicted:
            return QColor(110, 180, 255);
        case CaseStatus::Confirmed:
            return QColor(110, 210, 140);
        case CaseStatus::Overridden:
            return QColor(240, 180, 90);
        case CaseStatus::Reported:
            return QColor(190, 150, 255);
    }
    return {};
}

}  // namespace

WorklistModel::WorklistModel(CaseRepository& repository, QObject* parent)
    : QAbstractTableModel(parent), m_repository(repository) {
    connect(&m_repository, &CaseRepository::caseChanged, this, &WorklistModel::onCaseChanged);
    reload();
}

int WorklistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_cases.size());
}

int WorklistModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorklistModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {  // short headers keep every column, Status included, in view
        switch (section) {
            case StudyDate:
                return tr("Study date");
            case ChronologicalAge:
                return tr("Chronological age");
            case ModelBoneAge:
                return tr("Model bone age");
            case ReaderBoneAge:
                return tr("Reader bone age");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Patient:
            return tr("Patient");
        case Sex:
            return tr("Sex");
        case StudyDate:
            return tr("Study");
        case ChronologicalAge:
            return tr("Age");
        case ModelBoneAge:
            return tr("Model");
        case ReaderBoneAge:
            return tr("Reader");
        case Status:
            return tr("Status");
    }
    return {};
}

QVariant WorklistModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_cases.size()))
        return {};
    const CaseEntry& c = m_cases[std::size_t(index.row())];
    if (role == CaseIdRole)
        return c.id;
    const std::optional<double> model =
        c.modelRead ? std::optional<double>(c.modelRead->boneAgeMonths) : std::nullopt;
    if (role == SortRole) {
        switch (index.column()) {
            case StudyDate:
                return c.studyDate;
            case ChronologicalAge:
                return c.chronologicalAgeMonths.value_or(-1);
            case ModelBoneAge:
                return model.value_or(-1);
            case ReaderBoneAge:
                return c.readerBoneAgeMonths().value_or(-1);
            case Status:
                return int(c.status());
            default:
                return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Patient:
                return c.displayName();
            case Sex:
                return c.sex.isEmpty() ? QStringLiteral("?") : c.sex;
            case StudyDate:
                return c.studyDate.isValid() ? c.studyDate.toString(Qt::ISODate) : QStringLiteral("\u2014");
            case ChronologicalAge:
                return yearsMonths(c.chronologicalAgeMonths);
            case ModelBoneAge:
                return yearsMonths(model);
            case ReaderBoneAge:
                return yearsMonths(c.readerBoneAgeMonths());
            case Status:
                return caseStatusName(c.status());
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status)
        return QBrush(statusColour(c.status()));
    if (role == Qt::ToolTipRole) {
        if (index.column() == Patient) {
            return tr("ID %1\n%2").arg(c.patientId.isEmpty() ? tr("unknown") : c.patientId, c.sourcePath);
        }
        if (index.column() == ReaderBoneAge && c.decision && !c.decision->reason.isEmpty()) {
            return tr("Override reason: %1").arg(c.decision->reason);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Patient)
        return int(Qt::AlignCenter);
    return {};
}

void WorklistModel::reload() {
    beginResetModel();
    m_cases = m_repository.cases();
    endResetModel();
}

const CaseEntry* WorklistModel::caseAt(int row) const {
    return row >= 0 && row < int(m_cases.size()) ? &m_cases[std::size_t(row)] : nullptr;
}

int WorklistModel::rowOf(qint64 caseId) const {
    for (std::size_t i = 0; i < m_cases.size(); ++i) {
        if (m_cases[i].id == caseId)
            return int(i);
    }
    return -1;
}

void WorklistModel::onCaseChanged(qint64 id) {
    const int row = rowOf(id);
    auto updated = m_repository.caseById(id);
    if (row >= 0 && updated) {
        m_cases[std::size_t(row)] = *updated;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        reload();
    }
}

}  // namespace boneage::ui
