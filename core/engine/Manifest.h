#pragma once

#include <map>
#include <optional>
#include <string>

namespace boneage::engine {

/// A model package's manifest.json, read and checked (standard library only, no torch).
///
/// Required fields: format (1), name, version, architecture, parameter_count, input {height, width, channels,
/// resize "stretch", interpolation "bilinear_antialias", normalisation "per_image_standardise"},
/// sex_handling ("separate" with files {male, female}, or "input" with files {model}), output_units "months",
/// training_data, intended_use, research_only, sha256 {file: hex} covering every file in `files`.
/// Optional: feature_map {channels, height, width} (checked against the model when present).
class Manifest {
public:
    struct Input {
        int height = 0, width = 0, channels = 0;
        std::string resize, interpolation, normalisation;
    };
    struct FeatureMap {
        int channels = 0, height = 0, width = 0;
    };

    /// Reads and validates <packageDir>/manifest.json. Throws Error(Model, <manifest path>, <cause>).
    static Manifest load(const std::string& packageDir);

    /// Checks the sha256 of every file the manifest lists. Throws Error(Model, <file path>, <cause>).
    void verifyFiles() const;
    /// Checks the sha256 of one listed file (a key of `sha256`). As verifyFiles.
    void verifyFile(const std::string& file) const;

    /// Absolute-ish path of a file role ("male", "female", "model").
    std::string filePath(const std::string& role) const;

    std::string packageDir, manifestPath, manifestSha256;
    int format = 0;
    std::string name, version, architecture, sexHandling, outputUnits, trainingData, intendedUse;
    long long parameterCount = 0;
    bool researchOnly = true;
    Input input;
    std::optional<FeatureMap> featureMap;
    std::map<std::string, std::string> files;   ///< role -> file name inside the package
    std::map<std::string, std::string> sha256;  ///< file name -> lower-case hex
};

}  // namespace boneage::engine
