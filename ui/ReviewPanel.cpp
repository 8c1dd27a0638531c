#include "ui/ReviewPanel.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/CaseRepository.h"
#include "ui/ReviewTableModel.h"

namespace boneage::ui {

namespace {

const QColor kText(210, 216, 225);
const QColor kGrid(55, 62, 74);
const QColor kPoint(90, 190, 255);
const QColor kOverride(245, 170, 60);

QValueAxis* axis(const QString& title) {
    auto* a = new QValueAxis;
    a->setTitleText(title);
    a->setLabelsColor(kText);
    a->setTitleBrush(kText);
    a->setGridLineColor(kGrid);
    a->setLinePenColor(kGrid);
    a->setLabelFormat(QStringLiteral("%.0f"));
    return a;
}

void setRange(QValueAxis* a, double lo, double hi) {
    if (!(hi > lo)) {
        lo -= 1;
        hi += 1;
    }
    const double pad = 0.06 * (hi - lo);
    a->setRange(lo - pad, hi + pad);
    a->applyNiceNumbers();
}

}  // namespace

ReviewPanel::ReviewPanel(CaseRepository& repository, QWidget* parent)
    : QWidget(parent), m_repository(repository), m_model(new ReviewTableModel(this)) {
    setObjectName(QStringLiteral("reviewPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(8);

    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Model versus reader"), this);
    title->setObjectName(QStringLiteral("panelTitle"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("reviewSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* exportButton = new QPushButton(tr("Export CSV\u2026"), this);
    exportButton->setObjectName(QStringLiteral("exportCsvButton"));
    top->addWidget(title);
    top->addSpacing(16);
    top->addWidget(m_summary, 1);
    top->addWidget(exportButton);
    layout->addLayout(top);

    // Scatter: model (y) against reader (x), identity line.
    QChart* scatterChart = makeChart(tr("Model against reader"));
    m_scatter = new QScatterSeries;
    m_scatter->setName(tr("Cases"));
    m_scatter->setColor(kPoint);
    m_scatter->setBorderColor(QColor(15, 25, 40));
    m_scatter->setMarkerSize(11);
    m_identity = new QLineSeries;
    m_identity->setName(tr("Identity (model = reader)"));
    m_identity->setPen(QPen(QColor(170, 175, 185), 1.5, Qt::DashLine));
    scatterChart->addSeries(m_identity);
    scatterChart->addSeries(m_scatter);
    auto* sx = axis(tr("Reader bone age (months)"));
    auto* sy = axis(tr("Model bone age (months)"));
    scatterChart->addAxis(sx, Qt::AlignBottom);
    scatterChart->addAxis(sy, Qt::AlignLeft);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(m_identity), static_cast<QAbstractSeries*>(m_scatter)}) {
        s->attachAxis(sx);
        s->attachAxis(sy);
    }
    m_scatterView = new QChartView(scatterChart, this);
    m_scatterView->setObjectName(QStringLiteral("scatterView"));
    m_scatterView->setRenderHint(QPainter::Antialiasing);

    // Bland-Altman: difference (model - reader) against the mean, bias and limits.
    QChart* baChart = makeChart(tr("Bland\u2013Altman"));
    m_baPoints = new QScatterSeries;
    m_baPoints->setName(tr("Cases"));
    m_baPoints->setColor(kPoint);
    m_baPoints->setBorderColor(QColor(15, 25, 40));
    m_baPoints->setMarkerSize(11);
    m_bias = new QLineSeries;
    m_bias->setPen(QPen(QColor(110, 210, 140), 2));
    m_loaLow = new QLineSeries;
    m_loaHigh = new QLineSeries;
    for (QLineSeries* l : {m_loaLow, m_loaHigh})
        l->setPen(QPen(kOverride, 1.5, Qt::DashLine));
    baChart->addSeries(m_bias);
    baChart->addSeries(m_loaLow);
    baChart->addSeries(m_loaHigh);
    baChart->addSeries(m_baPoints);
    auto* bx = axis(tr("Mean of model and reader (months)"));
    auto* by = axis(tr("Model \u2212 reader (months)"));
    baChart->addAxis(bx, Qt::AlignBottom);
    baChart->addAxis(by, Qt::AlignLeft);
    for (QAbstractSeries* s : baChart->series()) {
        s->attachAxis(bx);
        s->attachAxis(by);
    }
    m_baView = new QChartView(baChart, this);
    m_baView->setObjectName(QStringLiteral("blandAltmanView"));
    m_baView->setRenderHint(QPainter::Antialiasing);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_scatterView);
    charts->addWidget(m_baView);

    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("reviewTable"));
    m_tableView->setModel(m_model);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->verticalHeader()->hide();
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setShowGrid(false);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(charts);
    vertical->addWidget(m_tableView);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    layout->addWidget(vertical, 1);

    connect(exportButton, &QPushButton::clicked, this, &ReviewPanel::exportWithDialog);
    connect(m_scatter, &QScatterSeries::clicked, this,
            [this](const QPointF& p) { onPointClicked(m_scatter, p); });
    connect(m_baPoints, &QScatterSeries::clicked, this,
            [this](const QPointF& p) { onPointClicked(m_baPoints, p); });
    connect(m_tableView, &QTableView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT caseActivated(index.data(ReviewTableModel::CaseIdRole).toLongLong());
    });
    connect(&m_repository, &CaseRepository::caseChanged, this, [this] {
        // Many cases change at once during an import: redraw once, after the burst.
        if (m_refreshQueued)
            return;
        m_refreshQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_refreshQueued = false;
            refresh();
        });
    });
    refresh();
}

