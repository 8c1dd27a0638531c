// The Grad-CAM secondary capture sent back to the PACS: an RGB Secondary Capture object in the film's study
// and patient, with a series and instance of its own, that the project's own loader reads back (as grey, with
// its colour warning), written atomically and owner-only; pixels of the wrong size are refused and leave
// nothing.
#include "pacs/SecondaryCapture.h"

#include "common/Error.h"
#include "common/PrivateFiles.h"
#include "imaging/FilmLoader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace boneage;

class TestSecondaryCapture : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static imaging::FilmMetadata source() {
        imaging::FilmMetadata m;
        m.patientName = "HANSEN^Ada";
        m.patientId = "ADA";
        m.patientSex = "F";
        m.birthDate = "20150101";
        m.studyDate = "20240110";
        m.studyInstanceUid = "2.25.701";
        m.seriesInstanceUid = "2.25.701.1";
        m.sopInstanceUid = "2.25.701.1.1";
        m.sopClassUid = "1.2.840.10008.5.1.4.1.1.1";
        m.accessionNumber = "ACC1";
        m.bodyPart = "HAND";
        return m;
    }

private Q_SLOTS:
    void capture_ShouldBeReadBackInTheFilmsStudy() {
        const int w = 48, h = 40;
        std::vector<std::uint8_t> rgb(std::size_t(w * h * 3));
        for (std::size_t i = 0; i < rgb.size(); i += 3)  // pure red on the left half, pure blue on the right
            rgb[i + ((i / 3) % w < std::size_t(w / 2) ? 0 : 2)] = 255;
        const std::string path = m_dir.filePath("capture.dcm").toStdString();
        pacs::CaptureOptions options;
        options.derivation = "Grad-CAM attention map of the bone-age model table 1.0";
        const pacs::CaptureFile written = pacs::writeSecondaryCapture(path, w, h, rgb, source(), options);

        const imaging::Film film = imaging::loadFilm(path);
        QCOMPARE(film.width, w);
        QCOMPARE(film.height, h);
        QCOMPARE(film.meta.sopClassUid, std::string("1.2.840.10008.5.1.4.1.1.7"));
        QCOMPARE(film.meta.studyInstanceUid, std::string("2.25.701"));
        QCOMPARE(film.meta.patientId, std::string("ADA"));
        QCOMPARE(film.meta.accessionNumber, std::string("ACC1"));
        QCOMPARE(film.meta.modality, std::string("OT"));
        QCOMPARE(film.meta.photometric, std::string("RGB"));
        QCOMPARE(film.meta.sopInstanceUid, written.sopInstanceUid);
        QCOMPARE(film.meta.seriesInstanceUid, written.seriesInstanceUid);
        QVERIFY(written.seriesInstanceUid != source().seriesInstanceUid);
        QVERIFY(QString::fromStdString(written.sopInstanceUid).startsWith("2.25."));
        QVERIFY(!film.warnings.empty());  // colour, read as grey
        // Red and blue have different luma: the two halves differ, so the pixels are the ones given.
        QVERIFY(film.pixels[std::size_t(2)] != film.pixels[std::size_t(w - 3)]);
        QCOMPARE(permissionBits(path), int(kPrivateFileMode));
    }

    void wrongPixelCount_ShouldBeRefusedAndLeaveNothing() {
        const QString dir = m_dir.filePath("refused");
        QDir().mkpath(dir);
        const std::string path = (dir + "/capture.dcm").toStdString();
        try {
            pacs::writeSecondaryCapture(path, 40, 30, std::vector<std::uint8_t>(40 * 30), source());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Usage);
        }
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }
};

QTEST_GUILESS_MAIN(TestSecondaryCapture)
#include "TestSecondaryCapture.moc"
