#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/Error.h"

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

/// What a package's input check (manifest input_check) made of a film. The engine reads every film as a
/// left hand, fingers up: it turns and mirrors the film's input into that orientation first.
struct InputCheck {
    bool hand = true;              ///< false: not a hand radiograph; the film is not read
    bool mirrored = false;         ///< a right hand (or a left hand seen from the back): mirrored for reading
    int quarterTurns = 0;          ///< 0..3: the hand (after any mirroring) is turned by 90 degrees x this,
                                   ///< anticlockwise; turned back for reading
    double handProbability = 1.0;  ///< the check's probability that this is a hand radiograph at all
    /// The orientation in degrees, clockwise from fingers up: 0, 90, 180 or 270.
    int clockwiseDegrees() const { return (4 - quarterTurns) % 4 * 90; }
    bool upright() const { return !mirrored && quarterTurns == 0; }
};

/// The central interval of a reading (manifest interval, calibrated on validation films).
struct Interval {
    double lowMonths = 0, highMonths = 0;
    double coverage = 0;  ///< e.g. 0.90
};

struct Prediction {
    double boneAgeMonths = 0;  ///< NaN in a predictBatch() entry whose film the input check rejected
    Timings timings;
    std::optional<Heatmap> gradcam;
    std::optional<InputCheck> inputCheck;  ///< set when the package has an input check
    std::optional<Interval> interval;      ///< set when the package has an interval (and the film was read)

    bool rejected() const { return inputCheck && !inputCheck->hand; }
};

/// Thrown by Engine::predict for a film that the package's input check finds is not a hand radiograph:
/// ErrorCode::BadInput with the check's result. The engine names the subject "image"; a caller that knows
/// the film's file rethrows it naming the file (assessment::assessFilm), so what() is one sentence "file: not
/// read: this does not look like a hand radiograph (...)."
class InputRejected : public Error {
public:
    explicit InputRejected(const InputCheck& check, std::string subject = "image");
    const InputCheck& check() const { return m_check; }

private:
    InputCheck m_check;
};

}  // namespace boneage::engine
