// boneage::engine::Json: the manifest parser. Malformed documents are errors, never crashes.
#include "Check.h"
#include "engine/Json.h"

using boneage::engine::Json;

BONEAGE_TEST(parse_ManifestLikeDocument_ShouldExposeTypedMembers) {
    const Json j = Json::parse(R"({"format": 1, "name": "x\u00e9\n", "input": {"height": 299},
        "research_only": true, "none": null, "scale": -1.5e2, "list": [1, "a", []]})");
    CHECK(j.isObject());
    CHECK(j.find("format")->asInteger() == 1);
    CHECK(j.find("name")->asString() == "x\xc3\xa9\n");
    CHECK(j.find("input")->find("height")->asInteger() == 299);
    CHECK(j.find("research_only")->asBool());
    CHECK(j.find("none")->isNull());
    CHECK_NEAR(j.find("scale")->asNumber(), -150.0, 0.0);
    CHECK(j.find("list")->asArray().size() == 3);
    CHECK(j.find("absent") == nullptr);
}

BONEAGE_TEST(parse_SurrogatePair_ShouldDecodeToUtf8) {
    CHECK(Json::parse(R"("\ud83d\ude00")").asString() == "\xf0\x9f\x98\x80");
}

BONEAGE_TEST(parse_MalformedDocuments_ShouldThrowParseError) {
    const char* bad[] = {"",
                         "{",
                         "{\"a\" 1}",
                         "{\"a\":1,}",
                         "[1,]",
                         "01",
                         "1.",
                         "-",
                         "tru",
                         "\"abc",
                         "\"\\x\"",
                         "{} {}",
                         "{\"a\":1, \"a\":2}",
                         "\"\\ud800\"",
                         "1e999",
                         "\"tab\there\"",
                         "nul"};
    for (const char* text : bad) {
        bool threw = false;
        try {
            Json::parse(text);
        } catch (const Json::ParseError&) {
            threw = true;
        }
        if (!threw)
            throw boneage::test::Failure{std::string("accepted: ") + text};
    }
}

BONEAGE_TEST(parse_DeepNesting_ShouldThrowNotOverflowTheStack) {
    CHECK_THROWS(Json::parse(std::string(100000, '[')));
}

BONEAGE_TEST(typedAccess_WrongType_ShouldThrow) {
    const Json j = Json::parse(R"({"n": 1.5, "s": "x"})");
    CHECK_THROWS(j.find("n")->asInteger());
    CHECK_THROWS(j.find("n")->asString());
    CHECK_THROWS(j.find("s")->asNumber());
    CHECK_THROWS(j.asArray());
}

int main() {
    return boneage::test::runAll();
}
