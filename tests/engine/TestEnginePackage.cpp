// boneage::engine::Engine refuses broken packages and bad images with a clear boneage::Error; nothing from
// LibTorch escapes.
#include <cmath>
#include <limits>

#include "EngineTestSupport.h"
#include "engine/Engine.h"
#include "engine/SyntheticFilm.h"

using boneage::ErrorCode;
using boneage::Sex;
using namespace boneage::engine;
using namespace boneage::test;

namespace {
Engine& compact() {
    static Engine engine(packagePath("compact-random"), DevicePreference::Cpu);
    return engine;
}
}  // namespace

BONEAGE_TEST(parseDevicePreference_ShouldAcceptTheThreeNames) {
    CHECK(parseDevicePreference("auto") == DevicePreference::Auto);
    CHECK(parseDevicePreference("CPU") == DevicePreference::Cpu);
    CHECK(parseDevicePreference("cuda") == DevicePreference::Cuda);
    CHECK(!parseDevicePreference("gpu"));
    CHECK(!parseDevicePreference(""));
}

BONEAGE_TEST(construct_CompactPackage_ShouldFillModelInfo) {
    const ModelInfo& info = compact().info();
    CHECK(info.architecture == "inception_resnet_v2");
    CHECK(info.sexHandling == "separate");
    CHECK(info.inputWidth == 100 && info.inputHeight == 100 && info.inputChannels == 1);
    CHECK(info.sha256.size() == 64);
    CHECK(info.researchOnly);
    CHECK(!info.trainingData.empty() && !info.intendedUse.empty());
    CHECK(compact().device() == "cpu");
    CHECK(compact().loadMs() > 0);
}

BONEAGE_TEST(construct_WrongHash_ShouldThrowModelErrorNamingFile) {
    CHECK_ERROR(Engine(packagePath("broken/wrong-hash")), ErrorCode::Model, "female.pt: sha256 mismatch");
}

BONEAGE_TEST(construct_TruncatedTorchScript_ShouldThrowModelErrorNamingFile) {
    CHECK_ERROR(Engine(packagePath("broken/truncated")), ErrorCode::Model,
                "truncated/male.pt: not a loadable TorchScript file");
}

BONEAGE_TEST(construct_WrongMonthsShape_ShouldThrowModelErrorNamingFile) {
    CHECK_ERROR(Engine(packagePath("broken/wrong-shape")), ErrorCode::Model,
                "wrong-shape/female.pt: months output has shape [1, 2], expected [1, 1]");
}

BONEAGE_TEST(construct_ThreeDimensionalFeatureMap_ShouldThrowModelErrorNamingFile) {
    CHECK_ERROR(Engine(packagePath("broken/fmap-3d")), ErrorCode::Model,
                "fmap-3d/female.pt: feature map has shape");
}

BONEAGE_TEST(construct_MissingFieldOrManifest_ShouldThrowModelError) {
    CHECK_ERROR(Engine(packagePath("broken/missing-field")), ErrorCode::Model,
                "missing field \"input.height\"");
    CHECK_ERROR(Engine(packagePath("broken/no-manifest")), ErrorCode::Model,
                "manifest.json: missing manifest");
    CHECK_ERROR(Engine(packagePath("broken/bad-json")), ErrorCode::Model, "invalid JSON");
    CHECK_ERROR(Engine(packagePath("broken/missing-file")), ErrorCode::Model,
                "female.pt: missing model file");
}

BONEAGE_TEST(predict_EmptyOrDegenerateImage_ShouldThrowBadInput) {
    Image empty;
    CHECK_ERROR(compact().predict(empty, Sex::Male, false), ErrorCode::BadInput, "empty image");
    Image mismatch{10, 10, std::vector<float>(99, 0.5f)};
    CHECK_ERROR(compact().predict(mismatch, Sex::Male, false), ErrorCode::BadInput, "pixel count mismatch");
    Image flat{32, 32, std::vector<float>(32 * 32, 0.25f)};
    CHECK_ERROR(compact().predict(flat, Sex::Female, true), ErrorCode::BadInput, "degenerate image");
    Image nan = syntheticFilm(20, 20, 3);
    nan.pixels[7] = std::nanf("");
    CHECK_ERROR(compact().predict(nan, Sex::Male, false), ErrorCode::BadInput, "non-finite");
    Image negative{-3, 4, {}};
    CHECK_ERROR(compact().predictBatch({&negative}, {Sex::Male}), ErrorCode::BadInput, "empty image");
}

