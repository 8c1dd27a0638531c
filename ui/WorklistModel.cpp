#include "ui/WorklistModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include "ui/AgeFormat.h"
#include "ui/CaseRepository.h"
#include "ui/CaseText.h"

namespace boneage::ui {

namespace {

QColor statusColour(assessment::CaseStatus status) {
    using assessment::CaseStatus;
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
    return parent.isValid() ? 0 : int(m_rows.size());
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
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    const store::CaseRecord& c = row.summary.caseRecord;
    const assessment::CaseReading& r = row.reading;
    if (role == CaseIdRole)
        return c.id;
    const std::optional<double> model =
        r.model ? std::optional<double>(r.model->boneAgeMonths) : std::nullopt;
    const std::optional<double> reader =
        r.reader ? std::optional<double>(r.reader->boneAgeMonths) : std::nullopt;
    const QDate studyDate = c.entered.studyDate.isValid() ? c.entered.studyDate : c.film.studyDate;
    if (role == SortRole) {
        switch (index.column()) {
            case StudyDate:
                return studyDate;
            case ChronologicalAge:
                return r.patient.chronologicalAgeMonths.value_or(-1);
            case ModelBoneAge:
                return model.value_or(-1);
            case ReaderBoneAge:
                return reader.value_or(-1);
            case Status:
                return int(r.status);
            default:
                return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Patient:
                return assessment::displayName(c);
            case Sex:
                return sexShort(r.patient.sex);
            case StudyDate:
                return studyDate.isValid() ? studyDate.toString(Qt::ISODate) : QStringLiteral("\u2014");
            case ChronologicalAge:
                return yearsMonths(r.patient.chronologicalAgeMonths);
            case ModelBoneAge:
                return yearsMonths(model);
            case ReaderBoneAge:
                return yearsMonths(reader);
            case Status:
                return caseStatusName(r.status);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status)
        return QBrush(statusColour(r.status));
    if (role == Qt::ToolTipRole) {
        if (index.column() == Patient) {
            return tr("ID %1\n%2").arg(c.patientId.isEmpty() ? tr("unknown") : c.patientId, c.sourcePath);
        }
        const auto& read = row.summary.latestRead;
        if (index.column() == ReaderBoneAge && read && !read->reason.isEmpty()) {
            return tr("Override reason: %1").arg(read->reason);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Patient)
        return int(Qt::AlignCenter);
    return {};
}

WorklistModel::Row WorklistModel::rowFor(store::CaseSummary summary) {
    Row row{std::move(summary), {}};
    row.reading = assessment::readCase(row.summary);
    return row;
}

void WorklistModel::reload() {
    beginResetModel();
    m_rows.clear();
    for (store::CaseSummary& s : m_repository.cases())
        m_rows.push_back(rowFor(std::move(s)));
    endResetModel();
}

const store::CaseSummary* WorklistModel::caseAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)].summary : nullptr;
}

const assessment::CaseReading* WorklistModel::readingAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)].reading : nullptr;
}

int WorklistModel::rowOf(qint64 caseId) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].summary.caseRecord.id == caseId)
            return int(i);
    }
    return -1;
}

void WorklistModel::onCaseChanged(qint64 id) {
    const int row = rowOf(id);
    auto updated = m_repository.caseById(id);
    if (row >= 0 && updated) {
        m_rows[std::size_t(row)] = rowFor(std::move(*updated));
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        reload();
    }
}

}  // namespace boneage::ui
