#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "assessment/CaseReading.h"
#include "store/Records.h"

namespace boneage::ui {

class CaseRepository;

/// The worklist as a table: patient, sex, study date, chronological age, model bone age, reader bone age,
/// status. Rows follow the repository (newest first) and refresh when a case changes. GUI thread only.
class WorklistModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Patient,
        Sex,
        StudyDate,
        ChronologicalAge,
        ModelBoneAge,
        ReaderBoneAge,
        Status,
        ColumnCount
    };
    /// Qt::UserRole on any cell: the case id (qint64). SortRole: a value that sorts numerically.
    static constexpr int CaseIdRole = Qt::UserRole;
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit WorklistModel(CaseRepository& repository, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Re-reads every case from the repository.
    void reload();
    const store::CaseSummary* caseAt(int row) const;
    /// What the rules derive for the case in `row` (nullptr outside the table).
    const assessment::CaseReading* readingAt(int row) const;
    /// Row of a case id, or -1.
    int rowOf(qint64 caseId) const;

private:
    struct Row {
        store::CaseSummary summary;
        assessment::CaseReading reading;
    };
    static Row rowFor(store::CaseSummary summary);
    void onCaseChanged(qint64 id);

    CaseRepository& m_repository;
    std::vector<Row> m_rows;
};

}  // namespace boneage::ui
