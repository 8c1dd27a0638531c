#pragma once

#include <cstdint>

namespace boneage::phantom {

/// The phantom generator's own pseudo-random source: xoshiro256** seeded through splitmix64.
///
/// The standard library's distributions (std::uniform_real_distribution, std::normal_distribution) produce
/// different sequences on libstdc++, libc++ and MSVC, so every draw here is computed by hand: a seed gives
/// the same phantom on every platform (up to the last ulp of std::exp/std::log). Not thread-safe; one
/// instance per thread. Not for cryptography.
class Random {
public:
    explicit Random(std::uint64_t seed, std::uint64_t stream = 0) {
        std::uint64_t s = seed ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
        for (std::uint64_t& word : m_state)
            word = splitmix64(s);
    }

    /// splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
    static std::uint64_t splitmix64(std::uint64_t& state) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// A stateless hash of two lattice coordinates and a key (for procedural texture).
    static std::uint64_t hash(std::int64_t x, std::int64_t y, std::uint64_t key) {
        std::uint64_t s =
            key ^ (std::uint64_t(x) * 0x9e3779b97f4a7c15ULL) ^ (std::uint64_t(y) * 0xc2b2ae3d27d4eb4fULL);
        return splitmix64(s);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, 1).
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n); n > 0.
    int below(int n) { return int(uniform() * n); }
    bool chance(double p) { return uniform() < p; }

    /// Approximately standard normal: the Irwin-Hall sum of four 16-bit uniforms from one 64-bit draw,
    /// rescaled to unit variance. Bounded to +-3.46; cheap enough for per-pixel quantum noise.
    float fastGaussian() {
        const std::uint64_t r = next();
        const std::uint32_t sum = std::uint32_t(r & 0xffff) + std::uint32_t((r >> 16) & 0xffff) +
                                  std::uint32_t((r >> 32) & 0xffff) + std::uint32_t(r >> 48);
        // mean 2 * 65535, variance 4 * (65536^2 - 1) / 12.
        return (float(sum) - 131070.0f) * (1.0f / 37837.23f);
    }

    /// Approximately standard normal (eight summed 16-bit uniforms, bounded to +-4.9): for the few
    /// anatomical and acquisition draws per film; deterministic and libm-free.
    double gaussian() { return (double(fastGaussian()) + double(fastGaussian())) * 0.70710678118654752; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4];
};

}  // namespace boneage::phantom
