#pragma once
// Standard normal numbers by the ziggurat method (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8),
// with Doornik's 2005 correction: the layer index and the value inside the layer come from
// disjoint bits), for the distributions of spiking networks (weights, delays, per-neuron
// parameters: engine/distribution_sampling.hpp). In ~99% of draws it costs one 32-bit word of
// the stream, a table lookup, a multiply and a compare, against two words, a log, a sqrt and a
// sincos per value for rng_stream::normal()'s Box-Muller (the microcircuit's construction spent
// ~27% of its samples in that log and sincos). rng_stream::normal() itself stays Box-Muller:
// rate networks and RNN training keep the realisations their docs report.
//
// Method. The half density f(x) = exp(-x^2/2), x >= 0, is covered by N = 256 layers of equal
// area V: a base strip [0, V/f(R)] x [0, f(R)] (holding the tail beyond R as the part of its area
// right of R) and rectangles [0, x_i] x [f(x_i), f(x_{i+1})], x_1 = R > x_2 > ... > x_N = 0,
// with x_{i+1} = f^-1(f(x_i) + V / x_i). A draw picks layer i (8 bits), a sign (1 bit) and
// x = u x_i with u uniform on (0, 1) (the word's other 23 bits); x < x_{i+1} lies under the curve
// and is returned. Otherwise (~1%): in the base strip x >= R goes to the tail, drawn exactly by
// Marsaglia's (1964) exponential rejection; in a rectangle x is kept if a uniform height in
// [f(x_i), f(x_{i+1})] falls below f(x), else the draw starts over. R and V solve the closure
// condition (the top layer ends at x_N = 0 with area V): R = 3.6541528853610088 and
// V = 4.92867323399e-3 in Marsaglia & Tsang's Table; here to 20 digits, solved with mpmath at
// 40 digits. The tables are computed at compile time (constexpr exp, log and sqrt below, within a
// few ulp): immutable and the same on every platform. Realisations are identical for any number
// of threads and ranks; across compilers and flags the wedge test (f_i + u (f_{i+1} - f_i) < f(x),
// about 1% of draws) may round differently where the compiler contracts it into an FMA.
// Resolution: a returned value is an odd multiple of x_i 2^-24 (<= 4.4e-7 sd), far below any
// biological parameter's precision; the law's CDF is exact up to that grid.
// Tests: tests/unit/normal_ziggurat_test.cpp (layer areas, moments, Kolmogorov-Smirnov, tails).
#include "core/rng.hpp"
#include "core/simd_exp.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace lamina::core {
namespace ziggurat_detail {

constexpr int layers = 256;
constexpr double tail_start = 3.6541528853610087716;     // R, sd units
constexpr double layer_area = 4.9286732339746553474e-3;  // V, of exp(-x^2/2)
constexpr double ln2 = 0.69314718055994530942;

/// exp(x) for x <= 0 at compile time: x = n ln2 + r, |r| <= ln2 / 2 (ln2 split as in fdlibm, so
/// n ln2_hi is exact), Taylor series of exp(r) to r^24 (truncation < 1e-30), times 2^n put into
/// the exponent bits (results below 2^-1022 flush to 0).
constexpr double exp_nonpositive(double x) {
    if (x < -700.0) return 0.0;
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double q = x / ln2;
    const auto n = static_cast<std::int64_t>(q < 0.0 ? q - 0.5 : q + 0.5);
    const double r = (x - double(n) * ln2_hi) - double(n) * ln2_lo;
    double term = 1.0, sum = 1.0;
    for (int k = 1; k <= 24; ++k) {
        term *= r / double(k);
        sum += term;
    }
    return sum * std::bit_cast<double>(static_cast<std::uint64_t>(1023 + n) << 52);
}

/// log(y) for y > 0 (normal numbers) at compile time: y = m 2^e with m in [sqrt(1/2), sqrt(2)),
/// log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, series to s^61 (truncation < 1e-45).
constexpr double log_positive(double y) {
    const auto bits = std::bit_cast<std::uint64_t>(y);
    std::int64_t e = static_cast<std::int64_t>((bits >> 52) & 0x7FF) - 1023;
    double m = std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        ++e;
    }
    const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double power = s, sum = 0.0;
    for (int k = 1; k <= 61; k += 2) {
        sum += power / double(k);
        power *= s2;
    }
    return double(e) * ln2 + 2.0 * sum;
}

/// sqrt(y) for y > 0 at compile time: Newton's iteration from a start within a factor 2.
constexpr double sqrt_positive(double y) {
    const auto bits = std::bit_cast<std::uint64_t>(y);
    double x = std::bit_cast<double>(((bits >> 1) + (std::uint64_t{1023} << 51)) & 0x7FFFFFFFFFFFFFFFull);
    for (int k = 0; k < 8; ++k) x = 0.5 * (x + y / x);
    return x;
}

struct tables {
    std::array<double, layers + 1> x;      // layer widths x_0 = V / f(R) (base strip), x_1 = R, ..., x_N = 0
    std::array<double, layers> x_per_bit;  // x_i 2^-23: the value of one step of the 23-bit uniform
    std::array<double, layers + 1> f;      // exp(-x_i^2 / 2); f_0 = 0 (the base strip's floor), f_N = 1
};

constexpr tables make_tables() {
    tables t{};
    const double f_tail = exp_nonpositive(-0.5 * tail_start * tail_start);
    t.x[0] = layer_area / f_tail;
    t.x[1] = tail_start;
    t.f[0] = 0.0;
    t.f[1] = f_tail;
    for (int i = 1; i + 1 < layers; ++i) {
        t.f[i + 1] = t.f[i] + layer_area / t.x[i];
        t.x[i + 1] = sqrt_positive(-2.0 * log_positive(t.f[i + 1]));
    }
    t.x[layers] = 0.0;
    t.f[layers] = 1.0;
    for (int i = 0; i < layers; ++i) t.x_per_bit[i] = t.x[i] * 0x1.0p-23;
    return t;
}

inline constexpr tables table = make_tables();

/// |x| beyond R: Marsaglia's (1964) method, R + e1 / R with exponentials e1, e2 kept when
/// 2 e2 >= (e1 / R)^2; accepts with probability ~0.92 at R = 3.65.
inline double tail(rng_stream& rng) {
    while (true) {
        const double x = -std::log(rng.uniform()) / tail_start;
        const double y = -std::log(rng.uniform());
        if (y + y >= x * x) return tail_start + x;
    }
}

}  // namespace ziggurat_detail

/// A standard normal number from the stream (ziggurat; see the header comment).
inline double normal_ziggurat(rng_stream& rng) {
    const auto& t = ziggurat_detail::table;
    while (true) {
        const std::uint32_t w = rng.next_u32();
        const unsigned i = w & 0xFFu;
        // The sign goes into the sign bit without a branch: a coin-flip branch mispredicts half
        // the time, which doubled the cost of a draw (12 -> 6 ns on this machine).
        const std::uint64_t sign_bit = std::uint64_t{w & 0x100u} << 55;
        auto with_sign = [sign_bit](double v) {
            return std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) ^ sign_bit);
        };
        const double x = (double(w >> 9) + 0.5) * t.x_per_bit[i];
        if (x < t.x[i + 1]) return with_sign(x);
        if (i == 0) return with_sign(ziggurat_detail::tail(rng));
        // simd_exp, not std::exp: the project's own exp keeps the accept decision libm-independent.
        if (t.f[i] + rng.uniform() * (t.f[i + 1] - t.f[i]) < simd_exp(-0.5 * x * x)) return with_sign(x);
    }
}

}  // namespace lamina::core
