// renderPhantom: hand geometry -> placement on the detector -> rasterised attenuation -> acquisition.
#include <cmath>

#include "phantom/Acquisition.h"
#include "phantom/Canvas.h"
#include "phantom/HandModel.h"
#include "phantom/PhantomFilm.h"

namespace boneage::phantom {

PhantomFilm renderPhantom(const PhantomSpec& spec) {
    validateSpec(spec);
    const HandGeometry hand = buildHand(spec);

    // Centre the hand (fingertips to just below the wrist) on the film, then apply the spec's shift; the
    // rotation pivots about that centre.
    const double sp = spec.pixelSpacingMm;
    const Vec2 pivot{0.5 * (hand.xMin + hand.xMax), 0.5 * (hand.yMin + hand.yMax)};
    const Vec2 target{0.5 * spec.width + spec.shiftXMm / sp, 0.47 * spec.height + spec.shiftYMm / sp};
    const double r = spec.rotationDeg * 3.14159265358979323846 / 180;
    const Vec2 rotated{std::cos(r) * pivot.x - std::sin(r) * pivot.y,
                       std::sin(r) * pivot.x + std::cos(r) * pivot.y};
    Canvas canvas(spec.width, spec.height, sp, {target.x - rotated.x / sp, target.y + rotated.y / sp},
                  spec.rotationDeg);

    for (const SoftSlab& s : hand.slabs)
        canvas.draw(s);
    for (const SoftCapsule& c : hand.capsules)
        canvas.draw(c);
    for (const TubeBone& b : hand.tubes)
        canvas.draw(b);
    for (const EpiphysisBlob& e : hand.epiphyses)
        canvas.draw(e);
    for (const CarpalBlob& c : hand.carpals)
        canvas.draw(c);
    for (const MaskBox& m : hand.masks)
        canvas.draw(m);

    PhantomFilm film;
    film.width = spec.width, film.height = spec.height;
    film.bitsStored = spec.bitsStored, film.monochrome1 = spec.monochrome1;
    film.pixelSpacingMm = sp;
    film.spec = spec;
    film.anatomy = anatomyFor(spec.sex, spec.boneAgeMonths);
    for (int p = 0; p < kPhysisCount; ++p) {
        const PhysisSite& site = hand.physes[std::size_t(p)];
        const Vec2 at = canvas.toImage(site.centre), axis = canvas.toImageDirection(site.axis);
        film.physes.push_back(
            {Physis(p), at.x, at.y, axis.x, axis.y, site.halfWidth / sp, site.gap / sp, site.state});
    }
    for (int c = 0; c < kCarpalCount; ++c) {
        const CarpalSite& site = hand.carpalSites[std::size_t(c)];
        const Vec2 at = canvas.toImage(site.centre);
        film.carpals.push_back({Carpal(c), at.x, at.y, site.radius / sp, site.visible});
    }

    Exposure exposure = acquire(spec, canvas);
    film.pixels = std::move(exposure.pixels);
    film.windowCenter = exposure.windowCenter, film.windowWidth = exposure.windowWidth;
    film.mask = std::move(canvas.mask);
    return film;
}

}  // namespace boneage::phantom
