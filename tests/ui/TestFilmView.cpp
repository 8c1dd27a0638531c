// FilmView, driven as a user would: a DICOM written with the imaging writer is loaded and shown; a
// window/level drag changes the displayed pixels exactly as imaging::applyWindow computes; zoom keeps the
// point under the cursor; pan moves the film; presets, invert and the Grad-CAM overlay change what is
// painted.
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
