// Colour films (scanned films, secondary captures) are read as grey, the luma of each pixel, with a typed
// warning: RGB by pixel and by plane, 8 and 16 bits, YBR_FULL, the native 422 layouts, PALETTE COLOR, and an
// RGB film recompressed by DCMTK's own tools (JPEG lossless and baseline, JPEG-LS, RLE, big endian).
#include "CodecFilms.h"
#include "ImagingTestSupport.h"

#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace boneage;
using namespace boneage::imaging;
using testing::PixelModule;
using testsupport::runTool;

namespace {

constexpr int kWidth = 96, kHeight = 64;

float luma(double r, double g, double b) {
    return float(0.299 * r + 0.587 * g + 0.114 * b);
}

/// Interleaved RGB: three different gradients, so a swapped or dropped channel changes the luma.
std::vector<std::uint16_t> rgbPixels(unsigned maxValue) {
    std::vector<std::uint16_t> rgb(std::size_t(kWidth) * kHeight * 3);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const std::size_t i = std::size_t(y) * kWidth + x;
            rgb[3 * i] = std::uint16_t(maxValue * x / (kWidth - 1));
            rgb[3 * i + 1] = std::uint16_t(maxValue * y / (kHeight - 1));
            rgb[3 * i + 2] = std::uint16_t((x / 8 + y / 8) % 2 ? maxValue : maxValue / 5);
        }
    }
    return rgb;
}

std::vector<float> lumaOf(const std::vector<std::uint16_t>& rgb) {
    std::vector<float> grey(rgb.size() / 3);
    for (std::size_t i = 0; i < grey.size(); ++i)
        grey[i] = luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
    return grey;
}

std::vector<std::uint16_t> byPlane(const std::vector<std::uint16_t>& rgb) {
    const std::size_t n = rgb.size() / 3;
    std::vector<std::uint16_t> planes(rgb.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < 3; ++c)
            planes[c * n + i] = rgb[3 * i + c];
    }
    return planes;
}

PixelModule module(const char* photometric, int samples, int bits = 8) {
    PixelModule m;
    m.columns = kWidth;
    m.rows = kHeight;
    m.samples = samples;
    m.photometric = photometric;
    m.bitsAllocated = bits > 8 ? 16 : 8;
    m.bitsStored = bits;
    return m;
}

double worst(const std::vector<float>& a, const std::vector<float>& b) {
    double w = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        w = std::max(w, std::abs(double(a[i]) - double(b[i])));
    return w;
}

void expectColourWarning(const Film& film, const char* photometric) {
    QCOMPARE(film.warnings.size(), std::size_t(1));
    QCOMPARE(film.warnings[0].code, boneage::WarningCode::ColourReadAsGrey);
    QCOMPARE(film.warnings[0].args, std::vector<std::string>{photometric});
    const QString text = QString::fromStdString(boneage::warningText(film.warnings[0]));
    QVERIFY2(text.contains(photometric) && text.contains("grey"), qPrintable(text));
}

}  // namespace

class TestColourFilms : public QObject {
    Q_OBJECT

private:
    const std::string m_dir = BONEAGE_TEST_OUTPUT_DIR "/colour-films";
    std::string path(const char* name) const { return m_dir + "/" + name; }

private Q_SLOTS:
    void initTestCase() {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        testing::writeNativeFilm(path("rgb.dcm"), module("RGB", 3), rgbPixels(255));
    }

