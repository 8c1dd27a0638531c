#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/Sex.h"

namespace boneage::assessment {

/// One input of a batch run: a film to score, or a problem found while listing the sources (a label row
/// without an image, an unreadable DICOMDIR) that becomes an error row of its own.
struct BatchInput {
    /// The film's path as found from the source it came from (the source as given, then the path under
    /// it); unique within a run and the order of the results. For a listing problem, its location
    /// ("set/labels.csv:7", the DICOMDIR's path).
    std::string key;
    std::optional<Sex> sex;                 ///< from an RSNA labels.csv; else the film's header decides
    std::optional<double> referenceMonths;  ///< the labelled bone age of an RSNA set
    std::string problem;                    ///< non-empty: not a film; this sentence is its error
};

/// Which part of the inputs one run takes: shard `index` (1-based) of `count`.
struct ShardSpec {
    int index = 1, count = 1;
};

/// "K/N" with 1 <= K <= N <= 100000; nullopt otherwise.
std::optional<ShardSpec> parseShardSpec(const std::string& text);

/// Every input of the sources, sorted by key (byte order) without duplicates.
///  - a file is a film, whatever its name, unless it is a DICOMDIR: then the films it references;
///  - a folder holding labels.csv and images/ is an RSNA-layout set: the films its labels name, with their
///    sex and bone age (its other folders, e.g. a phantom set's masks/, are not films);
///  - a folder holding a DICOMDIR is read through it;
///  - any other folder is searched recursively (hidden entries and symbolic links to folders skipped) for
///    files named *.dcm, *.dicom, *.dic, *.png, *.jpg, *.jpeg, and files of any name that start like a
///    DICOM Part 10 file, each folder again read as a set or through its DICOMDIR where it is one.
/// Throws Error(BadInput, source, ...) when a source does not exist; a damaged labels file or DICOMDIR
/// is an input with a problem, not an exception.
std::vector<BatchInput> collectBatchInputs(const std::vector<std::string>& sources);

/// The inputs of one shard: those at positions i (0-based, in the sorted list) with i mod count ==
/// index - 1. Deterministic: every machine that lists the same sources takes the same share.
std::vector<BatchInput> selectShard(const std::vector<BatchInput>& inputs, const ShardSpec& shard);

/// Hex SHA-256 of the keys in order, one per line: identifies a list of inputs.
std::string inputsDigest(const std::vector<BatchInput>& inputs);

}  // namespace boneage::assessment