QChart* ReviewPanel::makeChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTheme(QChart::ChartThemeDark);
    chart->setBackgroundBrush(QColor(28, 31, 38));
    chart->setPlotAreaBackgroundBrush(QColor(22, 25, 31));
    chart->setPlotAreaBackgroundVisible(true);
    chart->setTitle(title);
    chart->setTitleBrush(kText);
    QFont f = chart->titleFont();
    f.setBold(true);
    chart->setTitleFont(f);
    chart->legend()->setLabelColor(kText);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(6);
    return chart;
}

void ReviewPanel::refresh() {
    m_model->setCases(m_repository.cases());
    const auto pairs = m_model->pairs();
    m_agreement = assessment::computeAgreement(pairs);

    QList<QPointF> scatter, ba;
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    double meanLo = lo, meanHi = hi, diffLo = lo, diffHi = hi;
    for (const auto& p : pairs) {
        scatter << QPointF(p.referenceMonths, p.predictedMonths);
        const double mean = (p.referenceMonths + p.predictedMonths) / 2,
                     diff = p.predictedMonths - p.referenceMonths;
        ba << QPointF(mean, diff);
        lo = std::min({lo, p.referenceMonths, p.predictedMonths});
        hi = std::max({hi, p.referenceMonths, p.predictedMonths});
        meanLo = std::min(meanLo, mean);
        meanHi = std::max(meanHi, mean);
        diffLo = std::min(diffLo, diff);
        diffHi = std::max(diffHi, diff);
    }
    m_scatter->replace(scatter);
    m_baPoints->replace(ba);
    if (pairs.empty()) {
        lo = meanLo = 0;
        hi = meanHi = 240;
        diffLo = -12;
        diffHi = 12;
    }
    m_identity->replace({QPointF(lo, lo), QPointF(hi, hi)});
    const auto& a = m_agreement;
    m_bias->replace({QPointF(meanLo, a.biasMonths), QPointF(meanHi, a.biasMonths)});
    m_loaLow->replace({QPointF(meanLo, a.loaLowMonths), QPointF(meanHi, a.loaLowMonths)});
    m_loaHigh->replace({QPointF(meanLo, a.loaHighMonths), QPointF(meanHi, a.loaHighMonths)});
    m_bias->setName(tr("Bias %1 mo").arg(a.biasMonths, 0, 'f', 1));
    m_loaLow->setName(
        tr("95% limits %1 to %2 mo").arg(a.loaLowMonths, 0, 'f', 1).arg(a.loaHighMonths, 0, 'f', 1));
    m_loaHigh->setName(QString());

    auto axes = [](QChartView* view) {
        return std::pair{qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Horizontal).value(0)),
                         qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Vertical).value(0))};
    };
    auto [sx, sy] = axes(m_scatterView);
    setRange(sx, lo, hi);
    setRange(sy, lo, hi);
    auto [bx, by] = axes(m_baView);
    setRange(bx, meanLo, meanHi);
    const double spread = std::max(
        {std::abs(diffLo), std::abs(diffHi), std::abs(a.loaLowMonths), std::abs(a.loaHighMonths), 6.0});
    setRange(by, -spread, spread);
    // Hide the empty LoA legend entry of the high line.
    if (auto markers = m_baView->chart()->legend()->markers(m_loaHigh); !markers.isEmpty()) {
        markers.first()->setVisible(false);
    }

    if (a.n == 0) {
        m_summary->setText(
            tr("No read cases yet: confirm or override cases to compare the model with the reader."));
    } else {
        m_summary->setText(tr("n = %1   MAE %2 mo   bias %3 mo   95% limits of agreement %4 to %5 mo   "
                              "within 1 y %6%")
                               .arg(a.n)
                               .arg(a.maeMonths, 0, 'f', 1)
                               .arg(a.biasMonths, 0, 'f', 1)
                               .arg(a.loaLowMonths, 0, 'f', 1)
                               .arg(a.loaHighMonths, 0, 'f', 1)
                               .arg(a.within1y * 100, 0, 'f', 0));
    }
}

void ReviewPanel::onPointClicked(QScatterSeries* series, const QPointF& point) {
    const auto points = series->points();
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i = 0; i < points.size(); ++i) {
        const double d = std::hypot(points[i].x() - point.x(), points[i].y() - point.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    if (best < 0 || best >= int(m_model->rows().size()))
        return;
    m_tableView->selectRow(best);
    Q_EMIT caseActivated(m_model->rows()[std::size_t(best)].id());
}

bool ReviewPanel::exportCsv(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(m_model->toCsv().toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ReviewPanel::exportWithDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export review table"), QStringLiteral("bone-age-review.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), tr("%1 could not be written: %2").arg(path, error));
    }
}

}  // namespace boneage::ui
