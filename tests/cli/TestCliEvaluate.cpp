// `boneage evaluate` on a phantom dataset: the paper's table as JSON, explanation metrics when masks exist,
// a bad row or film reported and skipped, per-film predictions written; the bootstrap interval of the MAE;
// with the format 2 test packages, the interval's measured coverage and films rejected by the input check
// (counted, each named on stderr, never read).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"

class TestCliEvaluate : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_data;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath("phantoms");
        const CliRun run =
            runCli({"phantom", "--count", "4", "--seed", "21", "--height", "500", "--out", m_data});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // One unreadable film and one label row without an image: both reported and skipped.
        QFile bad(m_data + "/images/4.png");
        QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
        bad.write("this is not a png");
        bad.close();
        QFile labels(m_data + "/labels.csv");
        QVERIFY(labels.open(QIODevice::Append | QIODevice::Text));
        labels.write("99,100,True,100,0\n");
    }

    void phantomSet_printsTableWithExplanationMetrics() {
        const QString predictions = m_dir.filePath("predictions.csv");
        const CliRun run =
            runCli({"evaluate", "--labels", m_data + "/labels.csv", "--images", m_data + "/images", "--model",
                    BONEAGE_TEST_MODELS "/compact-random", "--device", "cpu", "--json", "--out", predictions},
                   300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        for (const char* key :
             {"n", "mae_months", "mae_months_male", "mae_months_female", "within_0_5y", "within_1y",
              "within_1_5y", "within_2y", "bias_months", "loa_low_months", "loa_high_months", "gradcam_films",
              "gradcam_empty", "gradcam_in_mask", "rejected", "mae_ci95_months", "interval_coverage"}) {
            QVERIFY2(json.contains(QLatin1String(key)), key);
        }
        QCOMPARE(json.value("n").toInt(), 3);
        QCOMPARE(json.value("skipped").toInt(), 2);
        QCOMPARE(json.value("rejected").toInt(-1), 0);
        QVERIFY(json.value("interval_coverage").isNull());  // a format 1 package has no interval
        const QJsonArray ci = json.value("mae_ci95_months").toArray();
        QCOMPARE(ci.size(), 2);
        const double mae = json.value("mae_months").toDouble();
        QVERIFY(ci[0].toDouble() <= mae && mae <= ci[1].toDouble());
        QVERIFY(run.err.contains("4.png") && run.err.contains("line 6"));
        QCOMPARE(json.value("gradcam_films").toInt(), 3);  // every film, below the default limit of 200
        const int empty = json.value("gradcam_empty").toInt(-1);
        QVERIFY(empty >= 0 && empty <= 3);
        // the on-hand share averages the films whose map has mass; with none it is null
        QCOMPARE(json.value("gradcam_on_hand").isDouble(), empty < 3);
        const double inMask = json.value("gradcam_in_mask").toDouble(-1);
        QVERIFY(inMask >= 0.0 && inMask <= 1.0);
        QVERIFY(json.value("within_0_5y").toDouble() <= json.value("within_1y").toDouble());
        QVERIFY(json.value("within_1y").toDouble() <= json.value("within_2y").toDouble());
        QVERIFY(json.value("loa_low_months").toDouble() <= json.value("bias_months").toDouble());

        QFile csv(predictions);
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);  // header + 3 films
        QCOMPARE(lines.first(), QByteArray("id,male,boneage,predicted,error"));
    }

    void packageWithInterval_printsItsCoverage() {
        const QStringList arguments{"evaluate",
                                    "--labels",
                                    m_data + "/labels.csv",
                                    "--images",
                                    m_data + "/images",
                                    "--model",
                                    BONEAGE_TEST_MODELS "/hand-crop",
                                    "--device",
                                    "cpu",
                                    "--gradcam-limit",
                                    "0"};
        const CliRun run = runCli(arguments + QStringList{"--json"}, 300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("n").toInt(), 3);
        QCOMPARE(json.value("rejected").toInt(-1), 0);
        const double coverage = json.value("interval_coverage").toDouble(-1);
        QVERIFY(coverage >= 0.0 && coverage <= 1.0);
        const CliRun table = runCli(arguments, 300000);
        QVERIFY2(table.exitCode == 0, table.err.constData());
        QVERIFY2(table.out.contains("Interval coverage") && table.out.contains("MAE 95 % CI"),
                 table.out.constData());
        QVERIFY(table.out.contains("0 rejected as not a hand radiograph"));
    }

    void filmsTheInputCheckRejects_areCountedAndNamed() {
        const CliRun run =
            runCli({"evaluate", "--labels", m_data + "/labels.csv", "--images", m_data + "/images", "--model",
                    BONEAGE_TEST_MODELS "/hand-crop-reject", "--device", "cpu", "--json"},
                   300000);
        QCOMPARE(run.exitCode, 3);  // nothing was read
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("n").toInt(-1), 0);
        QCOMPARE(json.value("rejected").toInt(-1), 3);
        QCOMPARE(json.value("skipped").toInt(-1), 2);
        QVERIFY(json.value("mae_ci95_months").isNull());
        QVERIFY(json.value("interval_coverage").isNull());
        const QStringList rejected = errorLines(run.err).filter("Counted as rejected.");
        QCOMPARE(rejected.size(), 3);
        for (const char* id : {"1", "2", "3"}) {
            const QString file = m_data + "/images/" + id + ".png";
            QCOMPARE(rejected.filter(file + ": ").size(), 1);
        }
        QCOMPARE(rejected.filter("does not look like a hand radiograph").size(), 3);
    }

    void missingLabels_exitsThree() {
        const CliRun run = runCli({"evaluate", "--labels", m_dir.filePath("none.csv"), "--images",
                                   m_data + "/images", "--model", BONEAGE_TEST_MODELS "/compact-random"});
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.err.contains("none.csv"));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "TestCliEvaluate.moc"
