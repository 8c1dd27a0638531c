// loadFilm semantics on films edited by dcmodify: MONOCHROME1 inversion, signed pixels, rescale, VOI window
// and LUT, pixel spacing, metadata; PNG/JPEG recognised by content whatever the file is called.
#include "ImagingTestSupport.h"

#include "imaging/FilmLoader.h"
#include "imaging/FilmWriter.h"
#include "imaging/Windowing.h"

#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace boneage::imaging;
using testsupport::pattern;
using testsupport::runTool;

class TestFilmLoader : public QObject {
    Q_OBJECT

private:
    const QString m_dir = BONEAGE_TEST_OUTPUT_DIR "/imaging-loader";
    static constexpr int kWidth = 64, kHeight = 48;
    std::vector<std::uint16_t> m_pixels = pattern(kWidth, kHeight, 4095);

    /// A fresh 12-bit original, modified by dcmodify with `edits` (each "-i"/"-m"/"-e" plus an argument).
    QString edited(const QString& name, const QStringList& edits) {
        const QString path = m_dir + "/" + name + ".dcm";
        DicomWriteOptions o;
        o.window = Window{1000, 500};
        writeDicom(path.toStdString(), kWidth, kHeight, m_pixels, o);
        if (!edits.isEmpty()) {
            const QString failure = runTool(BONEAGE_DCMODIFY, QStringList{"-nb"} + edits + QStringList{path});
            if (!failure.isEmpty())
                qWarning("%s", qPrintable(failure));
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir.toStdString());
        std::filesystem::create_directories(m_dir.toStdString());
    }

    void monochrome1_ShouldShowBoneBright() {
        const Film film = loadFilm(edited("mono1", {"-m", "(0028,0004)=MONOCHROME1"}).toStdString());
        QCOMPARE(film.meta.photometric, std::string("MONOCHROME1"));
        for (std::size_t i = 0; i < m_pixels.size(); ++i)
            QCOMPARE(film.pixels[i], float(4095 - m_pixels[i]));
        // The darkest stored value (0, which MONOCHROME1 shows white) is now the brightest.
        QCOMPARE(film.pixels[0], 4095.0f);
        // The window was moved with the inversion: the display is the same.
        QVERIFY(film.defaultWindow);
        QCOMPARE(film.defaultWindow->centre, 4095 + 1 - 1000.0);
        for (std::size_t i = 0; i < m_pixels.size(); i += 7) {
            QCOMPARE(int(windowValue(film.pixels[i], *film.defaultWindow)),
                     255 - windowValue(float(m_pixels[i]), Window{1000, 500}));
        }
    }

    void signedPixels_ShouldBeSignExtended() {
        const Film film = loadFilm(edited("signed", {"-m", "(0028,0103)=1"}).toStdString());
        for (std::size_t i = 0; i < m_pixels.size(); ++i) {
            const int v = m_pixels[i];
            QCOMPARE(film.pixels[i], float(v >= 2048 ? v - 4096 : v));
        }
    }

    void rescale_ShouldBeApplied() {
        const Film film =
            loadFilm(edited("rescale", {"-i", "(0028,1052)=-1024", "-i", "(0028,1053)=0.5"}).toStdString());
        for (std::size_t i = 0; i < m_pixels.size(); ++i)
            QCOMPARE(film.pixels[i], 0.5f * m_pixels[i] - 1024.0f);
        QCOMPARE(film.minValue, -1024.0f);
    }

    void voiLut_ShouldBeReadAndUsedWithoutWindow() {
        QStringList table;
        for (int i = 0; i < 4096; ++i)
            table << QString::number(std::min(255, i / 8), 16);  // OW values are hex
        const QString path = edited("voilut", {"-e", "(0028,1050)", "-e", "(0028,1051)", "-i",
                                               "(0028,3010)[0].(0028,3002)=4096\\0\\8", "-i",
                                               "(0028,3010)[0].(0028,3006)=" + table.join("\\")});
        const Film film = loadFilm(path.toStdString());
        QVERIFY(!film.defaultWindow);
        QVERIFY(film.voiLut);
        QCOMPARE(film.voiLut->table.size(), std::size_t(4096));
        QCOMPARE(film.voiLut->outputBits, 8);
        QCOMPARE(film.voiLut->table[800], 100.0);
        const auto unit = toUnitRange(film);
        QCOMPARE(unit[5], float(std::min(255, m_pixels[5] / 8) / 255.0));
    }

