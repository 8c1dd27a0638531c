// writeHeatmapOverlay: the PNG holds the film through its default window with the heat map blended exactly
// as blendHeatmap (the screen's rule); a film without attention is written as plain grey; an output that
// cannot be written is a Storage error and leaves nothing behind.
#include "assessment/HeatmapOverlay.h"

#include "common/Error.h"
#include "imaging/Windowing.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace boneage;

namespace {

imaging::Film film(int width, int height) {
    imaging::Film f;
    f.width = width;
    f.height = height;
    f.bitsStored = 12;
    f.pixels.resize(std::size_t(width) * std::size_t(height));
    for (std::size_t i = 0; i < f.pixels.size(); ++i)
        f.pixels[i] = float((i * 37) % 4096);
    f.minValue = 0;
    f.maxValue = 4095;
    f.defaultWindow = imaging::Window{2000, 3000};
    return f;
}

}  // namespace

class TestHeatmapOverlay : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void overlay_ShouldBeTheWindowedFilmBlendedAsOnScreen() {
        const imaging::Film f = film(48, 40);
        engine::Heatmap heat{48, 40, std::vector<float>(48 * 40)};
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 48; ++x)
                heat.values[std::size_t(y) * 48 + std::size_t(x)] = float(x) / 47.0f;
        const std::string path = m_dir.filePath("overlay.png").toStdString();
        assessment::writeHeatmapOverlay(path, f, heat);

        std::vector<std::uint8_t> grey;
        imaging::applyWindow(f, *f.defaultWindow, false, grey);
        const auto expected = assessment::blendHeatmap(grey, heat.values, assessment::kDefaultHeatmapOpacity);
        const cv::Mat written = cv::imread(path, cv::IMREAD_COLOR);
        QCOMPARE(written.cols, 48);
        QCOMPARE(written.rows, 40);
        int coldUntouched = 0;
        for (int y = 0; y < 40; ++y) {
            for (int x = 0; x < 48; ++x) {
                const std::size_t i = std::size_t(y) * 48 + std::size_t(x);
                const cv::Vec3b bgr = written.at<cv::Vec3b>(y, x);
                QCOMPARE(int(bgr[2]), int(expected[3 * i]));
                QCOMPARE(int(bgr[1]), int(expected[3 * i + 1]));
                QCOMPARE(int(bgr[0]), int(expected[3 * i + 2]));
                if (x < 3) {  // heat below 0.08: the film itself, grey
                    QCOMPARE(int(bgr[0]), int(grey[i]));
                    QCOMPARE(int(bgr[2]), int(grey[i]));
                    ++coldUntouched;
                }
            }
        }
        QCOMPARE(coldUntouched, 3 * 40);
    }

    void unwritableOutput_ShouldBeStorageErrorAndLeaveNothing() {
        const imaging::Film f = film(40, 40);
        const engine::Heatmap heat{40, 40, std::vector<float>(1600, 0.5f)};
        const std::string path = m_dir.filePath("missing-folder/overlay.png").toStdString();
        try {
            assessment::writeHeatmapOverlay(path, f, heat);
            QFAIL("wrote into a folder that does not exist");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Storage);
            QVERIFY2(QString(e.what()).contains("missing-folder/overlay.png"), e.what());
        }
        QVERIFY(!std::filesystem::exists(path));
    }

    void mismatchedHeatmap_ShouldBeRefused() {
        const imaging::Film f = film(40, 40);
        const engine::Heatmap heat{20, 20, std::vector<float>(400, 0.5f)};
        const std::string path = m_dir.filePath("mismatch.png").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, assessment::writeHeatmapOverlay(path, f, heat));
        QVERIFY(!std::filesystem::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestHeatmapOverlay)
#include "TestHeatmapOverlay.moc"
