// CUDA: same months and Grad-CAM as the CPU (TF32/cuDNN tolerances). Prints SKIP and passes without CUDA.
#include "EngineTestSupport.h"
#include "engine/Engine.h"
#include "engine/SyntheticFilm.h"

using boneage::Sex;
using namespace boneage::engine;
using namespace boneage::test;

namespace {
bool cudaPresent() {
    try {
        Engine probe(packagePath("compact-random"), DevicePreference::Cuda);
        return true;
    } catch (const boneage::Error& e) {
        if (std::string(e.what()).find("no CUDA device") == std::string::npos)
            throw;
        return false;
    }
}

void compare(const std::string& package, int width, int height) {
    Engine cpu(packagePath(package), DevicePreference::Cpu);
    Engine gpu(packagePath(package), DevicePreference::Cuda);
    Engine automatic(packagePath(package), DevicePreference::Auto);
    CHECK(gpu.device() == "cuda:0");
    CHECK(automatic.device() == "cuda:0");
    const Image film = syntheticFilm(width, height, 21);
    for (Sex sex : {Sex::Male, Sex::Female}) {
        const Prediction a = cpu.predict(film, sex, true);
        const Prediction b = gpu.predict(film, sex, true);
        const double rel = std::fabs(a.boneAgeMonths - b.boneAgeMonths) / a.boneAgeMonths;
        const double cam = maxAbsDifference(a.gradcam->values, b.gradcam->values);
        std::printf("  %s %s: CPU %.5f, CUDA %.5f months (rel %.2e), Grad-CAM max abs %.2e\n",
                    package.c_str(), boneage::sexCode(sex), a.boneAgeMonths, b.boneAgeMonths, rel, cam);
        CHECK(rel <= 2e-3);  // cuDNN may use TF32 on Ampere and later
        CHECK(cam <= 5e-2);
        double worst = 0;
        for (int i = 0; i < 5; ++i)
            worst = std::max(worst, std::fabs(gpu.predict(film, sex, false).boneAgeMonths - b.boneAgeMonths));
        CHECK(worst <= 1e-4 * b.boneAgeMonths);
    }
}
}  // namespace

BONEAGE_TEST(cuda_ShouldMatchCpu) {
    if (!cudaPresent()) {
        std::printf("SKIP   : cuda_ShouldMatchCpu: no CUDA device visible to LibTorch\n");
        return;
    }
    compare("compact-random", 800, 1000);
    compare("full-random", 1200, 1500);
}

int main() {
    return runAll();
}
