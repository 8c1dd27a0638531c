#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/Sex.h"
#include "engine/EngineTypes.h"

namespace boneage::engine {

/// A loaded, verified model package (DESIGN.md "Model package") on one device.
///
/// Errors: every failure is a boneage::Error; nothing from LibTorch (c10::Error) escapes. Package problems
/// are ErrorCode::Model naming the file; an empty or degenerate Image is ErrorCode::BadInput.
/// Threads: not thread-safe; one thread uses an Engine at a time (it may be moved between threads).
class Engine {
public:
    /// Loads and verifies a package: manifest fields, sha256 of every file, TorchScript loading and the
    /// forward output shapes on a dummy input. Throws Error(ErrorCode::Model, <file>, <cause>); asking for
    /// Cuda where there is none is Error(Model, "cuda", ...).
    explicit Engine(const std::string& packageDir, DevicePreference device = DevicePreference::Auto);
    ~Engine();
    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const ModelInfo& info() const;
    /// "cpu" or "cuda:0".
    std::string device() const;
    /// Milliseconds the constructor took (reading, hashing, loading, the dummy forward).
    double loadMs() const;

    /// Bone age of one film. gradcam=true also returns the Grad-CAM heat map at the film's size (the
    /// months then come from the same, gradient-enabled forward pass of the module as loaded). With a
    /// package's input check, the film is read as a left hand fingers up (a right hand mirrored, a turned
    /// film turned back; see Prediction::inputCheck), and a film that is not a hand radiograph is not read:
    /// InputRejected. gradcam=false runs the forward-only modules once prepareForwardOnly() has made them,
    /// else the module as loaded.
    Prediction predict(const Image& image, Sex sex, bool gradcam);
    /// Bone ages of several films (any sizes), in the order given; images and sexes have the same length.
    /// As predict(gradcam=false), but a film the input check rejects is not read and not thrown for: its
    /// entry is rejected() with NaN months, the others are read.
    std::vector<Prediction> predictBatch(const std::vector<const Image*>& images,
                                         const std::vector<Sex>& sexes);

    /// Makes a forward-only module of every role: frozen and optimised for inference (conv + batch norm
    /// folded, oneDNN kernels on the CPU), with its warm-up runs; from then on every reading without
    /// Grad-CAM runs it (3-4x faster on the CPU; months equal to float rounding, about 1e-6 relative). It
    /// costs about as much as a load, so callers that read many films (batch, evaluate, bench) ask for it
    /// and a one-film `predict` does not. Where LibTorch cannot optimise a module, the loaded one serves.
    void prepareForwardOnly();
    /// Milliseconds prepareForwardOnly() took (0 before).
    double forwardOnlyMs() const;

    /// The preprocessed network input [views x channels x inputHeight x inputWidth], row-major, copied to the
    /// CPU (for parity tests and tools): one view unless the package's hand_crop lists views, the hand's own
    /// square first; turned upright by the input check when the package has one. Throws
    /// Error(BadInput) like predict() (but not InputRejected: a rejected film's input is returned as it is).
    std::vector<float> preprocess(const Image& image) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Sets LibTorch's intra-op CPU thread count for the whole process (n >= 1); returns the count in effect.
int setThreadCount(int n);
/// LibTorch's current intra-op CPU thread count.
int threadCount();

}  // namespace boneage::engine
