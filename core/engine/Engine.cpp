#include "engine/Engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <future>
#include <limits>
#include <map>
#include <optional>

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/cuda.h>

#include "common/Error.h"
#include "engine/Manifest.h"
#include "engine/TorchOps.h"

namespace boneage::engine {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Outputs {
    torch::Tensor months;    // [N, 1]
    torch::Tensor features;  // [N, K, h, w]
};

std::string shapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

/// Checks the forward's (months[N,1], feature_map[N,K,h,w]) contract; Error(Model, file) otherwise.
Outputs unpack(const torch::IValue& value, int64_t batch, const std::string& file) {
    if (!value.isTuple())
        throw Error(ErrorCode::Model, file, "forward does not return a (months, feature_map) tuple");
    const auto& elements = value.toTupleRef().elements();
    if (elements.size() != 2 || !elements[0].isTensor() || !elements[1].isTensor())
        throw Error(ErrorCode::Model, file, "forward does not return two tensors (months, feature_map)");
    Outputs out{elements[0].toTensor(), elements[1].toTensor()};
    if (out.months.dim() != 2 || out.months.size(0) != batch || out.months.size(1) != 1)
        throw Error(ErrorCode::Model, file,
                    "months output has shape " + shapeText(out.months) + ", expected [" +
                        std::to_string(batch) + ", 1]");
    if (out.features.dim() != 4 || out.features.size(0) != batch)
        throw Error(ErrorCode::Model, file,
                    "feature map has shape " + shapeText(out.features) + ", expected [" +
                        std::to_string(batch) + ", K, h, w]");
    return out;
}

torch::Device chooseDevice(DevicePreference preference) {
    const bool cuda = torch::cuda::is_available();
    if (preference == DevicePreference::Cuda && !cuda)
        throw Error(ErrorCode::Model, "cuda", "CUDA was requested but LibTorch sees no CUDA device");
    if (preference == DevicePreference::Cpu || !cuda)
        return torch::Device(torch::kCPU);
    return torch::Device(torch::kCUDA, 0);
}

}  // namespace

std::optional<DevicePreference> parseDevicePreference(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    if (lower == "auto")
        return DevicePreference::Auto;
    if (lower == "cpu")
        return DevicePreference::Cpu;
    if (lower == "cuda")
        return DevicePreference::Cuda;
    return std::nullopt;
}

/// A film ready for the regressor: its input turned upright, where it came from, what the check said.
struct Prepared {
    torch::Tensor input;
    std::optional<detail::CropBox> box;
    std::optional<InputCheck> check;
};

struct Engine::Impl {
    Manifest manifest;
    ModelInfo info;
    torch::Device device{torch::kCPU};
    std::map<std::string, torch::jit::Module> modules;   // role -> module
    std::optional<torch::jit::Module> inputCheckModule;  // manifest input_check
    double loadMs = 0;

    Prepared prepare(const Image& image) {
        detail::PreparedInput in = detail::prepareInput(image, manifest.input, device);
        Prepared p{in.input, in.box, std::nullopt};
        if (inputCheckModule) {  // it reads the hand's own square, the first view
            p.check = detail::runInputCheck(*inputCheckModule, p.input.slice(0, 0, 1), *manifest.inputCheck);
            if (p.check->hand && !p.check->upright())
                p.input = detail::toUpright(p.input, *p.check).contiguous();
        }
        return p;
    }

    std::optional<Interval> intervalAround(double months) const {
        if (!manifest.interval)
            return std::nullopt;
        const double half = manifest.interval->halfWidthAt(months);
        return Interval{std::max(0.0, months - half), months + half, manifest.interval->coverage};
    }

