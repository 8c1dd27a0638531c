// randomSpec and validateSpec: plausible, reproducible dataset specs; out-of-range specs refused.
#include <cmath>
#include <limits>

#include "Check.h"
#include "common/Error.h"
#include "phantom/PhantomSpec.h"

using namespace boneage;
using namespace boneage::phantom;

BONEAGE_TEST(randomSpec_StaysInTheDocumentedRanges) {
    int girls = 0;
    double sum = 0, sum2 = 0;
    const int n = 4000;
    for (int seed = 0; seed < n; ++seed) {
        const PhantomSpec s = randomSpec(std::uint64_t(seed));
        CHECK(s.seed == std::uint64_t(seed));
        CHECK(s.chronologicalAgeMonths >= 12 && s.chronologicalAgeMonths <= 216);
        CHECK(s.boneAgeMonths >= 6 && s.boneAgeMonths <= 228);
        CHECK(std::fabs(s.boneAgeMonths - s.chronologicalAgeMonths) >= 1 - 1e-9);
        CHECK(s.height >= 2000 && s.height <= 2600);
        CHECK(s.pixelSpacingMm >= 0.1 - 1e-12 && s.pixelSpacingMm <= 0.15 + 1e-12);
        CHECK(s.bitsStored == 12 || s.bitsStored == 16);
        CHECK(std::fabs(s.rotationDeg) <= 10);
        validateSpec(s);  // throws if anything is out of range
        girls += s.sex == Sex::Female;
        const double d = s.boneAgeMonths - s.chronologicalAgeMonths;
        sum += d, sum2 += d * d;
    }
    CHECK(girls > n * 0.45 && girls < n * 0.55);
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(std::fabs(mean) < 1.5);
    CHECK(sd > 9 && sd < 15);
}

BONEAGE_TEST(randomSpec_IsDeterministicInTheSeed) {
    for (std::uint64_t seed : {0ull, 1ull, 42ull, 0xffffffffffffffffull}) {
        const PhantomSpec a = randomSpec(seed), b = randomSpec(seed);
        CHECK(a.sex == b.sex && a.boneAgeMonths == b.boneAgeMonths &&
              a.chronologicalAgeMonths == b.chronologicalAgeMonths);
        CHECK(a.width == b.width && a.height == b.height && a.pixelSpacingMm == b.pixelSpacingMm);
        CHECK(a.rotationDeg == b.rotationDeg && a.exposure == b.exposure && a.monochrome1 == b.monochrome1);
    }
    CHECK(randomSpec(1).boneAgeMonths != randomSpec(2).boneAgeMonths);
}

BONEAGE_TEST(randomSpec_GivesSmallChildrenSmallerFields) {
    double young = 0, old = 0;
    int nYoung = 0, nOld = 0;
    for (int seed = 0; seed < 2000; ++seed) {
        const PhantomSpec s = randomSpec(std::uint64_t(seed));
        const double fov = s.height * s.pixelSpacingMm;
        if (s.chronologicalAgeMonths < 24)
            young += fov, ++nYoung;
        if (s.chronologicalAgeMonths > 150)
            old += fov, ++nOld;
    }
    CHECK(nYoung > 0 && nOld > 0);
    CHECK(young / nYoung < old / nOld - 30);
}

BONEAGE_TEST(validateSpec_RefusesOutOfRangeFields_WithAUsageError) {
    auto refused = [](auto edit) {
        PhantomSpec s;
        edit(s);
        try {
            validateSpec(s);
        } catch (const Error& e) {
            return e.code() == ErrorCode::Usage && e.subject() == "phantom spec" && !e.cause().empty();
        }
        return false;
    };
    CHECK(refused([](PhantomSpec& s) { s.width = 0; }));
    CHECK(refused([](PhantomSpec& s) { s.height = 20000; }));
    CHECK(refused([](PhantomSpec& s) { s.width = 16384, s.height = 16384; }));  // > 64 megapixels
    CHECK(refused([](PhantomSpec& s) { s.bitsStored = 17; }));
    CHECK(refused([](PhantomSpec& s) { s.pixelSpacingMm = 0; }));
    CHECK(refused([](PhantomSpec& s) { s.boneAgeMonths = -1; }));
    CHECK(refused([](PhantomSpec& s) { s.boneAgeMonths = std::numeric_limits<double>::quiet_NaN(); }));
    CHECK(refused([](PhantomSpec& s) { s.chronologicalAgeMonths = 300; }));
    CHECK(refused([](PhantomSpec& s) { s.rotationDeg = 45; }));
    CHECK(refused([](PhantomSpec& s) { s.collimation.leftMm = 200, s.collimation.rightMm = 200; }));
    CHECK(!refused([](PhantomSpec&) {}));
}

int main() {
    return boneage::test::runAll();
}
