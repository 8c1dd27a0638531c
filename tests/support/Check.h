#pragma once
// A minimal test harness for the Qt-free modules (engine, clinical, phantom), whose tests must also build in
// the engine-only configuration where Qt Test is absent. Each test executable is still one ctest.
//
//   BONEAGE_TEST(name) { CHECK(cond); CHECK_EQ(a, b); CHECK_NEAR(a, b, tol); CHECK_FUZZY(a, b);
//                        CHECK_THROWS(expr); }
//   int main() { return boneage::test::runAll(); }
//
// Data-driven tests loop over rows named after the expectation, as Qt Test's _data rows are:
//   for (const auto& row : rows) { BONEAGE_ROW(row.name); CHECK_EQ(f(row.input), row.expected); }
// and a failure names its row.
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
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

/// The data row being checked ("" outside one); failures start with it.
inline std::string& currentRow() {
    static std::string row;
    return row;
}

struct RowScope {
    explicit RowScope(std::string name) : previous(std::exchange(currentRow(), std::move(name))) {}
    ~RowScope() { currentRow() = previous; }
    RowScope(const RowScope&) = delete;
    RowScope& operator=(const RowScope&) = delete;
    std::string previous;
};

inline std::string where(const char* file, int line) {
    std::string text = std::string(file) + ":" + std::to_string(line) + ": ";
    return currentRow().empty() ? text : "[" + currentRow() + "] " + text;
}

template <typename T, typename = void>
struct Streamable : std::false_type {};
template <typename T>
struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

/// A value as text for a failure message: streamed when it can be, enums as their number.
template <typename T>
std::string describe(const T& value) {
    std::ostringstream out;
    out.precision(17);
    if constexpr (std::is_enum_v<T>)
        out << static_cast<long long>(value);
    else if constexpr (Streamable<T>::value)
        out << value;
    else
        out << "(a value)";
    return out.str();
}

/// Qt Test's QCOMPARE of floating point: equal, or equal to about 12 significant digits.
inline bool fuzzyEqual(double a, double b) {
    return a == b || std::fabs(a - b) * 1e12 <= std::fmin(std::fabs(a), std::fabs(b));
}

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

#define BONEAGE_ROW(name) ::boneage::test::RowScope BONEAGE_TEST_CAT(row_scope_, __LINE__)(name)

#define CHECK(cond)                                                                             \
    do {                                                                                        \
        if (!(cond))                                                                            \
            throw ::boneage::test::Failure{::boneage::test::where(__FILE__, __LINE__) + #cond}; \
    } while (0)

#define CHECK_EQ(a, b)                                                                               \
    do {                                                                                             \
        const auto& va_ = (a);                                                                       \
        const auto& vb_ = (b);                                                                       \
        if (!(va_ == vb_))                                                                           \
            throw ::boneage::test::Failure{::boneage::test::where(__FILE__, __LINE__) + #a " = " +   \
                                           ::boneage::test::describe(va_) + ", expected " #b " = " + \
                                           ::boneage::test::describe(vb_)};                          \
    } while (0)

#define CHECK_FUZZY(a, b)                                                                            \
    do {                                                                                             \
        const double va_ = (a), vb_ = (b);                                                           \
        if (!::boneage::test::fuzzyEqual(va_, vb_))                                                  \
            throw ::boneage::test::Failure{::boneage::test::where(__FILE__, __LINE__) + #a " = " +   \
                                           ::boneage::test::describe(va_) + ", expected " #b " = " + \
                                           ::boneage::test::describe(vb_)};                          \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                          \
    do {                                                                                               \
        const double va_ = (a), vb_ = (b);                                                             \
        if (!(std::fabs(va_ - vb_) <= (tol)))                                                          \
            throw ::boneage::test::Failure{::boneage::test::where(__FILE__, __LINE__) + #a " = " +     \
                                           std::to_string(va_) + ", " #b " = " + std::to_string(vb_) + \
                                           ", tolerance " + std::to_string(tol)};                      \
    } while (0)

#define CHECK_THROWS(expr)                                                                    \
    do {                                                                                      \
        bool threw_ = false;                                                                  \
        try {                                                                                 \
            (void)(expr);                                                                     \
        } catch (...) {                                                                       \
            threw_ = true;                                                                    \
        }                                                                                     \
        if (!threw_)                                                                          \
            throw ::boneage::test::Failure{::boneage::test::where(__FILE__, __LINE__) + #expr \
                                           " did not throw"};                                 \
    } while (0)
