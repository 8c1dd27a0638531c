// Windowing: the DICOM linear window, applyWindow == windowValue per pixel, presets, toUnitRange, speed.
#include "imaging/Windowing.h"

#include <QTest>

#include <algorithm>

using namespace boneage::imaging;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BONEAGE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BONEAGE_ASAN 1
#endif

namespace {

Film makeFilm(int width, int height, float scale, float offset) {
    Film film;
    film.width = width;
    film.height = height;
    film.pixels.resize(std::size_t(width) * height);
    for (std::size_t i = 0; i < film.pixels.size(); ++i) {
        film.pixels[i] = float((i * 2654435761u) % 4096) * scale + offset;
    }
    const auto [lo, hi] = std::minmax_element(film.pixels.begin(), film.pixels.end());
    film.minValue = *lo;
    film.maxValue = *hi;
    return film;
}

}  // namespace

class TestWindowing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void windowValue_ShouldFollowDicomLinearFormula_data() {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("centre");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("expected");
        QTest::newRow("belowWindow_ShouldBe0") << -10.0 << 100.0 << 50.0 << 0;
        QTest::newRow("aboveWindow_ShouldBe255") << 500.0 << 100.0 << 50.0 << 255;
        QTest::newRow("atCentreMinusHalf_ShouldBeMidGrey") << 99.5 << 100.0 << 51.0 << 128;
        QTest::newRow("lowerEdge_ShouldBe0") << 74.5 << 100.0 << 51.0 << 0;
        QTest::newRow("upperEdge_ShouldBe255") << 124.5 << 100.0 << 51.0 << 255;
        QTest::newRow("width1AtThreshold_ShouldBe0") << 99.5 << 100.0 << 1.0 << 0;
        QTest::newRow("width1AboveThreshold_ShouldBe255") << 99.6 << 100.0 << 1.0 << 255;
        QTest::newRow("quarter_ShouldRoundToNearest") << 87.0 << 100.0 << 51.0 << 64;
    }
    void windowValue_ShouldFollowDicomLinearFormula() {
        QFETCH(double, x);
        QFETCH(double, centre);
        QFETCH(double, width);
        QFETCH(int, expected);
        QCOMPARE(int(windowValue(float(x), Window{centre, width})), expected);
    }

    void applyWindow_ShouldEqualWindowValuePerPixel_data() {
        QTest::addColumn<float>("scale");
        QTest::addColumn<float>("offset");
        QTest::addColumn<bool>("invert");
        QTest::newRow("integral12bit_ShouldUseLutAndMatch") << 1.0f << 0.0f << false;
        QTest::newRow("integral12bitInverted_ShouldMatch") << 1.0f << 0.0f << true;
        QTest::newRow("integralNegativeCT_ShouldMatch") << 1.0f << -1024.0f << false;
        QTest::newRow("fractionalRescale_ShouldFallBackAndMatch") << 0.37f << 3.25f << false;
        QTest::newRow("fractionalRescaleInverted_ShouldMatch") << 0.37f << 3.25f << true;
    }
    void applyWindow_ShouldEqualWindowValuePerPixel() {
        QFETCH(float, scale);
        QFETCH(float, offset);
        QFETCH(bool, invert);
        const Film film = makeFilm(257, 131, scale, offset);
        for (const Window w : {Window{1000 * scale + offset, 700 * scale}, Window{2048 * scale + offset, 1},
                               Window{film.minValue - 10.0, 3}, windowFor(film, WindowPreset::FullRange)}) {
            std::vector<std::uint8_t> out;
            applyWindow(film, w, invert, out);
            QCOMPARE(out.size(), film.pixels.size());
            for (std::size_t i = 0; i < out.size(); ++i) {
                const int expected =
                    invert ? 255 - windowValue(film.pixels[i], w) : windowValue(film.pixels[i], w);
                if (out[i] != expected)
                    QFAIL(qPrintable(QString("pixel %1 = %2, expected %3").arg(i).arg(out[i]).arg(expected)));
            }
        }
    }

    void presets_ShouldGiveExpectedWindows() {
        Film film = makeFilm(128, 128, 1.0f, 0.0f);
        const Window full = windowFor(film, WindowPreset::FullRange);
        QCOMPARE(int(windowValue(film.minValue, full)), 0);
        QCOMPARE(int(windowValue(film.maxValue, full)), 255);
        // No DICOM window: DicomDefault falls back to the full range.
        const Window fallback = windowFor(film, WindowPreset::DicomDefault);
        QCOMPARE(fallback.centre, full.centre);
        QCOMPARE(fallback.width, full.width);
        // A VOI LUT alone: a linear window that follows the LUT's ramp.
        VoiLut lut;
        lut.firstMapped = 1000;
        lut.outputBits = 8;
        for (int i = 0; i < 1000; ++i)
            lut.table.push_back(std::clamp(i - 200, 0, 255));
        film.voiLut = lut;
        const Window fromLut = windowFor(film, WindowPreset::DicomDefault);
        QVERIFY2(std::abs(fromLut.centre - 1328) < 2 && std::abs(fromLut.width - 256) < 3,
                 qPrintable(QString("%1/%2").arg(fromLut.centre).arg(fromLut.width)));
        film.defaultWindow = Window{40, 400};
        QCOMPARE(windowFor(film, WindowPreset::DicomDefault).centre, 40.0);
        const Window bone = windowFor(film, WindowPreset::Bone);
        QVERIFY(bone.width >= 1);
        QVERIFY(bone.centre - bone.width / 2 >= film.minValue - 1);
        QVERIFY(bone.centre + bone.width / 2 <= film.maxValue + 2);
        QVERIFY(bone.centre > full.centre - full.width / 2 + 0.2 * full.width);  // skips the dark background
    }

    void toUnitRange_ShouldBeTheUnquantisedDefaultWindow() {
        Film film = makeFilm(64, 64, 1.0f, 0.0f);
        film.defaultWindow = Window{2048, 1024};
        const auto unit = toUnitRange(film);
        QCOMPARE(unit.size(), film.pixels.size());
        for (std::size_t i = 0; i < unit.size(); ++i) {
            QVERIFY(unit[i] >= 0.0f && unit[i] <= 1.0f);
            QVERIFY(std::abs(unit[i] * 255.0f - float(windowValue(film.pixels[i], *film.defaultWindow))) <=
                    0.51f);
        }
        film.defaultWindow.reset();
        const auto full = toUnitRange(film);
        const auto lo = std::min_element(full.begin(), full.end()),
                   hi = std::max_element(full.begin(), full.end());
        QCOMPARE(*lo, 0.0f);
        QCOMPARE(*hi, 1.0f);
        VoiLut lut;
        lut.firstMapped = 0;
        lut.outputBits = 12;
        for (int i = 0; i < 4096; ++i)
            lut.table.push_back(4095 - i);
        film.voiLut = lut;
        const auto viaLut = toUnitRange(film);
        QCOMPARE(viaLut[0], float((4095 - film.pixels[0]) / 4095.0));
    }

    void applyWindow_On2048x2560_ShouldEqualThePixelFunctionEverywhere() {
        // A smooth 16-bit film the size of a radiograph: the LUT path must give windowValue() at every
        // pixel, for a moving window and both polarities. (Its speed is printed by boneage-ui-bench, the
        // window/level frame; a shared CI machine cannot time it.)
        Film film;
        film.width = 2048;
        film.height = 2560;
        film.pixels.resize(std::size_t(film.width) * film.height);
        for (int y = 0; y < film.height; ++y) {
            for (int x = 0; x < film.width; ++x) {
                film.pixels[std::size_t(y) * film.width + x] =
                    float((x * 37 + y * 11 + ((x / 64 + y / 64) % 3) * 9000) % 65536);
            }
        }
        film.minValue = *std::min_element(film.pixels.begin(), film.pixels.end());
        film.maxValue = *std::max_element(film.pixels.begin(), film.pixels.end());
        const Window w = windowFor(film, WindowPreset::FullRange);
        std::vector<std::uint8_t> out;
        for (int i = 0; i < 3; ++i) {
            const Window moved{w.centre + 997.0 * i, w.width / (i + 1)};
            const bool invert = i % 2 == 1;
            applyWindow(film, moved, invert, out);
            QCOMPARE(out.size(), film.pixels.size());
            std::size_t wrong = 0;
            for (std::size_t p = 0; p < out.size(); ++p) {
                const std::uint8_t want = windowValue(film.pixels[p], moved);
                wrong += out[p] != (invert ? std::uint8_t(255 - want) : want);
            }
            QVERIFY2(wrong == 0, qPrintable(QString("window %1: %2 pixels differ").arg(i).arg(wrong)));
        }
    }
};

QTEST_GUILESS_MAIN(TestWindowing)
#include "TestWindowing.moc"
