// C++ engine vs PyTorch eager (models/reference.py, same weights): preprocessed input, months within 1e-4
// relative, Grad-CAM within 1e-3 max abs; for the compact, sex-as-input and full packages, and the format 2
// package (hand_crop input, input check and turn to upright, ensemble, interval).
#include "EngineTestSupport.h"
#include "engine/Engine.h"

using boneage::Sex;
using namespace boneage::engine;
using namespace boneage::test;

namespace {

void checkCase(Engine& engine, const std::string& caseName) {
    const Json ref = readJson(referencePath(caseName + ".json"));
    const Image film = readFilm(referencePath(ref.find("image")->asString()));
    const Sex sex = ref.find("sex")->asString() == "M" ? Sex::Male : Sex::Female;

    const std::vector<float> input = engine.preprocess(film);
    const double inputError = maxAbsDifference(input, readFloats(referencePath(caseName + ".input.f32")));

    const Prediction plain = engine.predict(film, sex, false);
    const Prediction withCam = engine.predict(film, sex, true);
    const double expected = ref.find("months")->asNumber();
    const double relPlain = std::fabs(plain.boneAgeMonths - expected) / std::fabs(expected);
    const double relCam = std::fabs(withCam.boneAgeMonths - expected) / std::fabs(expected);
    CHECK(withCam.gradcam.has_value());
    CHECK(withCam.gradcam->width == film.width && withCam.gradcam->height == film.height);
    const double camError =
        maxAbsDifference(withCam.gradcam->values, readFloats(referencePath(caseName + ".gradcam.f32")));
    float camMax = 0;
    for (float v : withCam.gradcam->values)
        camMax = std::max(camMax, v);
    std::printf(
        "  %-22s months C++ %.6f / PyTorch %.6f (rel %.2e, with Grad-CAM pass %.2e), input max abs %.2e, "
        "Grad-CAM max abs %.2e (max %.4f)\n",
        caseName.c_str(), plain.boneAgeMonths, expected, relPlain, relCam, inputError, camError, camMax);
    CHECK(inputError <= 1e-4);
    CHECK(relPlain <= 1e-4);
    CHECK(relCam <= 1e-4);
    CHECK(camError <= 1e-3);
    CHECK(camMax > 0.5f && camMax <= 1.0f);
    if (const Json* check = ref.find("check")) {
        CHECK(plain.inputCheck.has_value());
        CHECK(plain.inputCheck->hand == check->find("hand")->asBool());
        CHECK(plain.inputCheck->mirrored == check->find("mirrored")->asBool());
        CHECK(plain.inputCheck->quarterTurns == int(check->find("quarter_turns")->asInteger()));
        CHECK_NEAR(plain.inputCheck->handProbability, check->find("hand_probability")->asNumber(), 1e-6);
    } else {
        CHECK(!plain.inputCheck);
    }
    if (const Json* interval = ref.find("interval")) {
        CHECK(plain.interval.has_value());
        const double low = interval->asArray()[0].asNumber(), high = interval->asArray()[1].asNumber();
        std::printf("  %-22s interval C++ [%.4f, %.4f] / PyTorch [%.4f, %.4f]\n", caseName.c_str(),
                    plain.interval->lowMonths, plain.interval->highMonths, low, high);
        CHECK_NEAR(plain.interval->lowMonths, low, 1e-3);
        CHECK_NEAR(plain.interval->highMonths, high, 1e-3);
    } else {
        CHECK(!plain.interval);
    }
}

/// Every case with the module as loaded, then again once the forward-only modules (frozen, optimised
/// for inference) read the films without Grad-CAM.
void checkBothPaths(Engine& engine, const std::vector<std::string>& cases) {
    std::printf("  as loaded:\n");
    for (const std::string& c : cases)
        checkCase(engine, c);
    engine.prepareForwardOnly();
    std::printf("  forward-only (made in %.0f ms):\n", engine.forwardOnlyMs());
    CHECK(engine.forwardOnlyMs() > 0);
    for (const std::string& c : cases)
        checkCase(engine, c);
}

}  // namespace

BONEAGE_TEST(compactPackage_ShouldMatchPyTorch) {
    Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    checkBothPaths(engine,
                   {"compact-male-a", "compact-female-a", "compact-female-small"});  // small: enlarged
}

BONEAGE_TEST(sexAsInputPackage_ShouldMatchPyTorch) {
    Engine engine(packagePath("compact-sex-input"), DevicePreference::Cpu);
    CHECK(engine.info().sexHandling == "input");
    checkBothPaths(engine, {"sexinput-male-a", "sexinput-female-a"});
}

BONEAGE_TEST(fullPackage_ShouldMatchPyTorch) {
    Engine engine(packagePath("full-random"), DevicePreference::Cpu);
    std::printf("  full package loaded in %.0f ms, %lld parameters\n", engine.loadMs(),
                engine.info().parameterCount);
    checkBothPaths(engine, {"full-male-a"});
}

BONEAGE_TEST(handCropPackage_ShouldMatchPyTorch) {
    // The reference mirrors and turns this film (the random input check favours "right_cw90"), crops it
    // through the black and white padding and past the film's edge: every hand_crop step and both turns.
    Engine engine(packagePath("hand-crop"), DevicePreference::Cpu);
    checkCase(engine, "handcrop-male");
    checkCase(engine, "handcrop-female");
}

int main() {
    // The full network at one intra-op thread is ~10x slower than at two on the 2-core CI machine.
    setThreadCount(2);
    return runAll();
}
