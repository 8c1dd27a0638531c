#include "engine/Benchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

#include "engine/Engine.h"

namespace boneage::engine {

namespace {
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double nearestRank(const std::vector<double>& sorted, double q) {
    const size_t rank = size_t(std::ceil(q * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string fixed(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", v);
    return buffer;
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(c));
            out += buffer;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string statsJson(const StageStats& s) {
    return "{\"p50\": " + fixed(s.p50) + ", \"p90\": " + fixed(s.p90) + ", \"min\": " + fixed(s.min) +
           ", \"max\": " + fixed(s.max) + ", \"mean\": " + fixed(s.mean) +
           ", \"n\": " + std::to_string(s.samples) + "}";
}
}  // namespace

StageStats stageStats(std::vector<double> samples) {
    StageStats s;
    if (samples.empty())
        return s;
    std::sort(samples.begin(), samples.end());
    s.samples = int(samples.size());
    s.p50 = nearestRank(samples, 0.5);
    s.p90 = nearestRank(samples, 0.9);
    s.min = samples.front();
    s.max = samples.back();
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / double(samples.size());
    return s;
}

BenchmarkResult runBenchmark(const std::string& packageDir, const Image& image,
                             const BenchmarkOptions& options) {
    if (options.threads > 0)
        setThreadCount(options.threads);
    BenchmarkResult r;
    r.threads = threadCount();
    r.imageWidth = image.width;
    r.imageHeight = image.height;

    // Each load is timed, then its forward-only preparation; the last engine loaded is the one measured.
    std::vector<double> load, forwardOnly;
    std::optional<Engine> engine;
    for (int i = 0; i < std::max(1, options.loadIterations); ++i) {
        engine.reset();  // one package in memory at a time
        const auto start = Clock::now();
        engine.emplace(packageDir, options.device);
        load.push_back(msSince(start));
        const auto prepare = Clock::now();
        engine->prepareForwardOnly();  // `inference` below is the forward-only path
        forwardOnly.push_back(msSince(prepare));
    }
    r.load = stageStats(load);
    r.forwardOnly = stageStats(forwardOnly);
    r.device = engine->device();
    r.model = engine->info();
    for (int i = 0; i < options.warmup; ++i) {
        engine->predict(image, options.sex, false);
        engine->predict(image, options.sex, true);
    }
    std::vector<double> pre, inference, gradcam, predict, predictGradcam;
    for (int i = 0; i < std::max(1, options.iterations); ++i) {
        auto start = Clock::now();
        const Prediction p = engine->predict(image, options.sex, false);
        predict.push_back(msSince(start));
        pre.push_back(p.timings.preprocessMs);
        inference.push_back(p.timings.inferenceMs);
        start = Clock::now();
        const Prediction g = engine->predict(image, options.sex, true);
        predictGradcam.push_back(msSince(start));
        gradcam.push_back(g.timings.gradcamMs);
    }
    r.preprocess = stageStats(pre);
    r.inference = stageStats(inference);
    r.gradcam = stageStats(gradcam);
    r.predict = stageStats(predict);
    r.predictWithGradcam = stageStats(predictGradcam);
    return r;
}

std::string formatBenchmark(const BenchmarkResult& r) {
    std::string out = r.model.name + " " + r.model.version + " on " + r.device + ", " +
                      std::to_string(r.threads) + " CPU thread(s), film " + std::to_string(r.imageWidth) +
                      " x " + std::to_string(r.imageHeight) + ", input " +
                      std::to_string(r.model.inputWidth) + " x " + std::to_string(r.model.inputHeight) + "\n";
    char line[160];
    std::snprintf(line, sizeof line, "%-22s %10s %10s %10s %10s %4s\n", "stage (ms)", "p50", "p90", "min",
                  "max", "n");
    out += line;
    const std::pair<const char*, const StageStats*> rows[] = {{"load", &r.load},
                                                              {"forward-only prep", &r.forwardOnly},
                                                              {"preprocess", &r.preprocess},
                                                              {"inference", &r.inference},
                                                              {"gradcam", &r.gradcam},
                                                              {"predict", &r.predict},
                                                              {"predict+gradcam", &r.predictWithGradcam}};
    for (const auto& [name, s] : rows) {
        std::snprintf(line, sizeof line, "%-22s %10.2f %10.2f %10.2f %10.2f %4d\n", name, s->p50, s->p90,
                      s->min, s->max, s->samples);
        out += line;
    }
    return out;
}

std::string benchmarkJson(const BenchmarkResult& r) {
    return "{\"device\": " + jsonString(r.device) + ", \"threads\": " + std::to_string(r.threads) +
           ", \"model\": {\"name\": " + jsonString(r.model.name) +
           ", \"version\": " + jsonString(r.model.version) + ", \"sha256\": " + jsonString(r.model.sha256) +
           "}, \"image\": {\"width\": " + std::to_string(r.imageWidth) +
           ", \"height\": " + std::to_string(r.imageHeight) +
           "}, \"stages_ms\": {\"load\": " + statsJson(r.load) +
           ", \"forward_only\": " + statsJson(r.forwardOnly) +
           ", \"preprocess\": " + statsJson(r.preprocess) + ", \"inference\": " + statsJson(r.inference) +
           ", \"gradcam\": " + statsJson(r.gradcam) + ", \"predict\": " + statsJson(r.predict) +
           ", \"predict_gradcam\": " + statsJson(r.predictWithGradcam) + "}}";
}

}  // namespace boneage::engine
