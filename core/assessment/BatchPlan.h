#pragma once

#include <cstddef>
#include <string>

#include "assessment/BatchInputs.h"

namespace boneage::assessment {

/// What a results CSV is the result of, kept beside it as `<csv>.plan.json` (written once, atomically,
/// before the first row): which inputs, which shard of them and which model. --resume continues a CSV
/// only under the same plan, and batch-merge joins shards only when their plans agree and each CSV holds
/// every input its plan names.
struct BatchPlan {
    ShardSpec shard;
    std::size_t totalInputs = 0;  ///< inputs of all shards
    std::string totalDigest;      ///< inputsDigest() of all of them
    std::size_t shardInputs = 0;  ///< inputs of this shard
    std::string shardDigest;      ///< inputsDigest() of this shard's
    std::string modelName, modelVersion, modelSha256;
    std::string sexOverride;  ///< "M", "F" or "" (the films' own)
    bool gradcam = false;
    std::string version;  ///< of boneage that wrote it (informative; not compared)

    /// The path of the plan of a results CSV.
    static std::string pathFor(const std::string& csvPath);
    /// Reads a plan; Error(BadInput, path, ...) when it is missing or not one.
    static BatchPlan read(const std::string& path);
    /// Writes the plan atomically (owner-only, 0600); Error(Storage, path, ...) on failure.
    void write(const std::string& path) const;

    /// What first differs in `other` ("shard", "input list", "model", "--sex option", "--gradcam-dir
    /// option"); "" when the two describe the same run (the version is not compared).
    std::string differenceFrom(const BatchPlan& other) const;
};

}  // namespace boneage::assessment