    void loadInputCheck() {
        const Manifest::InputCheck& spec = *manifest.inputCheck;
        const std::string file = manifest.pathOf(spec.file);
        try {
            inputCheckModule = torch::jit::load(file, device);
            inputCheckModule->eval();
            c10::InferenceMode guard;
            const torch::Tensor x = torch::zeros({1, 1, spec.size, spec.size}, torch::TensorOptions(device));
            (void)detail::runInputCheck(*inputCheckModule, x, spec);
        } catch (const c10::Error& e) {
            throw Error(ErrorCode::Model, file, "not a loadable input check: " + detail::shortMessage(e));
        } catch (const Error& e) {
            throw Error(ErrorCode::Model, file, e.cause());
        }
    }

    std::string roleFor(Sex sex) const {
        if (manifest.sexHandling == "input")
            return "model";
        return sex == Sex::Male ? "male" : "female";
    }

    void synchronize() const {
        if (device.is_cuda())
            torch::cuda::synchronize();
    }

    std::vector<torch::IValue> inputsFor(const torch::Tensor& x, const std::vector<Sex>& sexes) const {
        std::vector<torch::IValue> inputs{x};
        if (manifest.sexHandling == "input") {
            std::vector<float> flags;
            for (Sex s : sexes)
                flags.push_back(s == Sex::Male ? 1.0f : 0.0f);
            inputs.emplace_back(torch::tensor(flags).reshape({int64_t(flags.size()), 1}).to(device));
        }
        return inputs;
    }

    /// The module as loaded (the dummy forward, Grad-CAM). Its graph executor runs without optimisation
    /// passes: on these networks they buy nothing once warm, and cost the first two runs of every new
    /// input kind (several hundred ms each, a second for the full network).
    torch::IValue forward(const std::string& role, const torch::Tensor& x, const std::vector<Sex>& sexes) {
        return forward(modules.at(role), x, sexes);
    }
    torch::IValue forward(torch::jit::Module& module, const torch::Tensor& x,
                          const std::vector<Sex>& sexes) const {
        torch::jit::GraphOptimizerEnabledGuard unoptimised(false);
        return module.forward(inputsFor(x, sexes));
    }

    /// The forward-only module of `role` once prepareForwardOnly() made it, else the loaded one.
    torch::IValue forwardOnly(const std::string& role, const torch::Tensor& x,
                              const std::vector<Sex>& sexes) {
        const auto fast = fastModules.find(role);
        if (fast == fastModules.end() || !fast->second)
            return forward(role, x, sexes);
        return fast->second->forward(inputsFor(x, sexes));
    }

    /// role -> forward-only module; nullopt where LibTorch could not optimise it (the loaded one serves).
    std::map<std::string, std::optional<torch::jit::Module>> fastModules;
    double forwardOnlyMs = 0;

    void makeForwardOnly(const std::string& role) {
        if (fastModules.count(role))
            return;
        const auto start = Clock::now();
        std::optional<torch::jit::Module> fast;
        try {
            // freeze clones: the loaded module keeps its parameters and graph for Grad-CAM.
            torch::jit::Module frozen = torch::jit::freeze(modules.at(role));
            torch::jit::Module optimised = torch::jit::optimize_for_inference(frozen);
            c10::InferenceMode guard;
            const auto& in = manifest.input;
            const torch::Tensor x =
                torch::zeros({1, in.channels, in.height, in.width}, torch::TensorOptions(device));
            for (int run = 0; run < 2; ++run)  // the profiling executor's two runs, off the first film
                unpack(optimised.forward(inputsFor(x, {Sex::Male})), 1, manifest.filePath(role));
            fast = std::move(optimised);
        } catch (const std::exception&) {
            // not optimisable here: the loaded module serves, as it did before
        }
        forwardOnlyMs += msSince(start);
        fastModules.emplace(role, std::move(fast));
    }

