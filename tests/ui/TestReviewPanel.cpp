// ReviewPanel: N read cases give N points on both plots; the Bland-Altman bias equals the table's mean
// difference (and computeAgreement's); unread cases are left out; clicking a point opens its case; CSV
// export.
#include <QFile>
#include <QTemporaryDir>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtTest>

#include "ui/InMemoryCaseRepository.h"
#include "ui/ReviewPanel.h"
#include "ui/ReviewTableModel.h"

using namespace boneage::ui;

class TestReviewPanel : public QObject {
    Q_OBJECT

    static QList<qint64> fill(InMemoryCaseRepository& repo, int n) {
        QList<qint64> ids;
        for (int i = 0; i < n; ++i) {
            CaseEntry e;
            e.sourcePath = QStringLiteral("/f%1.dcm").arg(i);
            e.sex = i % 2 ? QStringLiteral("M") : QStringLiteral("F");
            const qint64 id = repo.addCase(e);
            ids << id;
            repo.recordPrediction(
                id, ModelRead{60.0 + 12 * i, {}, {}, QStringLiteral("unknown"), {}, {}, {}, {}});
            const double reader = 60.0 + 12 * i + (i % 3 == 0 ? 5.0 : -2.5);
            repo.recordDecision(id, ReaderDecision{i % 3 == 0 ? ReaderDecision::Kind::Override
                                                              : ReaderDecision::Kind::Confirm,
                                                   reader, QStringLiteral("dr"), QStringLiteral("r, \"q\"")});
        }
        return ids;
    }

private Q_SLOTS:
    void plots_holdNPoints_biasEqualsTableMeanDifference() {
        InMemoryCaseRepository repo;
        const int n = 7;
        fill(repo, n);
        CaseEntry unread;
        unread.sourcePath = QStringLiteral("/unread.dcm");
        repo.addCase(unread);
        ReviewPanel panel(repo);
        panel.refresh();
        QCOMPARE(panel.table().rowCount(), n);
        QCOMPARE(panel.scatterSeries()->count(), n);
        QCOMPARE(panel.blandAltmanSeries()->count(), n);
        const double mean = panel.table().meanDifference();
        QCOMPARE(panel.agreement().biasMonths, mean);
        for (const QPointF& p : panel.biasLine()->points())
            QCOMPARE(p.y(), mean);
        double sum = 0;
        for (const QPointF& p : panel.blandAltmanSeries()->points())
            sum += p.y();
        QVERIFY(std::abs(sum / n - mean) < 1e-9);
    }

    void refreshes_whenACaseIsRead() {
        InMemoryCaseRepository repo;
        fill(repo, 2);
        ReviewPanel panel(repo);
        CaseEntry e;
        e.sourcePath = QStringLiteral("/late.dcm");
        const qint64 id = repo.addCase(e);
        repo.recordPrediction(id, ModelRead{100, {}, {}, {}, {}, {}, {}, {}});
        repo.recordDecision(id, ReaderDecision{ReaderDecision::Kind::Confirm, 100, {}, {}});
        QTRY_COMPARE(panel.scatterSeries()->count(), 3);
    }

    void clickingAPoint_opensItsCase() {
        InMemoryCaseRepository repo;
        const auto ids = fill(repo, 4);
        ReviewPanel panel(repo);
        QSignalSpy spy(&panel, &ReviewPanel::caseActivated);
        const QPointF p = panel.scatterSeries()->at(2);
        Q_EMIT panel.scatterSeries()->clicked(p + QPointF(0.1, -0.1));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toLongLong(), panel.table().rows()[2].id);
        QVERIFY(ids.contains(spy.first().first().toLongLong()));
    }

    void exportCsv_writesHeaderAndOneRowPerCase_quotingText() {
        InMemoryCaseRepository repo;
        fill(repo, 3);
        ReviewPanel panel(repo);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("review.csv"));
        QVERIFY(panel.exportCsv(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith(QStringLiteral("case_id,patient_id,sex")));
        QVERIFY(lines[1].contains(QStringLiteral("\"r, \"\"q\"\"\"")));
    }
};

QTEST_MAIN(TestReviewPanel)
#include "TestReviewPanel.moc"
