#include "assessment/FilmAssessor.h"

#include "engine/Engine.h"

namespace boneage::assessment {

namespace {

class EngineAssessor final : public FilmAssessor {
public:
    EngineAssessor(const std::string& packageDir, engine::DevicePreference device)
        : m_engine(packageDir, device) {}

    const engine::ModelInfo& info() const override { return m_engine.info(); }
    std::string device() const override { return m_engine.device(); }
    AssessmentResult assess(const imaging::Film& film, const PatientFacts& entered, bool gradcam) override {
        return assessFilm(m_engine, film, entered, gradcam);
    }

private:
    engine::Engine m_engine;
};

}  // namespace

std::unique_ptr<FilmAssessor> openEngineAssessor(const std::string& packageDir,
                                                 engine::DevicePreference device) {
    return std::make_unique<EngineAssessor>(packageDir, device);
}

}  // namespace boneage::assessment
