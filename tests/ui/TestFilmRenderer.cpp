// FilmRenderer without a widget: the tile for a view is applyWindow() of exactly the film pixels (or the
// box-averaged pyramid level) it covers; it is re-windowed when the window, inversion or level changes or
// the view leaves it, and not when a pan stays inside its margin; paint() puts the film and the overlay
// onto any painter, the overlay as the CLI's blend.
#include <QPainter>
#include <QtTest>

#include "assessment/HeatmapColours.h"
#include "imaging/Windowing.h"
#include "ui/FilmRenderer.h"
#include "ui/HeatmapImage.h"

using namespace boneage;

namespace {

std::shared_ptr<imaging::Film> makeFilm(int width, int height) {
    auto film = std::make_shared<imaging::Film>();
    film->width = width;
    film->height = height;
    film->bitsStored = 12;
    film->pixels.resize(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            film->pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)] =
                float((7 * x + 13 * y + (x ^ y)) % 4096);
    film->minValue = *std::min_element(film->pixels.begin(), film->pixels.end());
    film->maxValue = *std::max_element(film->pixels.begin(), film->pixels.end());
    return film;
}

QImage windowed(const imaging::Film& film, const imaging::Window& w, bool invert) {
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(film, w, invert, grey);
    return QImage(grey.data(), film.width, film.height, film.width, QImage::Format_Grayscale8).copy();
}

}  // namespace

class TestFilmRenderer : public QObject {
    Q_OBJECT
    std::shared_ptr<imaging::Film> m_film = makeFilm(300, 200);
    const imaging::Window m_window{2000, 1500};

private Q_SLOTS:
    void tile_atFullResolution_ShouldBeTheVisibleFilmPixelsWindowedExactly() {
        ui::FilmRenderer renderer;
        renderer.setFilm(m_film);
        renderer.setWindow(m_window);
        const QRectF visible(40.5, 30.2, 100, 80);
        const ui::FilmRenderer::Tile& tile = renderer.tile(1.0, visible);
        QCOMPARE(tile.level, 0);
        QVERIFY(tile.region.contains(visible.toAlignedRect()));
        QVERIFY(tile.region.width() < 300);  // only what shows (a new window: no margin)
        QCOMPARE(tile.image,
                 windowed(*m_film, m_window, false).copy(tile.region).convertToFormat(QImage::Format_RGB32));
        renderer.setInverted(true);
        const ui::FilmRenderer::Tile& inverted = renderer.tile(1.0, visible);
        QCOMPARE(
            inverted.image,
            windowed(*m_film, m_window, true).copy(inverted.region).convertToFormat(QImage::Format_RGB32));
        QCOMPARE(renderer.displayedImage(), windowed(*m_film, m_window, true));
    }

    void tile_zoomedOut_ShouldBeAPyramidLevel() {
        ui::FilmRenderer renderer;
        renderer.setFilm(m_film);
        renderer.setWindow(m_window);
        const ui::FilmRenderer::Tile& tile = renderer.tile(0.3, QRectF(-50, -50, 400, 300));
        QCOMPARE(tile.level, 1);
        QCOMPARE(tile.region, QRect(0, 0, 150, 100));
        // Level 1 pixel (10, 20): the mean of the film's 2 x 2 block, windowed.
        const auto at = [&](int x, int y) { return m_film->pixels[std::size_t(y) * 300 + std::size_t(x)]; };
        const float mean = (at(20, 40) + at(21, 40) + at(20, 41) + at(21, 41)) / 4.0f;
        QCOMPARE(qGray(tile.image.pixel(10, 20)), int(imaging::windowValue(mean, m_window)));
    }

    void tile_ShouldBeRewindowedOnlyWhenNeeded() {
        ui::FilmRenderer renderer;
        renderer.setFilm(m_film);
        renderer.setWindow(m_window);
        renderer.tile(1.0, QRectF(100, 50, 60, 60));
        // A pan or zoom re-windows with a margin; a small pan stays inside it and re-windows nothing.
        const qint64 afterPan = renderer.tile(1.0, QRectF(104, 50, 60, 60)).image.cacheKey();
        QCOMPARE(renderer.tile(1.0, QRectF(104, 50, 60, 60)).region, QRect(72, 18, 124, 124));
        QCOMPARE(renderer.tile(1.0, QRectF(110, 56, 60, 60)).image.cacheKey(), afterPan);
        // A new window always re-windows.
        renderer.setWindow({2100, 1500});
        QVERIFY(renderer.tile(1.0, QRectF(110, 56, 60, 60)).image.cacheKey() != afterPan);
        QCOMPARE(renderer.window().centre, 2100.0);
        renderer.setWindow({0, 0.2});
        QCOMPARE(renderer.window().width, 1.0);  // never below 1
    }

    void paint_ShouldDrawTheFilmAndTheOverlayAsTheCliBlends() {
        ui::FilmRenderer renderer;
        renderer.setFilm(m_film);
        renderer.setWindow(m_window);
        std::vector<float> heat(std::size_t(300) * 200);
        for (std::size_t i = 0; i < heat.size(); ++i)
            heat[i] = float(i % 300) / 299.0f;
        renderer.setHeatmap(ui::heatmapImage(300, 200, heat));
        QVERIFY(renderer.hasHeatmap());

        QImage canvas(300, 200, QImage::Format_RGB32);
        canvas.fill(Qt::black);
        QPainter painter(&canvas);
        renderer.paint(painter, 1.0, QRectF(0, 0, 300, 200), std::nullopt);
        painter.end();
        QCOMPARE(canvas, windowed(*m_film, m_window, false).convertToFormat(QImage::Format_RGB32));

        QPainter overlay(&canvas);
        renderer.paint(overlay, 1.0, QRectF(0, 0, 300, 200), 0.5);
        overlay.end();
        std::vector<std::uint8_t> grey;
        imaging::applyWindow(*m_film, m_window, false, grey);
        const auto expected = assessment::blendHeatmap(grey, heat, 0.5);
        int worst = 0;
        for (int y = 0; y < 200; y += 7) {
            for (int x = 0; x < 300; x += 5) {
                const QRgb shown = canvas.pixel(x, y);
                const std::size_t i = 3 * (std::size_t(y) * 300 + std::size_t(x));
                worst = std::max({worst, std::abs(qRed(shown) - expected[i]),
                                  std::abs(qGreen(shown) - expected[i + 1]),
                                  std::abs(qBlue(shown) - expected[i + 2])});
            }
        }
        QVERIFY2(worst <= 2, qPrintable(QStringLiteral("screen and CLI differ by %1 levels").arg(worst)));

        renderer.setFilm(makeFilm(300, 200));  // a new film drops the old overlay
        QVERIFY(!renderer.hasHeatmap());
        renderer.setFilm(nullptr);
        QVERIFY(renderer.tile(1.0, QRectF(0, 0, 10, 10)).image.isNull());
        QVERIFY(renderer.displayedImage().isNull());
    }
};

QTEST_MAIN(TestFilmRenderer)
#include "TestFilmRenderer.moc"
