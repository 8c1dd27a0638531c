#include "imaging/Uid.h"

#include "common/Error.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>

namespace boneage::imaging {

namespace {

/// Sets the version nibble and the RFC 9562 variant bits.
Uuid stamped(Uuid uuid, int version) {
    uuid[6] = std::uint8_t((uuid[6] & 0x0F) | (version << 4));
    uuid[8] = std::uint8_t((uuid[8] & 0x3F) | 0x80);
    return uuid;
}

}  // namespace

std::string uidFromUuid(const Uuid& uuid) {
    // Repeated division of the 128-bit big-endian number by 10, in 32-bit limbs.
    std::array<std::uint32_t, 4> limbs{};
    for (std::size_t i = 0; i < 16; ++i)
        limbs[i / 4] = limbs[i / 4] << 8 | uuid[i];
    std::string digits;
    while (std::any_of(limbs.begin(), limbs.end(), [](std::uint32_t l) { return l != 0; })) {
        std::uint64_t remainder = 0;
        for (auto& limb : limbs) {
            const std::uint64_t value = remainder << 32 | limb;
            limb = std::uint32_t(value / 10);
            remainder = value % 10;
        }
        digits.push_back(char('0' + remainder));
    }
    if (digits.empty())
        digits = "0";
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

Uuid nameBasedUuid(const Uuid& space, std::string_view name) {
    std::string input(space.begin(), space.end());
    input.append(name);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr) != 1 || length < 16)
        throw Error(ErrorCode::Internal, "UID", "SHA-1 is not available");
    Uuid uuid{};
    std::copy(digest, digest + 16, uuid.begin());
    return stamped(uuid, 5);
}

std::string newUid() {
    Uuid uuid{};
    if (RAND_bytes(uuid.data(), int(uuid.size())) != 1)
        throw Error(ErrorCode::Internal, "UID", "the system's random generator failed");
    return uidFromUuid(stamped(uuid, 4));
}

std::string uidFromName(std::string_view name) {
    return uidFromUuid(nameBasedUuid(kBoneAgeUuidNamespace, name));
}

}  // namespace boneage::imaging
