// renderPhantom is a pure function of its spec: same seed -> byte-identical film; another seed -> another.
#include <cstddef>

#include "Check.h"
#include "phantom/PhantomFilm.h"

using namespace boneage::phantom;

namespace {

std::size_t differing(const PhantomFilm& a, const PhantomFilm& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        n += a.pixels[i] != b.pixels[i];
    return n;
}

}  // namespace

BONEAGE_TEST(sameSeed_GivesByteIdenticalPixelsAndMask) {
    for (std::uint64_t seed : {5ull, 123456789ull}) {
        const PhantomSpec spec = randomSpec(seed);
        const PhantomFilm a = renderPhantom(spec), b = renderPhantom(spec);
        CHECK(a.width == spec.width && a.height == spec.height);
        CHECK(a.pixels.size() == std::size_t(a.width) * std::size_t(a.height));
        CHECK(a.pixels == b.pixels);
        CHECK(a.mask == b.mask);
        CHECK(a.windowCenter == b.windowCenter && a.windowWidth == b.windowWidth);
    }
}

BONEAGE_TEST(differentSeeds_GiveDifferentFilms) {
    PhantomSpec s;
    s.width = 1024, s.height = 1280, s.pixelSpacingMm = 0.25;
    s.seed = 1;
    const PhantomFilm a = renderPhantom(s);
    s.seed = 2;
    const PhantomFilm b = renderPhantom(s);
    CHECK(differing(a, b) > a.pixels.size() / 4);  // the noise realisation alone changes most pixels
    // Without noise the anatomy still differs (bone lengths, positions, angles).
    s.noise = 0;
    s.seed = 1;
    const PhantomFilm c = renderPhantom(s);
    s.seed = 2;
    const PhantomFilm d = renderPhantom(s);
    CHECK(differing(c, d) > 1000);
    CHECK(c.mask != d.mask);
}

BONEAGE_TEST(boneAge_ChangesTheFilm_ButChronologicalAgeDoesNot) {
    PhantomSpec s;
    s.width = 1024, s.height = 1280, s.pixelSpacingMm = 0.25;
    s.chronologicalAgeMonths = 100;
    s.boneAgeMonths = 100;
    const PhantomFilm a = renderPhantom(s);
    s.chronologicalAgeMonths = 130;  // only the metadata may change
    const PhantomFilm b = renderPhantom(s);
    CHECK(a.pixels == b.pixels && a.mask == b.mask);
    s.boneAgeMonths = 130;
    const PhantomFilm c = renderPhantom(s);
    CHECK(differing(a, c) > a.pixels.size() / 10);
}

int main() {
    return boneage::test::runAll();
}
