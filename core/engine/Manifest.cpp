#include "engine/Manifest.h"

#include <sys/stat.h>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "engine/Json.h"
#include "engine/Sha256.h"

namespace boneage::engine {

namespace {

constexpr int kFormat = 1;
constexpr int kMaxInputSide = 8192;

std::string joinPath(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/')
        return dir + name;
    return dir + "/" + name;
}

bool isRegularFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// Field access that turns every problem into Error(Model, <manifest>, "<field>: <what>").
class Fields {
public:
    Fields(const Json& root, std::string file) : m_root(root), m_file(std::move(file)) {}

    const Json& member(const Json& object, const std::string& key, const std::string& path) const {
        const Json* value = object.find(key);
        if (!value)
            fail("missing field \"" + path + "\"");
        return *value;
    }

    template <typename Getter>
    auto typed(const Json& object, const std::string& key, const std::string& path, Getter get) const {
        const Json& value = member(object, key, path);
        try {
            return get(value);
        } catch (const Json::ParseError& e) {
            fail("field \"" + path + "\": " + e.what());
        }
    }

    std::string string(const Json& o, const std::string& key, const std::string& path) const {
        return typed(o, key, path, [](const Json& v) { return v.asString(); });
    }
    long long integer(const Json& o, const std::string& key, const std::string& path) const {
        return typed(o, key, path, [](const Json& v) { return static_cast<long long>(v.asInteger()); });
    }
    bool boolean(const Json& o, const std::string& key, const std::string& path) const {
        return typed(o, key, path, [](const Json& v) { return v.asBool(); });
    }
    const Json& object(const Json& o, const std::string& key, const std::string& path) const {
        const Json& value = member(o, key, path);
        if (!value.isObject())
            fail("field \"" + path + "\" is not an object");
        return value;
    }
    int dimension(const Json& o, const std::string& key, const std::string& path, int maximum) const {
        const long long v = integer(o, key, path);
        if (v < 1 || v > maximum)
            fail("field \"" + path + "\" is " + std::to_string(v) + ", expected 1.." +
                 std::to_string(maximum));
        return int(v);
    }
    void expect(const std::string& actual, const std::string& wanted, const std::string& path) const {
        if (actual != wanted)
            fail("field \"" + path + "\" is \"" + actual + "\", expected \"" + wanted + "\"");
    }

    [[noreturn]] void fail(const std::string& cause) const { throw Error(ErrorCode::Model, m_file, cause); }

    const Json& root() const { return m_root; }

private:
    const Json& m_root;
    std::string m_file;
};

bool plainFileName(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\\') == std::string::npos && name.find('\0') == std::string::npos;
}

bool isLowerHex64(const std::string& s) {
    if (s.size() != 64)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

}  // namespace

Manifest Manifest::load(const std::string& packageDir) {
    Manifest m;
    m.packageDir = packageDir;
    m.manifestPath = joinPath(packageDir, "manifest.json");
    if (!isRegularFile(m.manifestPath))
        throw Error(ErrorCode::Model, m.manifestPath, "missing manifest");
    std::ifstream in(m.manifestPath, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in && !in.eof())
        throw Error(ErrorCode::Model, m.manifestPath, "unreadable manifest");
    const std::string text = buffer.str();
    if (text.size() > (1u << 20))
        throw Error(ErrorCode::Model, m.manifestPath, "manifest larger than 1 MiB");
    m.manifestSha256 = Sha256::ofBytes(text.data(), text.size());

    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::ParseError& e) {
        throw Error(ErrorCode::Model, m.manifestPath, std::string("invalid JSON: ") + e.what());
    }
    if (!root.isObject())
        throw Error(ErrorCode::Model, m.manifestPath, "the manifest is not a JSON object");
    const Fields f(root, m.manifestPath);

