#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace boneage::engine {

/// A parsed JSON document value (RFC 8259). Small and standard-library only: enough for model manifests
/// and test sidecars. Objects keep their keys sorted; duplicate keys are a parse error.
class Json {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    /// Thrown by parse() and the typed accessors; the message says what and, for parse errors, where.
    class ParseError : public std::runtime_error {
    public:
        using std::runtime_error::runtime_error;
    };

    Json() = default;

    /// Parses a whole document (trailing garbage, nesting deeper than 256, bad escapes are errors).
    static Json parse(std::string_view text);

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    /// Typed access; throw ParseError when the type differs.
    bool asBool() const;
    double asNumber() const;
    /// The number as an integer; throws when it is not integral or does not fit.
    std::int64_t asInteger() const;
    const std::string& asString() const;
    const std::vector<Json>& asArray() const;
    const std::map<std::string, Json>& asObject() const;

    /// Object member or nullptr when absent (or when this is not an object).
    const Json* find(const std::string& key) const;

private:
    friend class JsonParser;
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    std::string m_string;
    std::vector<Json> m_array;
    std::map<std::string, Json> m_object;
};

}  // namespace boneage::engine