BONEAGE_TEST(predict_FilmSizedImages_ShouldFindOneBadPixelAndKeepLowContrast) {
    // At film size the pixels are scanned only when the resized input says so: one bad pixel anywhere must
    // still be found, and a film with a single different pixel is a (low-contrast) film, not a constant one.
    const int w = 2048, h = 2560;
    for (const std::size_t at : {std::size_t(0), std::size_t(w) * 1234 + 777, std::size_t(w) * h - 1}) {
        Image film = syntheticFilm(w, h, 5);
        film.pixels[at] = std::nanf("");
        CHECK_ERROR(compact().predict(film, Sex::Male, false), ErrorCode::BadInput, "non-finite");
        film.pixels[at] = -std::numeric_limits<float>::infinity();
        CHECK_ERROR(compact().predict(film, Sex::Male, false), ErrorCode::BadInput, "non-finite");
    }
    Image flat{w, h, std::vector<float>(std::size_t(w) * h, 0.6f)};
    CHECK_ERROR(compact().predict(flat, Sex::Female, false), ErrorCode::BadInput, "degenerate image");
    flat.pixels[std::size_t(w) * 2000 + 1500] = 0.61f;
    CHECK(std::isfinite(compact().predict(flat, Sex::Female, false).boneAgeMonths));
}

BONEAGE_TEST(predict_TinyAndExtremeAspectFilms_ShouldWork) {
    for (auto [w, h] : {std::pair{2, 2}, std::pair{1, 300}, std::pair{999, 3}}) {
        const Prediction p = compact().predict(syntheticFilm(w, h, 5), Sex::Male, true);
        CHECK(std::isfinite(p.boneAgeMonths));
        CHECK(p.gradcam && p.gradcam->width == w && p.gradcam->height == h);
    }
}

BONEAGE_TEST(predict_FilmTheCheckRejects_ShouldThrowInputRejectedAndNotRead) {
    Engine engine(packagePath("hand-crop-reject"), DevicePreference::Cpu);
    const Image film = syntheticFilm(240, 300, 9);
    try {
        engine.predict(film, Sex::Female, true);
        throw Failure{"predict read a film its input check rejects"};
    } catch (const InputRejected& e) {
        CHECK(e.code() == ErrorCode::BadInput);
        CHECK(!e.check().hand && e.check().handProbability < 0.5);
        CHECK(std::string(e.what()).find("does not look like a hand radiograph") != std::string::npos);
    }
    const Image other = syntheticFilm(200, 260, 10);
    const std::vector<Prediction> batch = engine.predictBatch({&film, &other}, {Sex::Male, Sex::Female});
    CHECK(batch.size() == 2);
    for (const Prediction& p : batch) {
        CHECK(p.rejected());
        CHECK(std::isnan(p.boneAgeMonths));
        CHECK(!p.interval);
    }
}

BONEAGE_TEST(predict_HandCropPackage_ShouldTurnCheckAndBoundTheReading) {
    Engine engine(packagePath("hand-crop"), DevicePreference::Cpu);
    CHECK(engine.info().inputWidth == 128 && engine.info().inputHeight == 128);
    const Image film = syntheticFilm(333, 410, 4);
    const Prediction p = engine.predict(film, Sex::Male, true);
    CHECK(p.inputCheck && p.inputCheck->hand && p.inputCheck->mirrored && p.inputCheck->quarterTurns == 3);
    CHECK(p.inputCheck->clockwiseDegrees() == 90);
    CHECK(p.interval && p.interval->coverage == 0.9);
    CHECK(p.interval->lowMonths <= p.boneAgeMonths && p.boneAgeMonths <= p.interval->highMonths);
    CHECK(p.interval->highMonths - p.interval->lowMonths > 19.0);  // 2 x 10..20 months
    CHECK(p.gradcam && p.gradcam->width == 333 && p.gradcam->height == 410);
    // Seven views of the hand's square, each standardised; the reading is their mean (test_engine_parity
    // holds it to PyTorch's), and the path without Grad-CAM reads the same.
    const std::vector<float> views = engine.preprocess(film);
    CHECK(views.size() == std::size_t(7) * 128 * 128);
    double firstMean = 0, lastMean = 0;
    for (std::size_t i = 0; i < std::size_t(128) * 128; ++i) {
        firstMean += views[i];
        lastMean += views[views.size() - 1 - i];
    }
    CHECK(std::fabs(firstMean) < 1e-2 * 128 * 128 && std::fabs(lastMean) < 1e-2 * 128 * 128);
    CHECK(!std::equal(views.begin(), views.begin() + 128 * 128, views.end() - 128 * 128));
    CHECK_NEAR(engine.predict(film, Sex::Male, false).boneAgeMonths, p.boneAgeMonths, 1e-4 * p.boneAgeMonths);
    // The batch path reads the same months, and its films are checked too.
    const std::vector<Prediction> batch = engine.predictBatch({&film}, {Sex::Male});
    CHECK(!batch[0].rejected() && batch[0].inputCheck->mirrored);
    CHECK_NEAR(batch[0].boneAgeMonths, p.boneAgeMonths, 1e-4 * p.boneAgeMonths);
}