    /// Checks one file's sha256, loads it and checks its outputs (checkModule). Touches nothing shared but
    /// the manifest (read only): the package's files load on threads of their own.
    torch::jit::Module loadModule(const std::string& role) const {
        const std::string file = manifest.filePath(role);
        manifest.verifyFile(manifest.files.at(role));
        torch::jit::Module module;
        try {
            module = torch::jit::load(file, device);
        } catch (const c10::Error& e) {
            throw Error(ErrorCode::Model, file,
                        "not a loadable TorchScript file: " + detail::shortMessage(e));
        } catch (const std::exception& e) {
            throw Error(ErrorCode::Model, file, std::string("not a loadable TorchScript file: ") + e.what());
        }
        module.eval();
        checkModule(role, module);
        return module;
    }

    /// A dummy forward: the output contract, and the feature map against the
    /// manifest. An empty batch answers that in microseconds (a convolution of no films still has its
    /// output shape); a network that cannot take one (a reshape with -1, say), or whose answer is wrong,
    /// is asked again with one film.
    void checkModule(const std::string& role, torch::jit::Module& module) const {
        const std::string file = manifest.filePath(role);
        Outputs out;
        try {
            c10::InferenceMode guard;
            const auto& in = manifest.input;
            const auto dummy = [&](int64_t films) {
                const torch::Tensor x =
                    torch::zeros({films, in.channels, in.height, in.width}, torch::TensorOptions(device));
                return unpack(forward(module, x, std::vector<Sex>(std::size_t(films), Sex::Male)), films,
                              file);
            };
            try {
                out = dummy(0);
            } catch (const std::exception&) {
                out = dummy(1);  // what is wrong, said of one film as a reader would see it
            }
        } catch (const c10::Error& e) {
            throw Error(ErrorCode::Model, file,
                        "forward failed on a dummy input: " + detail::shortMessage(e));
        }
        if (const auto& fm = manifest.featureMap) {
            if (out.features.size(1) != fm->channels || out.features.size(2) != fm->height ||
                out.features.size(3) != fm->width)
                throw Error(ErrorCode::Model, file,
                            "feature map has shape " + shapeText(out.features) + ", the manifest says [1, " +
                                std::to_string(fm->channels) + ", " + std::to_string(fm->height) + ", " +
                                std::to_string(fm->width) + "]");
        }
    }

    double months(const torch::Tensor& t, int64_t i, const std::string& role) const {
        return months(t, i, 1, role);
    }
    /// The reading of a film whose `views` views are rows first.. of t: their mean.
    double months(const torch::Tensor& t, int64_t first, int64_t views, const std::string& role) const {
        const double v =
            t.slice(0, first, first + views).select(1, 0).to(torch::kDouble).mean().item<double>();
        if (!std::isfinite(v))
            throw Error(ErrorCode::Model, manifest.filePath(role),
                        "the model produced a non-finite bone age");
        return v;
    }
};

