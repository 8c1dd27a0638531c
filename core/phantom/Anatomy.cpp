#include "phantom/Anatomy.h"

#include <algorithm>
#include <cmath>

namespace boneage::phantom {

namespace {

constexpr double kFemaleMaturityFactor = 1.15;

double clamp01(double x) {
    return std::min(1.0, std::max(0.0, x));
}

// Male-equivalent months. Appearance and fusion follow the Greulich-Pyle plates and Gilsanz & Ratib's
// digital atlas (boys); equal width ~8 y, capping ~12 y.
struct EpiphysisTiming {
    double appear, equal, capStart, fusionStart, fusionEnd;
};

constexpr EpiphysisTiming kEpiphysisTiming[kPhysisCount] = {
    {14, 120, 150, 204, 218},  // distal radius: first to appear, last to fuse
    {84, 150, 170, 198, 212},  // distal ulna
    {28, 110, 150, 186, 198},  // MC1 (proximal)
    {18, 100, 150, 188, 200},  // MC2
    {20, 100, 150, 188, 200},  // MC3
    {24, 104, 150, 188, 200},  // MC4
    {28, 108, 150, 188, 200},  // MC5
    {24, 100, 144, 186, 198},  // P1-1 thumb proximal
    {16, 96, 140, 180, 192},   // P3-1 thumb distal
    {17, 96, 140, 186, 198},   // P1-2
    {30, 100, 144, 190, 202},  // P2-2
    {32, 100, 140, 180, 192},  // P3-2
    {16, 96, 140, 186, 198},   // P1-3
    {26, 100, 144, 190, 202},  // P2-3
    {30, 100, 140, 180, 192},  // P3-3
    {17, 96, 140, 186, 198},   // P1-4
    {28, 100, 144, 190, 202},  // P2-4
    {30, 100, 140, 180, 192},  // P3-4
    {20, 100, 140, 186, 198},  // P1-5
    {40, 108, 148, 190, 202},  // P2-5
    {36, 104, 144, 180, 192},  // P3-5
};

constexpr double kCarpalAppearance[kCarpalCount] = {3, 5, 30, 48, 66, 68, 72, 132};

constexpr const char* kCarpalNames[kCarpalCount] = {"capitate",  "hamate",   "triquetrum", "lunate",
                                                    "trapezium", "scaphoid", "trapezoid",  "pisiform"};
constexpr const char* kPhysisNames[kPhysisCount] = {"radius", "ulna", "MC1",  "MC2",  "MC3",  "MC4",  "MC5",
                                                    "P1-1",   "P3-1", "P1-2", "P2-2", "P3-2", "P1-3", "P2-3",
                                                    "P3-3",   "P1-4", "P2-4", "P3-4", "P1-5", "P2-5", "P3-5"};

}  // namespace

const char* carpalName(Carpal carpal) {
    return kCarpalNames[int(carpal)];
}
const char* physisName(Physis physis) {
    return kPhysisNames[int(physis)];
}
bool isPhalanx(Physis physis) {
    return int(physis) >= int(Physis::Proximal1);
}

double maleEquivalentMonths(Sex sex, double boneAgeMonths) {
    const double months = std::max(0.0, boneAgeMonths);
    return sex == Sex::Female ? months * kFemaleMaturityFactor : months;
}

CarpalState carpalState(Carpal carpal, double maturityMonths) {
    const double appear = kCarpalAppearance[int(carpal)];
    CarpalState state;
    if (!(maturityMonths >= appear))
        return state;
    const double full = std::max(appear + 72.0, 180.0);
    state.visible = true;
    state.sizeFraction = 0.15 + 0.85 * std::pow(clamp01((maturityMonths - appear) / (full - appear)), 0.55);
    return state;
}

EpiphysisState epiphysisState(Physis physis, double maturityMonths) {
    const EpiphysisTiming& t = kEpiphysisTiming[int(physis)];
    const double m = maturityMonths;
    EpiphysisState state;
    if (!(m >= t.appear))
        return state;
    if (m < t.equal)
        state.widthRatio = 0.25 + 0.75 * std::pow((m - t.appear) / (t.equal - t.appear), 0.85);
    else
        state.widthRatio = 1.0 + 0.06 * clamp01((m - t.equal) / (t.fusionStart - t.equal));
    state.capping = clamp01((m - t.capStart) / (t.fusionStart - t.capStart));
    state.fusion = clamp01((m - t.fusionStart) / (t.fusionEnd - t.fusionStart));
    if (state.fusion >= 1.0)
        state.stage = EpiphysisStage::Fused;
    else if (state.fusion > 0.0)
        state.stage = EpiphysisStage::Fusing;
    else if (state.capping > 0.0)
        state.stage = EpiphysisStage::Capping;
    else if (m >= t.equal)
        state.stage = EpiphysisStage::Equal;
    else
        state.stage = EpiphysisStage::Ossifying;
    return state;
}

double phalangealFusionStartMonths(Sex sex) {
    double first = 1e9;
    for (int i = int(Physis::Proximal1); i < kPhysisCount; ++i)
        first = std::min(first, kEpiphysisTiming[i].fusionStart);
    return sex == Sex::Female ? first / kFemaleMaturityFactor : first;
}

double phalangealFusionCompleteMonths(Sex sex) {
    double last = 0;
    for (int i = int(Physis::Proximal1); i < kPhysisCount; ++i)
        last = std::max(last, kEpiphysisTiming[i].fusionEnd);
    return sex == Sex::Female ? last / kFemaleMaturityFactor : last;
}

Anatomy anatomyFor(Sex sex, double boneAgeMonths) {
    Anatomy a;
    a.maturityMonths = maleEquivalentMonths(sex, boneAgeMonths);
    for (int c = 0; c < kCarpalCount; ++c) {
        a.carpalVisible[c] = carpalState(Carpal(c), a.maturityMonths).visible;
        a.visibleCarpals += a.carpalVisible[c] ? 1 : 0;
    }
    for (int p = 0; p < kPhysisCount; ++p) {
        const EpiphysisState e = epiphysisState(Physis(p), a.maturityMonths);
        const bool visible = e.stage != EpiphysisStage::Absent;
        const bool fused = e.stage == EpiphysisStage::Fused;
        const Physis physis = Physis(p);
        if (isPhalanx(physis)) {
            a.visiblePhalangealEpiphyses += visible;
            a.separatePhalangealEpiphyses += visible && !fused;
            a.fusedPhalangealEpiphyses += fused;
            a.cappedPhalangealEpiphyses += e.stage >= EpiphysisStage::Capping;
        } else if (physis == Physis::DistalRadius) {
            a.distalRadiusEpiphysisVisible = visible;
            a.distalRadiusFused = fused;
        } else if (physis == Physis::DistalUlna) {
            a.distalUlnaEpiphysisVisible = visible;
            a.distalUlnaFused = fused;
        } else {
            a.visibleMetacarpalEpiphyses += visible;
            a.fusedMetacarpalEpiphyses += fused;
        }
    }
    return a;
}

}  // namespace boneage::phantom
