#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace boneage::engine {

/// A model package's manifest.json, read and checked (standard library only, no torch).
///
/// Required fields: format (1 or 2), name, version, architecture, parameter_count, input {height, width,
/// channels, resize, interpolation "bilinear_antialias", normalisation "per_image_standardise"},
/// sex_handling ("separate" with files {male, female}, or "input" with files {model}), output_units "months",
/// training_data, intended_use, research_only, sha256 {file: hex} covering every file the manifest names.
/// Optional: feature_map {channels, height, width} (checked against the model when present).
///
/// Format 1: input.resize "stretch" only. Format 2 (rsna-compact 2.x) adds input.resize "hand_crop" with
/// input.hand_crop {mask_long_side, margin, border_tolerance, min_hand_fraction, views} (a square input; see
/// models/boneage_models/preprocess.py), and the optional input_check {file, size, reject_below, turn_above,
/// classes} and interval {coverage, knots_months, half_width_months}. Anything else the engine does not know
/// is refused.
class Manifest {
public:
    /// input.hand_crop: how the square around the hand is found (HandCrop.h).
    struct HandCrop {
        int maskLongSide = 0;
        double margin = 0, borderTolerance = 0, minHandFraction = 0;
        /// input.hand_crop.views: the squares a film is read in, each moved down (dy) and right (dx) and
        /// grown (ds) by these fractions of the hand's square; the reading is their mean. The first is the
        /// square itself ({0, 0, 0}): the input check and Grad-CAM read it. Absent: that square alone.
        struct View {
            double dy = 0, dx = 0, ds = 0;
        };
        std::vector<View> views{View{}};
    };
    struct Input {
        int height = 0, width = 0, channels = 0;
        std::string resize, interpolation, normalisation;
        std::optional<HandCrop> handCrop;  ///< set when resize is "hand_crop"
    };
    struct FeatureMap {
        int channels = 0, height = 0, width = 0;
    };
    /// One class of the input check: the hand as the film shows it, or no hand at all.
    struct CheckClass {
        bool hand = true;
        bool mirrored = false;  ///< a right hand (a left hand mirrored)
        int quarterTurns = 0;   ///< 0..3 anticlockwise quarter turns (after the mirroring)
    };
    /// input_check: a classifier of the preprocessed input, resized to size x size, into `classes`.
    struct InputCheck {
        std::string file;
        int size = 0;
        double rejectBelow = 0.5;  ///< a film whose hand probability is below this is not read
        /// The film is turned (or mirrored) only when the likeliest hand class holds at least this share of
        /// the hand probability; a less certain check leaves it as it lies. 0 (absent): always turn.
        double turnAbove = 0;
        std::vector<CheckClass> classes;
    };
    /// interval: the half width of the central `coverage` interval, linear in the predicted months between
    /// the knots (constant beyond them).
    struct Interval {
        double coverage = 0;
        std::vector<double> knotsMonths, halfWidthMonths;

        /// The half width at a predicted bone age (linear between knots, constant beyond them).
        double halfWidthAt(double months) const;
    };

    /// Reads and validates <packageDir>/manifest.json. Throws Error(Model, <manifest path>, <cause>).
    static Manifest load(const std::string& packageDir);

    /// Checks the sha256 of every file the manifest lists. Throws Error(Model, <file path>, <cause>).
    void verifyFiles() const;
    /// Checks the sha256 of one listed file (a key of `sha256`). As verifyFiles.
    void verifyFile(const std::string& file) const;

    /// Absolute-ish path of a file role ("male", "female", "model").
    std::string filePath(const std::string& role) const;
    /// The path of a file of the package (a name as the manifest gives it: "input_check.pt").
    std::string pathOf(const std::string& file) const;

    std::string packageDir, manifestPath, manifestSha256;
    int format = 0;
    std::string name, version, architecture, sexHandling, outputUnits, trainingData, intendedUse;
    long long parameterCount = 0;
    bool researchOnly = true;
    Input input;
    std::optional<FeatureMap> featureMap;
    std::optional<InputCheck> inputCheck;
    std::optional<Interval> interval;
    std::map<std::string, std::string> files;   ///< role -> file name inside the package
    std::map<std::string, std::string> sha256;  ///< file name -> lower-case hex
};

}  // namespace boneage::engine
