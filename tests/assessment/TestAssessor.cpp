// assessFilm with the format 2 test packages (random weights; their input checks are rigged): the hand-crop
// package always sees a right hand turned 90 degrees clockwise, so the film is read with the two warnings
// that say what was done and with the package's interval around the reading; the hand-crop-reject package
// never sees a hand, so the film is not read and the rejection names the film's file; a format 1 package has
// neither an input check nor an interval, and says nothing of either.
#include "assessment/Assessor.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>
#include <string>

#include "assessment/PhantomDataset.h"
#include "common/Error.h"
#include "engine/Engine.h"
#include "imaging/FilmLoader.h"

using namespace boneage;

namespace {

std::vector<WarningCode> codesOf(const std::vector<Warning>& warnings) {
    std::vector<WarningCode> codes;
    for (const Warning& w : warnings)
        codes.push_back(w.code);
    return codes;
}

const Warning* find(const std::vector<Warning>& warnings, WarningCode code) {
    const auto it =
        std::find_if(warnings.begin(), warnings.end(), [code](const Warning& w) { return w.code == code; });
    return it == warnings.end() ? nullptr : &*it;
}

}  // namespace

class TestAssessor : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    imaging::Film m_film;
    assessment::PatientFacts m_entered;

    static std::string package(const char* name) { return std::string(BONEAGE_TEST_MODELS "/") + name; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        assessment::PhantomDatasetOptions phantoms;
        phantoms.outDir = m_dir.filePath("set").toStdString();
        phantoms.count = 1;
        phantoms.seed = 5;
        phantoms.height = 400;
        assessment::writePhantomDataset(phantoms);
        m_film = imaging::loadFilm(m_dir.filePath("set/images/1.png").toStdString());
        m_entered.sex = Sex::Female;  // a PNG says nothing of its patient
    }

    void turnedRightHand_isReadUprightWithBothWarningsAndTheInterval() {
        engine::Engine engine(package("hand-crop"), engine::DevicePreference::Cpu);
        const auto result = assessment::assessFilm(engine, m_film, m_entered, false);
        QVERIFY(result.prediction.inputCheck && result.prediction.inputCheck->hand);
        const Warning* mirrored = find(result.warnings, WarningCode::FilmMirrored);
        const Warning* turned = find(result.warnings, WarningCode::FilmTurned);
        QVERIFY(mirrored);
        QVERIFY(turned);
        QCOMPARE(turned->args, std::vector<std::string>{"90"});
        QCOMPARE(warningText(*turned), std::string("the film is turned 90 degrees clockwise: it was turned "
                                                   "fingers up for reading"));
        QVERIFY(warningText(*mirrored).find("mirrored and read as a left hand") != std::string::npos);
        // Each said once, after the film's and patient's own warnings.
        QCOMPARE(std::count(result.warnings.begin(), result.warnings.end(), *turned), 1L);
        const auto& interval = result.prediction.interval;
        QVERIFY(interval);
        QVERIFY(interval->lowMonths <= result.clinical.boneAgeMonths);
        QVERIFY(result.clinical.boneAgeMonths <= interval->highMonths);
        QCOMPARE(interval->coverage, 0.9);
    }

    void inputCheckWarnings_sayWhatWasDone_data() {
        QTest::addColumn<bool>("mirrored");
        QTest::addColumn<int>("quarterTurns");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("uprightLeftHand_saysNothing") << false << 0 << QStringList{};
        QTest::newRow("rightHand_saysMirrored") << true << 0 << QStringList{"film_mirrored"};
        QTest::newRow("anticlockwiseQuarter_saysTurned270") << false << 1 << QStringList{"film_turned:270"};
        QTest::newRow("upsideDown_saysTurned180") << false << 2 << QStringList{"film_turned:180"};
        QTest::newRow("turnedRightHand_saysBoth")
            << true << 3 << QStringList{"film_mirrored", "film_turned:90"};
    }
    void inputCheckWarnings_sayWhatWasDone() {
        QFETCH(bool, mirrored);
        QFETCH(int, quarterTurns);
        QFETCH(QStringList, expected);
        engine::InputCheck check;
        check.mirrored = mirrored;
        check.quarterTurns = quarterTurns;
        QStringList said;
        for (const Warning& w : assessment::inputCheckWarnings(check)) {
            QString key = QString::fromLatin1(warningCodeName(w.code));
            for (const std::string& a : w.args)
                key += QLatin1Char(':') + QString::fromStdString(a);
            said << key;
        }
        QCOMPARE(said, expected);
    }

    void notAHand_isNotRead_andTheRejectionNamesTheFile() {
        engine::Engine engine(package("hand-crop-reject"), engine::DevicePreference::Cpu);
        for (const bool gradcam : {false, true}) {
            try {
                assessment::assessFilm(engine, m_film, m_entered, gradcam);
                QFAIL("a film the input check rejects was read");
            } catch (const engine::InputRejected& e) {
                QCOMPARE(e.code(), ErrorCode::BadInput);
                QCOMPARE(e.subject(), m_film.sourcePath);
                QVERIFY(!e.check().hand);
                const std::string what = e.what();
                QVERIFY2(what.rfind(m_film.sourcePath + ": ", 0) == 0, what.c_str());
                QVERIFY2(what.find("does not look like a hand radiograph") != std::string::npos,
                         what.c_str());
            }
        }
    }

    void formatOnePackage_hasNoCheckNoIntervalAndSaysNothingOfThem() {
        engine::Engine engine(package("compact-random"), engine::DevicePreference::Cpu);
        const auto result = assessment::assessFilm(engine, m_film, m_entered, false);
        QVERIFY(!result.prediction.inputCheck);
        QVERIFY(!result.prediction.interval);
        const auto codes = codesOf(result.warnings);
        QVERIFY(std::find(codes.begin(), codes.end(), WarningCode::FilmMirrored) == codes.end());
        QVERIFY(std::find(codes.begin(), codes.end(), WarningCode::FilmTurned) == codes.end());
    }
};

QTEST_GUILESS_MAIN(TestAssessor)
#include "TestAssessor.moc"
