// The viewer's mouse tools on a real FilmView, offscreen: which tool each button gets in each drag mode,
// the pan tool moving the film by the drag (closed hand while it lasts), the window/level tool changing the
// window by the drag times the sensitivity (never narrower than one step), and the wheel zooming around the
// cursor whatever the mode.
#include <QtTest>

#include "UiTestSupport.h"
#include "imaging/FilmLoader.h"
#include "ui/FilmView.h"
#include "ui/PanTool.h"
#include "ui/WindowLevelTool.h"

using namespace boneage;

class TestViewTools : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<const imaging::Film> m_film;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("hand.dcm"));
        uitest::writeTestDicom(path);
        m_film = std::make_shared<const imaging::Film>(imaging::loadFilm(path.toStdString()));
    }

    void toolFor_ShouldFollowButtonAndDragMode() {
        ui::FilmView view;
        QVERIFY(dynamic_cast<ui::PanTool*>(view.toolFor(Qt::LeftButton)));
        QVERIFY(dynamic_cast<ui::PanTool*>(view.toolFor(Qt::MiddleButton)));
        QVERIFY(dynamic_cast<ui::WindowLevelTool*>(view.toolFor(Qt::RightButton)));
        QVERIFY(!view.toolFor(Qt::BackButton));
        view.setDragMode(ui::FilmView::DragMode::WindowLevel);
        QVERIFY(dynamic_cast<ui::WindowLevelTool*>(view.toolFor(Qt::LeftButton)));
        QVERIFY(dynamic_cast<ui::PanTool*>(view.toolFor(Qt::MiddleButton)));
        QVERIFY(dynamic_cast<ui::WindowLevelTool*>(view.toolFor(Qt::RightButton)));
    }

    void panTool_ShouldMoveTheFilmByTheDragWithAClosedHand() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        view.setDragMode(ui::FilmView::DragMode::WindowLevel);  // the middle button pans in any mode
        const QPointF centre = view.viewTransform().centre();
        const imaging::Window window = view.window();
        QSignalSpy changed(&view, &ui::FilmView::viewChanged);
        uitest::mouse(&view, QEvent::MouseButtonPress, {300, 300}, Qt::MiddleButton, Qt::MiddleButton);
        QCOMPARE(view.cursor().shape(), Qt::ClosedHandCursor);
        uitest::mouse(&view, QEvent::MouseMove, {280, 330}, Qt::NoButton, Qt::MiddleButton);
        uitest::mouse(&view, QEvent::MouseMove, {270, 345}, Qt::NoButton, Qt::MiddleButton);
        uitest::mouse(&view, QEvent::MouseButtonRelease, {270, 345}, Qt::MiddleButton, Qt::NoButton);
        QCOMPARE(view.viewTransform().centre(), centre + QPointF(-30, 45));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(view.window().centre, window.centre);
        QCOMPARE(view.cursor().shape(), Qt::ArrowCursor);
        // Once panned, the view no longer refits on resize.
        view.resize(500, 600);
        QCOMPARE(view.viewTransform().centre(), centre + QPointF(-30, 45));
    }

    void windowLevelTool_ShouldMoveTheWindowByTheDragTimesTheSensitivity() {
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        const double s = view.windowSensitivity();
        QCOMPARE(s, (double(m_film->maxValue) - double(m_film->minValue)) / 512.0);
        const imaging::Window before = view.window();
        const QPointF centre = view.viewTransform().centre();
        uitest::drag(&view, Qt::RightButton, {300, 300}, {310, 340}, 1);
        QCOMPARE(view.window().width, before.width + 10 * s);    // right: wider
        QCOMPARE(view.window().centre, before.centre + 40 * s);  // down: higher level
        QCOMPARE(view.viewTransform().centre(), centre);
        // Dragging far left cannot make the window narrower than one step.
        uitest::drag(&view, Qt::RightButton, {500, 300}, {0, 300}, 1);
        uitest::drag(&view, Qt::RightButton, {500, 300}, {0, 300}, 1);
        QVERIFY(view.window().width >= s);
        QVERIFY(view.window().width <= std::max(1.0, s));
    }

    void wheel_ShouldZoomAroundTheCursorInEitherMode_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("panMode_zooms") << int(ui::FilmView::DragMode::Pan);
        QTest::newRow("windowLevelMode_zooms") << int(ui::FilmView::DragMode::WindowLevel);
    }
    void wheel_ShouldZoomAroundTheCursorInEitherMode() {
        QFETCH(int, mode);
        ui::FilmView view;
        view.resize(600, 700);
        view.setFilm(m_film);
        view.setDragMode(ui::FilmView::DragMode(mode));
        const QPointF cursor(150, 420);
        const QPointF filmPoint = view.viewTransform().viewToImage().map(cursor);
        const double scale = view.viewTransform().scale();
        QWheelEvent wheel(cursor, view.mapToGlobal(cursor), {}, QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(std::abs(view.viewTransform().scale() - scale / ui::ViewTool::kWheelStep) < 1e-12);
        const QPointF after = view.viewTransform().viewToImage().map(cursor);
        QVERIFY(std::abs(after.x() - filmPoint.x()) < 1e-6 && std::abs(after.y() - filmPoint.y()) < 1e-6);
    }

    void withoutFilm_ShouldDoNothing() {
        ui::FilmView view;
        view.resize(400, 400);
        const double scale = view.viewTransform().scale();
        uitest::drag(&view, Qt::LeftButton, {100, 100}, {200, 200});
        uitest::drag(&view, Qt::RightButton, {100, 100}, {200, 200});
        QWheelEvent wheel(QPointF(50, 50), view.mapToGlobal(QPointF(50, 50)), {}, QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QCOMPARE(view.viewTransform().scale(), scale);
        QCOMPARE(view.window().centre, imaging::Window{}.centre);
    }
};

QTEST_MAIN(TestViewTools)
#include "TestViewTools.moc"
