#include "assessment/BatchPlan.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "engine/Json.h"
#include "imaging/AtomicFile.h"

namespace boneage::assessment {

namespace {

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(c));
            out += escape;
        } else {
            out += c;
        }
    }
    return out + '"';
}

}  // namespace

std::string BatchPlan::pathFor(const std::string& csvPath) {
    return csvPath + ".plan.json";
}

BatchPlan BatchPlan::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::BadInput, path, "the batch plan is missing or unreadable");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const engine::Json json = engine::Json::parse(text.str());
        const auto member = [&](const char* key) -> const engine::Json& {
            const engine::Json* value = json.find(key);
            if (!value)
                throw engine::Json::ParseError(std::string("no \"") + key + "\"");
            return *value;
        };
        if (member("format").asInteger() != 1)
            throw engine::Json::ParseError("unknown format");
        BatchPlan plan;
        const engine::Json& shard = member("shard");
        const engine::Json* index = shard.find("index");
        const engine::Json* count = shard.find("count");
        if (!index || !count)
            throw engine::Json::ParseError("no shard index and count");
        plan.shard = {int(index->asInteger()), int(count->asInteger())};
        plan.totalInputs = std::size_t(member("total_inputs").asInteger());
        plan.totalDigest = member("total_sha256").asString();
        plan.shardInputs = std::size_t(member("shard_inputs").asInteger());
        plan.shardDigest = member("shard_sha256").asString();
        const engine::Json& model = member("model");
        for (auto [key, field] :
             {std::pair{"name", &plan.modelName}, std::pair{"version", &plan.modelVersion},
              std::pair{"sha256", &plan.modelSha256}}) {
            const engine::Json* value = model.find(key);
            if (!value)
                throw engine::Json::ParseError(std::string("no model ") + key);
            *field = value->asString();
        }
        plan.sexOverride = member("sex").asString();
        plan.gradcam = member("gradcam").asBool();
        plan.version = member("boneage_version").asString();
        return plan;
    } catch (const engine::Json::ParseError& e) {
        throw Error(ErrorCode::BadInput, path, std::string("not a batch plan: ") + e.what());
    }
}

void BatchPlan::write(const std::string& path) const {
    std::ostringstream json;
    json << "{\n  \"format\": 1,\n  \"boneage_version\": " << quoted(version)
         << ",\n  \"shard\": {\"index\": " << shard.index << ", \"count\": " << shard.count
         << "},\n  \"total_inputs\": " << totalInputs << ",\n  \"total_sha256\": " << quoted(totalDigest)
         << ",\n  \"shard_inputs\": " << shardInputs << ",\n  \"shard_sha256\": " << quoted(shardDigest)
         << ",\n  \"model\": {\"name\": " << quoted(modelName) << ", \"version\": " << quoted(modelVersion)
         << ", \"sha256\": " << quoted(modelSha256) << "},\n  \"sex\": " << quoted(sexOverride)
         << ",\n  \"gradcam\": " << (gradcam ? "true" : "false") << "\n}\n";
    const std::string text = json.str();
    imaging::writeTextAtomically(path, text);
}

std::string BatchPlan::differenceFrom(const BatchPlan& other) const {
    if (shard.index != other.shard.index || shard.count != other.shard.count)
        return "shard";
    if (totalInputs != other.totalInputs || totalDigest != other.totalDigest ||
        shardInputs != other.shardInputs || shardDigest != other.shardDigest)
        return "input list";
    if (modelSha256 != other.modelSha256)
        return "model";
    if (sexOverride != other.sexOverride)
        return "--sex option";
    if (gradcam != other.gradcam)
        return "--gradcam-dir option";
    return {};
}

}  // namespace boneage::assessment
