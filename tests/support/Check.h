#pragma once
// A minimal test harness for the Qt-free modules (engine, phantom), whose tests must also build in the
// engine-only configuration where Qt Test is absent. Each test executable is still one ctest.
//
//   BONEAGE_TEST(name) { CHECK(cond); CHECK_NEAR(a, b, tol); CHECK_THROWS(expr); }
//   int main() { return boneage::test::runAll(); }
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace boneage::test {

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

struct Failure {
    std::string message;
};

struct Registrar {
    Registrar(const char* name, std::function<void()> body) { registry().push_back({name, std::move(body)}); }
};

inline int runAll() {
    int failed = 0;
    for (const Case& c : registry()) {
        try {
            c.body();
            std::printf("PASS   : %s\n", c.name);
        } catch (const Failure& f) {
            ++failed;
            std::printf("FAIL!  : %s: %s\n", c.name, f.message.c_str());
        } catch (const std::exception& e) {
            ++failed;
            std::printf("FAIL!  : %s: unexpected exception: %s\n", c.name, e.what());
        }
    }
    std::printf("Totals: %d passed, %d failed\n", int(registry().size()) - failed, failed);
    return failed == 0 ? 0 : 1;
}

}  // namespace boneage::test

#define BONEAGE_TEST_CAT2(a, b) a##b
#define BONEAGE_TEST_CAT(a, b) BONEAGE_TEST_CAT2(a, b)
#define BONEAGE_TEST(name)                                                              \
    static void name();                                                                 \
    static ::boneage::test::Registrar BONEAGE_TEST_CAT(registrar_, name)(#name, &name); \
    static void name()

#define CHECK(cond)                                                                                        \
    do {                                                                                                   \
        if (!(cond))                                                                                       \
            throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                                           #cond};                                                         \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                              \
    do {                                                                                                   \
        const double va_ = (a), vb_ = (b);                                                                 \
        if (!(std::fabs(va_ - vb_) <= (tol)))                                                              \
            throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                                           #a " = " + std::to_string(va_) + ", " #b " = " +                \
                                           std::to_string(vb_) + ", tolerance " + std::to_string(tol)};    \
    } while (0)

#define CHECK_THROWS(expr)                                                                                 \
    do {                                                                                                   \
        bool threw_ = false;                                                                               \
        try {                                                                                              \
            (void)(expr);                                                                                  \
        } catch (...) {                                                                                    \
            threw_ = true;                                                                                 \
        }                                                                                                  \
        if (!threw_)                                                                                       \
            throw ::boneage::test::Failure{std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + \
                                           #expr " did not throw"};                                        \
    } while (0)
