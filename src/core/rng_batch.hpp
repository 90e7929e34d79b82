#pragma once
// The first Philox4x32-10 block of W streams that differ only in their id, computed lane-parallel
// so that the compiler vectorises the rounds (32 x 32 -> 64-bit multiplies, xors). For the
// streams (seed, purpose, id0 + l, sub), l < W, out[j][l] is the j-th of the first four 32-bit
// numbers rng_stream(seed, purpose, id0 + l, sub).next_u32() returns: the same numbers, only
// faster when many neighbouring streams are drawn at once (per-step Poisson input of a population,
// where the stream set-up and one block per neuron are the whole cost).
// Algorithm: Salmon et al. 2011 (SC'11), Random123's philox.h (multipliers, Weyl key increments);
// tests/unit/rng_test.cpp checks the equality with Random123 itself.
#include <array>
#include <cstddef>
#include <cstdint>

namespace lamina::core {

/// The ten Philox4x32 rounds on W counters at once, key (k0, k1): the lanes' counters in, their
/// blocks out (c0..c3 hold [word][lane]).
template <std::size_t W>
inline void philox_rounds_lanes(std::array<std::uint32_t, W>& c0, std::array<std::uint32_t, W>& c1,
                                std::array<std::uint32_t, W>& c2, std::array<std::uint32_t, W>& c3, std::uint32_t k0,
                                std::uint32_t k1) {
    constexpr std::uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;  // Philox4x32 round multipliers
    constexpr std::uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;  // key increments per round
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += W0;
            k1 += W1;
        }
#pragma omp simd
        for (std::size_t l = 0; l < W; ++l) {
            const std::uint64_t p0 = std::uint64_t{M0} * c0[l];
            const std::uint64_t p1 = std::uint64_t{M1} * c2[l];
            const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
            const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
            const std::uint32_t n0 = hi1 ^ c1[l] ^ k0, n2 = hi0 ^ c3[l] ^ k1;
            c0[l] = n0;
            c1[l] = lo1;
            c2[l] = n2;
            c3[l] = lo0;
        }
    }
}

template <std::size_t W>
struct philox_lanes {
    std::array<std::array<std::uint32_t, W>, 4> block;  // [word][lane]
};

template <std::size_t W>
inline philox_lanes<W> philox_first_blocks(std::uint64_t seed, std::uint32_t purpose, std::uint64_t id0,
                                           std::uint64_t sub) {
    const std::uint32_t k0 = static_cast<std::uint32_t>(seed);
    const std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32) ^ (purpose * 0x9E3779B9u);
    std::array<std::uint32_t, W> c0, c1, c2, c3;
#pragma omp simd
    for (std::size_t l = 0; l < W; ++l) {
        const std::uint64_t id = id0 + l;
        c0[l] = static_cast<std::uint32_t>(id);
        c1[l] = static_cast<std::uint32_t>(id >> 32);
        c2[l] = static_cast<std::uint32_t>(sub);
        c3[l] = static_cast<std::uint32_t>(sub >> 32) << 24;
    }
    philox_rounds_lanes(c0, c1, c2, c3, k0, k1);
    philox_lanes<W> out;
    out.block = {c0, c1, c2, c3};
    return out;
}

// The first `count` numbers of one stream, rng_stream(seed, purpose, id, sub).next_u32() called
// `count` times, computed eight blocks at a time (a stream's blocks differ only in the counter's
// last word, which refill() increments): for long draws from one stream, such as the training
// noise of a whole layer per step (engine/training/rnn_gradient.cpp), where the scalar rounds
// took a sixth of the step.
inline void philox_stream_words(std::uint64_t seed, std::uint32_t purpose, std::uint64_t id, std::uint64_t sub,
                                std::size_t count, std::uint32_t* out) {
    constexpr std::size_t W = 8;
    const std::uint32_t key0 = static_cast<std::uint32_t>(seed);
    const std::uint32_t key1 = static_cast<std::uint32_t>(seed >> 32) ^ (purpose * 0x9E3779B9u);
    const std::uint32_t last0 = static_cast<std::uint32_t>(sub >> 32) << 24;
    for (std::size_t first = 0; first < count; first += 4 * W) {
        std::array<std::uint32_t, W> c0, c1, c2, c3;
        const auto block0 = static_cast<std::uint32_t>(first / 4);
        for (std::size_t l = 0; l < W; ++l) {
            c0[l] = static_cast<std::uint32_t>(id);
            c1[l] = static_cast<std::uint32_t>(id >> 32);
            c2[l] = static_cast<std::uint32_t>(sub);
            c3[l] = last0 + block0 + static_cast<std::uint32_t>(l);
        }
        philox_rounds_lanes(c0, c1, c2, c3, key0, key1);
        std::uint32_t* o = out + first;
        if (count - first >= 4 * W) {
            for (std::size_t l = 0; l < W; ++l) {
                o[4 * l] = c0[l];
                o[4 * l + 1] = c1[l];
                o[4 * l + 2] = c2[l];
                o[4 * l + 3] = c3[l];
            }
            continue;
        }
        for (std::size_t w = 0; w < count - first; ++w) {
            const std::size_t l = w / 4;
            switch (w % 4) {
            case 0: o[w] = c0[l]; break;
            case 1: o[w] = c1[l]; break;
            case 2: o[w] = c2[l]; break;
            default: o[w] = c3[l]; break;
            }
        }
    }
}

}  // namespace lamina::core
