#include "assessment/BatchMerge.h"

#include <algorithm>
#include <map>

#include "assessment/BatchCsv.h"
#include "assessment/BatchPlan.h"
#include "assessment/BatchResultsFile.h"
#include "common/Error.h"
#include "common/Version.h"
#include "engine/Sha256.h"
#include "imaging/AtomicFile.h"

namespace boneage::assessment {

namespace {

std::string shardName(int index, int count) {
    return std::to_string(index) + "/" + std::to_string(count);
}

/// The inputsDigest() of a CSV's keys, taken in input order.
std::string digestOfKeys(std::vector<std::string> keys) {
    std::sort(keys.begin(), keys.end());
    engine::Sha256 hash;
    for (const std::string& key : keys) {
        hash.update(key.data(), key.size());
        hash.update("\n", 1);
    }
    return hash.hexDigest();
}

}  // namespace

BatchMergeSummary mergeBatchShards(const std::vector<std::string>& shardCsvs, const std::string& outCsv) {
    if (shardCsvs.empty())
        throw Error(ErrorCode::Usage, "", "batch-merge needs the CSV of every shard");
    struct Shard {
        std::string path;
        BatchPlan plan;
        BatchCsvRows rows;
    };
    std::map<int, Shard> shards;
    for (const std::string& path : shardCsvs) {
        if (path == outCsv)
            throw Error(ErrorCode::Usage, path, "the merged file cannot also be a shard");
        Shard shard{path, BatchPlan::read(BatchPlan::pathFor(path)), BatchResultsFile::readRows(path)};
        const BatchPlan& first = shards.empty() ? shard.plan : shards.begin()->second.plan;
        BatchPlan expected = shard.plan;
        expected.shard = first.shard;
        expected.shardInputs = first.shardInputs;
        expected.shardDigest = first.shardDigest;
        if (const std::string difference = first.differenceFrom(expected); !difference.empty())
            throw Error(ErrorCode::BadInput, path,
                        "this shard's " + difference + " differs from " + shards.begin()->second.path + "'s");
        if (shard.plan.shard.count != first.shard.count)
            throw Error(ErrorCode::BadInput, path,
                        "this shard is one of " + std::to_string(shard.plan.shard.count) + ", " +
                            shards.begin()->second.path + " one of " + std::to_string(first.shard.count));
        if (shard.rows.cutShort)
            throw Error(ErrorCode::BadInput, path, "the last row is cut short: resume this shard first");
        if (shard.rows.keys.size() != shard.plan.shardInputs ||
            digestOfKeys(shard.rows.keys) != shard.plan.shardDigest)
            throw Error(ErrorCode::BadInput, path,
                        "shard " + shardName(shard.plan.shard.index, shard.plan.shard.count) + " holds " +
                            std::to_string(shard.rows.keys.size()) + " rows, not the " +
                            std::to_string(shard.plan.shardInputs) + " inputs of its plan: resume it first");
        const int index = shard.plan.shard.index;
        if (shards.count(index))
            throw Error(
                ErrorCode::BadInput, path,
                "shard " + shardName(index, shard.plan.shard.count) + " is also " + shards[index].path);
        shards.emplace(index, std::move(shard));
    }
    const BatchPlan& any = shards.begin()->second.plan;
    for (int index = 1; index <= any.shard.count; ++index) {
        if (!shards.count(index))
            throw Error(ErrorCode::BadInput, shards.begin()->second.path,
                        "shard " + shardName(index, any.shard.count) + " is missing");
    }

    std::vector<std::pair<const std::string*, const std::string*>> rows;  // key, line
    BatchMergeSummary summary;
    summary.shards = shards.size();
    for (const auto& [index, shard] : shards) {
        for (std::size_t i = 0; i < shard.rows.keys.size(); ++i)
            rows.emplace_back(&shard.rows.keys[i], &shard.rows.lines[i]);
        summary.errors += shard.rows.errors;
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    std::vector<std::string> keys;
    keys.reserve(rows.size());
    for (const auto& row : rows)
        keys.push_back(*row.first);
    if (rows.size() != any.totalInputs || digestOfKeys(std::move(keys)) != any.totalDigest)
        throw Error(ErrorCode::BadInput, shards.begin()->second.path,
                    "the shards do not add up to the run's " + std::to_string(any.totalInputs) + " inputs");
    summary.rows = rows.size();

    std::string text = batchCsvHeader() + '\n';
    for (const auto& row : rows)
        text += *row.second;
    BatchPlan merged = any;
    merged.shard = {1, 1};
    merged.shardInputs = any.totalInputs;
    merged.shardDigest = any.totalDigest;
    merged.version = kVersion;
    merged.write(BatchPlan::pathFor(outCsv));
    imaging::writeTextAtomically(outCsv, text);
    return summary;
}

}  // namespace boneage::assessment
