// `boneage evaluate` on a phantom dataset: the paper's table as JSON, explanation metrics when masks exist,
// a bad row or film reported and skipped, per-film predictions written.
#include <QFile>
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
        for (const char* key : {"n", "mae_months", "mae_months_male", "mae_months_female", "within_0_5y",
                                "within_1y", "within_1_5y", "within_2y", "bias_months", "loa_low_months",
                                "loa_high_months", "gradcam_films", "gradcam_empty", "gradcam_in_mask"}) {
            QVERIFY2(json.contains(QLatin1String(key)), key);
        }
        QCOMPARE(json.value("n").toInt(), 3);
        QCOMPARE(json.value("skipped").toInt(), 2);
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

    void missingLabels_exitsThree() {
        const CliRun run = runCli({"evaluate", "--labels", m_dir.filePath("none.csv"), "--images",
                                   m_data + "/images", "--model", BONEAGE_TEST_MODELS "/compact-random"});
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.err.contains("none.csv"));
    }
};

QTEST_GUILESS_MAIN(TestCliEvaluate)
#include "TestCliEvaluate.moc"