    void pixelSpacing_ShouldFallBackToImagerPixelSpacing() {
        const Film film = loadFilm(edited("imager", {"-i", "(0018,1164)=0.2\\0.25"}).toStdString());
        QVERIFY(film.pixelSpacingMm);
        QCOMPARE(film.pixelSpacingMm->first, 0.2);
        QCOMPARE(film.pixelSpacingMm->second, 0.25);
        const Film both = loadFilm(
            edited("both", {"-i", "(0018,1164)=0.2\\0.25", "-i", "(0028,0030)=0.1\\0.1"}).toStdString());
        QCOMPARE(both.pixelSpacingMm->first, 0.1);
    }

    void metadata_ShouldBeRead() {
        const Film film = loadFilm(
            edited("meta", {"-m", "(0010,0040)=M", "-m", "(0010,0030)=20140102", "-m", "(0010,0020)=ID42",
                            "-m", "(0018,0015)=HAND", "-m", "(0020,0060)=L", "-m", "(0008,0020)=20240601"})
                .toStdString());
        QCOMPARE(film.meta.patientSex, std::string("M"));
        QCOMPARE(film.meta.birthDate, std::string("20140102"));
        QCOMPARE(film.meta.patientId, std::string("ID42"));
        QCOMPARE(film.meta.bodyPart, std::string("HAND"));
        QCOMPARE(film.meta.laterality, std::string("L"));
        QCOMPARE(film.meta.studyDate, std::string("20240601"));
        QCOMPARE(film.meta.modality, std::string("CR"));
        QCOMPARE(film.meta.sopClassUid, std::string("1.2.840.10008.5.1.4.1.1.1"));
        const Film bad =
            loadFilm(edited("badmeta", {"-m", "(0010,0040)=X", "-m", "(0010,0030)=2014"}).toStdString());
        QCOMPARE(bad.meta.patientSex, std::string());
        QCOMPARE(bad.meta.birthDate,
                 std::string("2014"));  // as stored: the assessor warns, nothing is dropped
    }

    void format_ShouldBeRecognisedByContentNotExtension_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("encoder");
        QTest::addColumn<QString>("format");
        QTest::newRow("pngNamedDcm_ShouldLoadAsPng") << "png_named.dcm"
                                                     << ".png"
                                                     << "png";
        QTest::newRow("jpegNamedPng_ShouldLoadAsJpeg") << "jpeg_named.png"
                                                       << ".jpg"
                                                       << "jpeg";
        QTest::newRow("pngWithoutExtension_ShouldLoadAsPng") << "png_no_extension"
                                                             << ".png"
                                                             << "png";
    }
    void format_ShouldBeRecognisedByContentNotExtension() {
        QFETCH(QString, fileName);
        QFETCH(QString, encoder);
        QFETCH(QString, format);
        std::vector<std::uint8_t> grey(m_pixels.size());
        for (std::size_t i = 0; i < grey.size(); ++i)
            grey[i] = std::uint8_t(m_pixels[i] >> 4);
        const cv::Mat image(kHeight, kWidth, CV_8UC1, grey.data());
        std::vector<std::uint8_t> bytes;
        QVERIFY(cv::imencode(encoder.toStdString(), image, bytes));
        const std::string path = (m_dir + "/" + fileName).toStdString();
        FILE* f = std::fopen(path.c_str(), "wb");
        QVERIFY(f);
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        const Film film = loadFilm(path);
        QCOMPARE(QString::fromStdString(film.format), format);
        QCOMPARE(film.width, kWidth);
        QCOMPARE(film.height, kHeight);
        QCOMPARE(film.bitsStored, 8);
        QVERIFY(std::abs(film.pixels[100] - float(grey[100])) <= (format == "png" ? 0 : 8));
        const Film fromMemory = loadFilmFromMemory(bytes.data(), bytes.size(), "memory");
        QCOMPARE(fromMemory.pixels, film.pixels);
    }
};

QTEST_GUILESS_MAIN(TestFilmLoader)
#include "TestFilmLoader.moc"