    void rgb_ShouldBeReadAsItsLumaWithAWarning_data() {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("planar");
        QTest::newRow("8bitByPixel_ShouldBeTheLuma") << 8 << 0;
        QTest::newRow("8bitByPlane_ShouldBeTheLuma") << 8 << 1;
        QTest::newRow("16bitByPixel_ShouldBeTheLuma") << 16 << 0;
        QTest::newRow("12bitByPlane_ShouldBeTheLuma") << 12 << 1;
    }
    void rgb_ShouldBeReadAsItsLumaWithAWarning() {
        QFETCH(int, bits);
        QFETCH(int, planar);
        const auto rgb = rgbPixels((1u << bits) - 1u);
        PixelModule m = module("RGB", 3, bits);
        m.planarConfiguration = planar;
        const std::string file = path("rgb_native.dcm");
        testing::writeNativeFilm(file, m, planar ? byPlane(rgb) : rgb);
        const Film film = loadFilm(file);
        QCOMPARE(film.width, kWidth);
        QCOMPARE(film.height, kHeight);
        QCOMPARE(film.bitsStored, bits);
        QCOMPARE(worst(film.pixels, lumaOf(rgb)), 0.0);
        QVERIFY(!film.defaultWindow && !film.voiLut);
        expectColourWarning(film, "RGB");
    }

    void ybrFull_ShouldBeReadAsItsLumaSample() {
        auto samples = rgbPixels(255);  // read as Y, Cb, Cr
        const std::string file = path("ybr_full.dcm");
        testing::writeNativeFilm(file, module("YBR_FULL", 3), samples);
        const Film film = loadFilm(file);
        for (std::size_t i = 0; i < film.pixels.size(); ++i)
            QCOMPARE(film.pixels[i], float(samples[3 * i]));
        expectColourWarning(film, "YBR_FULL");
    }

    // Native YBR_FULL_422 stores Y0 Y1 Cb Cr for each pair of pixels: two thirds of the bytes of RGB.
    void ybrFull422Native_ShouldBeReadAsItsLumaSamples() {
        std::vector<std::uint16_t> samples;
        std::vector<float> expected;
        for (int i = 0; i < kWidth * kHeight; i += 2) {
            const std::uint16_t y0 = std::uint16_t(i % 251), y1 = std::uint16_t((i * 7) % 253);
            samples.insert(samples.end(), {y0, y1, 100, 150});
            expected.insert(expected.end(), {float(y0), float(y1)});
        }
        const std::string file = path("ybr_full_422.dcm");
        testing::writeNativeFilm(file, module("YBR_FULL_422", 3), samples);
        const Film film = loadFilm(file);
        QCOMPARE(worst(film.pixels, expected), 0.0);
        expectColourWarning(film, "YBR_FULL_422");
    }

