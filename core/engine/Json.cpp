#include "engine/Json.h"

#include <cmath>
#include <locale>
#include <sstream>

namespace boneage::engine {

namespace {
constexpr int kMaxDepth = 256;

const char* typeName(Json::Type t) {
    switch (t) {
        case Json::Type::Null:
            return "null";
        case Json::Type::Bool:
            return "a boolean";
        case Json::Type::Number:
            return "a number";
        case Json::Type::String:
            return "a string";
        case Json::Type::Array:
            return "an array";
        case Json::Type::Object:
            return "an object";
    }
    return "unknown";
}
}  // namespace

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : m_text(text) {}

    Json document() {
        Json value = parseValue(0);
        skipSpace();
        if (m_pos != m_text.size())
            fail("unexpected trailing characters");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Json::ParseError(what + " at byte " + std::to_string(m_pos));
    }

    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }

    void expectWord(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word)
            fail("invalid literal");
        m_pos += word.size();
    }

    Json parseValue(int depth) {
        if (depth > kMaxDepth)
            fail("nesting too deep");
        skipSpace();
        if (m_pos >= m_text.size())
            fail("unexpected end of input");
        Json v;
        switch (peek()) {
            case '{':
                return parseObject(depth);
            case '[':
                return parseArray(depth);
            case '"':
                v.m_type = Json::Type::String;
                v.m_string = parseString();
                return v;
            case 't':
                expectWord("true");
                v.m_type = Json::Type::Bool;
                v.m_bool = true;
                return v;
            case 'f':
                expectWord("false");
                v.m_type = Json::Type::Bool;
                return v;
            case 'n':
                expectWord("null");
                return v;
            default:
                return parseNumber();
        }
    }

    Json parseObject(int depth) {
        Json v;
        v.m_type = Json::Type::Object;
        ++m_pos;  // '{'
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return v;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                fail("expected a string key");
            std::string key = parseString();
            skipSpace();
            if (peek() != ':')
                fail("expected ':'");
            ++m_pos;
            Json member = parseValue(depth + 1);
            if (!v.m_object.emplace(std::move(key), std::move(member)).second)
                fail("duplicate key");
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return v;
            }
            fail("expected ',' or '}'");
        }
    }

    Json parseArray(int depth) {
        Json v;
        v.m_type = Json::Type::Array;
        ++m_pos;  // '['
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return v;
        }
        for (;;) {
            v.m_array.push_back(parseValue(depth + 1));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return v;
            }
            fail("expected ',' or ']'");
        }
    }

    unsigned hex4() {
        if (m_pos + 4 > m_text.size())
            fail("truncated \\u escape");
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= unsigned(c - 'A' + 10);
            else
                fail("invalid \\u escape");
        }
        return value;
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string parseString() {
        ++m_pos;  // opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size())
                fail("unterminated string");
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                fail("unterminated string");
            const char e = m_text[m_pos++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00) {
                        if (m_text.substr(m_pos, 2) != "\\u")
                            fail("unpaired surrogate");
                        m_pos += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail("unpaired surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("unpaired surrogate");
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default:
                    fail("invalid escape");
            }
        }
    }

    Json parseNumber() {
        const size_t start = m_pos;
        if (peek() == '-')
            ++m_pos;
        auto digits = [&] {
            const size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
        if (peek() == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            fail("invalid value");
        }
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0)
                fail("invalid number");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                fail("invalid number");
        }
        const std::string token(m_text.substr(start, m_pos - start));
        Json v;
        v.m_type = Json::Type::Number;
        // A classic-locale stream, not strtod: Qt applications set LC_NUMERIC from the environment.
        std::istringstream stream(token);
        stream.imbue(std::locale::classic());
        stream >> v.m_number;
        if (stream.fail() || !std::isfinite(v.m_number))
            fail("number out of range");
        return v;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

Json Json::parse(std::string_view text) {
    return JsonParser(text).document();
}

bool Json::asBool() const {
    if (m_type != Type::Bool)
        throw ParseError(std::string("expected a boolean, found ") + typeName(m_type));
    return m_bool;
}

double Json::asNumber() const {
    if (m_type != Type::Number)
        throw ParseError(std::string("expected a number, found ") + typeName(m_type));
    return m_number;
}

std::int64_t Json::asInteger() const {
    const double n = asNumber();
    if (std::floor(n) != n || std::fabs(n) > 9007199254740992.0)
        throw ParseError("expected an integer");
    return static_cast<std::int64_t>(n);
}

const std::string& Json::asString() const {
    if (m_type != Type::String)
        throw ParseError(std::string("expected a string, found ") + typeName(m_type));
    return m_string;
}

const std::vector<Json>& Json::asArray() const {
    if (m_type != Type::Array)
        throw ParseError(std::string("expected an array, found ") + typeName(m_type));
    return m_array;
}

const std::map<std::string, Json>& Json::asObject() const {
    if (m_type != Type::Object)
        throw ParseError(std::string("expected an object, found ") + typeName(m_type));
    return m_object;
}

const Json* Json::find(const std::string& key) const {
    if (m_type != Type::Object)
        return nullptr;
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &it->second;
}

}  // namespace boneage::engine