    m.format = int(f.integer(root, "format", "format"));
    if (m.format != kFormat)
        f.fail("unsupported manifest format " + std::to_string(m.format) + ", expected " +
               std::to_string(kFormat));
    m.name = f.string(root, "name", "name");
    m.version = f.string(root, "version", "version");
    m.architecture = f.string(root, "architecture", "architecture");
    m.parameterCount = f.integer(root, "parameter_count", "parameter_count");
    m.trainingData = f.string(root, "training_data", "training_data");
    m.intendedUse = f.string(root, "intended_use", "intended_use");
    m.researchOnly = f.boolean(root, "research_only", "research_only");
    m.outputUnits = f.string(root, "output_units", "output_units");
    f.expect(m.outputUnits, "months", "output_units");

    const Json& input = f.object(root, "input", "input");
    m.input.height = f.dimension(input, "height", "input.height", kMaxInputSide);
    m.input.width = f.dimension(input, "width", "input.width", kMaxInputSide);
    m.input.channels = f.dimension(input, "channels", "input.channels", 16);
    m.input.resize = f.string(input, "resize", "input.resize");
    m.input.interpolation = f.string(input, "interpolation", "input.interpolation");
    m.input.normalisation = f.string(input, "normalisation", "input.normalisation");
    f.expect(m.input.resize, "stretch", "input.resize");
    f.expect(m.input.interpolation, "bilinear_antialias", "input.interpolation");
    f.expect(m.input.normalisation, "per_image_standardise", "input.normalisation");

    if (const Json* fm = root.find("feature_map")) {
        if (!fm->isObject())
            f.fail("field \"feature_map\" is not an object");
        FeatureMap map;
        map.channels = f.dimension(*fm, "channels", "feature_map.channels", 1 << 16);
        map.height = f.dimension(*fm, "height", "feature_map.height", kMaxInputSide);
        map.width = f.dimension(*fm, "width", "feature_map.width", kMaxInputSide);
        m.featureMap = map;
    }

    m.sexHandling = f.string(root, "sex_handling", "sex_handling");
    const Json& files = f.object(root, "files", "files");
    if (m.sexHandling == "separate") {
        m.files["male"] = f.string(files, "male", "files.male");
        m.files["female"] = f.string(files, "female", "files.female");
    } else if (m.sexHandling == "input") {
        m.files["model"] = f.string(files, "model", "files.model");
    } else {
        f.fail("field \"sex_handling\" is \"" + m.sexHandling + "\", expected \"separate\" or \"input\"");
    }

    const Json& hashes = f.object(root, "sha256", "sha256");
    for (const auto& [role, file] : m.files) {
        if (!plainFileName(file))
            f.fail("field \"files." + role + "\" is not a plain file name: \"" + file + "\"");
        std::string hex = f.string(hashes, file, "sha256." + file);
        for (char& c : hex)
            if (c >= 'A' && c <= 'F')
                c = char(c - 'A' + 'a');
        if (!isLowerHex64(hex))
            f.fail("field \"sha256." + file + "\" is not a 64-digit hex SHA-256");
        m.sha256[file] = hex;
    }
    return m;
}

void Manifest::verifyFiles() const {
    for (const auto& entry : sha256)
        verifyFile(entry.first);
}

void Manifest::verifyFile(const std::string& file) const {
    const auto listed = sha256.find(file);
    const std::string path = joinPath(packageDir, file);
    if (listed == sha256.end())
        throw Error(ErrorCode::Model, path, "the manifest lists no sha256 for this file");
    if (!isRegularFile(path))
        throw Error(ErrorCode::Model, path, "missing model file listed in the manifest");
    std::string actual;
    try {
        actual = Sha256::ofFile(path);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Model, path, std::string("unreadable model file: ") + e.what());
    }
    if (actual != listed->second)
        throw Error(ErrorCode::Model, path,
                    "sha256 mismatch: the manifest says " + listed->second + ", the file has " + actual);
}

std::string Manifest::filePath(const std::string& role) const {
    auto it = files.find(role);
    return it == files.end() ? std::string() : joinPath(packageDir, it->second);
}

}  // namespace boneage::engine
