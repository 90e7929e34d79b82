// The ziggurat normal generator (src/core/normal_ziggurat.hpp): its tables cover the density in
// equal areas, and its draws have the law of a standard normal, tails included.
//
// Statistical tolerances follow rng_test.cpp: the draws are deterministic, but each bound is
// 5 standard errors of its estimator under the exact law (two-sided false-alarm probability
// 6e-7 for a normal estimator), so a correct generator passes for any seed and a wrong law fails.
#include "core/normal_ziggurat.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace {

using lamina::core::normal_ziggurat;
using lamina::core::rng_stream;
using lamina::core::stream_purpose;
namespace zd = lamina::core::ziggurat_detail;

constexpr double sigmas = 5.0;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

/// Upper tail mass Q(x) = P(Z > x).
double normal_upper_tail(double x) { return 0.5 * std::erfc(x / std::numbers::sqrt2); }

/// Kolmogorov-Smirnov distance of a sample (sorted here) from a continuous CDF.
template <class Cdf>
double ks_distance(std::vector<double> x, Cdf cdf) {
    std::sort(x.begin(), x.end());
    const double n = double(x.size());
    double d = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double f = cdf(x[k]);
        d = std::max({d, double(k + 1) / n - f, f - double(k) / n});
    }
    return d;
}

// Kolmogorov's limit law: P(sqrt(n) D_n > t) ~ 2 exp(-2 t^2); t = 2.5 gives 7.5e-6.
constexpr double ks_bound_sqrt_n = 2.5;

TEST(normal_ziggurat, compile_time_exp_log_sqrt_agree_with_the_library) {
    // The tables' accuracy rests on these; a few ulp (relative 1e-15) is far below any effect
    // on the law (areas enter probabilities linearly).
    for (double x = -40.0; x <= 0.0; x += 0.173)
        EXPECT_NEAR(zd::exp_nonpositive(x), std::exp(x), 1e-15 * std::exp(x)) << x;
    for (double y = 1e-12; y < 10.0; y *= 1.37) {
        EXPECT_NEAR(zd::log_positive(y), std::log(y), 1e-15 * std::max(1.0, std::fabs(std::log(y)))) << y;
        EXPECT_NEAR(zd::sqrt_positive(y), std::sqrt(y), 1e-15 * std::sqrt(y)) << y;
    }
}

TEST(normal_ziggurat, every_layer_has_the_same_area) {
    const auto& t = zd::table;
    // Base strip: the rectangle under f(R) left of R plus the tail beyond R, whose integral is
    // sqrt(pi / 2) erfc(R / sqrt 2).
    const double r = zd::tail_start;
    const double tail_area = std::sqrt(std::numbers::pi / 2.0) * std::erfc(r / std::numbers::sqrt2);
    EXPECT_NEAR(r * std::exp(-0.5 * r * r) + tail_area, zd::layer_area, 1e-14);
    EXPECT_NEAR(t.x[0] * t.f[1], zd::layer_area, 1e-16);
    // The rectangles, including the top one whose closure (x_N = 0, f_N = 1) R and V were solved
    // for: the recursion's rounding (~256 steps of a few ulp) stays below relative 1e-11.
    for (int i = 1; i < zd::layers; ++i) {
        EXPECT_NEAR(t.x[i] * (t.f[i + 1] - t.f[i]), zd::layer_area, 1e-11 * zd::layer_area) << "layer " << i;
        EXPECT_GT(t.x[i], t.x[i + 1]);
        EXPECT_NEAR(t.f[i], std::exp(-0.5 * t.x[i] * t.x[i]), 1e-15);
    }
}

