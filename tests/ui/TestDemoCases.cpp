// DemoCases: the demo films are written through the shared phantom DICOM writer, so every one of them, the
// MONOCHROME1 ones included, shows bone bright on a dark background (before, DemoCases handed the writer
// the phantom's stored, bone-dark values as bone-bright ones and a MONOCHROME1 demo showed inverted); the
// files carry the fictitious patient under 2.25 UIDs, pass dciodvfy, are the same bytes every time and are
// not rewritten when present.
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "imaging/FilmLoader.h"
#include "imaging/Windowing.h"
#include "ui/DemoCases.h"

using namespace boneage;

namespace {

QByteArray hashOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

/// Mean displayed grey (default window) of the film's outer frame (8 % each side) and of its central third.
std::pair<double, double> frameAndCentre(const imaging::Film& film) {
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(film, imaging::windowFor(film, imaging::WindowPreset::DicomDefault), false, grey);
    const int mx = film.width * 8 / 100, my = film.height * 8 / 100;
    double frame = 0, centre = 0;
    std::size_t nFrame = 0, nCentre = 0;
    for (int y = 0; y < film.height; ++y) {
        for (int x = 0; x < film.width; ++x) {
            const double v = grey[std::size_t(y) * std::size_t(film.width) + std::size_t(x)];
            if (x < mx || x >= film.width - mx || y < my || y >= film.height - my) {
                frame += v;
                ++nFrame;
            } else if (x >= film.width / 3 && x < 2 * film.width / 3 && y >= film.height / 3 &&
                       y < 2 * film.height / 3) {
                centre += v;
                ++nCentre;
            }
        }
    }
    return {frame / double(nFrame), centre / double(nCentre)};
}

}  // namespace

class TestDemoCases : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_files;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_files = ui::DemoCases::ensure(m_dir.filePath(QStringLiteral("a")), 4);
        QCOMPARE(m_files.size(), 4);
    }

    void everyDemoFilm_ShouldShowBoneBrightOnADarkBackground() {
        int monochrome1 = 0;
        for (const QString& file : m_files) {
            const imaging::Film film = imaging::loadFilm(file.toStdString());
            monochrome1 += film.meta.photometric == "MONOCHROME1";
            const auto [frame, centre] = frameAndCentre(film);
            QVERIFY2(frame + 40 < centre, qPrintable(QStringLiteral("%1 (%2): background %3, hand %4")
                                                         .arg(QFileInfo(file).fileName(),
                                                              QString::fromStdString(film.meta.photometric))
                                                         .arg(frame)
                                                         .arg(centre)));
        }
        QCOMPARE(monochrome1, 1);  // demo-04 is stored as computed radiography often is
    }

    void demoFilms_ShouldCarryTheDemoPatientUnderTheProjectRoot() {
        const imaging::Film film = imaging::loadFilm(m_files[0].toStdString());
        QCOMPARE(film.meta.patientId, std::string("DEMO001"));
        QCOMPARE(film.meta.patientName, std::string("DEMO^Ada"));
        QCOMPARE(film.meta.patientSex, std::string("F"));
        QCOMPARE(film.meta.studyDate, std::string("20240315"));
        QCOMPARE(film.meta.birthDate, std::string("20190115"));  // 62 months before the study
        QVERIFY(film.meta.sopInstanceUid.rfind("2.25.", 0) == 0);
        QCOMPARE(ui::DemoCases::renderedBoneAgeMonths(QStringLiteral("DEMO001")), std::optional<double>(60));
        QVERIFY(!ui::DemoCases::renderedBoneAgeMonths(QStringLiteral("OTHER")));
        for (const QString& file : m_files) {
            QProcess iod;
            iod.setProcessChannelMode(QProcess::MergedChannels);
            iod.start(QStringLiteral("dciodvfy"), {file});
            QVERIFY2(iod.waitForFinished(60000), "dciodvfy did not finish");
            const QString output = QString::fromLocal8Bit(iod.readAll());
            QVERIFY2(!output.contains(QStringLiteral("Error")), qPrintable(output));
        }
    }

    void ensure_ShouldWriteTheSameBytesAndKeepExistingFiles() {
        const QStringList again = ui::DemoCases::ensure(m_dir.filePath(QStringLiteral("b")), 4);
        QCOMPARE(hashOf(again[3]), hashOf(m_files[3]));
        const QDateTime written = QFileInfo(m_files[0]).lastModified();
        QCOMPARE(ui::DemoCases::ensure(m_dir.filePath(QStringLiteral("a")), 4), m_files);
        QCOMPARE(QFileInfo(m_files[0]).lastModified(), written);
    }
};

QTEST_GUILESS_MAIN(TestDemoCases)
#include "TestDemoCases.moc"
