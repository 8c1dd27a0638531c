// Same film -> same months on the CPU, whatever the call pattern (20 repeats, batch vs single, with and
// without Grad-CAM), and Grad-CAM maps are stable.
#include "EngineTestSupport.h"
#include "engine/Engine.h"
#include "engine/SyntheticFilm.h"

using boneage::Sex;
using namespace boneage::engine;
using namespace boneage::test;

BONEAGE_TEST(predict_TwentyRuns_ShouldGiveTheSameMonths) {
    Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    const Image film = syntheticFilm(640, 800, 7);
    const Prediction first = engine.predict(film, Sex::Female, true);
    double worst = 0, worstCam = 0;
    for (int i = 0; i < 20; ++i) {
        const Prediction p = engine.predict(film, Sex::Female, i % 2 == 1);
        worst = std::max(worst, std::fabs(p.boneAgeMonths - first.boneAgeMonths));
        if (p.gradcam)
            worstCam = std::max(worstCam, maxAbsDifference(p.gradcam->values, first.gradcam->values));
    }
    std::printf("  months %.6f, worst deviation over 20 runs %.2e months, Grad-CAM %.2e\n",
                first.boneAgeMonths, worst, worstCam);
    CHECK(worst <= 1e-4 * first.boneAgeMonths);
    CHECK(worstCam <= 1e-5);
}

BONEAGE_TEST(predictBatch_ShouldEqualSinglePredictions) {
    Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    std::vector<Image> films;
    for (int i = 0; i < 5; ++i)
        films.push_back(syntheticFilm(300 + 40 * i, 380 - 20 * i, 100 + i));
    const std::vector<Sex> sexes{Sex::Male, Sex::Female, Sex::Female, Sex::Male, Sex::Female};
    std::vector<const Image*> pointers;
    for (const Image& f : films)
        pointers.push_back(&f);
    const std::vector<Prediction> batch = engine.predictBatch(pointers, sexes);
    CHECK(batch.size() == films.size());
    for (size_t i = 0; i < films.size(); ++i) {
        const double single = engine.predict(films[i], sexes[i], false).boneAgeMonths;
        CHECK(!batch[i].rejected() && !batch[i].inputCheck && !batch[i].interval);
        CHECK_NEAR(batch[i].boneAgeMonths, single, 1e-4 * single);
    }
    CHECK(engine.predictBatch({}, {}).empty());
    CHECK_THROWS(engine.predictBatch(pointers, {Sex::Male}));
}

BONEAGE_TEST(predict_SexSelectsTheModel) {
    Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    const Image film = syntheticFilm(200, 240, 9);
    const double male = engine.predict(film, Sex::Male, false).boneAgeMonths;
    const double female = engine.predict(film, Sex::Female, false).boneAgeMonths;
    CHECK(std::fabs(male - female) > 1e-3);  // different random weights per sex
}

BONEAGE_TEST(predict_ExposureScaling_ShouldNotChangeMonths) {
    Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    Image film = syntheticFilm(256, 320, 11);
    const double base = engine.predict(film, Sex::Male, false).boneAgeMonths;
    for (float& v : film.pixels)
        v = 0.1f + 0.5f * v;
    const double scaled = engine.predict(film, Sex::Male, false).boneAgeMonths;
    CHECK_NEAR(scaled, base, 1e-3 * base);
}

BONEAGE_TEST(moveConstruction_ShouldKeepAWorkingEngine) {
    Engine a(packagePath("compact-random"), DevicePreference::Cpu);
    const Image film = syntheticFilm(120, 150, 1);
    const double before = a.predict(film, Sex::Male, false).boneAgeMonths;
    Engine b(std::move(a));
    CHECK_NEAR(b.predict(film, Sex::Male, false).boneAgeMonths, before, 0.0);
}

int main() {
    return runAll();
}
