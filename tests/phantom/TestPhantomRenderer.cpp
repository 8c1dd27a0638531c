// renderPhantom: what the image shows matches the anatomy it was asked for (growth plates, carpals,
// orientation), and the acquisition options do what they say.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "Check.h"
#include "phantom/PhantomFilm.h"

using namespace boneage;
using namespace boneage::phantom;

namespace {

PhantomSpec quietSpec(Sex sex, double boneAge) {
    PhantomSpec s;
    s.seed = 11;
    s.sex = sex;
    s.boneAgeMonths = boneAge;
    s.chronologicalAgeMonths = boneAge + 7;
    s.noise = 0;
    s.leadMarker = false;
    return s;
}

/// Display value (bone bright) at a continuous image position, averaged across the bone axis.
double probe(const PhantomFilm& f, double x, double y, double acrossX, double acrossY, double halfSpan) {
    const double maxValue = double((1u << f.bitsStored) - 1);
    double sum = 0;
    int n = 0;
    for (double t = -halfSpan; t <= halfSpan; t += 1) {
        const int px = int(std::floor(x + acrossX * t)), py = int(std::floor(y + acrossY * t));
        if (px < 0 || py < 0 || px >= f.width || py >= f.height)
            continue;
        const double v = f.at(px, py);
        sum += f.monochrome1 ? maxValue - v : v;
        ++n;
    }
    return n ? sum / n : 0;
}

/// Depth of the dark line at a growth plate, relative to the bone on either side (0: none).
double plateDip(const PhantomFilm& f, const PhysisLandmark& p) {
    const double mm = 1 / f.pixelSpacingMm;
    const double half = 0.5 * p.gapPx;
    const double across = 0.35 * p.halfWidthPx;
    auto at = [&](double t) {
        return probe(f, p.x + p.axisX * t, p.y + p.axisY * t, -p.axisY, p.axisX, across);
    };
    double side = 1e300;
    for (double sign : {-1.0, 1.0}) {
        double best = 0;  // brightest point 0.3..1.0 mm beyond the plate edge
        for (double t = half + 0.3 * mm; t <= half + 1.0 * mm; t += 1)
            best = std::max(best, at(sign * t));
        side = std::min(side, best);
    }
    double centre = 1e300;
    for (double t = -std::max(1.0, 0.25 * p.gapPx); t <= std::max(1.0, 0.25 * p.gapPx); t += 1)
        centre = std::min(centre, at(t));
    const double background = probe(f, 20, 20, 1, 0, 5);
    return (side - centre) / std::max(1.0, side - background);
}

}  // namespace

BONEAGE_TEST(phalangealPlates_ShowADarkLineBeforeFusion_AndNoneAfter) {
    for (Sex sex : {Sex::Male, Sex::Female}) {
        const double open = sex == Sex::Male ? 120 : 110, closed = sex == Sex::Male ? 216 : 190;
        const PhantomFilm young = renderPhantom(quietSpec(sex, open));
        const PhantomFilm old = renderPhantom(quietSpec(sex, closed));
        for (int p = int(Physis::Proximal1); p < kPhysisCount; ++p) {
            const PhysisLandmark& a = young.physes[std::size_t(p)];
            const PhysisLandmark& b = old.physes[std::size_t(p)];
            CHECK(a.state.stage != EpiphysisStage::Absent && a.state.stage < EpiphysisStage::Fusing);
            CHECK(b.state.stage == EpiphysisStage::Fused);
            CHECK(a.gapPx > 3);
            CHECK(b.gapPx == 0);
            const double dipOpen = plateDip(young, a), dipFused = plateDip(old, b);
            if (!(dipOpen > 0.2) || !(dipFused < 0.06))
                std::printf("%s %s: dip open %.3f, fused %.3f\n", sexCode(sex), physisName(Physis(p)),
                            dipOpen, dipFused);
            CHECK(dipOpen > 0.2);
            CHECK(dipFused < 0.06);
        }
    }
}

BONEAGE_TEST(phalangealPlates_StayVisibleThroughQuantumNoise) {
    PhantomSpec s = quietSpec(Sex::Male, 100);
    s.noise = 1;
    s.monochrome1 = true;  // the probe un-inverts
    const PhantomFilm f = renderPhantom(s);
    int seen = 0;
    for (int p = int(Physis::Proximal1); p < kPhysisCount; ++p)
        seen += plateDip(f, f.physes[std::size_t(p)]) > 0.15;
    CHECK(seen >= 13);
}

BONEAGE_TEST(carpals_AreBrightWhereOssified_AndMasked) {
    const PhantomFilm f = renderPhantom(quietSpec(Sex::Female, 60));  // maturity 69 months: 6 carpals
    CHECK(f.anatomy.visibleCarpals == 6);
    const double background = probe(f, 20, 20, 1, 0, 5);
    for (const CarpalLandmark& c : f.carpals) {
        CHECK(c.visible == f.anatomy.carpalVisible[std::size_t(c.carpal)]);
        if (!c.visible) {
            CHECK(c.radiusPx == 0);
            continue;
        }
        CHECK(c.radiusPx > 5);
        CHECK(f.mask[std::size_t(c.y) * std::size_t(f.width) + std::size_t(c.x)] == 1);
        // Brighter than the soft tissue just beyond the wrist, relative to the open field.
        const PhysisLandmark& radius = f.physes[std::size_t(Physis::DistalRadius)];
        const double softTissue = probe(f, radius.x - 1.6 * radius.halfWidthPx, radius.y, 1, 0, 2);
        CHECK(probe(f, c.x, c.y, 1, 0, 0.3 * c.radiusPx) > softTissue + 0.1 * (softTissue - background));
    }
}

