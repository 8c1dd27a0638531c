// Anatomy: the maturity model the renderer draws from (ossification order, fusion ages, sex difference).
#include "Check.h"
#include "phantom/Anatomy.h"

using namespace boneage;
using namespace boneage::phantom;

BONEAGE_TEST(visibleCarpals_AreMonotoneInBoneAge_ForBothSexes) {
    for (Sex sex : {Sex::Male, Sex::Female}) {
        int previous = 0;
        for (double months = 0; months <= 240; months += 0.5) {
            const int n = anatomyFor(sex, months).visibleCarpals;
            CHECK(n >= previous);
            previous = n;
        }
        CHECK(anatomyFor(sex, 0).visibleCarpals == 0);
        CHECK(anatomyFor(sex, 240).visibleCarpals == 8);
    }
}

BONEAGE_TEST(carpals_OssifyInTheDocumentedOrder) {
    // Capitate and hamate first (infancy), triquetrum ~2.5 y, lunate ~4 y, trapezium/scaphoid/trapezoid
    // ~5.5-6 y, pisiform last (~11 y boys).
    CHECK(anatomyFor(Sex::Male, 6).carpalVisible[int(Carpal::Capitate)]);
    CHECK(anatomyFor(Sex::Male, 6).carpalVisible[int(Carpal::Hamate)]);
    CHECK(anatomyFor(Sex::Male, 6).visibleCarpals == 2);
    CHECK(anatomyFor(Sex::Male, 36).carpalVisible[int(Carpal::Triquetrum)]);
    CHECK(!anatomyFor(Sex::Male, 36).carpalVisible[int(Carpal::Lunate)]);
    CHECK(anatomyFor(Sex::Male, 54).visibleCarpals == 4);
    CHECK(anatomyFor(Sex::Male, 80).visibleCarpals == 7);
    CHECK(!anatomyFor(Sex::Male, 120).carpalVisible[int(Carpal::Pisiform)]);
    CHECK(anatomyFor(Sex::Male, 140).carpalVisible[int(Carpal::Pisiform)]);
    // A carpal that is visible stays visible, and grows.
    for (int c = 0; c < kCarpalCount; ++c) {
        double previous = 0;
        for (double m = 0; m <= 276; m += 1) {
            const CarpalState st = carpalState(Carpal(c), m);
            CHECK(st.sizeFraction >= previous);
            CHECK(st.sizeFraction <= 1.0);
            previous = st.sizeFraction;
        }
    }
}

BONEAGE_TEST(phalangealEpiphyses_SeparateBeforeAndFusedAfterTheDocumentedAges) {
    CHECK_NEAR(phalangealFusionStartMonths(Sex::Male), 180, 1e-9);
    CHECK_NEAR(phalangealFusionCompleteMonths(Sex::Male), 202, 1e-9);
    CHECK(phalangealFusionStartMonths(Sex::Female) < 13.5 * 12);
    CHECK(phalangealFusionCompleteMonths(Sex::Female) < 15 * 12);
    struct Row {
        Sex sex;
        double months;
        int separate, fused;
    };
    const Row rows[] = {
        {Sex::Male, 15 * 12 - 1, 14, 0},  // boys: all open until 15 y
        {Sex::Male, 17 * 12, 0, 14},      // and all closed from 17 y
        {Sex::Female, 13 * 12, 14, 0},    // girls: all open at 13 y
        {Sex::Female, 15 * 12, 0, 14},    // and all closed by 15 y
        {Sex::Male, 8 * 12, 14, 0},      {Sex::Female, 8 * 12, 14, 0},
    };
    for (const Row& r : rows) {
        const Anatomy a = anatomyFor(r.sex, r.months);
        CHECK(a.separatePhalangealEpiphyses == r.separate);
        CHECK(a.fusedPhalangealEpiphyses == r.fused);
    }
    // In between, fusion only ever progresses and every epiphysis is counted exactly once.
    for (Sex sex : {Sex::Male, Sex::Female}) {
        int previousFused = 0;
        for (double months = 0; months <= 240; months += 1) {
            const Anatomy a = anatomyFor(sex, months);
            CHECK(a.fusedPhalangealEpiphyses >= previousFused);
            CHECK(a.separatePhalangealEpiphyses + a.fusedPhalangealEpiphyses == a.visiblePhalangealEpiphyses);
            CHECK(a.visiblePhalangealEpiphyses <= 14);
            previousFused = a.fusedPhalangealEpiphyses;
        }
    }
}

