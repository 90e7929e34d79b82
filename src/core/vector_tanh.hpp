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
// table lookups: GCC vectorises the loop (it needs -fno-trapping-math, set in CMakeLists.txt, to
// if-convert the select).
// Accuracy: within 4 ulp of std::tanh over [-40, 40] (tests/unit/vector_tanh_test.cpp); odd by
// construction; the result is the same on every thread and rank.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace lamina::core {

inline double tanh_vectorisable(double x) {
    constexpr double inv_ln2 = 1.44269504088896338700e+00;
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer held in the low bits
    const double ax = std::fabs(x), z = -2.0 * ax;
    const double shifted = z * inv_ln2 + shifter;
    const double k = shifted - shifter;
    const double r = (z - k * ln2_hi) - k * ln2_lo;
    // 2^k: the integer k sits in the low mantissa bits of `shifted` (two's complement, |k| < 73).
    const auto k_bits = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(shifter);
    const double two_k = std::bit_cast<double>((k_bits + 1023) << 52);
    // expm1(r) = r + r^2/2! + ... + r^13/13!, Horner in r.
    double p = 1.0 / 6227020800.0;  // 1/13!
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r * r + r;
    const double e = two_k * p + (two_k - 1.0);
    const double t = ax >= 25.0 ? 1.0 : -e / (2.0 + e);  // 2^k may not be representable above
    return std::copysign(t, x);
}

/// out[i] = tanh(x[i]) for i in [0, n); out may equal x.
inline void tanh_array(const double* x, double* out, std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = tanh_vectorisable(x[i]);
}

}  // namespace lamina::core
