// boneage::engine::runBenchmark and its helpers on the compact package.
#include "EngineTestSupport.h"
#include "engine/Benchmark.h"
#include "engine/SyntheticFilm.h"

using namespace boneage::engine;
using namespace boneage::test;

BONEAGE_TEST(stageStats_ShouldUseNearestRank) {
    const StageStats s = stageStats({5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
    CHECK(s.samples == 10);
    CHECK_NEAR(s.p50, 5, 0);
    CHECK_NEAR(s.p90, 9, 0);
    CHECK_NEAR(s.min, 1, 0);
    CHECK_NEAR(s.max, 10, 0);
    CHECK_NEAR(s.mean, 5.5, 1e-12);
    CHECK(stageStats({}).samples == 0);
}

BONEAGE_TEST(syntheticFilm_ShouldBeDeterministicAndInRange) {
    const Image a = syntheticFilm(64, 48, 3), b = syntheticFilm(64, 48, 3), c = syntheticFilm(64, 48, 4);
    CHECK(a.pixels == b.pixels);
    CHECK(a.pixels != c.pixels);
    for (float v : a.pixels)
        CHECK(v >= 0.0f && v <= 1.0f);
    CHECK_THROWS(syntheticFilm(0, 10));
}

BONEAGE_TEST(runBenchmark_CompactPackage_ShouldReportEveryStage) {
    BenchmarkOptions options;
    options.device = DevicePreference::Cpu;
    options.iterations = 3;
    options.warmup = 1;
    options.loadIterations = 1;
    const BenchmarkResult r =
        runBenchmark(packagePath("compact-random"), syntheticFilm(500, 600, 1), options);
    std::printf("%s", formatBenchmark(r).c_str());
    CHECK(r.device == "cpu");
    CHECK(r.load.samples == 1 && r.inference.samples == 3 && r.gradcam.samples == 3);
    CHECK(r.forwardOnly.samples == 1 && r.forwardOnly.p50 > 0);
    CHECK(r.inference.p50 > 0 && r.gradcam.p50 > 0 && r.preprocess.p50 > 0);
    CHECK(r.inference.p90 >= r.inference.p50);
    const Json json = Json::parse(benchmarkJson(r));
    CHECK(json.find("stages_ms")->find("gradcam")->find("p90")->isNumber());
    CHECK(json.find("stages_ms")->find("forward_only")->find("n")->asNumber() == 1);
    CHECK(json.find("device")->asString() == "cpu");
}

int main() {
    return runAll();
}
