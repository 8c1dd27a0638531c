#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assessment/BatchInputs.h"
#include "common/Sex.h"
#include "engine/Engine.h"

namespace boneage::assessment {

struct BatchOptions {
    std::vector<std::string> sources;  ///< files and folders (collectBatchInputs)
    std::string outCsv;                ///< the results CSV (its plan goes beside it)
    std::string gradcamDir;            ///< non-empty: a Grad-CAM overlay PNG per scored film there
    int jobs = 1;                      ///< decoding threads, >= 1
    ShardSpec shard;
    bool resume = false;
    std::optional<Sex> sex;  ///< overrides every film's sex (else the labels' or the header's)
};

/// Where a run stands; reported after each row reaches the CSV.
struct BatchProgress {
    std::size_t done = 0;       ///< rows in the CSV, the resumed ones included
    std::size_t total = 0;      ///< inputs of this shard
    std::size_t failed = 0;     ///< error rows, the resumed ones included
    std::size_t resumed = 0;    ///< rows that were there before this run
    double elapsedSeconds = 0;  ///< since this run's first film
};

struct BatchSummary {
    BatchProgress progress;     ///< the last one
    std::size_t allInputs = 0;  ///< of every shard
    /// Wall-clock seconds of the engine's preprocess + inference (+ Grad-CAM) over this run's films: the
    /// bare model's share of elapsedSeconds.
    double modelSeconds = 0;
};

/// Scores every input of one shard into the results CSV (BatchResultsFile): decoding on `jobs` threads
/// while the calling thread runs the engine, rows written in input order, one whole row at a time, so
/// that a run killed at any point continues with `resume` without a lost or a repeated row. A film that
/// cannot be read or scored is an error row with its one-sentence cause, never fatal to the rest.
/// `progress` is called on an internal thread after each row. Throws Error(BadInput) for a missing
/// source, Error(Usage) for an out file that exists without `resume` or was started under another plan,
/// Error(Storage) when the CSV, its plan or an overlay cannot be written (the rows before stay valid).
BatchSummary runBatch(engine::Engine& engine, const BatchOptions& options,
                      const std::function<void(const BatchProgress&)>& progress);

}  // namespace boneage::assessment
