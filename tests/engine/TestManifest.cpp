// boneage::engine::Manifest: field checks and file hashes of the fixture's packages (no torch involved).
#include "EngineTestSupport.h"
#include "engine/Manifest.h"

using boneage::ErrorCode;
using boneage::engine::Manifest;
using namespace boneage::test;

BONEAGE_TEST(load_CompactPackage_ShouldReadEveryField) {
    const Manifest m = Manifest::load(packagePath("compact-random"));
    CHECK(m.format == 1);
    CHECK(m.architecture == "inception_resnet_v2");
    CHECK(m.sexHandling == "separate");
    CHECK(m.files.at("male") == "male.pt");
    CHECK(m.input.width == 100 && m.input.height == 100 && m.input.channels == 1);
    CHECK(m.featureMap && m.featureMap->height >= 8 && m.featureMap->width >= 8);
    CHECK(m.researchOnly);
    CHECK(m.parameterCount > 0 && m.parameterCount < 3000000);
    CHECK(m.manifestSha256.size() == 64);
    m.verifyFiles();
}

BONEAGE_TEST(load_FullPackage_ShouldDescribeThePaperNetwork) {
    const Manifest m = Manifest::load(packagePath("full-random"));
    CHECK(m.input.width == 299 && m.input.height == 299 && m.input.channels == 3);
    CHECK(m.parameterCount > 54100000 && m.parameterCount < 54500000);
    CHECK(m.featureMap && m.featureMap->channels == 1536);
}

BONEAGE_TEST(load_MissingManifest_ShouldNameManifestFile) {
    CHECK_ERROR(Manifest::load(packagePath("broken/no-manifest")), ErrorCode::Model,
                "broken/no-manifest/manifest.json: missing manifest");
    CHECK_ERROR(Manifest::load(packagePath("does-not-exist")), ErrorCode::Model, "missing manifest");
}

BONEAGE_TEST(load_MissingField_ShouldNameTheField) {
    CHECK_ERROR(Manifest::load(packagePath("broken/missing-field")), ErrorCode::Model,
                "manifest.json: missing field \"input.height\"");
}

BONEAGE_TEST(load_TruncatedJson_ShouldSayInvalidJson) {
    CHECK_ERROR(Manifest::load(packagePath("broken/bad-json")), ErrorCode::Model,
                "manifest.json: invalid JSON");
}

BONEAGE_TEST(verifyFiles_WrongHash_ShouldNameTheFile) {
    const Manifest m = Manifest::load(packagePath("broken/wrong-hash"));
    CHECK_ERROR(m.verifyFiles(), ErrorCode::Model, "wrong-hash/female.pt: sha256 mismatch");
}

BONEAGE_TEST(verifyFiles_MissingFile_ShouldNameTheFile) {
    const Manifest m = Manifest::load(packagePath("broken/missing-file"));
    CHECK_ERROR(m.verifyFiles(), ErrorCode::Model, "missing-file/female.pt: missing model file");
}

BONEAGE_TEST(load_HandCropPackage_ShouldReadTheFormat2Fields) {
    const Manifest m = Manifest::load(packagePath("hand-crop"));
    CHECK(m.format == 2);
    CHECK(m.input.resize == "hand_crop" && m.input.handCrop);
    CHECK(m.input.handCrop->maskLongSide == 128);
    CHECK_NEAR(m.input.handCrop->margin, 0.05, 1e-12);
    CHECK(m.inputCheck && m.inputCheck->file == "input_check.pt" && m.inputCheck->size == 64);
    CHECK(m.inputCheck->classes.size() == 9);
    CHECK(m.inputCheck->classes[4].mirrored && m.inputCheck->classes[4].quarterTurns == 0);
    CHECK(m.inputCheck->classes[3].quarterTurns == 3 && !m.inputCheck->classes[3].mirrored);
    CHECK(!m.inputCheck->classes[8].hand);
    CHECK(m.sha256.count("input_check.pt") == 1);
    CHECK(m.interval && m.interval->coverage == 0.9);
    CHECK_NEAR(m.interval->halfWidthAt(-5), 10.0, 1e-12);
    CHECK_NEAR(m.interval->halfWidthAt(60), 15.0, 1e-12);
    CHECK_NEAR(m.interval->halfWidthAt(180), 17.5, 1e-12);
    CHECK_NEAR(m.interval->halfWidthAt(400), 15.0, 1e-12);
    m.verifyFiles();
}

int main() {
    return runAll();
}
