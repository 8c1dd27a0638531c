#pragma once

#include <string>
#include <vector>

#include "common/Sex.h"
#include "engine/EngineTypes.h"

namespace boneage::engine {

/// Percentiles of one stage, in milliseconds (nearest-rank on the sorted samples).
struct StageStats {
    int samples = 0;
    double p50 = 0, p90 = 0, min = 0, max = 0, mean = 0;
};

struct BenchmarkOptions {
    DevicePreference device = DevicePreference::Auto;
    Sex sex = Sex::Male;
    int iterations = 10;     ///< measured predict calls (each also measured with Grad-CAM)
    int warmup = 2;          ///< unmeasured calls first (JIT profiling runs, allocator, cuDNN autotuning)
    int loadIterations = 3;  ///< package loads measured (the first one also warms the file cache)
    int threads = 0;         ///< > 0: setThreadCount(threads) before measuring
};

struct BenchmarkResult {
    std::string device;  ///< "cpu" or "cuda:0"
    int threads = 0;
    ModelInfo model;
    int imageWidth = 0, imageHeight = 0;
    StageStats load;  ///< Engine construction: manifest, hashes, TorchScript load, dummy forward
    /// Engine::prepareForwardOnly() after a load (freeze, optimise, two warm-up runs): paid once by a
    /// caller that reads many films, and not part of `load`.
    StageStats forwardOnly;
    StageStats preprocess;          ///< film -> network input tensor
    StageStats inference;           ///< forward pass under InferenceMode
    StageStats gradcam;             ///< Grad-CAM on top of a gradient-enabled forward (its backward + map)
    StageStats predict;             ///< a whole predict(gradcam=false) call
    StageStats predictWithGradcam;  ///< a whole predict(gradcam=true) call
};

/// Measures a package on one device with one film. Throws boneage::Error like Engine.
BenchmarkResult runBenchmark(const std::string& packageDir, const Image& image,
                             const BenchmarkOptions& options);

/// Percentiles of samples (ms); empty -> all zero.
StageStats stageStats(std::vector<double> samples);

/// Human-readable table of a result (one line per stage).
std::string formatBenchmark(const BenchmarkResult& result);

/// The result as a JSON object (keys: device, threads, model {name, version, sha256}, image {width, height},
/// stages_ms {load, forward_only, preprocess, inference, gradcam, predict, predict_gradcam: {p50, p90, min,
/// max, mean, n}}).
std::string benchmarkJson(const BenchmarkResult& result);

}  // namespace boneage::engine
