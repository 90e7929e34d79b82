#pragma once
// exp(x) for double in plain arithmetic that compilers vectorise (no library call, no branch, no
// table), for model loops over a population (lif_cond_exp_ee). std::exp is a scalar library call
// that keeps such a loop scalar: ~14 ns of a ~20 ns COBA neuron step went into it.
//
// Method (Cody & Waite 1980; as in fdlibm's e_exp.c): x = n ln2 + r with n = round(x / ln2),
// |r| <= ln2/2, ln2 split in a high part with trailing zero bits (n * ln2_hi is exact for
// |n| < 2^11) and a low part; exp(r) by its Taylor series to r^13 (truncation below
// 0.347^14 / 14! = 4e-18, under half an ulp), evaluated by Horner; 2^n put into the exponent
// bits. n comes from the "round by adding 1.5 * 2^52" trick, whose low mantissa bits then hold
// n as an integer: no double-to-int64 conversion, which SSE2/AVX2 lack in vector form.
// Accuracy: within 2 ulp of the correctly rounded exp over [-708, 709] (tests/unit/simd_exp_test.cpp);
// below -708 it returns 0 (true value < 3.3e-308), above 709 +inf; NaN stays NaN.
// Needs IEEE double arithmetic without -ffast-math reassociation (the project never sets it).
#include <bit>
#include <cstdint>
#include <limits>

namespace lamina::core {

/// (exp(r) - 1 - r) / r^2 to r^11 (the Taylor series of exp to r^13 less its first two terms), by
/// Horner: the polynomial core of simd_exp and of tanh_array's expm1 (vector_tanh.hpp).
inline double exp_taylor_tail(double r) {
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
    return p;
}

inline double simd_exp(double x) {
    constexpr double log2e = 1.4426950408889634074;
    constexpr double ln2_hi = 6.93147180369123816490e-01;  // fdlibm: low 32 bits zero
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    constexpr double round_magic = 6755399441055744.0;     // 1.5 * 2^52
    const double xc = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
    const double shifted = xc * log2e + round_magic;
    const double n = shifted - round_magic;
    const double r = (xc - n * ln2_hi) - n * ln2_lo;
    double p = exp_taylor_tail(r);
    p = p * r + 1.0;
    p = p * r + 1.0;
    const std::int64_t n_int = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(round_magic);
    const double scale = std::bit_cast<double>((n_int + 1023) << 52);
    double y = p * scale;
    y = x < -708.0 ? 0.0 : y;
    y = x > 709.0 ? std::numeric_limits<double>::infinity() : y;
    return y;  // NaN has run through the arithmetic and compares false above: it stays NaN
}

}  // namespace lamina::core
