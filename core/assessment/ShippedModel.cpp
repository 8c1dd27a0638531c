#include "assessment/ShippedModel.h"

#include <filesystem>
#include <vector>

namespace boneage::assessment {

namespace fs = std::filesystem;

std::string shippedModelDir() {
    std::error_code ec;
    const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec)
        candidates.push_back(executable.parent_path() / ".." / "share" / "boneage" / "model");
    candidates.emplace_back(BONEAGE_DEFAULT_MODEL_DIR);
    for (const fs::path& candidate : candidates) {
        if (!candidate.empty() && fs::is_regular_file(candidate / "manifest.json", ec))
            return candidate.lexically_normal().string();
    }
    return {};
}

}  // namespace boneage::assessment