Engine::Engine(const std::string& packageDir, DevicePreference device) : m_impl(std::make_unique<Impl>()) {
    const auto start = Clock::now();
    Impl& d = *m_impl;
    d.manifest = Manifest::load(packageDir);
    d.device = chooseDevice(device);
    // Every file hashed, loaded and checked on a thread of its own: LibTorch compiles one file's code at a
    // time, but the hashing and the checks overlap it. Each future is waited for; the first error, in the
    // manifest's order of roles, is the one said.
    std::vector<std::pair<std::string, std::future<torch::jit::Module>>> loading;
    for (const auto& entry : d.manifest.files)
        loading.emplace_back(entry.first, std::async(std::launch::async, [&d, role = entry.first] {
                                 return d.loadModule(role);
                             }));
    std::exception_ptr firstError;
    for (auto& [role, module] : loading) {
        try {
            d.modules[role] = module.get();
        } catch (const c10::Error& e) {
            if (!firstError)
                firstError = std::make_exception_ptr(
                    Error(ErrorCode::Model, packageDir, "cannot load the model: " + detail::shortMessage(e)));
        } catch (...) {
            if (!firstError)
                firstError = std::current_exception();
        }
    }
    if (firstError)
        std::rethrow_exception(firstError);
    for (const auto& entry : d.manifest.sha256)  // a listed file that is not a model file
        if (std::none_of(d.manifest.files.begin(), d.manifest.files.end(),
                         [&](const auto& f) { return f.second == entry.first; }))
            d.manifest.verifyFile(entry.first);
    if (d.manifest.inputCheck)  // its hash was checked just above
        d.loadInputCheck();
    const Manifest& m = d.manifest;
    d.info.name = m.name;
    d.info.version = m.version;
    d.info.architecture = m.architecture;
    d.info.sha256 = m.manifestSha256;
    d.info.trainingData = m.trainingData;
    d.info.intendedUse = m.intendedUse;
    d.info.sexHandling = m.sexHandling;
    d.info.packageDir = packageDir;
    d.info.researchOnly = m.researchOnly;
    d.info.inputWidth = m.input.width;
    d.info.inputHeight = m.input.height;
    d.info.inputChannels = m.input.channels;
    d.info.parameterCount = m.parameterCount;
    d.loadMs = msSince(start);
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const ModelInfo& Engine::info() const {
    return m_impl->info;
}

std::string Engine::device() const {
    return m_impl->device.str();
}

double Engine::loadMs() const {
    return m_impl->loadMs;
}

std::vector<float> Engine::preprocess(const Image& image) const {
    try {
        c10::InferenceMode guard;
        const torch::Tensor x = m_impl->prepare(image).input.to(torch::kCPU).contiguous();
        return std::vector<float>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::Model, m_impl->info.packageDir,
                    "preprocessing failed: " + detail::shortMessage(e));
    }
}

Prediction Engine::predict(const Image& image, Sex sex, bool gradcam) {
    Impl& d = *m_impl;
    const std::string role = d.roleFor(sex);
    Prediction p;
    p.timings.loadMs = d.loadMs;
    try {
        auto start = Clock::now();
        Prepared in;
        {
            c10::InferenceMode guard;
            in = d.prepare(image);
            d.synchronize();
        }
        p.inputCheck = in.check;
        if (p.rejected())
            throw InputRejected(*p.inputCheck);
        p.timings.preprocessMs = msSince(start);
        start = Clock::now();
        const int64_t views = in.input.size(0);
        if (!gradcam) {
            c10::InferenceMode guard;
            const Outputs out =
                unpack(d.forwardOnly(role, in.input, std::vector<Sex>(std::size_t(views), sex)), views,
                       d.manifest.filePath(role));
            p.boneAgeMonths = d.months(out.months, 0, views, role);
            p.interval = d.intervalAround(p.boneAgeMonths);
            p.timings.inferenceMs = msSince(start);
            return p;
        }
        // Grad-CAM needs autograd: no InferenceMode here. The input tensor was made under InferenceMode,
        // so clone it into a normal tensor; requiring its gradient guarantees a graph up to the feature map
        // even for a module saved with frozen (requires_grad=false) parameters. The map is the first view's
        // (the hand's own square); the other views only join the reading.
        double otherViews = 0;
        if (views > 1) {
            c10::InferenceMode guard;
            const Outputs rest = unpack(d.forwardOnly(role, in.input.slice(0, 1, views),
                                                      std::vector<Sex>(std::size_t(views - 1), sex)),
                                        views - 1, d.manifest.filePath(role));
            otherViews = d.months(rest.months, 0, views - 1, role) * double(views - 1);
        }
        torch::AutoGradMode enableGrad(true);
        torch::Tensor input = in.input.slice(0, 0, 1).clone().requires_grad_(true);
        const Outputs out = unpack(d.forward(role, input, {sex}), 1, d.manifest.filePath(role));
        p.boneAgeMonths =
            (d.months(out.months, 0, role) + otherViews) / double(views);  // item() synchronises
        p.interval = d.intervalAround(p.boneAgeMonths);
        p.timings.inferenceMs = msSince(start);
        start = Clock::now();
        const torch::Tensor score = out.months.select(0, 0).select(0, 0);
        if (in.box) {
            // The map over the (upright) square, back into the film's orientation and place.
            torch::Tensor map = detail::gradCamMap(score, out.features);
            torch::NoGradGuard noGrad;
            if (in.check)
                map = detail::fromUpright(map, *in.check);
            p.gradcam = detail::placeInFilm(map, *in.box, image.width, image.height);
        } else {
            p.gradcam = detail::gradCam(score, out.features, image.width, image.height);
        }
        p.timings.gradcamMs = msSince(start);
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::Model, d.manifest.filePath(role),
                    "inference failed: " + detail::shortMessage(e));
    }
    return p;
}

