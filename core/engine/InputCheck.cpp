// The input check (manifest input_check): is the film a hand radiograph, and which way does the hand lie?
// The twin of models/boneage_models/input_check.py.
#include <cstdio>
#include <utility>

#include <torch/nn/functional/upsampling.h>

#include "engine/TorchOps.h"

namespace boneage::engine::detail {

InputCheck runInputCheck(torch::jit::Module& module, const torch::Tensor& input,
                         const Manifest::InputCheck& spec) {
    namespace F = torch::nn::functional;
    torch::Tensor x = input.slice(1, 0, 1);
    if (x.size(2) != spec.size || x.size(3) != spec.size) {
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{spec.size, spec.size})
                                  .mode(torch::kBilinear)
                                  .align_corners(false)
                                  .antialias(true));
    }
    const torch::IValue out = module.forward({x.contiguous()});
    if (!out.isTensor())
        throw Error(ErrorCode::Model, spec.file, "the input check does not return a tensor of class scores");
    const torch::Tensor logits = out.toTensor();
    if (logits.dim() != 2 || logits.size(0) != 1 || logits.size(1) != int64_t(spec.classes.size()))
        throw Error(ErrorCode::Model, spec.file,
                    "the input check returns " + std::to_string(logits.dim() == 2 ? logits.size(1) : -1) +
                        " class scores, the manifest names " + std::to_string(spec.classes.size()));
    const torch::Tensor p = torch::softmax(logits.to(torch::kCPU, torch::kDouble), 1)[0];
    InputCheck check;
    double notHand = 0, best = -1;
    for (std::size_t k = 0; k < spec.classes.size(); ++k) {
        const double pk = p[int64_t(k)].item<double>();
        const Manifest::CheckClass& c = spec.classes[k];
        if (!c.hand) {
            notHand += pk;
        } else if (pk > best) {
            best = pk;
            check.mirrored = c.mirrored;
            check.quarterTurns = c.quarterTurns;
        }
    }
    check.handProbability = 1.0 - notHand;
    if (check.handProbability <= 0 || best < spec.turnAbove * check.handProbability) {
        check.mirrored = false;  // unsure which way the hand lies: read the film as it lies, as most are
        check.quarterTurns = 0;
    }
    check.hand = check.handProbability >= spec.rejectBelow;
    return check;
}

torch::Tensor toUpright(const torch::Tensor& x, const InputCheck& check) {
    torch::Tensor y = check.quarterTurns ? torch::rot90(x, -check.quarterTurns, {-2, -1}) : x;
    return check.mirrored ? y.flip({-1}) : y;
}

torch::Tensor fromUpright(const torch::Tensor& x, const InputCheck& check) {
    const torch::Tensor y = check.mirrored ? x.flip({-1}) : x;
    return check.quarterTurns ? torch::rot90(y, check.quarterTurns, {-2, -1}) : y;
}

}  // namespace boneage::engine::detail

namespace boneage::engine {

namespace {
std::string rejectionCause(const InputCheck& check) {
    char probability[32];
    std::snprintf(probability, sizeof probability, "%.2f", check.handProbability);
    return std::string(
               "not read: this does not look like a hand radiograph (the input check gives it a hand "
               "probability of ") +
           probability + ")";
}
}  // namespace

InputRejected::InputRejected(const InputCheck& check, std::string subject)
    : Error(ErrorCode::BadInput, std::move(subject), rejectionCause(check)), m_check(check) {}

}  // namespace boneage::engine
