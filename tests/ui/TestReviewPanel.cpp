// ReviewPanel over a real case database: N read cases give N points on both plots; the Bland-Altman bias
// equals the table's mean difference (and computeAgreement's); unread cases are left out; clicking a point
// opens its case; the CSV export carries the reader, the decision time, the reader's z-score and verdict,
// and neutralises cells a spreadsheet would run as formulas.
#include <QFile>
#include <QTemporaryDir>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtTest>

#include "assessment/CaseReading.h"
#include "store/CaseStore.h"
#include "ui/CaseRepository.h"
#include "ui/ReviewPanel.h"
#include "ui/ReviewTableModel.h"

using namespace boneage;
using namespace boneage::ui;

class TestReviewPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_serial = 0;

    std::unique_ptr<CaseRepository> repository() {
        return std::make_unique<CaseRepository>(
            store::StoreConfig::sqlite(m_dir.filePath(QStringLiteral("r%1.sqlite").arg(++m_serial))),
            QStringLiteral("dr"));
    }

    static qint64 readCase(CaseRepository& repo, int i, double model, double reader, const QString& reason,
                           const QString& patientId = {}) {
        store::CaseRecord c;
        c.sourcePath = QStringLiteral("/f%1.dcm").arg(i);
        c.patientId = patientId;
        c.film.sex = i % 2 ? Sex::Male : Sex::Female;
        c.film.birthDate = QDate(2014, 1, 1);
        c.film.studyDate = QDate(2014, 1, 1).addMonths(int(model));
        const qint64 id = repo.importCase(c);
        store::PredictionRecord p;
        p.caseId = id;
        p.modelName = QStringLiteral("m");
        p.boneAgeMonths = model;
        const qint64 predictionId = repo.recordPrediction(p);
        store::ReadRecord r;
        r.caseId = id;
        r.predictionId = predictionId;
        r.kind = reason.isEmpty() ? store::ReadRecord::Kind::Confirm : store::ReadRecord::Kind::Override;
        r.valueMonths = reader;
        r.reason = reason;
        r.reader = QStringLiteral("Dr. R");
        repo.recordDecision(assessment::placeDecision(repo.caseById(id)->caseRecord, r));
        return id;
    }

    static QList<qint64> fill(CaseRepository& repo, int n) {
        QList<qint64> ids;
        for (int i = 0; i < n; ++i) {
            const double model = 60.0 + 12 * i;
            ids << readCase(repo, i, model, model + (i % 3 == 0 ? 5.0 : -2.5),
                            i % 3 == 0 ? QStringLiteral("r, \"q\"") : QString());
        }
        return ids;
    }

private Q_SLOTS:
    void plots_holdNPoints_biasEqualsTableMeanDifference() {
        auto repo = repository();
        const int n = 7;
        fill(*repo, n);
        store::CaseRecord unread;
        unread.sourcePath = QStringLiteral("/unread.dcm");
        repo->importCase(unread);
        ReviewPanel panel(*repo);
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
        auto repo = repository();
        fill(*repo, 2);
        ReviewPanel panel(*repo);
        readCase(*repo, 9, 100, 100, {});
        QTRY_COMPARE(panel.scatterSeries()->count(), 3);
    }

    void clickingAPoint_opensItsCase() {
        auto repo = repository();
        const auto ids = fill(*repo, 4);
        ReviewPanel panel(*repo);
        QSignalSpy spy(&panel, &ReviewPanel::caseActivated);
        const QPointF p = panel.scatterSeries()->at(2);
        Q_EMIT panel.scatterSeries()->clicked(p + QPointF(0.1, -0.1));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toLongLong(), panel.table().rows()[2].id());
        QVERIFY(ids.contains(spy.first().first().toLongLong()));
    }

    void exportCsv_writesTheReadersVerdictAndQuotesText() {
        auto repo = repository();
        fill(*repo, 3);
        ReviewPanel panel(*repo);
        const QString path = m_dir.filePath(QStringLiteral("review.csv"));
        QVERIFY(panel.exportCsv(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        const QStringList header = lines[0].split(',');
        for (const char* column :
             {"reader", "decided_utc", "reader_z_score", "reader_verdict", "model_verdict"})
            QVERIFY2(header.contains(QLatin1String(column)), column);
        QVERIFY(lines.join('\n').contains(QStringLiteral("\"r, \"\"q\"\"\"")));
        QVERIFY(lines[1].contains(QStringLiteral(",Dr. R,")));
        const auto rows = panel.table().rows();
        QVERIFY(lines.join('\n').contains(rows[0].summary.latestRead->createdUtc));
    }

    // Defect 5: a patient ID or reason that starts like a formula reaches the spreadsheet as text.
    void exportCsv_neutralisesFormulaCells_data() {
        QTest::addColumn<QString>("text");
        for (const char* start : {"=", "+", "-", "@"})
            QTest::newRow(qPrintable(QStringLiteral("startsWith%1").arg(QLatin1String(start))))
                << QStringLiteral("%1HYPERLINK(\"http://x\")").arg(QLatin1String(start));
    }
    void exportCsv_neutralisesFormulaCells() {
        QFETCH(QString, text);
        auto repo = repository();
        readCase(*repo, 1, 100, 110, text, text);
        ReviewTableModel model;
        model.setCases(repo->cases());
        const QString csv = model.toCsv();
        const QString row = csv.split('\n').at(1);
        const QString start = text.left(6);  // "=HYPER"
        QVERIFY2(!row.contains(QLatin1Char(',') + start) && !row.contains(QLatin1Char('"') + start),
                 qPrintable(row));
        QCOMPARE(row.count(QLatin1Char('\'') + start), 2);  // the patient ID and the reason
    }
};

QTEST_MAIN(TestReviewPanel)
#include "TestReviewPanel.moc"