BONEAGE_TEST(phalangealEpiphyses_AppearInTheFirstYearsOfLife) {
    CHECK(anatomyFor(Sex::Male, 6).visiblePhalangealEpiphyses == 0);
    CHECK(anatomyFor(Sex::Male, 24).visiblePhalangealEpiphyses > 0);
    CHECK(anatomyFor(Sex::Male, 42).visiblePhalangealEpiphyses == 14);
    CHECK(anatomyFor(Sex::Male, 12).distalRadiusEpiphysisVisible == false);
    CHECK(anatomyFor(Sex::Male, 18).distalRadiusEpiphysisVisible);
}

BONEAGE_TEST(distalRadius_FusesLast) {
    for (Sex sex : {Sex::Male, Sex::Female})
        for (double months = 0; months <= 240; months += 1) {
            const Anatomy a = anatomyFor(sex, months);
            if (a.distalRadiusFused) {
                CHECK(a.fusedPhalangealEpiphyses == 14);
                CHECK(a.fusedMetacarpalEpiphyses == 5);
                CHECK(a.distalUlnaFused);
            }
        }
    CHECK(!anatomyFor(Sex::Male, 200).distalRadiusFused);
    CHECK(anatomyFor(Sex::Male, 220).distalRadiusFused);
}

BONEAGE_TEST(epiphysisStages_NeverGoBackwards) {
    for (int p = 0; p < kPhysisCount; ++p) {
        EpiphysisStage previous = EpiphysisStage::Absent;
        double previousFusion = 0;
        for (double m = 0; m <= 276; m += 0.5) {
            const EpiphysisState st = epiphysisState(Physis(p), m);
            CHECK(st.stage >= previous);
            CHECK(st.fusion >= previousFusion);
            previous = st.stage, previousFusion = st.fusion;
        }
        CHECK(previous == EpiphysisStage::Fused);
    }
}

BONEAGE_TEST(girls_MatureEarlier_ByTheDocumentedFactor) {
    for (double months = 0; months <= 200; months += 1) {
        const Anatomy girl = anatomyFor(Sex::Female, months), boy = anatomyFor(Sex::Male, months);
        CHECK(girl.maturityMonths >= boy.maturityMonths);
        CHECK(girl.visibleCarpals >= boy.visibleCarpals);
        CHECK(girl.fusedPhalangealEpiphyses >= boy.fusedPhalangealEpiphyses);
        CHECK(girl.visiblePhalangealEpiphyses >= boy.visiblePhalangealEpiphyses);
        // A girl's bone age b reads like a boy's 1.15 b.
        const Anatomy same = anatomyFor(Sex::Male, months * 1.15);
        CHECK(girl.visibleCarpals == same.visibleCarpals);
        CHECK(girl.fusedPhalangealEpiphyses == same.fusedPhalangealEpiphyses);
        CHECK(girl.carpalVisible == same.carpalVisible);
    }
    // The pisiform: girls ~9.6 y, boys 11 y.
    CHECK(anatomyFor(Sex::Female, 120).carpalVisible[int(Carpal::Pisiform)]);
    CHECK(!anatomyFor(Sex::Male, 120).carpalVisible[int(Carpal::Pisiform)]);
}

BONEAGE_TEST(names_AreStable) {
    CHECK(std::string(carpalName(Carpal::Pisiform)) == "pisiform");
    CHECK(std::string(physisName(Physis::DistalRadius)) == "radius");
    CHECK(std::string(physisName(Physis::Middle3)) == "P2-3");
    CHECK(std::string(physisName(Physis::Distal1)) == "P3-1");
    CHECK(isPhalanx(Physis::Proximal1));
    CHECK(!isPhalanx(Physis::Metacarpal5));
}

int main() {
    return boneage::test::runAll();
}
