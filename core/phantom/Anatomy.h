#pragma once

#include <array>

#include "common/Sex.h"

namespace boneage::phantom {

/// The eight carpal bones, in their order of ossification.
enum class Carpal { Capitate, Hamate, Triquetrum, Lunate, Trapezium, Scaphoid, Trapezoid, Pisiform };
constexpr int kCarpalCount = 8;

/// The 21 growth plates of a hand film that carry an epiphysis: distal radius and ulna, the metacarpals
/// (first: proximal; second to fifth: distal) and the 14 phalanges (all proximal; the thumb has no middle
/// phalanx). Phalanx names follow "P<row>-<ray>": P1 proximal, P2 middle, P3 distal; ray 1 is the thumb.
enum class Physis {
    DistalRadius,
    DistalUlna,
    Metacarpal1,
    Metacarpal2,
    Metacarpal3,
    Metacarpal4,
    Metacarpal5,
    Proximal1,
    Distal1,
    Proximal2,
    Middle2,
    Distal2,
    Proximal3,
    Middle3,
    Distal3,
    Proximal4,
    Middle4,
    Distal4,
    Proximal5,
    Middle5,
    Distal5,
};
constexpr int kPhysisCount = 21;

/// "capitate", "hamate", ...
const char* carpalName(Carpal carpal);
/// "radius", "ulna", "MC1".."MC5", "P1-1", "P3-1", "P1-2", "P2-2", ...
const char* physisName(Physis physis);
bool isPhalanx(Physis physis);

/// Where an epiphysis stands on the road from cartilage to bone.
enum class EpiphysisStage {
    Absent,     ///< not yet ossified (invisible cartilage)
    Ossifying,  ///< a nodule narrower than the metaphysis
    Equal,      ///< as wide as the metaphysis
    Capping,    ///< wider, its margins hooding the metaphysis
    Fusing,     ///< the growth plate closing, from the centre outwards
    Fused,      ///< no growth plate left
};

/// Continuous maturity of one epiphysis, as the renderer draws it.
struct EpiphysisState {
    EpiphysisStage stage = EpiphysisStage::Absent;
    double widthRatio =
        0;  ///< epiphysis width / metaphysis width (0 when absent; ~0.25 on appearance; >1 capping)
    double capping = 0;  ///< 0..1, depth of the margins hooding the metaphysis
    double fusion = 0;   ///< 0..1, share of the growth plate bridged (1: fused)
};

/// Continuous maturity of one carpal bone.
struct CarpalState {
    bool visible = false;
    double sizeFraction = 0;  ///< 0 absent, ~0.15 on appearance, 1 adult size
};

/// Bone age in the sex's own standard -> "male-equivalent" maturity in months, the single clock the model
/// runs on. Girls mature earlier: a girl's bone age b corresponds to the features of a boy's 1.15 b
/// (so girls reach each event ~13% earlier: pisiform ~9.6 y vs 11 y, phalangeal fusion ~13-15 y vs 15-17 y).
double maleEquivalentMonths(Sex sex, double boneAgeMonths);

/// Carpal ossification at a male-equivalent maturity. Appearance (male-equivalent months, from the
/// Greulich-Pyle / Gilsanz-Ratib order): capitate 3, hamate 5, triquetrum 30, lunate 48, trapezium 66,
/// scaphoid 68, trapezoid 72, pisiform 132. Monotone: a carpal never disappears with maturity.
CarpalState carpalState(Carpal carpal, double maturityMonths);

/// Epiphysis maturity at a male-equivalent maturity. Phalangeal epiphyses appear at 16..40 months, reach
/// the metaphyseal width at ~8 y, cap from ~12 y and fuse between 180 and 202 months (distal row first,
/// middle row last); metacarpals 188..200, ulna 198..212, distal radius last, 204..218.
EpiphysisState epiphysisState(Physis physis, double maturityMonths);

/// Age of the first and the last phalangeal fusion to complete, in bone-age months of `sex`: before the
/// first every phalangeal epiphysis that is visible is separate; from the last on all 14 are fused.
/// (Boys 180 / 202 months; girls 156.5 / 175.7 months.)
double phalangealFusionStartMonths(Sex sex);
double phalangealFusionCompleteMonths(Sex sex);

/// What a reader would count on the film of a given sex and bone age; for tests and demo captions.
struct Anatomy {
    double maturityMonths = 0;  ///< maleEquivalentMonths(sex, boneAge)
    std::array<bool, kCarpalCount> carpalVisible{};
    int visibleCarpals = 0;               ///< 0..8
    int visiblePhalangealEpiphyses = 0;   ///< 0..14, ossified (separate or fused)
    int separatePhalangealEpiphyses = 0;  ///< ossified, growth plate still at least partly open
    int fusedPhalangealEpiphyses = 0;     ///< growth plate closed
    int cappedPhalangealEpiphyses = 0;    ///< stage Capping or later
    int visibleMetacarpalEpiphyses = 0;   ///< 0..5
    int fusedMetacarpalEpiphyses = 0;     ///< 0..5
    bool distalRadiusEpiphysisVisible = false;
    bool distalRadiusFused = false;
    bool distalUlnaEpiphysisVisible = false;
    bool distalUlnaFused = false;
};

/// The anatomy of a hand of `sex` with the given bone age (months, 0..240). Pure, thread-safe.
Anatomy anatomyFor(Sex sex, double boneAgeMonths);

}  // namespace boneage::phantom
