#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::engine {

/// SHA-256 (FIPS 180-4), standard library only; uses the x86 SHA extensions when the CPU has them
/// (a 220 MB model file hashes in well under a second). Not thread-safe per object.
class Sha256 {
public:
    Sha256();

    void update(const void* data, std::size_t size);
    /// Finishes the hash; the object must not be updated afterwards.
    std::array<std::uint8_t, 32> digest();
    /// Lower-case hex of digest().
    std::string hexDigest();

    /// Hex SHA-256 of a whole file; throws std::runtime_error when the file cannot be read.
    static std::string ofFile(const std::string& path);
    /// Hex SHA-256 of a byte string.
    static std::string ofBytes(const void* data, std::size_t size);
    /// True when the hardware (SHA-NI) path is in use.
    static bool hardwareAccelerated();

private:
    void compress(const std::uint8_t* blocks, std::size_t count);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

}  // namespace boneage::engine