std::vector<Prediction> Engine::predictBatch(const std::vector<const Image*>& images,
                                             const std::vector<Sex>& sexes) {
    Impl& d = *m_impl;
    if (images.size() != sexes.size())
        throw Error(ErrorCode::Usage, "batch",
                    std::to_string(images.size()) + " images but " + std::to_string(sexes.size()) + " sexes");
    std::vector<Prediction> result(images.size());
    std::map<std::string, std::vector<size_t>> groups;  // role -> indices
    for (size_t i = 0; i < images.size(); ++i) {
        if (!images[i])
            throw Error(ErrorCode::BadInput, "image", "null image in batch");
        groups[d.roleFor(sexes[i])].push_back(i);
    }
    constexpr size_t kChunk = 16;  // bounds the activation memory of one forward
    try {
        c10::InferenceMode guard;
        for (const auto& [role, indices] : groups) {
            for (size_t from = 0; from < indices.size(); from += kChunk) {
                const size_t to = std::min(indices.size(), from + kChunk);
                std::vector<torch::Tensor> inputs;
                std::vector<Sex> chunkSexes;   // one per view
                std::vector<int64_t> viewsOf;  // views per film read
                std::vector<size_t> read;      // indices (into `result`) of the films the check let through
                for (size_t k = from; k < to; ++k) {
                    const size_t i = indices[k];
                    Prepared in = d.prepare(*images[i]);
                    result[i].inputCheck = in.check;
                    if (result[i].rejected()) {
                        result[i].boneAgeMonths = std::numeric_limits<double>::quiet_NaN();
                        continue;
                    }
                    inputs.push_back(in.input);
                    viewsOf.push_back(in.input.size(0));
                    chunkSexes.insert(chunkSexes.end(), std::size_t(in.input.size(0)), sexes[i]);
                    read.push_back(i);
                }
                if (inputs.empty())
                    continue;
                const Outputs out = unpack(d.forwardOnly(role, torch::cat(inputs, 0), chunkSexes),
                                           int64_t(chunkSexes.size()), d.manifest.filePath(role));
                const torch::Tensor months = out.months.to(torch::kCPU, torch::kDouble);
                int64_t row = 0;
                for (size_t k = 0; k < read.size(); ++k) {
                    Prediction& p = result[read[k]];
                    p.boneAgeMonths = d.months(months, row, viewsOf[k], role);
                    p.interval = d.intervalAround(p.boneAgeMonths);
                    row += viewsOf[k];
                }
            }
        }
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::Model, d.info.packageDir,
                    "batch inference failed: " + detail::shortMessage(e));
    }
    return result;
}

void Engine::prepareForwardOnly() {
    for (const auto& entry : m_impl->manifest.files)
        m_impl->makeForwardOnly(entry.first);  // never throws: a module it cannot make stays as loaded
}

double Engine::forwardOnlyMs() const {
    return m_impl->forwardOnlyMs;
}

int setThreadCount(int n) {
    if (n >= 1)
        at::set_num_threads(n);
    return at::get_num_threads();
}

int threadCount() {
    return at::get_num_threads();
}

}  // namespace boneage::engine
