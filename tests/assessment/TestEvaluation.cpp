// evaluateDataset on a small phantom set with the compact random model: every readable film predicted once,
// in the dataset's order; the agreement is that of the predictions; a bad row and an unreadable film are
// skipped with a sentence each (and reported to the observer as they happen); the Grad-CAM limit is kept;
// the predictions CSV holds what was predicted and an unwritable one is a Storage error. With the format 2
// test packages: films the input check rejects are counted (and reported, naming the file), never read,
// through both the Grad-CAM and the batched path; a package's interval gives each prediction its interval
// and the evaluation its measured coverage.
#include "assessment/Evaluation.h"

#include "assessment/PhantomDataset.h"
#include "common/Error.h"
#include "engine/Engine.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace boneage;

class TestEvaluation : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<engine::Engine> m_engine;
    assessment::Dataset m_dataset;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        assessment::PhantomDatasetOptions phantoms;
        phantoms.outDir = m_dir.filePath("set").toStdString();
        phantoms.count = 5;
        phantoms.seed = 3;
        phantoms.height = 400;
        assessment::writePhantomDataset(phantoms);
        QFile bad(m_dir.filePath("set/images/4.png"));
        QVERIFY(bad.open(QIODevice::WriteOnly | QIODevice::Truncate));
        bad.write("not a png");
        bad.close();
        QFile labels(m_dir.filePath("set/labels.csv"));
        QVERIFY(labels.open(QIODevice::Append | QIODevice::Text));
        labels.write("6,abc,True,1,1\n");
        labels.close();
        m_dataset = assessment::readRsnaDataset(m_dir.filePath("set/labels.csv").toStdString(),
                                                m_dir.filePath("set/images").toStdString());
        QCOMPARE(m_dataset.films.size(), std::size_t(5));
        m_engine = std::make_unique<engine::Engine>(BONEAGE_TEST_MODELS "/compact-random",
                                                    engine::DevicePreference::Cpu);
    }

    void evaluate_ShouldPredictEveryReadableFilmAndSkipTheRest() {
        assessment::EvaluationOptions options;
        options.gradcamLimit = 2;
        options.batchSize = 2;
        std::vector<std::string> reported;
        std::size_t lastDone = 0;
        assessment::EvaluationObserver observer;
        observer.progress = [&](std::size_t done, std::size_t total) {
            QCOMPARE(total, std::size_t(5));
            QCOMPARE(done, lastDone + 1);
            lastDone = done;
        };
        observer.skipped = [&](const std::string& sentence) { reported.push_back(sentence); };
        const auto result = assessment::evaluateDataset(*m_engine, m_dataset, options, observer);

        QCOMPARE(lastDone, std::size_t(5));
        QCOMPARE(result.predictions.size(), std::size_t(4));
        const std::vector<std::string> ids{"1", "2", "3", "5"};
        for (std::size_t i = 0; i < ids.size(); ++i) {
            QCOMPARE(result.predictions[i].id, ids[i]);
            const auto& film = m_dataset.films[i < 3 ? i : 4];
            QCOMPARE(result.predictions[i].referenceMonths, film.boneAgeMonths);
            QCOMPARE(result.predictions[i].sex, film.sex);
            QVERIFY(result.predictions[i].predictedMonths >= 0);
        }
        QCOMPARE(reported.size(), std::size_t(1));
        QVERIFY2(reported[0].find("4.png") != std::string::npos, reported[0].c_str());
        QCOMPARE(result.skipped.size(), std::size_t(2));  // the bad row, then the bad film
        QVERIFY2(result.skipped[0].find("line 7") != std::string::npos, result.skipped[0].c_str());
        QCOMPARE(result.skipped[1], reported[0]);

        std::vector<assessment::Pair> pairs;
        for (const auto& p : result.predictions)
            pairs.push_back({p.referenceMonths, p.predictedMonths, p.sex});
        const auto expected = assessment::computeAgreement(pairs);
        QCOMPARE(result.agreement.n, std::size_t(4));
        QCOMPARE(result.agreement.maeMonths, expected.maeMonths);
        QCOMPARE(result.agreement.biasMonths, expected.biasMonths);

        QCOMPARE(result.gradcam.films, std::size_t(2));
        QVERIFY(result.gradcam.emptyMaps <= 2);
        QCOMPARE(result.gradcam.onHand.has_value(), result.gradcam.emptyMaps < 2);
        QCOMPARE(result.gradcam.inMask.has_value(), result.gradcam.maskFilms > 0);
    }

    void batchedAndSinglePredictions_ShouldAgree() {
        assessment::EvaluationOptions single;
        single.gradcamLimit = 0;
        single.batchSize = 1;
        assessment::EvaluationOptions batched;
        batched.gradcamLimit = 0;
        batched.batchSize = 16;
        const auto a = assessment::evaluateDataset(*m_engine, m_dataset, single);
        const auto b = assessment::evaluateDataset(*m_engine, m_dataset, batched);
        QCOMPARE(a.gradcam.films, std::size_t(0));
        QCOMPARE(a.predictions.size(), b.predictions.size());
        for (std::size_t i = 0; i < a.predictions.size(); ++i)
            QVERIFY(std::abs(a.predictions[i].predictedMonths - b.predictions[i].predictedMonths) < 1e-3);
    }

    void rejectingPackage_ShouldCountEveryReadableFilmAsRejected_data() {
        QTest::addColumn<int>("gradcamLimit");
        QTest::newRow("batched_countsEveryFilm") << 0;
        QTest::newRow("withGradCam_countsEveryFilm") << 10;
    }
    void rejectingPackage_ShouldCountEveryReadableFilmAsRejected() {
        QFETCH(int, gradcamLimit);
        engine::Engine engine(BONEAGE_TEST_MODELS "/hand-crop-reject", engine::DevicePreference::Cpu);
        assessment::EvaluationOptions options;
        options.gradcamLimit = std::size_t(gradcamLimit);
        options.batchSize = 2;
        std::vector<std::string> rejected, skipped;
        assessment::EvaluationObserver observer;
        observer.rejected = [&](const std::string& sentence) { rejected.push_back(sentence); };
        observer.skipped = [&](const std::string& sentence) { skipped.push_back(sentence); };
        const auto result = assessment::evaluateDataset(engine, m_dataset, options, observer);
        QCOMPARE(result.rejected, std::size_t(4));
        QVERIFY(result.predictions.empty());
        QCOMPARE(result.agreement.n, std::size_t(0));
        QVERIFY(!result.intervalCoverage);
        QCOMPARE(result.gradcam.films, std::size_t(0));
        QCOMPARE(skipped.size(), std::size_t(1));  // the unreadable film, still skipped, not rejected
        QCOMPARE(result.skipped.size(), std::size_t(2));
        QCOMPARE(rejected.size(), std::size_t(4));
        const std::vector<std::size_t> films{0, 1, 2, 4};
        for (std::size_t i = 0; i < films.size(); ++i) {
            const std::string& file = m_dataset.films[films[i]].imagePath;
            QVERIFY2(rejected[i].rfind(file + ": ", 0) == 0, rejected[i].c_str());
            QVERIFY2(rejected[i].find("does not look like a hand radiograph") != std::string::npos,
                     rejected[i].c_str());
        }
    }

    void packageWithInterval_ShouldGiveEachPredictionItsIntervalAndTheCoverage() {
        engine::Engine engine(BONEAGE_TEST_MODELS "/hand-crop", engine::DevicePreference::Cpu);
        assessment::EvaluationOptions options;
        options.gradcamLimit = 1;
        options.batchSize = 2;
        const auto result = assessment::evaluateDataset(engine, m_dataset, options);
        QCOMPARE(result.rejected, std::size_t(0));
        QCOMPARE(result.predictions.size(), std::size_t(4));
        std::size_t inside = 0;
        for (const auto& p : result.predictions) {
            QVERIFY(p.intervalMonths);
            QVERIFY(p.intervalMonths->first <= p.predictedMonths &&
                    p.predictedMonths <= p.intervalMonths->second);
            inside +=
                p.intervalMonths->first <= p.referenceMonths && p.referenceMonths <= p.intervalMonths->second;
        }
        QVERIFY(result.intervalCoverage);
        QCOMPARE(*result.intervalCoverage, double(inside) / 4.0);
        // And a format 1 package has none.
        const auto plain = assessment::evaluateDataset(*m_engine, m_dataset, options);
        QVERIFY(!plain.intervalCoverage);
        QVERIFY(!plain.predictions.front().intervalMonths);
    }

    void predictionsCsv_ShouldHoldThePredictions() {
        const std::vector<assessment::FilmPrediction> rows{{"7", Sex::Female, 120.5, 118.25, std::nullopt},
                                                           {"x-1", Sex::Male, 36, 40.0004, std::nullopt}};
        const QString path = m_dir.filePath("predictions.csv");
        assessment::writePredictionsCsv(path.toStdString(), rows);
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(csv.readAll(), QByteArray("id,male,boneage,predicted,error\n"
                                           "7,False,120.5,118.250,-2.250\n"
                                           "x-1,True,36,40.000,4.000\n"));
        try {
            assessment::writePredictionsCsv(m_dir.filePath("no/such/folder.csv").toStdString(), rows);
            QFAIL("wrote into a missing folder");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Storage);
        }
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "TestEvaluation.moc"
