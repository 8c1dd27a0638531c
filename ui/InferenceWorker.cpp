#include "ui/InferenceWorker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <exception>

#include "assessment/FilmAssessor.h"
#include "common/Error.h"
#include "engine/EngineTypes.h"
#include "ui/HeatmapImage.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace boneage::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("InferenceWorker", text);
}

QString describeError(const Error& e) {
    switch (e.code()) {
        case ErrorCode::Model:
            return tr("Model error: %1").arg(QString::fromStdString(e.what()));
        case ErrorCode::BadInput:
            return tr("The film cannot be read: %1").arg(QString::fromStdString(e.what()));
        case ErrorCode::Usage:
            return tr("Missing patient data: %1").arg(QString::fromStdString(e.what()));
        default:
            return QString::fromStdString(e.what());
    }
}

}  // namespace

InferenceWorker::InferenceWorker(AssessorFactory open, QObject* parent)
    : QObject(parent), m_open(std::move(open)) {
    if (!m_open) {
        m_open = [](const ModelConfig& config) -> std::unique_ptr<assessment::FilmAssessor> {
            const auto device = engine::parseDevicePreference(config.device.toStdString());
            if (!device) {
                throw Error(ErrorCode::Usage, "device",
                            "'" + config.device.toStdString() + "' is not auto, cpu or cuda");
            }
            return assessment::openEngineAssessor(config.modelDir.toStdString(), *device);
        };
    }
}

InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::lowerThreadPriority() {
#ifdef __linux__
    // Linux applies nice values per thread, and the engine's intra-op threads inherit it when they are
    // created from here: the model then takes spare cycles and never starves the event loop of the GUI
    // thread.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
}

void InferenceWorker::configure(const ModelConfig& config) {
    m_config = config;
    m_configured = true;
    m_engine.reset();
    m_loadError.clear();
    ensureEngine();
    if (m_engine) {
        Q_EMIT modelLoaded(describe());
    } else {
        Q_EMIT modelFailed(m_loadError);
    }
}

void InferenceWorker::ensureEngine() {
    if (m_engine || !m_configured)
        return;
    try {
        if (!engine::parseDevicePreference(m_config.device.toStdString())) {
            m_loadError = tr("The device '%1' is not auto, cpu or cuda.").arg(m_config.device);
            return;
        }
        m_engine = m_open(m_config);
        m_loadError.clear();
    } catch (const Error& e) {
        m_loadError = describeError(e);
    } catch (const std::exception& e) {
        m_loadError = tr("The model cannot be loaded: %1").arg(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        m_loadError = tr("The model cannot be loaded (unknown error).");
    }
}

ModelDescription InferenceWorker::describe() const {
    ModelDescription d;
    if (!m_engine)
        return d;
    const auto& info = m_engine->info();
    d.name = QString::fromStdString(info.name);
    d.version = QString::fromStdString(info.version);
    d.sha256 = QString::fromStdString(info.sha256);
    d.researchOnly = info.researchOnly;
    d.device = QString::fromStdString(m_engine->device());
    return d;
}

void InferenceWorker::run(const InferenceRequest& request) {
    InferenceResult result;
    result.id = request.id;
    result.caseId = request.caseId;
    auto isCancelled = [&] {
        return request.cancelled && request.cancelled->load(std::memory_order_acquire);
    };
    if (isCancelled()) {
        result.cancelled = true;
        Q_EMIT finished(result);
        return;
    }
    QElapsedTimer timer;
    timer.start();
    try {
        ensureEngine();
        if (!m_engine) {
            result.error = m_configured ? m_loadError : tr("No model is configured.");
        } else if (!request.film) {
            result.error = tr("No film to assess.");
        } else {
            auto assessed = std::make_shared<assessment::AssessmentResult>(
                m_engine->assess(*request.film, request.entered, request.gradcam));
            if (const auto& heat = assessed->prediction.gradcam) {
                result.overlay = heatmapImage(heat->width, heat->height, heat->values);
            }
            result.assessment = std::move(assessed);
            result.model = describe();
        }
    } catch (const engine::InputRejected& e) {
        result.rejectedBy = e.check();  // not a hand radiograph: not read, and not an error to retry
        result.model = describe();
    } catch (const Error& e) {
        result.error = describeError(e);
    } catch (const std::exception& e) {
        result.error = tr("Inference failed: %1").arg(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        result.error = tr("Inference failed (unknown error).");
    }
    result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    result.cancelled = isCancelled();
    if (result.cancelled)
        result.assessment.reset();
    Q_EMIT finished(result);
}

}  // namespace boneage::ui
