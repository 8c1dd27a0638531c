#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "assessment/Agreement.h"
#include "ui/CaseEntry.h"

namespace boneage::ui {

/// Model versus reader for every read case (a model read and a reader decision): patient, sex, chronological
/// age, model and reader bone age, difference (model - reader), decision. GUI thread only.
class ReviewTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Patient,
        Sex,
        ChronologicalAge,
        ModelBoneAge,
        ReaderBoneAge,
        Difference,
        Decision,
        ColumnCount
    };
    static constexpr int CaseIdRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    /// Keeps the cases that have both a model read and a reader decision.
    void setCases(const std::vector<CaseEntry>& cases);
    const std::vector<CaseEntry>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Reader as reference, model as prediction (so bias = mean of model - reader).
    std::vector<assessment::Pair> pairs() const;
    /// Mean of the Difference column (months).
    double meanDifference() const;
    /// The table as CSV (header row, then one row per case, months with one decimal, no patient names: the
    /// patient ID only), for QA spreadsheets.
    QString toCsv() const;

private:
    std::vector<CaseEntry> m_rows;
};

}  // namespace boneage::ui
