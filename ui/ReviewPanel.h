#pragma once

#include <QWidget>

#include "assessment/Agreement.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTableView;

namespace boneage::ui {

class CaseRepository;
class ReviewTableModel;

/// Side-by-side review of model versus reader for every read case: a table, a scatter plot (model against
/// reader, with the identity line) and a Bland-Altman plot (difference against mean, with the bias and the
/// 95 % limits of agreement from assessment::computeAgreement). Clicking a point or a row opens its case;
/// the table exports as CSV. Refreshes whenever a case changes. GUI thread only.
class ReviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReviewPanel(CaseRepository& repository, QWidget* parent = nullptr);

    /// Re-reads the cases and redraws.
    void refresh();
    const ReviewTableModel& table() const { return *m_model; }
    const assessment::Agreement& agreement() const { return m_agreement; }
    QScatterSeries* scatterSeries() const { return m_scatter; }
    QScatterSeries* blandAltmanSeries() const { return m_baPoints; }
    QLineSeries* biasLine() const { return m_bias; }
    /// Writes the table as CSV; false (with the reason in `error`) when the file cannot be written.
    bool exportCsv(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    void caseActivated(qint64 caseId);

private:
    void exportWithDialog();
    void onPointClicked(QScatterSeries* series, const QPointF& point);
    QChart* makeChart(const QString& title);

    CaseRepository& m_repository;
    ReviewTableModel* m_model = nullptr;
    assessment::Agreement m_agreement;
    QLabel* m_summary = nullptr;
    QTableView* m_tableView = nullptr;
    QChartView* m_scatterView = nullptr;
    QChartView* m_baView = nullptr;
    QScatterSeries* m_scatter = nullptr;
    QLineSeries* m_identity = nullptr;
    QScatterSeries* m_baPoints = nullptr;
    QLineSeries* m_bias = nullptr;
    QLineSeries* m_loaLow = nullptr;
    QLineSeries* m_loaHigh = nullptr;
    bool m_refreshQueued = false;
};

}  // namespace boneage::ui
