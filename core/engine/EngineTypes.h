#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boneage::engine {

/// Where inference runs. Auto picks CUDA when LibTorch sees a CUDA device, else the CPU.
enum class DevicePreference { Auto, Cpu, Cuda };

/// "auto", "cpu", "cuda" (case-insensitive); nullopt otherwise.
std::optional<DevicePreference> parseDevicePreference(std::string_view text);

/// A grey film for the engine: row-major, width x height float pixels with values in [0, 1].
struct Image {
    int width = 0, height = 0;
    std::vector<float> pixels;
};

/// What a loaded model package says about itself (from manifest.json).
struct ModelInfo {
    std::string name, version, architecture;
    std::string sha256;  ///< of manifest.json (which lists the sha256 of every model file)
    std::string trainingData, intendedUse;
    std::string sexHandling;  ///< "separate" or "input"
    std::string packageDir;
    bool researchOnly = false;
    int inputWidth = 0, inputHeight = 0, inputChannels = 0;
    long long parameterCount = 0;
};

/// Grad-CAM heat map: values in [0, 1], row-major, the same size as the input Image.
struct Heatmap {
    int width = 0, height = 0;
    std::vector<float> values;

    /// False when no value is above 0: nothing on the film raised the output (e.g. a young hand), so the
    /// map shows nothing.
    bool hasMass() const {
        for (float v : values) {
            if (v > 0.0f)
                return true;
        }
        return false;
    }
};

/// Wall-clock milliseconds per stage. loadMs is the Engine's package load time (the same for every call).
struct Timings {
    double loadMs = 0, preprocessMs = 0, inferenceMs = 0, gradcamMs = 0;
};

struct Prediction {
    double boneAgeMonths = 0;
    Timings timings;
    std::optional<Heatmap> gradcam;
};

}  // namespace boneage::engine
