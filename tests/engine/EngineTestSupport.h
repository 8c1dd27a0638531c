#pragma once
// Helpers shared by the engine tests: the fixture's paths (written by models/make_test_models.py through the
// "random_models" ctest fixture) and readers for its raw float32 + JSON files.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "Check.h"
#include "common/Error.h"
#include "engine/EngineTypes.h"
#include "engine/Json.h"

namespace boneage::test {

inline std::string modelsDir() {
    return BONEAGE_TEST_MODELS_DIR;
}
inline std::string packagePath(const std::string& name) {
    return modelsDir() + "/" + name;
}
inline std::string referencePath(const std::string& name) {
    return modelsDir() + "/reference/" + name;
}

inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Failure{"cannot read " + path};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline engine::Json readJson(const std::string& path) {
    return engine::Json::parse(readText(path));
}

inline std::vector<float> readFloats(const std::string& path) {
    const std::string bytes = readText(path);
    if (bytes.size() % 4 != 0)
        throw Failure{path + ": size is not a multiple of 4"};
    std::vector<float> values(bytes.size() / 4);
    for (size_t i = 0; i < values.size(); ++i) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + 4 * i);
        const std::uint32_t bits = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                   std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
        static_assert(sizeof(float) == 4, "float32");
        std::memcpy(&values[i], &bits, 4);
    }
    return values;
}

/// A film written by models/reference.py: <base>.json {"width", "height"} + <base>.f32.
inline engine::Image readFilm(const std::string& base) {
    const engine::Json meta = readJson(base + ".json");
    engine::Image image;
    image.width = int(meta.find("width")->asInteger());
    image.height = int(meta.find("height")->asInteger());
    image.pixels = readFloats(base + ".f32");
    CHECK(image.pixels.size() == size_t(image.width) * size_t(image.height));
    return image;
}

inline double maxAbsDifference(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size())
        throw Failure{"size " + std::to_string(a.size()) + " vs " + std::to_string(b.size())};
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
    return worst;
}

/// Runs expr and checks it throws boneage::Error with `code` whose message contains `needle`.
#define CHECK_ERROR(expr, errorCode, needle)                                                               \
    do {                                                                                                   \
        bool caught_ = false;                                                                              \
        try {                                                                                              \
            (void)(expr);                                                                                  \
        } catch (const ::boneage::Error& e_) {                                                             \
            caught_ = true;                                                                                \
            std::printf("  expected error: %s\n", e_.what());                                              \
            if (e_.code() != (errorCode))                                                                  \
                throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) +    \
                                               ": wrong error code for: " + e_.what()};                    \
            if (std::string(e_.what()).find(needle) == std::string::npos)                                  \
                throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) +    \
                                               ": message lacks \"" + std::string(needle) +                \
                                               "\": " + e_.what()};                                        \
        }                                                                                                  \
        if (!caught_)                                                                                      \
            throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                                           #expr " did not throw boneage::Error"};                         \
    } while (0)

}  // namespace boneage::test