    void ybrFull422WithOddColumns_ShouldBeRefused() {
        PixelModule m = module("YBR_FULL_422", 3);
        m.columns = kWidth - 1;
        const std::string file = path("ybr_full_422_odd.dcm");
        testing::writeNativeFilm(file, m,
                                 std::vector<std::uint16_t>(std::size_t(m.columns) * kHeight * 2 + 2, 9));
        QVERIFY_THROWS_EXCEPTION(Error, loadFilm(file));
        try {
            loadFilm(file);
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("odd number of columns"), e.what());
        }
    }

    void paletteColour_ShouldBeTheLumaOfItsTableEntries_data() {
        QTest::addColumn<int>("lutBits");
        QTest::addColumn<int>("firstMapped");
        QTest::newRow("16bitTable_ShouldBeTheLumaOfEachEntry") << 16 << 0;
        QTest::newRow("8bitTableFirstMapped10_ShouldClampBelowAndAbove") << 8 << 10;
    }
    void paletteColour_ShouldBeTheLumaOfItsTableEntries() {
        QFETCH(int, lutBits);
        QFETCH(int, firstMapped);
        testing::PaletteTables palette;
        palette.bits = lutBits;
        palette.firstMapped = firstMapped;
        const unsigned top = (1u << lutBits) - 1u;
        for (unsigned i = 0; i < 200; ++i) {
            palette.red.push_back(std::uint16_t(top * i / 199));
            palette.green.push_back(std::uint16_t(top - top * i / 199));
            palette.blue.push_back(std::uint16_t(i % 2 ? top : 0));
        }
        std::vector<std::uint16_t> indices(std::size_t(kWidth) * kHeight);
        for (std::size_t i = 0; i < indices.size(); ++i)
            indices[i] =
                std::uint16_t(i % 256);  // 0..255: below firstMapped and past the table's 200 entries
        const std::string file = path("palette.dcm");
        testing::writeNativeFilm(file, module("PALETTE COLOR", 1), indices, "1.2.840.10008.1.2.1", &palette);
        const Film film = loadFilm(file);
        QCOMPARE(film.bitsStored, lutBits);
        for (std::size_t i = 0; i < indices.size(); ++i) {
            const int entry = std::clamp(int(indices[i]) - firstMapped, 0, 199);
            QCOMPARE(film.pixels[i], luma(palette.red[entry], palette.green[entry], palette.blue[entry]));
        }
        expectColourWarning(film, "PALETTE COLOR");
    }

    void paletteWithoutTables_ShouldBeRefused() {
        const std::string file = path("palette_without_tables.dcm");
        testing::writeNativeFilm(file, module("PALETTE COLOR", 1),
                                 std::vector<std::uint16_t>(kWidth * kHeight, 1));
        try {
            loadFilm(file);
            QFAIL("a palette film without tables loaded");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY2(QString(e.what()).contains("without a valid red palette descriptor"), e.what());
        }
    }

    // DCMTK's tools recompress the RGB film; the luma must survive every lossless one exactly.
    void rgbRecompressedByDcmtk_ShouldKeepItsLuma_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("jpegLossless_ShouldMatchExactly")
            << QString(BONEAGE_DCMCJPEG) << QStringList{"+e1"} << 0.0;
        QTest::newRow("jpegBaselineYbr422_ShouldMatchWithinLossyTolerance")
            << QString(BONEAGE_DCMCJPEG) << QStringList{"+eb", "+q", "95"} << 24.0;
        QTest::newRow("jpegLsLossless_ShouldMatchExactly")
            << QString(BONEAGE_DCMCJPLS) << QStringList{"+el"} << 0.0;
        QTest::newRow("rle_ShouldMatchExactly") << QString(BONEAGE_DCMCRLE) << QStringList{} << 0.0;
        QTest::newRow("bigEndian_ShouldMatchExactly")
            << QString(BONEAGE_DCMCONV) << QStringList{"+tb"} << 0.0;
    }
    void rgbRecompressedByDcmtk_ShouldKeepItsLuma() {
        QFETCH(QString, tool);
        QFETCH(QStringList, options);
        QFETCH(double, tolerance);
        const QString out = QString::fromStdString(m_dir) + "/" + QTest::currentDataTag() + ".dcm";
        const QString failure =
            runTool(tool, options + QStringList{QString::fromStdString(path("rgb.dcm")), out});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const Film film = loadFilm(out.toStdString());
        const double error = worst(film.pixels, lumaOf(rgbPixels(255)));
        QVERIFY2(error <= tolerance, qPrintable(QString("max error %1 > %2").arg(error).arg(tolerance)));
        QCOMPARE(film.warnings.size(), std::size_t(1));
        QCOMPARE(film.warnings[0].code, boneage::WarningCode::ColourReadAsGrey);
    }

    void samplesThatDoNotFitThePhotometric_ShouldBeRefused() {
        const std::string file = path("rgb_one_sample.dcm");
        testing::writeNativeFilm(file, module("RGB", 1), std::vector<std::uint16_t>(kWidth * kHeight, 3));
        try {
            loadFilm(file);
            QFAIL("an RGB film of one sample per pixel loaded");
        } catch (const Error& e) {
            QVERIFY2(
                QString(e.what()).contains("SamplesPerPixel 1 does not fit photometric interpretation RGB"),
                e.what());
        }
    }

    void greyFilm_ShouldCarryNoWarning() {
        const std::string file = path("grey.dcm");
        testing::writeNativeFilm(file, module("MONOCHROME2", 1),
                                 std::vector<std::uint16_t>(kWidth * kHeight, 7));
        QVERIFY(loadFilm(file).warnings.empty());
    }
};

QTEST_GUILESS_MAIN(TestColourFilms)
#include "TestColourFilms.moc"