TEST(normal_ziggurat, draws_have_the_moments_of_a_standard_normal) {
    rng_stream s(7, stream_purpose::user, 1);
    const int n = 1'000'000;
    double sum = 0.0, sum2 = 0.0, sum3 = 0.0, sum4 = 0.0;
    int negative = 0;
    for (int k = 0; k < n; ++k) {
        const double x = normal_ziggurat(s);
        sum += x;
        sum2 += x * x;
        sum3 += x * x * x;
        sum4 += x * x * x * x;
        negative += x < 0.0;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // Standard errors for normal data: mean 1/sqrt(n), variance sqrt(2/n), third moment
    // sqrt(15/n), fourth moment sqrt(96/n) (Var Z^4 = 105 - 9); sign 0.5/sqrt(n).
    EXPECT_NEAR(mean, 0.0, sigmas / std::sqrt(double(n)));
    EXPECT_NEAR(var, 1.0, sigmas * std::sqrt(2.0 / n));
    EXPECT_NEAR(sum3 / n, 0.0, sigmas * std::sqrt(15.0 / n));
    EXPECT_NEAR(sum4 / n, 3.0, sigmas * std::sqrt(96.0 / n));
    EXPECT_NEAR(double(negative) / n, 0.5, sigmas * 0.5 / std::sqrt(double(n)));
}

TEST(normal_ziggurat, kolmogorov_smirnov_distance_from_phi_is_within_sampling_error) {
    rng_stream s(11, stream_purpose::user, 2);
    std::vector<double> x(1'000'000);
    for (auto& v : x) v = normal_ziggurat(s);
    // sqrt(n) D = 2.5 at n = 1e6 is D = 0.0025; a generator off by one layer's mass (1/256 =
    // 0.0039 of probability moved) or with a missing tail would exceed it.
    EXPECT_LT(ks_distance(x, normal_cdf), ks_bound_sqrt_n / std::sqrt(double(x.size())));
}

TEST(normal_ziggurat, tail_mass_beyond_3_and_4_5_sd) {
    // Beyond 3 sd most values come from the layers; beyond R = 3.654 only from the tail
    // algorithm, so 4.5 sd tests it. 4e7 draws: expected counts 1.08e5 and 272 (two-sided).
    rng_stream s(13, stream_purpose::user, 3);
    const double n = 4e7;
    std::uint64_t beyond3 = 0, beyond45 = 0;
    for (std::uint64_t k = 0; k < std::uint64_t(n); ++k) {
        const double a = std::fabs(normal_ziggurat(s));
        beyond3 += a > 3.0;
        beyond45 += a > 4.5;
    }
    // Binomial counts: sd sqrt(n p (1 - p)); 5 sd is 1.5% of the count at 3 and 30% at 4.5.
    for (const auto& [threshold, count] : {std::pair{3.0, beyond3}, std::pair{4.5, beyond45}}) {
        const double p = 2.0 * normal_upper_tail(threshold);
        EXPECT_NEAR(double(count), n * p, sigmas * std::sqrt(n * p * (1.0 - p))) << "beyond " << threshold << " sd";
    }
}

TEST(normal_ziggurat, tail_algorithm_draws_the_normal_law_beyond_r) {
    // The conditional law beyond R: P(X <= x | X > R) = 1 - Q(x) / Q(R), checked directly on
    // 2e5 tail draws (the whole ziggurat reaches it only 1 time in ~3900).
    rng_stream s(17, stream_purpose::user, 4);
    std::vector<double> x(200'000);
    for (auto& v : x) v = zd::tail(s);
    EXPECT_GT(*std::min_element(x.begin(), x.end()), zd::tail_start);
    const double q_r = normal_upper_tail(zd::tail_start);
    const double d = ks_distance(x, [&](double v) { return 1.0 - normal_upper_tail(v) / q_r; });
    EXPECT_LT(d, ks_bound_sqrt_n / std::sqrt(double(x.size())));
    // Mean of X given X > R is phi(R) / Q(R); the conditional sd is ~0.25 (< 1/R), so 5 standard
    // errors of the mean are below 5 * 0.3 / sqrt(2e5).
    double mean = 0.0;
    for (double v : x) mean += v / double(x.size());
    const double phi_r = std::exp(-0.5 * zd::tail_start * zd::tail_start) / std::sqrt(2.0 * std::numbers::pi);
    EXPECT_NEAR(mean, phi_r / q_r, sigmas * 0.3 / std::sqrt(double(x.size())));
}

TEST(normal_ziggurat, the_same_stream_gives_the_same_values) {
    rng_stream a(3, stream_purpose::connectivity, 42, 5), b(3, stream_purpose::connectivity, 42, 5);
    for (int k = 0; k < 10'000; ++k) ASSERT_EQ(normal_ziggurat(a), normal_ziggurat(b));
}

}  // namespace
