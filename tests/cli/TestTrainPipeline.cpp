// models/train.py end to end on a few phantom films: it trains (one short epoch), writes a package, and
// `boneage evaluate` on the held-out split gives the MAE the trainer reported for the exported networks
// (issue: engine and trainer agree on preprocessing and weights), and --bias-free-head exports a head
// without a bias, whose Grad-CAM map of a positive prediction always has mass.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRunner.h"

class TestTrainPipeline : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QJsonObject readJson(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

private Q_SLOTS:
    void trainedPackage_ShouldEvaluateAsTheTrainerReported() {
        QVERIFY(m_dir.isValid());
        const QString data = m_dir.filePath("phantoms"), work = m_dir.filePath("work"),
                      package = m_dir.filePath("package");
        const CliRun phantoms =
            runCli({"phantom", "--count", "48", "--seed", "5", "--height", "400", "--out", data}, 300000);
        QVERIFY2(phantoms.exitCode == 0, phantoms.err.constData());

        QProcess train;
        train.setProcessChannelMode(QProcess::MergedChannels);
        const QStringList args =
            QStringList{BONEAGE_SOURCE_DIR "/models/train.py",
                        "--labels",
                        data + "/labels.csv",
                        "--images",
                        data + "/images",
                        "--work",
                        work,
                        "--package",
                        package} +
            QStringLiteral(
                "--epochs 1 --batch-size 8 --lr 1e-5 --threads 2 --val-fraction 0.25 "
                "--bn-recalibrate 16 --cam-penalty 0.25 --bias-free-head --version 0.0.1-test")
                .split(QLatin1Char(' '));
        train.start(QStringLiteral(BONEAGE_PYTHON), args);
        QVERIFY(train.waitForStarted(10000));
        QVERIFY2(train.waitForFinished(600000), "train.py did not finish in 10 minutes");
        const QByteArray log = train.readAll();
        QVERIFY2(train.exitStatus() == QProcess::NormalExit && train.exitCode() == 0,
                 log.right(3000).constData());

        const QJsonObject trainer = readJson(work + "/summary.json").value("validation").toObject();
        QVERIFY2(trainer.contains("mae_months"), "summary.json has no validation of the exported networks");
        const QJsonObject manifest = readJson(package + "/manifest.json");
        QCOMPARE(manifest.value("version").toString(), QString("0.0.1-test"));
        QCOMPARE(manifest.value("sex_handling").toString(), QString("separate"));

        const CliRun evaluate = runCli({"evaluate", "--labels", work + "/val_labels.csv", "--images",
                                        data + "/images", "--model", package, "--device", "cpu", "--json"},
                                       300000);
        QVERIFY2(evaluate.exitCode == 0, evaluate.err.constData());
        const QJsonObject engine = QJsonDocument::fromJson(evaluate.out).object();
        QCOMPARE(engine.value("n").toInt(), trainer.value("n").toInt());
        const double trainerMae = trainer.value("mae_months").toDouble();
        const double engineMae = engine.value("mae_months").toDouble(-1);
        qInfo("validation MAE: train.py %.6f, boneage evaluate %.6f months (n %d); Grad-CAM empty %d of %d",
              trainerMae, engineMae, engine.value("n").toInt(), engine.value("gradcam_empty").toInt(-1),
              engine.value("gradcam_films").toInt(-1));
        QVERIFY2(std::abs(trainerMae - engineMae) <= 0.2,
                 "engine and trainer disagree by more than 0.2 months");
        QVERIFY(engine.value("gradcam_films").toInt() == engine.value("n").toInt());
        // --bias-free-head: the female file's head bias is 0 months, up to float32 folding (the male
        // file's bias is the sex term).
        QProcess bias;
        bias.start(QStringLiteral(BONEAGE_PYTHON),
                   {"-c", "import sys, torch; print(float(torch.jit.load(sys.argv[1]).fc.bias))",
                    package + "/female.pt"});
        QVERIFY(bias.waitForFinished(120000) && bias.exitCode() == 0);
        const double femaleBias = bias.readAllStandardOutput().trimmed().toDouble();
        qInfo("female head bias %.9f months", femaleBias);
        QVERIFY2(std::abs(femaleBias) < 0.01, "the female head has a bias");  // float32 folding: ~1e-4
    }
};

QTEST_GUILESS_MAIN(TestTrainPipeline)
#include "TestTrainPipeline.moc"
