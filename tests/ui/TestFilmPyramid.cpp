// FilmPyramid: level sizes, every level pixel the exact area mean of the film pixels it covers (edges cut by
// odd sizes included), where reduction stops, which level a zoom paints from, and reset.
#include <QtTest>

#include <cmath>
#include <memory>

#include "ui/FilmPyramid.h"

using boneage::imaging::Film;
using boneage::ui::FilmPyramid;

namespace {

std::shared_ptr<Film> makeFilm(int width, int height) {
    auto film = std::make_shared<Film>();
    film->width = width;
    film->height = height;
    film->bitsStored = 12;
    film->pixels.resize(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {  // smooth ramps plus a hash, so no two blocks share a mean
            const unsigned hash = (unsigned(x) * 73856093u) ^ (unsigned(y) * 19349663u);
            film->pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)] =
                float(3 * x + 2 * y) + float(hash % 1000u) * 0.5f;
        }
    }
    film->minValue = *std::min_element(film->pixels.begin(), film->pixels.end());
    film->maxValue = *std::max_element(film->pixels.begin(), film->pixels.end());
    return film;
}

}  // namespace

class TestFilmPyramid : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void levels_areAreaMeansOfTheFilm_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("even 256 x 192") << 256 << 192;
        QTest::newRow("odd 257 x 191") << 257 << 191;
        QTest::newRow("thin 1000 x 37") << 1000 << 37;
        QTest::newRow("tall 33 x 300") << 33 << 300;
    }
    void levels_areAreaMeansOfTheFilm() {
        QFETCH(int, width);
        QFETCH(int, height);
        const auto film = makeFilm(width, height);
        FilmPyramid pyramid;
        pyramid.reset(film);
        QVERIFY(pyramid.levelCount() >= 2);
        QCOMPARE(&pyramid.level(0), film.get());
        for (int level = 1; level < pyramid.levelCount(); ++level) {
            const int f = FilmPyramid::factor(level);
            const Film& reduced = pyramid.level(level);
            QCOMPARE(reduced.width, (width + f - 1) / f);
            QCOMPARE(reduced.height, (height + f - 1) / f);
            QCOMPARE(reduced.bitsStored, film->bitsStored);
            double worst = 0;
            float lo = reduced.pixels[0], hi = reduced.pixels[0];
            for (int ry = 0; ry < reduced.height; ++ry) {
                for (int rx = 0; rx < reduced.width; ++rx) {
                    double sum = 0;
                    int count = 0;
                    for (int y = ry * f; y < std::min((ry + 1) * f, height); ++y) {
                        for (int x = rx * f; x < std::min((rx + 1) * f, width); ++x) {
                            sum += film->pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)];
                            ++count;
                        }
                    }
                    const float value =
                        reduced.pixels[std::size_t(ry) * std::size_t(reduced.width) + std::size_t(rx)];
                    worst = std::max(worst, std::fabs(value - sum / count) / (std::fabs(sum / count) + 1.0));
                    lo = std::min(lo, value);
                    hi = std::max(hi, value);
                }
            }
            QVERIFY2(worst < 1e-5,
                     qPrintable(QStringLiteral("level %1: relative error %2").arg(level).arg(worst)));
            QCOMPARE(reduced.minValue, lo);
            QCOMPARE(reduced.maxValue, hi);
        }
    }

    void reduction_stopsAtThirtyTwoPixelsOrSixLevels_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("levels");
        QTest::newRow("2048 x 2560: six reductions") << 2048 << 2560 << 7;
        QTest::newRow("256 x 100: 256 -> 128 -> 64 -> 32") << 256 << 100 << 4;
        QTest::newRow("63 x 40: 32 is the last") << 63 << 40 << 2;
        QTest::newRow("31 x 20: nothing to reduce") << 31 << 20 << 1;
    }
    void reduction_stopsAtThirtyTwoPixelsOrSixLevels() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, levels);
        FilmPyramid pyramid;
        pyramid.reset(makeFilm(width, height));
        QCOMPARE(pyramid.levelCount(), levels);
    }

    void levelFor_onlyEverMinifies_data() {
        QTest::addColumn<double>("deviceScale");
        QTest::addColumn<int>("level");
        QTest::newRow("200 %") << 2.0 << 0;
        QTest::newRow("100 %") << 1.0 << 0;
        QTest::newRow("51 %") << 0.51 << 0;
        QTest::newRow("50 %") << 0.5 << 1;
        QTest::newRow("26 %") << 0.26 << 1;
        QTest::newRow("25 %") << 0.25 << 2;
        QTest::newRow("1 %: clamped to the coarsest") << 0.01 << 3;
    }
    void levelFor_onlyEverMinifies() {
        QFETCH(double, deviceScale);
        QFETCH(int, level);
        FilmPyramid pyramid;
        pyramid.reset(makeFilm(256, 100));  // 4 levels
        QCOMPARE(pyramid.levelFor(deviceScale), level);
    }

    void reset_dropsTheOldFilmsLevels() {
        FilmPyramid pyramid;
        pyramid.reset(makeFilm(256, 256));
        const float before = pyramid.level(1).pixels[0];
        auto other = makeFilm(256, 256);
        for (float& v : other->pixels)
            v += 1000.0f;
        pyramid.reset(other);
        QCOMPARE(pyramid.level(1).pixels[0], before + 1000.0f);
        pyramid.reset(nullptr);
        QCOMPARE(pyramid.levelCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFilmPyramid)
#include "TestFilmPyramid.moc"
