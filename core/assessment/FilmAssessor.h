#pragma once

#include <memory>
#include <string>

#include "assessment/Assessor.h"
#include "engine/EngineTypes.h"

namespace boneage::assessment {

/// Reads films with one loaded model. The product reads with the engine (openEngineAssessor()); a test can
/// give the workstation any deterministic reader instead, so that its reading workflow is tested without a
/// network. Not thread-safe: one thread uses an assessor (the workstation's inference worker).
class FilmAssessor {
public:
    virtual ~FilmAssessor() = default;
    /// The loaded model's identity (name, version, sha256, research use).
    virtual const engine::ModelInfo& info() const = 0;
    /// Where it runs: "cpu", "cuda:0", ...
    virtual std::string device() const = 0;
    /// assessFilm()'s contract: throws boneage::Error (Usage without a sex, BadInput, Model).
    virtual AssessmentResult assess(const imaging::Film& film, const PatientFacts& entered, bool gradcam) = 0;
};

/// The engine loaded from a model package. Throws Error(Model) like engine::Engine's constructor.
std::unique_ptr<FilmAssessor> openEngineAssessor(const std::string& packageDir,
                                                 engine::DevicePreference device);

}  // namespace boneage::assessment
