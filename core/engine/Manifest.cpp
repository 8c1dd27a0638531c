#include "engine/Manifest.h"

#include <sys/stat.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/Error.h"
#include "engine/Json.h"
#include "engine/Sha256.h"

namespace boneage::engine {

namespace {

constexpr int kFormatStretch = 1;
constexpr int kFormatHandCrop = 2;
constexpr std::size_t kMaxCropViews = 16;
constexpr double kMaxCropViewShift = 0.25;
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
    /// A number in [lo, hi].
    double number(const Json& o, const std::string& key, const std::string& path, double lo,
                  double hi) const {
        const double v = typed(o, key, path, [](const Json& j) { return j.asNumber(); });
        if (!(v >= lo && v <= hi))
            fail("field \"" + path + "\" is " + std::to_string(v) + ", expected " + std::to_string(lo) +
                 ".." + std::to_string(hi));
        return v;
    }
    const std::vector<Json>& array(const Json& o, const std::string& key, const std::string& path) const {
        const Json& value = member(o, key, path);
        if (!value.isArray())
            fail("field \"" + path + "\" is not an array");
        return value.asArray();
    }
    /// An array of numbers, each in [lo, hi].
    std::vector<double> numbers(const Json& o, const std::string& key, const std::string& path, double lo,
                                double hi) const {
        std::vector<double> out;
        for (const Json& item : array(o, key, path)) {
            if (!item.isNumber() || !(item.asNumber() >= lo && item.asNumber() <= hi))
                fail("field \"" + path + "\" holds a value that is not a number in " + std::to_string(lo) +
                     ".." + std::to_string(hi));
            out.push_back(item.asNumber());
        }
        return out;
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

/// "left", "left_ccw90", "left_180", "left_cw90", "right", "right_ccw90", "right_180", "right_cw90" (a right
/// hand is a left hand mirrored left to right; then turned anticlockwise by 90 degrees, 180 or clockwise by
/// 90), or "not_hand".
std::optional<Manifest::CheckClass> parseCheckClass(const std::string& name) {
    if (name == "not_hand")
        return Manifest::CheckClass{false, false, 0};
    static const char* const turns[] = {"", "_ccw90", "_180", "_cw90"};
    for (int mirrored = 0; mirrored < 2; ++mirrored) {
        for (int q = 0; q < 4; ++q) {
            if (name == std::string(mirrored ? "right" : "left") + turns[q])
                return Manifest::CheckClass{true, mirrored == 1, q};
        }
    }
    return std::nullopt;
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
    if (m.format != kFormatStretch && m.format != kFormatHandCrop)
        f.fail("unsupported manifest format " + std::to_string(m.format) + ", expected " +
               std::to_string(kFormatStretch) + " or " + std::to_string(kFormatHandCrop));
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
    if (m.format == kFormatHandCrop && m.input.resize == "hand_crop") {
        if (m.input.height != m.input.width)
            f.fail("a hand_crop input must be square, not " + std::to_string(m.input.height) + " x " +
                   std::to_string(m.input.width));
        const Json& crop = f.object(input, "hand_crop", "input.hand_crop");
        HandCrop hc;
        hc.maskLongSide = f.dimension(crop, "mask_long_side", "input.hand_crop.mask_long_side", 4096);
        hc.margin = f.number(crop, "margin", "input.hand_crop.margin", 0.0, 1.0);
        hc.borderTolerance = f.number(crop, "border_tolerance", "input.hand_crop.border_tolerance", 0.0, 1.0);
        hc.minHandFraction =
            f.number(crop, "min_hand_fraction", "input.hand_crop.min_hand_fraction", 0.0, 1.0);
        if (crop.find("views")) {
            const std::vector<Json>& views = f.array(crop, "views", "input.hand_crop.views");
            if (views.empty() || views.size() > kMaxCropViews)
                f.fail("field \"input.hand_crop.views\" needs 1 to " + std::to_string(kMaxCropViews) +
                       " views");
            hc.views.clear();
            for (const Json& view : views) {
                const bool triple =
                    view.isArray() && view.asArray().size() == 3 &&
                    std::all_of(view.asArray().begin(), view.asArray().end(), [](const Json& v) {
                        return v.isNumber() && std::fabs(v.asNumber()) <= kMaxCropViewShift;
                    });
                if (!triple)
                    f.fail(
                        "field \"input.hand_crop.views\" holds a view that is not [dy, dx, ds], each within "
                        "+-" +
                        std::to_string(kMaxCropViewShift));
                const std::vector<Json>& v = view.asArray();
                hc.views.push_back({v[0].asNumber(), v[1].asNumber(), v[2].asNumber()});
            }
            const HandCrop::View& first = hc.views.front();
            if (first.dy != 0 || first.dx != 0 || first.ds != 0)
                f.fail("field \"input.hand_crop.views\" must start with the hand's own square [0, 0, 0]");
        }
        m.input.handCrop = hc;
    } else if (m.format == kFormatHandCrop && m.input.resize != "stretch") {
        f.fail("field \"input.resize\" is \"" + m.input.resize + "\", expected \"stretch\" or \"hand_crop\"");
    } else {
        f.expect(m.input.resize, "stretch", "input.resize");
    }
    f.expect(m.input.interpolation, "bilinear_antialias", "input.interpolation");
    f.expect(m.input.normalisation, "per_image_standardise", "input.normalisation");
    if (m.format == kFormatStretch) {
        for (const char* key : {"input_check", "interval"}) {
            if (root.find(key))
                f.fail(std::string("field \"") + key + "\" needs manifest format 2");
        }
    }

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
    const auto hashOf = [&](const std::string& file, const std::string& path) {
        if (!plainFileName(file))
            f.fail("field \"" + path + "\" is not a plain file name: \"" + file + "\"");
        std::string hex = f.string(hashes, file, "sha256." + file);
        for (char& c : hex)
            if (c >= 'A' && c <= 'F')
                c = char(c - 'A' + 'a');
        if (!isLowerHex64(hex))
            f.fail("field \"sha256." + file + "\" is not a 64-digit hex SHA-256");
        m.sha256[file] = hex;
    };
    for (const auto& [role, file] : m.files)
        hashOf(file, "files." + role);
    if (const Json* check = root.find("input_check")) {
        if (!check->isObject())
            f.fail("field \"input_check\" is not an object");
        InputCheck ic;
        ic.file = f.string(*check, "file", "input_check.file");
        for (const auto& entry : m.files) {
            if (entry.second == ic.file)
                f.fail("field \"input_check.file\" names a bone-age model file");
        }
        hashOf(ic.file, "input_check.file");
        ic.size = f.dimension(*check, "size", "input_check.size", kMaxInputSide);
        ic.rejectBelow = f.number(*check, "reject_below", "input_check.reject_below", 0.0, 1.0);
        if (check->find("turn_above"))
            ic.turnAbove = f.number(*check, "turn_above", "input_check.turn_above", 0.0, 1.0);
        bool notHand = false;
        std::vector<std::string> seen;
        for (const Json& item : f.array(*check, "classes", "input_check.classes")) {
            if (!item.isString())
                f.fail("field \"input_check.classes\" holds a value that is not a string");
            const std::string& name = item.asString();
            const auto known = parseCheckClass(name);
            if (!known)
                f.fail("field \"input_check.classes\" holds an unknown class \"" + name + "\"");
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
                f.fail("field \"input_check.classes\" names \"" + name + "\" twice");
            seen.push_back(name);
            notHand = notHand || !known->hand;
            ic.classes.push_back(*known);
        }
        if (!notHand || ic.classes.size() < 2)
            f.fail("field \"input_check.classes\" needs \"not_hand\" and at least one hand class");
        m.inputCheck = ic;
    }
    if (const Json* interval = root.find("interval")) {
        if (!interval->isObject())
            f.fail("field \"interval\" is not an object");
        Interval iv;
        iv.coverage = f.number(*interval, "coverage", "interval.coverage", 0.0, 1.0);
        iv.knotsMonths = f.numbers(*interval, "knots_months", "interval.knots_months", 0.0, 1200.0);
        iv.halfWidthMonths =
            f.numbers(*interval, "half_width_months", "interval.half_width_months", 0.0, 1200.0);
        if (iv.knotsMonths.empty() || iv.knotsMonths.size() != iv.halfWidthMonths.size())
            f.fail(
                "fields \"interval.knots_months\" and \"interval.half_width_months\" must be non-empty and "
                "of one length");
        for (std::size_t i = 1; i < iv.knotsMonths.size(); ++i) {
            if (!(iv.knotsMonths[i] > iv.knotsMonths[i - 1]))
                f.fail("field \"interval.knots_months\" is not increasing");
        }
        m.interval = iv;
    }
    return m;
}

void Manifest::verifyFiles() const {
    for (const auto& entry : sha256)
        verifyFile(entry.first);
}

void Manifest::verifyFile(const std::string& file) const {
    const auto listed = sha256.find(file);
    const std::string path = pathOf(file);
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

double Manifest::Interval::halfWidthAt(double months) const {
    if (knotsMonths.empty())
        return 0;
    if (months <= knotsMonths.front())
        return halfWidthMonths.front();
    for (std::size_t i = 1; i < knotsMonths.size(); ++i) {
        if (months <= knotsMonths[i]) {
            const double t = (months - knotsMonths[i - 1]) / (knotsMonths[i] - knotsMonths[i - 1]);
            return halfWidthMonths[i - 1] + t * (halfWidthMonths[i] - halfWidthMonths[i - 1]);
        }
    }
    return halfWidthMonths.back();
}

std::string Manifest::filePath(const std::string& role) const {
    auto it = files.find(role);
    return it == files.end() ? std::string() : pathOf(it->second);
}

std::string Manifest::pathOf(const std::string& file) const {
    return joinPath(packageDir, file);
}

}  // namespace boneage::engine
