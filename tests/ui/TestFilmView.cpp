// FilmView, driven as a user would: a DICOM written with the imaging writer is loaded and shown; a
// window/level drag changes the displayed pixels exactly as imaging::applyWindow computes, both at 100 %
// (film pixels, only the part in view) and zoomed out (a box-averaged pyramid level); zoom keeps the point
// under the cursor; pan moves the film; presets, invert and the Grad-CAM overlay change what is painted.
#include <QTemporaryDir>
#include <QtTest>

#include "UiTestSupport.h"
#include "imaging/FilmLoader.h"
#include "imaging/Windowing.h"
#include "ui/FilmView.h"
#include "ui/HeatmapImage.h"

using namespace boneage;

class TestFilmView : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<const imaging::Film> m_film;

    static QImage expected(const imaging::Film& film, const imaging::Window& w, bool invert) {
        std::vector<std::uint8_t> grey;
        imaging::applyWindow(film, w, invert, grey);
        return QImage(grey.data(), film.width, film.height, film.width, QImage::Format_Grayscale8).copy();
    }

    /// Level `level` of the pyramid computed independently: each pixel the mean, in double, of the film
    /// pixels its 2^level x 2^level block covers (fewer at the right and bottom edges).
    static imaging::Film boxAverage(const imaging::Film& film, int level) {
        const int f = 1 << level;
        imaging::Film out;
        out.width = (film.width + f - 1) / f;
        out.height = (film.height + f - 1) / f;
        out.pixels.resize(std::size_t(out.width) * std::size_t(out.height));
        for (int y = 0; y < out.height; ++y) {
            for (int x = 0; x < out.width; ++x) {
                double sum = 0;
                int n = 0;
                for (int fy = y * f; fy < std::min(film.height, (y + 1) * f); ++fy) {
                    for (int fx = x * f; fx < std::min(film.width, (x + 1) * f); ++fx, ++n)
                        sum += film.pixels[std::size_t(fy) * std::size_t(film.width) + std::size_t(fx)];
                }
                out.pixels[std::size_t(y) * std::size_t(out.width) + std::size_t(x)] = float(sum / n);
            }
        }
        const auto [lo, hi] = std::minmax_element(out.pixels.begin(), out.pixels.end());
        out.minValue = *lo;
        out.maxValue = *hi;
        return out;
    }

    /// `region` of `film` through applyWindow, as the view's RGB32 tile.
    static QImage expectedTile(const imaging::Film& film, const QRect& region, const imaging::Window& w,
                               bool invert) {
        return expected(film, w, invert).copy(region).convertToFormat(QImage::Format_RGB32);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("hand.dcm"));
        uitest::writeTestDicom(path);
        m_film = std::make_shared<const imaging::Film>(imaging::loadFilm(path.toStdString()));
        QCOMPARE(m_film->width, 320);
    }

    void setFilm_showsDicomDefaultWindowExactly() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        QCOMPARE(view.window().centre, 2000.0);
        QCOMPARE(view.window().width, 1200.0);
        QCOMPARE(view.displayedImage(), expected(*m_film, view.window(), false));
    }

    void rightDrag_changesWindowAndPixelsExactly() {
        ui::FilmView view;
        view.resize(600, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setFilm(m_film);
        const imaging::Window before = view.window();
        const double s = view.windowSensitivity();
        QSignalSpy spy(&view, &ui::FilmView::windowChanged);
        uitest::drag(&view, Qt::RightButton, {300, 300}, {340, 280});
        QVERIFY(spy.count() >= 4);  // live: one update per mouse move
        QCOMPARE(view.window().width, before.width + 40 * s);
        QCOMPARE(view.window().centre, before.centre - 20 * s);
        const QImage shown = view.displayedImage();
        QVERIFY(shown != expected(*m_film, before, false));
        QCOMPARE(shown, expected(*m_film, view.window(), false));
        // And each displayed value is windowValue() of its film pixel.
        const float raw = m_film->pixels[std::size_t(200) * 320 + 160];
        QCOMPARE(int(qGray(shown.pixel(160, 200))), int(imaging::windowValue(raw, view.window())));
    }

    void actualPixels_paintsFilmPixelsThroughTheWindowExactly() {
        ui::FilmView view;
        view.resize(600, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setFilm(m_film);
        view.zoomActualPixels();
        uitest::drag(&view, Qt::RightButton, {300, 300}, {330, 290});
        const ui::FilmView::DisplayTile tile = view.displayTile();
        QCOMPARE(tile.level, 0);
        QCOMPARE(tile.image, expectedTile(*m_film, tile.region, view.window(), false));
        // What reaches the screen: one film pixel per device pixel, each windowValue() of its film value.
        const QImage screen = view.grab().toImage();
        const qreal dpr = screen.devicePixelRatio();
        for (const QPoint film : {QPoint(160, 200), QPoint(10, 390), QPoint(300, 20)}) {
            const QPointF at = view.viewTransform().imageToView().map(QPointF(film) + QPointF(0.5, 0.5));
            const float raw = m_film->pixels[std::size_t(film.y()) * 320 + std::size_t(film.x())];
            QCOMPARE(qGray(screen.pixel((at * dpr).toPoint())),
                     int(imaging::windowValue(raw, view.window())));
        }
    }

    void zoomedIn_windowsOnlyTheVisiblePartOfTheFilm() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        for (int i = 0; i < 4; ++i)
            view.zoomIn();
        view.setInverted(true);
        const ui::FilmView::DisplayTile tile = view.displayTile();
        QCOMPARE(tile.level, 0);
        const QRect visible = view.viewTransform()
                                  .viewToImage()
                                  .mapRect(QRectF(view.rect()))
                                  .toAlignedRect()
                                  .intersected(QRect(0, 0, 320, 400));
        QVERIFY(tile.region.contains(visible));
        QVERIFY(tile.region.width() * tile.region.height() < 320 * 400 / 2);
        QCOMPARE(tile.image, expectedTile(*m_film, tile.region, view.window(), true));
    }

    void zoomedOut_paintsABoxAveragedLevelThroughTheWindowExactly_data() {
        QTest::addColumn<int>("zoomOuts");
        QTest::addColumn<int>("level");
        QTest::newRow("fitAt46Percent_halfResolutionLevel") << 0 << 1;
        QTest::newRow("zoomedOutTo20Percent_quarterResolutionLevel") << 3 << 2;
    }
    void zoomedOut_paintsABoxAveragedLevelThroughTheWindowExactly() {
        QFETCH(int, zoomOuts);
        QFETCH(int, level);
        // Odd sizes, so that the last column and row of each level average a partial block.
        const QString path = m_dir.filePath(QStringLiteral("odd.dcm"));
        uitest::writeTestDicom(path, 321, 403);
        const auto film = std::make_shared<const imaging::Film>(imaging::loadFilm(path.toStdString()));
        ui::FilmView view;
        view.resize(200, 200);  // the minimum size: 46 % fits the film
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setFilm(film);
        for (int i = 0; i < zoomOuts; ++i)
            view.zoomOut();
        const imaging::Film reduced = boxAverage(*film, level);
        ui::FilmView::DisplayTile tile = view.displayTile();
        QCOMPARE(tile.level, level);
        QCOMPARE(tile.region, QRect(0, 0, reduced.width, reduced.height));  // all of it is in view
        QCOMPARE(tile.image, expectedTile(reduced, tile.region, view.window(), false));
        // A drag step re-windows the level exactly too, inverted or not.
        uitest::drag(&view, Qt::RightButton, {100, 100}, {115, 90});
        view.setInverted(true);
        tile = view.displayTile();
        QCOMPARE(tile.image, expectedTile(reduced, tile.region, view.window(), true));
        // The screen shows the level smoothly scaled: near the film's centre it is the level's grey there.
        const QImage screen = view.grab().toImage();
        const QPointF at = view.viewTransform().imageToView().map(QPointF(160.5, 201.5));
        const int shown = qGray(screen.pixel((at * screen.devicePixelRatio()).toPoint()));
        const int levelGrey = qGray(tile.image.pixel(160 >> level, 201 >> level));
        QVERIFY2(std::abs(shown - levelGrey) <= 6,
                 qPrintable(QStringLiteral("%1 vs %2").arg(shown).arg(levelGrey)));
    }

    void leftDrag_inWindowLevelMode_adjustsWindow_inPanMode_pans() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        view.setDragMode(ui::FilmView::DragMode::WindowLevel);
        const imaging::Window before = view.window();
        uitest::drag(&view, Qt::LeftButton, {300, 300}, {300, 330});
        QVERIFY(view.window().centre > before.centre);
        view.setDragMode(ui::FilmView::DragMode::Pan);
        const QPointF centre = view.viewTransform().centre();
        const imaging::Window w = view.window();
        uitest::drag(&view, Qt::LeftButton, {300, 300}, {250, 320});
        QCOMPARE(view.viewTransform().centre(), centre + QPointF(-50, 20));
        QCOMPARE(view.window().centre, w.centre);
    }

    void wheel_zoomsAroundCursor() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        const QPointF cursor(200, 250);
        const QPointF filmPoint = view.viewTransform().viewToImage().map(cursor);
        const double scale = view.viewTransform().scale();
        QWheelEvent wheel(cursor, view.mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(view.viewTransform().scale() > scale * 1.3);
        const QPointF after = view.viewTransform().viewToImage().map(cursor);
        QVERIFY(std::abs(after.x() - filmPoint.x()) < 1e-6 && std::abs(after.y() - filmPoint.y()) < 1e-6);
        view.fitToWindow();
        QCOMPARE(view.viewTransform().scale(), scale);
    }

    void presetsInvertAndReset() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        view.applyPreset(imaging::WindowPreset::FullRange);
        QCOMPARE(view.window().width, imaging::windowFor(*m_film, imaging::WindowPreset::FullRange).width);
        view.setInverted(true);
        QCOMPARE(view.displayedImage(), expected(*m_film, view.window(), true));
        view.rotateClockwise();
        view.flipHorizontal();
        QCOMPARE(view.viewTransform().quarterTurns(), 1);
        view.resetView();
        QVERIFY(!view.inverted());
        QCOMPARE(view.viewTransform().quarterTurns(), 0);
        QVERIFY(!view.viewTransform().flipped());
        QCOMPARE(view.window().centre, 2000.0);
    }

    void readout_reportsFilmPixelUnderCursor() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        QSignalSpy spy(&view, &ui::FilmView::cursorReadoutChanged);
        const QPointF at = view.viewTransform().imageToView().map(QPointF(160.5, 200.5));
        uitest::mouse(&view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
        QVERIFY(!spy.isEmpty());
        const float raw = m_film->pixels[std::size_t(200) * 320 + 160];
        QVERIFY2(
            spy.last().first().toString().contains(QStringLiteral("x 160  y 200  value %1").arg(double(raw))),
            qPrintable(spy.last().first().toString()));
    }

    void overlay_onAndOff_changesPaintedPixels() {
        ui::FilmView view;
        view.resize(400, 500);
        view.setFilm(m_film);
        std::vector<float> heat(std::size_t(m_film->width) * std::size_t(m_film->height), 1.0f);
        view.setHeatmap(ui::heatmapImage(m_film->width, m_film->height, heat));
        const QPoint centre = view.viewTransform().imageToView().map(QPointF(160, 200)).toPoint();
        const QColor off = view.grab().toImage().pixelColor(centre);
        QCOMPARE(off.red(), off.blue());  // grey
        view.setOverlayVisible(true);
        view.setOverlayOpacity(1.0);
        const QColor on = view.grab().toImage().pixelColor(centre);
        QCOMPARE(QColor(on.rgb()), QColor(ui::heatmapColour(1.0)));  // opaque red where attention is highest
        view.setOverlayVisible(false);
        QCOMPARE(view.grab().toImage().pixelColor(centre), off);
    }
};

QTEST_MAIN(TestFilmView)
#include "TestFilmView.moc"
