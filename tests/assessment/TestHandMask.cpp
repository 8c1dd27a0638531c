// handMask on synthetic films: a hand beside a bright marker, a hole in the palm, a hand inside a bright
// cassette field, a flat film, and background gaps between fingers that reach the border; and the same
// masks from the torch twin that training uses.
#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "assessment/HandMask.h"

using boneage::assessment::heatmapMassInside;
using boneage::engine::handMask;
using boneage::engine::Heatmap;
using boneage::engine::Image;

namespace {

struct Rect {
    int x, y, w, h;
};

/// A synthetic film with a per-pixel "expected" label so tests can count hits by region.
struct Film {
    Image image;
    std::vector<unsigned char> region;  ///< 0 = untouched background; tests set their own codes

    Film(int width, int height, float background) {
        image.width = width;
        image.height = height;
        image.pixels.assign(std::size_t(width) * std::size_t(height), background);
        region.assign(image.pixels.size(), 0);
    }
    std::size_t at(int x, int y) const { return std::size_t(y) * std::size_t(image.width) + std::size_t(x); }
    void paint(Rect r, float value, unsigned char code) {
        for (int y = r.y; y < r.y + r.h; ++y) {
            for (int x = r.x; x < r.x + r.w; ++x) {
                image.pixels[at(x, y)] = value;
                region[at(x, y)] = code;
            }
        }
    }
    /// Fraction of the pixels labelled `code` that the mask covers (-1 when there are none).
    double covered(const std::vector<unsigned char>& mask, unsigned char code) const {
        std::size_t total = 0, inside = 0;
        for (std::size_t i = 0; i < region.size(); ++i) {
            if (region[i] == code) {
                ++total;
                inside += mask[i] ? 1 : 0;
            }
        }
        return total ? double(inside) / double(total) : -1.0;
    }
};

constexpr unsigned char kHand = 1, kMarker = 2, kField = 3, kGap = 4, kPocket = 5;

/// A palm with five fingers above it: fingers of `finger` px separated by `gap` px, palm as wide as the
/// fingers. Returns nothing; paints kHand. Covers about 75 % of its bounding box.
void paintHand(Film& film, int x, int y, int finger, int gap, int fingerLength, int palmHeight, float value) {
    const int palmWidth = 5 * finger + 4 * gap;
    for (int f = 0; f < 5; ++f)
        film.paint({x + f * (finger + gap), y, finger, fingerLength}, value, kHand);
    film.paint({x, y + fingerLength, palmWidth, palmHeight}, value, kHand);
}

}  // namespace

