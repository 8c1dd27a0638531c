// boneage::engine::Sha256 against FIPS 180-4 / NIST vectors, every split of the input, and a file.
#include <cstdio>
#include <fstream>
#include <string>

#include "Check.h"
#include "engine/Sha256.h"

using boneage::engine::Sha256;

BONEAGE_TEST(ofBytes_NistVectors_ShouldMatch) {
    std::printf("  hardware SHA-NI path: %s\n", Sha256::hardwareAccelerated() ? "yes" : "no");
    CHECK(Sha256::ofBytes("", 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Sha256::ofBytes("abc", 3) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(Sha256::ofBytes(two.data(), two.size()) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    CHECK(Sha256::ofBytes(million.data(), million.size()) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BONEAGE_TEST(update_AnySplit_ShouldEqualOneShot) {
    std::string data;
    for (int i = 0; i < 300; ++i)
        data += char(i * 7 + 3);
    const std::string whole = Sha256::ofBytes(data.data(), data.size());
    for (size_t split = 0; split <= data.size(); ++split) {
        Sha256 h;
        h.update(data.data(), split);
        h.update(data.data() + split, data.size() - split);
        CHECK(h.hexDigest() == whole);
    }
}

BONEAGE_TEST(ofFile_ShouldHashContentAndRejectMissingFile) {
    const std::string path = std::string(BONEAGE_TEST_OUTPUT_DIR) + "/sha256-test.bin";
    {
        std::ofstream out(path, std::ios::binary);
        out << "abc";
    }
    CHECK(Sha256::ofFile(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::remove(path.c_str());
    CHECK_THROWS(Sha256::ofFile(path));
}

int main() {
    return boneage::test::runAll();
}
