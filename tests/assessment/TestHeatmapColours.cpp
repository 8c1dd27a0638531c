// The one heat-map rendering: jet colours from blue to red, an opacity that leaves the film untouched where
// attention is low, and the blend the CLI writes equal to "source over" of the premultiplied table.
#include "assessment/HeatmapColours.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace boneage::assessment;

class TestHeatmapColours : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void colour_ShouldRunFromBlueThroughCyanYellowToRed() {
        const auto at = [](double v) {
            const Rgb8 c = heatmapColour(v);
            return QList<int>{c.r, c.g, c.b};
        };
        QCOMPARE(at(0.0), (QList<int>{0, 0, 128}));
        QCOMPARE(at(0.375), (QList<int>{0, 255, 255}));  // cyan
        QCOMPARE(at(0.625), (QList<int>{255, 255, 0}));  // yellow
        QCOMPARE(at(1.0), (QList<int>{128, 0, 0}));
        QCOMPARE(at(-1.0), at(0.0));  // clamped
        QCOMPARE(at(7.0), at(1.0));
        QCOMPARE(at(std::numeric_limits<double>::quiet_NaN()), at(0.0));
    }

    void alpha_ShouldLeaveLowAttentionTransparent_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("alpha");
        QTest::newRow("zero_transparent") << 0.0 << 0.0;
        QTest::newRow("belowThreshold_transparent") << 0.08 << 0.0;
        QTest::newRow("midRamp_half") << 0.29 << 0.5;
        QTest::newRow("half_opaque") << 0.5 << 1.0;
        QTest::newRow("max_opaque") << 1.0 << 1.0;
    }
    void alpha_ShouldLeaveLowAttentionTransparent() {
        QFETCH(double, value);
        QFETCH(double, alpha);
        QVERIFY(std::abs(heatmapAlpha(value) - alpha) < 1e-9);
    }

    void table_ShouldBePremultipliedColourAndAlpha() {
        const auto& table = heatmapTable();
        QCOMPARE(int(table[0].a), 0);
        QCOMPARE(int(table[0].b), 0);  // premultiplied: no colour without alpha
        QCOMPARE(int(table[255].a), 255);
        QCOMPARE(int(table[255].r), 128);
        for (int i = 0; i < 256; ++i) {
            QVERIFY(table[std::size_t(i)].r <= table[std::size_t(i)].a);
            QVERIFY(table[std::size_t(i)].b <= table[std::size_t(i)].a);
            QCOMPARE(int(table[std::size_t(i)].a), int(std::lround(heatmapAlpha(i / 255.0) * 255)));
        }
        QCOMPARE(heatmapLevel(0.5f), 128);
        QCOMPARE(heatmapLevel(-2.0f), 0);
        QCOMPARE(heatmapLevel(std::numeric_limits<float>::infinity()), 0);
    }

    void blend_ShouldKeepColdFilmAndPaintHotAttention() {
        const std::vector<std::uint8_t> grey{10, 200, 100, 100};
        const std::vector<float> heat{0.0f, 0.05f, 1.0f, 1.0f};
        const auto full = blendHeatmap(grey, heat, 1.0);
        QCOMPARE(full.size(), std::size_t(12));
        // Cold: the film exactly as it was, in grey.
        QCOMPARE((QList<int>{full[0], full[1], full[2]}), (QList<int>{10, 10, 10}));
        QCOMPARE((QList<int>{full[3], full[4], full[5]}), (QList<int>{200, 200, 200}));
        // Hottest at full opacity: the colour itself.
        QCOMPARE((QList<int>{full[6], full[7], full[8]}), (QList<int>{128, 0, 0}));
        // At half opacity: halfway between the film and the colour.
        const auto half = blendHeatmap(grey, heat, 0.5);
        QCOMPARE((QList<int>{half[6], half[7], half[8]}), (QList<int>{114, 50, 50}));
        QVERIFY(blendHeatmap(grey, {0.0f}, 0.5).empty());
    }
};

QTEST_GUILESS_MAIN(TestHeatmapColours)
#include "TestHeatmapColours.moc"
