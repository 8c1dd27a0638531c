#pragma once
// DICOM UIDs under the project's own root: "2.25." followed by a UUID written as one unsigned decimal
// integer (ITU-T X.667 | ISO/IEC 9834-8, clause 6.3; DICOM PS3.5 B.2), so no organisation root is borrowed
// (DCMTK's 1.2.276.0.7230010.3 belongs to OFFIS). Every UID the project writes comes from here.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace boneage::imaging {

/// A UUID as its 16 bytes in network order (RFC 9562).
using Uuid = std::array<std::uint8_t, 16>;

/// A fresh UID from a random (version 4) UUID drawn from the system's cryptographic generator: unique
/// without coordination between workstations. Thread-safe. Throws Error(Internal) if the generator fails.
std::string newUid();

/// A UID from a name-based (version 5, SHA-1) UUID of `name` in the project's UUID namespace: the same name
/// always gives the same UID, different names different ones. For output that must be reproducible (the
/// phantom generator derives its UIDs from the seed). Thread-safe.
std::string uidFromName(std::string_view name);

/// "2.25." + `uuid` as a decimal integer without leading zeros (at most 44 characters).
std::string uidFromUuid(const Uuid& uuid);

/// The version 5 UUID of `name` in the namespace `space` (RFC 9562 5.5).
Uuid nameBasedUuid(const Uuid& space, std::string_view name);

/// The project's UUID namespace (a random UUID chosen once: 70c7103e-5d55-478d-8bd5-407d4a578510).
constexpr Uuid kBoneAgeUuidNamespace = {0x70, 0xc7, 0x10, 0x3e, 0x5d, 0x55, 0x47, 0x8d,
                                        0x8b, 0xd5, 0x40, 0x7d, 0x4a, 0x57, 0x85, 0x10};

}  // namespace boneage::imaging
