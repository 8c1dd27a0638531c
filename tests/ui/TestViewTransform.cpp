// ViewTransform: fit, zoom around a point, pan, rotation and flip as pure geometry.
#include <QtTest>

#include "ui/ViewTransform.h"

using boneage::ui::ViewTransform;

class TestViewTransform : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fit_tallFilm_fillsHeightAndCentres() {
        ViewTransform t;
        t.setImageSize({200, 400});
        t.fit({1000, 816}, 8);
        QCOMPARE(t.scale(), 2.0);
        QCOMPARE(t.imageToView().map(QPointF(100, 200)), QPointF(500, 408));
    }
    void fit_rotatedQuarterTurn_usesSwappedSides() {
        ViewTransform t;
        t.setImageSize({200, 400});
        t.rotateClockwise();
        t.fit({816, 1000}, 8);
        QCOMPARE(t.scale(), 2.0);
    }
    void zoomAround_keepsAnchorPointFixed() {
        ViewTransform t;
        t.setImageSize({300, 300});
        t.fit({600, 600}, 0);
        const QPointF anchor(123, 456);
        const QPointF before = t.viewToImage().map(anchor);
        t.zoomAround(2.5, anchor);
        const QPointF after = t.viewToImage().map(anchor);
        QVERIFY(std::abs(before.x() - after.x()) < 1e-9 && std::abs(before.y() - after.y()) < 1e-9);
        QCOMPARE(t.scale(), 5.0);
    }
    void pan_movesFilmByDelta() {
        ViewTransform t;
        t.setImageSize({100, 100});
        t.fit({100, 100}, 0);
        const QPointF p = t.imageToView().map(QPointF(10, 10));
        t.pan({7, -3});
        QCOMPARE(t.imageToView().map(QPointF(10, 10)), p + QPointF(7, -3));
    }
    void rotateClockwise_topLeftGoesTopRight() {
        ViewTransform t;
        t.setImageSize({100, 50});
        t.fit({100, 100}, 0);
        t.rotateClockwise();
        t.fit({100, 100}, 0);
        const QPointF topLeft = t.imageToView().map(QPointF(0, 0));
        QVERIFY(topLeft.x() > 50 && topLeft.y() < 50);
    }
    void flipHorizontal_mirrorsAboutCentre() {
        ViewTransform t;
        t.setImageSize({100, 100});
        t.fit({100, 100}, 0);
        t.flipHorizontal();
        QCOMPARE(t.imageToView().map(QPointF(0, 0)), QPointF(100, 0));
    }
    void zoom_isClampedToLimits() {
        ViewTransform t;
        t.setImageSize({100, 100});
        t.zoomAround(1e9, {0, 0});
        QCOMPARE(t.scale(), ViewTransform::kMaxScale);
    }
};

QTEST_APPLESS_MAIN(TestViewTransform)
#include "TestViewTransform.moc"
