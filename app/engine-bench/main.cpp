// boneage-engine-bench: benchmark a model package with the engine alone (no Qt, no DCMTK, no OpenCV), for the
// engine-only build on a GPU machine. Uses a deterministic synthetic film.
//
//   boneage-engine-bench --model DIR [--device auto|cpu|cuda] [--size W H] [--iterations N] [--warmup N]
//                        [--load-iterations N] [--threads N] [--sex M|F] [--json]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/Error.h"
#include "common/Sex.h"
#include "engine/Benchmark.h"
#include "engine/SyntheticFilm.h"

namespace {

const char* kUsage =
    "usage: boneage-engine-bench --model DIR [--device auto|cpu|cuda] [--size W H] [--iterations N]\n"
    "                            [--warmup N] [--load-iterations N] [--threads N] [--sex M|F] [--json]\n"
    "Measures package load, preprocessing, inference and Grad-CAM (p50/p90 in ms) on a synthetic film.\n";

int positive(const char* text, const char* option) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (!end || *end != '\0' || v < 0 || v > 100000)
        throw boneage::Error(boneage::ErrorCode::Usage, option, std::string("not a count: ") + text);
    return int(v);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace boneage;
    try {
        std::string model;
        engine::BenchmarkOptions options;
        int width = 2000, height = 2500;
        bool json = false;
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&](const char* name) -> const char* {
                if (i + 1 >= argc)
                    throw Error(ErrorCode::Usage, name, "missing value");
                return argv[++i];
            };
            if (arg == "--help" || arg == "-h") {
                std::fputs(kUsage, stdout);
                return 0;
            } else if (arg == "--model") {
                model = value("--model");
            } else if (arg == "--device") {
                const auto d = engine::parseDevicePreference(value("--device"));
                if (!d)
                    throw Error(ErrorCode::Usage, "--device", "expected auto, cpu or cuda");
                options.device = *d;
            } else if (arg == "--size") {
                width = positive(value("--size"), "--size");
                height = positive(value("--size"), "--size");
            } else if (arg == "--iterations") {
                options.iterations = positive(value("--iterations"), "--iterations");
            } else if (arg == "--warmup") {
                options.warmup = positive(value("--warmup"), "--warmup");
            } else if (arg == "--load-iterations") {
                options.loadIterations = positive(value("--load-iterations"), "--load-iterations");
            } else if (arg == "--threads") {
                options.threads = positive(value("--threads"), "--threads");
            } else if (arg == "--sex") {
                const auto s = parseSex(value("--sex"));
                if (!s)
                    throw Error(ErrorCode::Usage, "--sex", "expected M or F");
                options.sex = *s;
            } else if (arg == "--json") {
                json = true;
            } else {
                throw Error(ErrorCode::Usage, arg, "unknown option");
            }
        }
        if (model.empty())
            throw Error(ErrorCode::Usage, "--model", "a model package folder is required");
        const engine::Image film = engine::syntheticFilm(width, height, 1);
        const engine::BenchmarkResult result = engine::runBenchmark(model, film, options);
        std::fputs((json ? engine::benchmarkJson(result) + "\n" : engine::formatBenchmark(result)).c_str(),
                   stdout);
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "boneage-engine-bench: %s\n", e.what());
        if (e.code() == ErrorCode::Usage)
            std::fputs(kUsage, stderr);
        return exitCodeFor(e.code());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boneage-engine-bench: internal error: %s\n", e.what());
        return 1;
    }
}