BONEAGE_TEST(mask_CoversGrowthPlatesAndCarpals_AndLittleElse) {
    const PhantomFilm f = renderPhantom(quietSpec(Sex::Male, 100));
    CHECK(f.mask.size() == f.pixels.size());
    std::size_t on = 0;
    for (std::uint8_t m : f.mask) {
        CHECK(m <= 1);
        on += m;
    }
    const double share = double(on) / double(f.mask.size());
    CHECK(share > 0.005 && share < 0.2);
    for (const PhysisLandmark& p : f.physes)
        CHECK(f.mask[std::size_t(p.y) * std::size_t(f.width) + std::size_t(p.x)] == 1);
    CHECK(f.mask[10 * std::size_t(f.width) + 10] == 0);
}

BONEAGE_TEST(leftHandPA_HasFingersUp_AndTheThumbOnTheViewersRight) {
    const PhantomFilm f = renderPhantom(quietSpec(Sex::Male, 150));
    const auto& ph = f.physes;
    CHECK(ph[std::size_t(Physis::Proximal1)].x >
          ph[std::size_t(Physis::Proximal2)].x);  // thumb right of index
    CHECK(ph[std::size_t(Physis::Proximal2)].x >
          ph[std::size_t(Physis::Proximal5)].x);  // index right of little
    CHECK(ph[std::size_t(Physis::DistalRadius)].x > ph[std::size_t(Physis::DistalUlna)].x);
    CHECK(ph[std::size_t(Physis::Distal3)].y < ph[std::size_t(Physis::Proximal3)].y);  // fingertips up
    CHECK(ph[std::size_t(Physis::Proximal3)].y < ph[std::size_t(Physis::DistalRadius)].y);
    CHECK(ph[std::size_t(Physis::Proximal3)].axisY > 0.9);  // phalangeal epiphyses point proximally (down)
}

BONEAGE_TEST(rotation_TurnsTheHandCounterClockwise) {
    PhantomSpec s = quietSpec(Sex::Male, 150);
    const PhantomFilm straight = renderPhantom(s);
    s.rotationDeg = 10;
    const PhantomFilm turned = renderPhantom(s);
    auto angle = [](const PhysisLandmark& p) {
        return std::atan2(p.axisX, p.axisY) * 180 / 3.14159265358979;
    };
    const auto& a = straight.physes[std::size_t(Physis::Proximal3)];
    const auto& b = turned.physes[std::size_t(Physis::Proximal3)];
    // Counter-clockwise as viewed: the proximal-pointing axis swings towards the viewer's right.
    CHECK_NEAR(angle(b) - angle(a), 10, 0.5);
}

BONEAGE_TEST(photometry_Monochrome1IsTheExactInverse_AndBitsAreRespected) {
    PhantomSpec s = quietSpec(Sex::Female, 90);
    s.width = 1024, s.height = 1280, s.pixelSpacingMm = 0.25;
    const PhantomFilm m2 = renderPhantom(s);
    s.monochrome1 = true;
    const PhantomFilm m1 = renderPhantom(s);
    CHECK(m1.monochrome1 && !m2.monochrome1);
    for (std::size_t i = 0; i < m2.pixels.size(); ++i)
        CHECK(m1.pixels[i] == 4095 - m2.pixels[i]);
    CHECK(*std::max_element(m2.pixels.begin(), m2.pixels.end()) <= 4095);
    CHECK_NEAR(m1.windowCenter, 4095 - m2.windowCenter, 1e-9);
    s.monochrome1 = false;
    s.bitsStored = 16;
    const PhantomFilm b16 = renderPhantom(s);
    CHECK(b16.bitsStored == 16);
    CHECK(*std::max_element(b16.pixels.begin(), b16.pixels.end()) > 4095);
    CHECK(b16.windowWidth > 4096);
    // Background dark, bone bright in MONOCHROME2.
    CHECK(m2.at(5, 5) < 400);
}

BONEAGE_TEST(collimation_LeavesABrightUnexposedBorder) {
    PhantomSpec s = quietSpec(Sex::Male, 100);
    s.width = 1024, s.height = 1280, s.pixelSpacingMm = 0.25;
    s.collimation.leftMm = 20;
    s.collimation.topMm = 10;
    const PhantomFilm f = renderPhantom(s);
    const int inside = int(30 / 0.25), border = int(10 / 0.25);
    CHECK(f.at(border, 600) > 3000);      // under the left blade
    CHECK(f.at(600, border / 2) > 3000);  // under the top blade
    CHECK(f.at(inside, 600) < 600);       // open field
}

BONEAGE_TEST(leadMarker_IsBrightAndAwayFromTheHand) {
    PhantomSpec s = quietSpec(Sex::Male, 100);
    s.width = 1024, s.height = 1280, s.pixelSpacingMm = 0.25;
    s.leadMarker = false;
    const PhantomFilm without = renderPhantom(s);
    s.leadMarker = true;
    const PhantomFilm with = renderPhantom(s);
    // Beyond the holder only scatter changes (a little); the holder itself changes a lot.
    std::size_t changed = 0, saturated = 0;
    for (std::size_t i = 0; i < with.pixels.size(); ++i)
        if (std::abs(int(with.pixels[i]) - int(without.pixels[i])) > 150) {
            ++changed;
            saturated += with.pixels[i] > 3500;
            CHECK(with.mask[i] == 0);
        }
    const double area = 16 / 0.25 * 16 / 0.25;
    CHECK(changed > 0.8 * area && changed < 1.2 * area);
    CHECK(saturated > 0.1 * area);  // the lead letter
}

int main() {
    return boneage::test::runAll();
}
