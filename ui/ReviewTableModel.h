#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "assessment/Agreement.h"
#include "assessment/CaseReading.h"
#include "store/Records.h"

namespace boneage::ui {

/// Model versus reader for every read case (a model prediction and a reader decision): patient, sex,
/// chronological age, model and reader bone age, difference (model - reader), the reader's z-score and
/// verdict, decision and reader. GUI thread only.
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
        Verdict,
        Decision,
        Reader,
        ColumnCount
    };
    static constexpr int CaseIdRole = Qt::UserRole;

    /// One read case as the review shows it.
    struct Row {
        store::CaseSummary summary;  ///< latestPrediction and latestRead are set
        assessment::CaseReading reading;
        qint64 id() const { return summary.caseRecord.id; }
    };

    using QAbstractTableModel::QAbstractTableModel;

    /// Keeps the cases that have both a model prediction and a reader decision.
    void setCases(const std::vector<store::CaseSummary>& cases);
    const std::vector<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Reader as reference, model as prediction (so bias = mean of model - reader).
    std::vector<assessment::Pair> pairs() const;
    /// Mean of the Difference column (months).
    double meanDifference() const;
    /// The table as CSV for QA spreadsheets: a header row, then one row per case with the patient ID (no
    /// names), sex, study date, chronological age, model and reader bone age, difference, the reader's
    /// z-score and verdict, the model's z-score and verdict, decision, reason, reader, decision time (UTC),
    /// model name and version. Months with one decimal. A cell that a spreadsheet would run as a formula
    /// (starting with =, +, -, @, tab or carriage return) is neutralised with a leading apostrophe.
    QString toCsv() const;

private:
    std::vector<Row> m_rows;
};

}  // namespace boneage::ui