class TestHandMask : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handBesideMarker_coversHandExcludesMarker_data() {
        QTest::addColumn<float>("handValue");
        QTest::addColumn<int>("markerX");
        QTest::addColumn<int>("markerY");
        QTest::addColumn<int>("markerWidth");
        QTest::addColumn<int>("markerHeight");
        QTest::addColumn<float>("markerValue");
        QTest::newRow("top-left, white") << 0.5f << 4 << 4 << 4 << 6 << 1.0f;
        QTest::newRow("top-right, white") << 0.5f << 190 << 4 << 4 << 6 << 1.0f;
        QTest::newRow("bottom-left, white") << 0.5f << 4 << 230 << 4 << 6 << 1.0f;
        QTest::newRow("bottom-right, hand-bright") << 0.5f << 190 << 230 << 4 << 6 << 0.5f;
        // A letter of 0.9 % of the film beside a faint hand: unclamped, Otsu would split the letter from
        // everything else.
        QTest::newRow("large letter, faint hand") << 0.2f << 4 << 4 << 18 << 24 << 1.0f;
    }
    void handBesideMarker_coversHandExcludesMarker() {
        QFETCH(float, handValue);
        QFETCH(int, markerX);
        QFETCH(int, markerY);
        QFETCH(int, markerWidth);
        QFETCH(int, markerHeight);
        QFETCH(float, markerValue);
        Film film(200, 240, 0.1f);
        paintHand(film, 60, 40, 8, 10, 80, 80, handValue);
        film.paint({markerX, markerY, markerWidth, markerHeight}, markerValue, kMarker);
        const auto mask = handMask(film.image);
        QCOMPARE(mask.size(), film.image.pixels.size());
        QVERIFY2(film.covered(mask, kHand) >= 0.95, qPrintable(QString::number(film.covered(mask, kHand))));
        QCOMPARE(film.covered(mask, kMarker), 0.0);
        QVERIFY(film.covered(mask, 0) < 0.01);  // the background stays background
    }

    void darkHoleInPalm_isFilled() {
        Film film(200, 240, 0.1f);
        paintHand(film, 60, 40, 8, 10, 80, 80, 0.5f);
        film.paint({85, 150, 20, 15}, 0.1f, kPocket);  // as dark as the background, enclosed by the palm
        const auto mask = handMask(film.image);
        QCOMPARE(film.covered(mask, kPocket), 1.0);
        QVERIFY(film.covered(mask, kHand) >= 0.95);
    }

    void handInBrightField_isTheHandNotTheField() {
        // A cassette field of 0.6 over 70 % of the film (168 x 200 of 200 x 240), a hand of 0.9 inside it.
        Film film(200, 240, 0.1f);
        film.paint({16, 20, 168, 200}, 0.6f, kField);
        paintHand(film, 60, 50, 8, 10, 70, 70, 0.9f);
        const auto mask = handMask(film.image);
        QVERIFY2(film.covered(mask, kHand) >= 0.95, qPrintable(QString::number(film.covered(mask, kHand))));
        QVERIFY2(film.covered(mask, kField) < 0.05, qPrintable(QString::number(film.covered(mask, kField))));
        QCOMPARE(film.covered(mask, 0), 0.0);
    }

    void flatFilm_givesEmptyMask_data() {
        QTest::addColumn<float>("value");
        QTest::newRow("black") << 0.0f;
        QTest::newRow("grey") << 0.5f;
        QTest::newRow("white") << 1.0f;
    }
    void flatFilm_givesEmptyMask() {
        QFETCH(float, value);
        Film film(64, 48, value);
        const auto mask = handMask(film.image);
        QCOMPARE(mask.size(), std::size_t(64 * 48));
        QCOMPARE(std::count(mask.begin(), mask.end(), 1), std::ptrdiff_t(0));
    }

    void gapsReachingBorder_stayBackground() {
        // Fingers running off the top edge, 3 px apart; a narrow wrist off the bottom edge; a thumb.
        Film film(200, 240, 0.1f);
        for (int f = 0; f < 4; ++f)
            film.paint({40 + f * 13, 0, 10, 100}, 0.5f, kHand);
        for (int f = 0; f < 3; ++f)
            film.paint({50 + f * 13, 0, 3, 100}, 0.1f, kGap);
        film.paint({40, 100, 49, 60}, 0.5f, kHand);  // palm
        film.paint({52, 160, 24, 80}, 0.5f, kHand);  // wrist
        film.paint({89, 110, 41, 15}, 0.5f, kHand);  // thumb
        // A pocket in the palm that reaches the outside only through one diagonal step: background is
        // 8-connected, so it is not a hole.
        film.paint({41, 154, 5, 5}, 0.1f, kPocket);
        film.paint({40, 159, 1, 1}, 0.1f, kPocket);
        const auto mask = handMask(film.image);
        QVERIFY(film.covered(mask, kHand) >= 0.95);
        QCOMPARE(film.covered(mask, kGap), 0.0);
        QCOMPARE(film.covered(mask, kPocket), 0.0);
    }

    // The hand crop is cut around this mask: on linear intensities Otsu's threshold moved within the soft
    // tissue's edge when a film's gamma changed, and the crop with it (3-14 % of its side for gamma 0.8 on
    // real films). On log intensities a gamma is an affine map, and the mask stays put.
    void gammaOfTheFilm_doesNotMoveTheMask() {
        Film film(200, 240, 0.08f);
        paintHand(film, 60, 40, 8, 10, 80, 80, 0.55f);
        // Soft edges, as soft tissue fades into the background: a 5 x 5 box blur, then a little noise.
        std::vector<float> blurred(film.image.pixels.size());
        for (int y = 0; y < 240; ++y) {
            for (int x = 0; x < 200; ++x) {
                double sum = 0;
                int count = 0;
                for (int dy = -2; dy <= 2; ++dy) {
                    for (int dx = -2; dx <= 2; ++dx) {
                        const int yy = y + dy, xx = x + dx;
                        if (yy >= 0 && yy < 240 && xx >= 0 && xx < 200) {
                            sum += film.image.pixels[film.at(xx, yy)];
                            ++count;
                        }
                    }
                }
                blurred[film.at(x, y)] = float(sum / count);
            }
        }
        std::mt19937 random(11);
        std::normal_distribution<float> noise(0.0f, 0.01f);
        for (float& v : blurred)
            v = std::clamp(v + noise(random), 0.0f, 1.0f);
        film.image.pixels = blurred;
        const auto reference = handMask(film.image);
        const auto area = std::count(reference.begin(), reference.end(), 1);
        QVERIFY2(film.covered(reference, kHand) >= 0.9,
                 qPrintable(QString::number(film.covered(reference, kHand))));
        QVERIFY(film.covered(reference, 0) < 0.1);
        for (const float gamma : {0.8f, 1.25f}) {
            Film exposed = film;
            for (float& v : exposed.image.pixels)  // as an 8-bit film would store it
                v = std::round(255.0f * std::pow(v, gamma)) / 255.0f;
            const auto mask = handMask(exposed.image);
            std::ptrdiff_t differ = 0;
            for (std::size_t p = 0; p < mask.size(); ++p)
                differ += mask[p] != reference[p] ? 1 : 0;
            QVERIFY2(
                double(differ) <= 0.002 * double(area),
                qPrintable(
                    QStringLiteral("gamma %1: %2 of %3 mask pixels moved").arg(gamma).arg(differ).arg(area)));
        }
    }

    // train.py computes the same masks in torch (models/boneage_models/hand_mask.py) for its Grad-CAM
    // penalty.
    void pythonTwin_givesTheSameMasks() {
        std::vector<Film> films;
        films.emplace_back(200, 240, 0.1f);
        paintHand(films.back(), 60, 40, 8, 10, 80, 80, 0.5f);
        films.back().paint({4, 4, 4, 6}, 1.0f, kMarker);
        films.emplace_back(200, 240, 0.1f);
        films.back().paint({16, 20, 168, 200}, 0.6f, kField);
        paintHand(films.back(), 60, 50, 8, 10, 70, 70, 0.9f);
        films.emplace_back(200, 240, 0.3f);
        paintHand(films.back(), 30, 20, 12, 6, 90, 100, 0.7f);
        films.back().paint({80, 150, 20, 15}, 0.3f, kPocket);
        std::mt19937 random(7);
        std::normal_distribution<float> noise(0.0f, 0.05f);
        for (int i = 0; i < 3; ++i) {  // noisy copies: ragged edges, specks, many small components
            films.push_back(films[std::size_t(i)]);
            for (float& v : films.back().image.pixels)
                v = std::clamp(v + noise(random), 0.0f, 1.0f);
        }
        films.emplace_back(200, 240, 0.5f);  // flat

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList arguments{QStringLiteral(BONEAGE_SOURCE_DIR "/models/boneage_models/hand_mask.py"),
                              QStringLiteral("200"), QStringLiteral("240")};
        for (std::size_t i = 0; i < films.size(); ++i) {
            QFile file(dir.filePath(QStringLiteral("%1.f32").arg(i)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            const auto& pixels = films[i].image.pixels;
            file.write(reinterpret_cast<const char*>(pixels.data()), qint64(pixels.size() * sizeof(float)));
            arguments << file.fileName() << dir.filePath(QStringLiteral("%1.u8").arg(i));
        }
        QProcess python;
        python.start(QStringLiteral(BONEAGE_PYTHON), arguments);
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        for (std::size_t i = 0; i < films.size(); ++i) {
            const auto mask = handMask(films[i].image);
            QFile file(dir.filePath(QStringLiteral("%1.u8").arg(i)));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray twin = file.readAll();
            QCOMPARE(twin.size(), qsizetype(mask.size()));
            std::size_t differ = 0;
            for (std::size_t p = 0; p < mask.size(); ++p)
                differ += (twin[qsizetype(p)] != 0) != (mask[p] != 0) ? 1 : 0;
            QVERIFY2(differ == 0, qPrintable(QStringLiteral("film %1: %2 pixels differ").arg(i).arg(differ)));
        }
    }

    void heatmapMass_countsOnlyInsideMask() {
        Heatmap heatmap{2, 2, {1.0f, 3.0f, 0.0f, 4.0f}};
        QCOMPARE(heatmapMassInside(heatmap, {0, 1, 1, 0}), 3.0 / 8.0);
        QCOMPARE(heatmapMassInside(Heatmap{2, 1, {0.0f, 0.0f}}, {1, 1}), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestHandMask)
#include "TestHandMask.moc"