BONEAGE_TEST(predict_CheckUnsureOfTheOrientation_ShouldReadTheFilmAsItLies) {
    // The check gives a right hand turned clockwise 0.6 of the hand probability, an upright left hand 0.4.
    const Image film = syntheticFilm(333, 410, 4);
    Engine unsure(packagePath("hand-crop-unsure"), DevicePreference::Cpu);
    const Prediction p = unsure.predict(film, Sex::Male, false);
    CHECK(p.inputCheck && p.inputCheck->hand && p.inputCheck->upright());
    CHECK_NEAR(p.inputCheck->handProbability, 1.0, 1e-9);
    CHECK(unsure.predictBatch({&film}, {Sex::Male})[0].inputCheck->upright());
    // The same check with the manifest's turn_above at 0.5: sure enough, so the film is turned.
    Engine surer(packagePath("hand-crop-unsure-turn-half"), DevicePreference::Cpu);
    const Prediction turned = surer.predict(film, Sex::Male, false);
    CHECK(turned.inputCheck->mirrored && turned.inputCheck->quarterTurns == 3);
    CHECK(std::abs(turned.boneAgeMonths - p.boneAgeMonths) > 1e-3);
}

BONEAGE_TEST(construct_BrokenFormat2Manifest_ShouldNameTheField) {
    CHECK_ERROR(Engine(packagePath("broken/format1-with-check")), ErrorCode::Model,
                "field \"input.resize\" is \"hand_crop\", expected \"stretch\"");
    CHECK_ERROR(Engine(packagePath("broken/crop-not-square")), ErrorCode::Model,
                "a hand_crop input must be square");
    CHECK_ERROR(Engine(packagePath("broken/unknown-check-class")), ErrorCode::Model,
                "unknown class \"left_45\"");
    CHECK_ERROR(Engine(packagePath("broken/check-without-hash")), ErrorCode::Model,
                "missing field \"sha256.input_check.pt\"");
    CHECK_ERROR(Engine(packagePath("broken/views-first-moved")), ErrorCode::Model,
                "must start with the hand's own square [0, 0, 0]");
    CHECK_ERROR(Engine(packagePath("broken/views-too-far")), ErrorCode::Model,
                "holds a view that is not [dy, dx, ds], each within +-0.25");
    CHECK_ERROR(Engine(packagePath("broken/turn-above-two")), ErrorCode::Model,
                "field \"input_check.turn_above\" is 2.000000, expected 0.000000..1.000000");
    CHECK_ERROR(Engine(packagePath("broken/interval-knots")), ErrorCode::Model,
                "\"interval.knots_months\" is not increasing");
}

BONEAGE_TEST(construct_CudaWithoutCuda_ShouldThrowModelErrorOrWork) {
    try {
        Engine engine(packagePath("compact-random"), DevicePreference::Cuda);
        CHECK(engine.device().rfind("cuda", 0) == 0);
    } catch (const boneage::Error& e) {
        std::printf("  expected error: %s\n", e.what());
        CHECK(e.code() == ErrorCode::Model);
        CHECK(std::string(e.what()).find("CUDA") != std::string::npos);
    }
}

int main() {
    return runAll();
}
