// Every malformed input is refused with Error(BadInput) naming the file and the cause, quickly, without a
// crash.
#include "MalformedFilms.h"

#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <QElapsedTimer>
#include <QTest>

#include <filesystem>

using namespace boneage;
using namespace boneage::imaging;

class TestMalformedFilms : public QObject {
    Q_OBJECT

private:
    std::string m_dir = BONEAGE_TEST_OUTPUT_DIR "/malformed";

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir);
        const auto paths = testing::writeMalformedFilms(m_dir);
        QVERIFY2(paths.size() >= 30, "the corpus must hold at least 30 malformed films");
        qInfo("%zu malformed films in %s", paths.size(), m_dir.c_str());
    }

    void validBaseline_ShouldLoad() {
        const auto bytes = testing::validBaselineFilm();
        const Film film = loadFilmFromMemory(bytes.data(), bytes.size(), "baseline.dcm");
        QCOMPARE(film.width, 64);
        QCOMPARE(film.height, 64);
        QCOMPARE(film.format, std::string("dicom"));
    }

    void malformed_ShouldThrowBadInputNamingFileAndCause_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("expectedCause");
        for (const auto& f : testing::malformedFilms()) {
            QTest::newRow(f.fileName.c_str())
                << QString::fromStdString(f.fileName) << QString::fromStdString(f.expectedCause);
        }
    }
    void malformed_ShouldThrowBadInputNamingFileAndCause() {
        QFETCH(QString, fileName);
        QFETCH(QString, expectedCause);
        const std::string path = m_dir + "/" + fileName.toStdString();
        QElapsedTimer timer;
        timer.start();
        try {
            const Film film = loadFilm(path);
            QFAIL(qPrintable("loaded without error: " + QString::number(film.width) + "x" +
                             QString::number(film.height)));
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(fileName), qPrintable(message));
            QVERIFY2(message.contains(expectedCause, Qt::CaseInsensitive), qPrintable(message));
        }
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString("took %1 ms").arg(timer.elapsed())));
    }

    void missingFile_ShouldThrowBadInputFileNotFound() {
        try {
            loadFilm(m_dir + "/does_not_exist.dcm");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY(QString(e.what()).contains("file not found"));
        }
    }

    void directory_ShouldThrowBadInput() {
        try {
            loadFilm(m_dir);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
        }
    }

    void everyTruncation_ShouldThrowBadInputOrLoad() {
        // Exhaustive over the first 400 bytes and a stride through the pixels: never a crash or another
        // exception.
        const auto valid = testing::validBaselineFilm();
        for (std::size_t n = 0; n < valid.size(); n += (n < 400 ? 1 : 97)) {
            try {
                loadFilmFromMemory(valid.data(), n, "cut.dcm");
                QFAIL(qPrintable(QString("a film cut at %1 bytes loaded").arg(n)));
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::BadInput);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestMalformedFilms)
#include "TestMalformedFilms.moc"
