// core::simd_exp (src/core/simd_exp.hpp), the branch-free exp of vectorised model loops: it must
// agree with the C library's exp to within 2 units in the last place (ulp) wherever exp is a
// normal double, since lif_cond_exp_ee's exponential-Euler factor exp(-dt g_tot / C_m) uses it.
// 2 ulp: the Horner evaluation of the degree-13 polynomial and the final scaling round a few
// times (each under half an ulp); glibc's exp itself is within 1 ulp of the true value.
#include "core/simd_exp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace {

using lamina::core::simd_exp;

double ulp_distance(double a, double b) {
    return std::abs(a - b) / (std::nextafter(b, std::numeric_limits<double>::infinity()) - b);
}

TEST(SimdExp, WithinTwoUlpOfLibmOverTheNormalRange) {
    double worst = 0.0, worst_x = 0.0;
    constexpr int n = 2'000'000;
    for (int i = 0; i <= n; ++i) {
        const double x = -708.0 + (709.0 + 708.0) * i / n;
        const double d = ulp_distance(simd_exp(x), std::exp(x));
        if (d > worst) worst = d, worst_x = x;
    }
    EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
}

TEST(SimdExp, WithinTwoUlpWhereTheConductanceModelUsesIt) {
    // -dt g_tot / C_m for dt = 0.1 ms, C_m 10..1000 pF, g_tot 1..1000 nS: [-10, -1e-4].
    double worst = 0.0;
    for (double x = -10.0; x < -1e-4; x *= 0.999) worst = std::max(worst, ulp_distance(simd_exp(x), std::exp(x)));
    for (double x = -1e-4; x > -1e-12; x *= 0.99) worst = std::max(worst, ulp_distance(simd_exp(x), std::exp(x)));
    EXPECT_LE(worst, 2.0);
}

TEST(SimdExp, ExactAndLimitValues) {
    EXPECT_EQ(simd_exp(0.0), 1.0);
    EXPECT_EQ(simd_exp(-std::numeric_limits<double>::infinity()), 0.0);
    EXPECT_EQ(simd_exp(std::numeric_limits<double>::infinity()), std::numeric_limits<double>::infinity());
    EXPECT_EQ(simd_exp(-800.0), 0.0);  // true value 3.7e-348, below the smallest double
    EXPECT_EQ(simd_exp(710.0), std::numeric_limits<double>::infinity());  // true value 2.2e308 > DBL_MAX
    EXPECT_TRUE(std::isnan(simd_exp(std::numeric_limits<double>::quiet_NaN())));
}

}  // namespace
