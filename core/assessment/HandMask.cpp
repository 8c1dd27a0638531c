#include "assessment/HandMask.h"

#include <cstddef>

#include "common/Error.h"

namespace boneage::assessment {

double heatmapMassInside(const engine::Heatmap& heatmap, const std::vector<unsigned char>& mask) {
    if (mask.size() != heatmap.values.size()) {
        throw Error(ErrorCode::Internal, "", "heat map and mask sizes differ");
    }
    double total = 0, inside = 0;
    for (std::size_t i = 0; i < heatmap.values.size(); ++i) {
        total += heatmap.values[i];
        if (mask[i])
            inside += heatmap.values[i];
    }
    return total > 0 ? inside / total : 0.0;
}

}  // namespace boneage::assessment
