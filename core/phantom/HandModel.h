#pragma once
// Internal: the parametric left hand of a given sex, bone age and seed, as shapes in the hand frame.

#include <array>
#include <vector>

#include "phantom/Anatomy.h"
#include "phantom/PhantomSpec.h"
#include "phantom/Shapes.h"

namespace boneage::phantom {

struct PhysisSite {
    Vec2 centre, axis;  ///< plate centre; unit axis from the metaphysis towards the epiphysis
    double halfWidth = 0;
    double gap = 0;  ///< radiolucent plate width, 0 when absent or fused
    EpiphysisState state;
};

struct CarpalSite {
    Vec2 centre;
    double radius = 0;
    bool visible = false;
};

struct HandGeometry {
    std::vector<SoftSlab> slabs;
    std::vector<SoftCapsule> capsules;
    std::vector<TubeBone> tubes;
    std::vector<EpiphysisBlob> epiphyses;
    std::vector<CarpalBlob> carpals;
    std::vector<MaskBox> masks;
    std::array<PhysisSite, kPhysisCount> physes{};
    std::array<CarpalSite, kCarpalCount> carpalSites{};
    /// Extent of the hand for placement: x of the ulnar and radial soft-tissue margins, y of the
    /// fingertips and of a wrist-level point below which only forearm follows.
    double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
};

/// Hand size relative to an adult man's hand for a sex and bone age (months), before the individual factor.
double handSizeFactor(Sex sex, double boneAgeMonths);

/// The hand of `spec` (sex, bone age, hand scale, finger spread; anatomical jitter from spec.seed).
HandGeometry buildHand(const PhantomSpec& spec);

}  // namespace boneage::phantom
