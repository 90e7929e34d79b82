#pragma once
// tanh over an array of doubles, in a loop the compiler vectorises (2-8 lanes), because the C
// library's scalar tanh (via expm1) took over a third of a low-rank RNN training step
// (docs/training.md, "Speed").
//
//   tanh|x| = -e / (2 + e),   e = expm1(-2|x|)
//   expm1(z) = 2^k (1 + p(r)) - 1 = 2^k p(r) + (2^k - 1),   z = k ln 2 + r, |r| <= ln(2) / 2
// with p(r) the Taylor polynomial of expm1 to r^13 (remainder r^14 / 14! < 2e-17 r at |r| =
// 0.35), ln 2 split in a high part with trailing zeros and a low part so that k ln 2 is exact
// (fdlibm's constants), and 2^k assembled from its exponent bits. For k = 0 (|x| < 0.17) e is
// p(r) itself, so small arguments keep their relative accuracy; for |x| >= 25, where tanh is 1
// to double precision and 2^k may not be representable, a select returns 1. No branches or
// table lookups: GCC vectorises both loops of tanh_array.
// Accuracy: within 4 ulp of std::tanh over [-40, 40] (tests/unit/vector_tanh_test.cpp); odd by
// construction; the result is the same on every thread and rank.
#include "core/simd_exp.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace lamina::core {

// tanh|x| for |x| < 25; garbage (never a trap: lamina enables none) above, see tanh_array.
inline double tanh_abs_unsaturated(double ax) {
    constexpr double inv_ln2 = 1.44269504088896338700e+00;
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer held in the low bits
    const double z = -2.0 * ax;
    const double shifted = z * inv_ln2 + shifter;
    const double k = shifted - shifter;
    const double r = (z - k * ln2_hi) - k * ln2_lo;
    // 2^k: the integer k sits in the low mantissa bits of `shifted` (two's complement, |k| < 73).
    const auto k_bits = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(shifter);
    const double two_k = std::bit_cast<double>((k_bits + 1023) << 52);
    // expm1(r) = r + r^2/2! + ... + r^13/13!
    double p = exp_taylor_tail(r);
    p = p * r * r + r;
    const double e = two_k * p + (two_k - 1.0);
    return -e / (2.0 + e);
}

// Saturation and sign: tanh is 1 to double precision for |x| >= 25, where 2^k may not be
// representable. NaN fails the comparison and propagates.
inline double tanh_from_abs(double x, double t_abs) { return std::copysign(std::fabs(x) >= 25.0 ? 1.0 : t_abs, x); }

inline double tanh_vectorisable(double x) { return tanh_from_abs(x, tanh_abs_unsaturated(std::fabs(x))); }

/// out[i] = tanh(x[i]) for i in [0, n); out may equal x. Two loops per block: a select after a
/// division in one loop is not if-converted by GCC under its default -ftrapping-math (it would
/// have to execute the division speculatively), so the arithmetic and the saturation are apart.
inline void tanh_array(const double* x, double* out, std::size_t n) {
    constexpr std::size_t block = 256;
    double t[block];
    for (std::size_t first = 0; first < n; first += block) {
        const std::size_t len = n - first < block ? n - first : block;
#pragma omp simd
        for (std::size_t i = 0; i < len; ++i) t[i] = tanh_abs_unsaturated(std::fabs(x[first + i]));
#pragma omp simd
        for (std::size_t i = 0; i < len; ++i) out[first + i] = tanh_from_abs(x[first + i], t[i]);
    }
}

}  // namespace lamina::core
