#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace boneage::assessment {

struct BatchMergeSummary {
    std::size_t shards = 0, rows = 0, errors = 0;
};

/// Joins the results CSVs of every shard of one batch run (`boneage batch --shard K/N`) into `outCsv`,
/// rows in input order, with a plan as a 1/1 run of the same inputs: the same two files a run without
/// --shard would have written. Refuses, with Error(BadInput, file, cause) and writing nothing, unless
/// every CSV has its plan, the plans agree (inputs, model, options, N), each shard 1..N is there exactly
/// once (the first missing one is named), and each CSV holds exactly the inputs its plan names (none
/// missing, none twice, no cut-short row). The output replaces `outCsv` atomically (0600);
/// Error(Storage) when it cannot be written.
BatchMergeSummary mergeBatchShards(const std::vector<std::string>& shardCsvs, const std::string& outCsv);

}  // namespace boneage::assessment
