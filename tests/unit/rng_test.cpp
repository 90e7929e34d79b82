// Counter-based random streams (src/core/rng.hpp): a stream's numbers depend on its name only,
// different names give independent numbers, and each distribution has the law it claims.
//
// Statistical tolerances. The streams are deterministic, so every test here gives the same
// numbers on every run; the tolerances still follow sampling theory, so that a correct generator
// passes for any seed and a wrong law fails. Unless said otherwise a bound is 5 standard errors
// of the estimator (two-sided false-alarm probability 6e-7 for a normal estimator), and a
// chi-square statistic with k degrees of freedom must stay below k + 5 sqrt(2k) (the normal
// approximation of its upper tail; with k >= 2 the exact tail probability there is below 1e-4).
#include "core/rng.hpp"
#include "core/rng_batch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace {

using lamina::core::rng_stream;
using lamina::core::stream_purpose;

constexpr double sigmas = 5.0;

double chi_square_bound(double dof) { return dof + sigmas * std::sqrt(2.0 * dof); }

/// Pearson chi-square of observed counts against equal expected counts.
double chi_square_uniform(const std::vector<std::uint64_t>& counts) {
    const double n = std::accumulate(counts.begin(), counts.end(), 0.0);
    const double expected = n / double(counts.size());
    double chi2 = 0.0;
    for (auto c : counts) chi2 += (double(c) - expected) * (double(c) - expected) / expected;
    return chi2;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = double(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

struct moments {
    double mean = 0, variance = 0, skewness = 0, excess_kurtosis = 0;
};

moments moments_of(const std::vector<double>& x) {
    const double n = double(x.size());
    moments m;
    m.mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double m2 = 0, m3 = 0, m4 = 0;
    for (double v : x) {
        const double d = v - m.mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    m.variance = m2;
    m.skewness = m3 / std::pow(m2, 1.5);
    m.excess_kurtosis = m4 / (m2 * m2) - 3.0;
    return m;
}

// ---- naming ----

TEST(rng, the_same_name_gives_the_same_numbers) {
    rng_stream a(42, stream_purpose::connectivity, 12345, 3), b(42, stream_purpose::connectivity, 12345, 3);
    for (int k = 0; k < 10000; ++k) ASSERT_EQ(a.next_u32(), b.next_u32()) << "draw " << k;
    // Mixed draws consume the same numbers in the same order.
    rng_stream c(7, stream_purpose::initial_state, 1), d(7, stream_purpose::initial_state, 1);
    for (int k = 0; k < 1000; ++k) {
        ASSERT_EQ(c.uniform(), d.uniform());
        ASSERT_EQ(c.normal(), d.normal());
        ASSERT_EQ(c.below(1000), d.below(1000));
        ASSERT_EQ(c.poisson(25.0), d.poisson(25.0));
    }
}

TEST(rng, a_stream_is_reproducible_when_recreated_anywhere) {
    // What a worker thread does: recreate the stream of target t and draw from it.
    std::vector<std::uint32_t> first;
    rng_stream s(1, stream_purpose::connectivity, 999, 0);
    for (int k = 0; k < 100; ++k) first.push_back(s.next_u32());
    for (int repeat = 0; repeat < 3; ++repeat) {
        rng_stream again(1, stream_purpose::connectivity, 999, 0);
        for (int k = 0; k < 100; ++k) ASSERT_EQ(again.next_u32(), first[static_cast<std::size_t>(k)]);
    }
}

/// Uniforms of a named stream.
std::vector<double> uniforms(std::uint64_t seed, stream_purpose p, std::uint64_t id, std::uint64_t sub, int n) {
    rng_stream s(seed, p, id, sub);
    std::vector<double> x(static_cast<std::size_t>(n));
    for (auto& v : x) v = s.uniform();
    return x;
}

TEST(rng, streams_with_different_names_are_uncorrelated) {
    // Neighbouring names are the risky ones: consecutive neurons, steps, seeds, purposes.
    // The correlation of n independent pairs has standard error 1/sqrt(n).
    constexpr int n = 100000;
    const double bound = sigmas / std::sqrt(double(n));
    const auto base = uniforms(1, stream_purpose::connectivity, 100, 0, n);
    const std::vector<std::vector<double>> others{
        uniforms(1, stream_purpose::connectivity, 101, 0, n),            // next neuron
        uniforms(1, stream_purpose::connectivity, 100, 1, n),            // next connection / step
        uniforms(2, stream_purpose::connectivity, 100, 0, n),            // next seed
        uniforms(1, stream_purpose::initial_state, 100, 0, n),           // other purpose
        uniforms(1, stream_purpose::connectivity, 100 + (1ull << 32), 0, n),  // id beyond 32 bits
        uniforms(1ull << 32 | 1, stream_purpose::connectivity, 100, 0, n),    // seed beyond 32 bits
        uniforms(1, stream_purpose::connectivity, 100, 1ull << 32, n),        // sub beyond 32 bits
    };
    for (std::size_t k = 0; k < others.size(); ++k) {
        EXPECT_NE(others[k][0], base[0]) << "stream " << k << " repeats the base stream";
        EXPECT_LT(std::fabs(correlation(base, others[k])), bound) << "stream " << k;
    }
}

TEST(rng, first_draws_across_many_streams_are_uniform) {
    // Network construction draws only a few numbers from each target's stream, so the first
    // draw across consecutive ids must itself be uniform: 100 bins, 200000 streams.
    std::vector<std::uint64_t> counts(100, 0);
    for (std::uint64_t id = 0; id < 200000; ++id) {
        rng_stream s(1, stream_purpose::connectivity, id, 0);
        ++counts[static_cast<std::size_t>(s.uniform() * 100.0)];
    }
    EXPECT_LT(chi_square_uniform(counts), chi_square_bound(99.0));
}

// ---- uniform ----

TEST(rng, uniform_is_inside_the_open_interval_with_the_moments_of_U01) {
    constexpr int n = 1000000;
    auto x = uniforms(3, stream_purpose::user, 0, 0, n);
    double lo = 1, hi = 0;
    for (double v : x) lo = std::min(lo, v), hi = std::max(hi, v);
    EXPECT_GT(lo, 0.0);
    EXPECT_LT(hi, 1.0);
    const auto m = moments_of(x);
    // mean 1/2, SE sqrt(1/12 / n); variance 1/12, SE sqrt((mu4 - sigma^4) / n) with mu4 = 1/80.
    EXPECT_NEAR(m.mean, 0.5, sigmas * std::sqrt(1.0 / 12.0 / n));
    EXPECT_NEAR(m.variance, 1.0 / 12.0, sigmas * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
    // 1000 equal bins
    std::vector<std::uint64_t> counts(1000, 0);
    for (double v : x) ++counts[static_cast<std::size_t>(v * 1000.0)];
    EXPECT_LT(chi_square_uniform(counts), chi_square_bound(999.0));
}

TEST(rng, uniform_on_an_interval_scales_and_shifts) {
    rng_stream s(3, stream_purpose::user, 1);
    constexpr int n = 200000;
    double sum = 0;
    for (int k = 0; k < n; ++k) {
        const double v = s.uniform(-70.0, -55.0);
        ASSERT_GT(v, -70.0);
        ASSERT_LT(v, -55.0);
        sum += v;
    }
    // mean -62.5, SE 15 / sqrt(12 n)
    EXPECT_NEAR(sum / n, -62.5, sigmas * 15.0 / std::sqrt(12.0 * n));
}

// ---- normal ----

TEST(rng, normal_has_the_moments_of_a_standard_normal) {
    constexpr int n = 1000000;
    rng_stream s(4, stream_purpose::user, 0);
    std::vector<double> x(n);
    for (auto& v : x) v = s.normal();
    const auto m = moments_of(x);
    // Standard errors for normal data: mean 1/sqrt(n), variance sqrt(2/n), skewness sqrt(6/n),
    // excess kurtosis sqrt(24/n).
    EXPECT_NEAR(m.mean, 0.0, sigmas / std::sqrt(double(n)));
    EXPECT_NEAR(m.variance, 1.0, sigmas * std::sqrt(2.0 / n));
    EXPECT_NEAR(m.skewness, 0.0, sigmas * std::sqrt(6.0 / n));
    EXPECT_NEAR(m.excess_kurtosis, 0.0, sigmas * std::sqrt(24.0 / n));
    // The tails: P(|z| > 2) = 0.0455003, binomial SE sqrt(p (1 - p) / n).
    const double p2 = 0.0455002638963584;
    const double beyond = double(std::count_if(x.begin(), x.end(), [](double v) { return std::fabs(v) > 2.0; })) / n;
    EXPECT_NEAR(beyond, p2, sigmas * std::sqrt(p2 * (1 - p2) / n));
}

TEST(rng, the_two_values_of_a_box_muller_pair_are_uncorrelated) {
    constexpr int n = 200000;
    rng_stream s(5, stream_purpose::user, 0);
    std::vector<double> first(n), second(n), first_sq(n), second_sq(n);
    for (int k = 0; k < n; ++k) {
        first[k] = s.normal();
        second[k] = s.normal();
        first_sq[k] = first[k] * first[k];
        second_sq[k] = second[k] * second[k];
    }
    // Independence shows in the squares as well (a shared radius would correlate them).
    EXPECT_LT(std::fabs(correlation(first, second)), sigmas / std::sqrt(double(n)));
    EXPECT_LT(std::fabs(correlation(first_sq, second_sq)), sigmas / std::sqrt(double(n)));
}

TEST(rng, normal_with_mean_and_sd) {
    constexpr int n = 200000;
    rng_stream s(6, stream_purpose::user, 0);
    std::vector<double> x(n);
    for (auto& v : x) v = s.normal(-65.0, 2.0);
    const auto m = moments_of(x);
    EXPECT_NEAR(m.mean, -65.0, sigmas * 2.0 / std::sqrt(double(n)));
    EXPECT_NEAR(m.variance, 4.0, sigmas * 4.0 * std::sqrt(2.0 / n));
}

TEST(rng, exponential_has_mean_and_variance_of_its_law) {
    constexpr int n = 500000;
    rng_stream s(7, stream_purpose::user, 0);
    std::vector<double> x(n);
    for (auto& v : x) {
        v = s.exponential(2.0);
        ASSERT_GE(v, 0.0);
    }
    const auto m = moments_of(x);
    // mean 2, SE 2/sqrt(n); variance 4 with mu4 = 9 * 2^4, so SE sqrt((144 - 16) / n).
    EXPECT_NEAR(m.mean, 2.0, sigmas * 2.0 / std::sqrt(double(n)));
    EXPECT_NEAR(m.variance, 4.0, sigmas * std::sqrt((144.0 - 16.0) / n));
}

// ---- Poisson ----

struct poisson_case {
    double mean;
    int n;
};

class poisson_law : public testing::TestWithParam<poisson_case> {};

TEST_P(poisson_law, mean_and_variance_equal_lambda) {
    // Means below 10 take the inversion path, 10 and above the PTRS rejection path
    // (src/core/rng.cpp); both are covered, and the boundary on both sides.
    const auto [lambda, n] = GetParam();
    rng_stream s(8, stream_purpose::user, static_cast<std::uint64_t>(lambda * 1000));
    std::vector<double> x(static_cast<std::size_t>(n));
    for (auto& v : x) v = double(s.poisson(lambda));
    const auto m = moments_of(x);
    // SE of the mean sqrt(lambda/n); of the sample variance sqrt((mu4 - sigma^4)/n) with the
    // Poisson central moment mu4 = lambda (1 + 3 lambda), so mu4 - sigma^4 = lambda + 2 lambda^2.
    EXPECT_NEAR(m.mean, lambda, sigmas * std::sqrt(lambda / n));
    EXPECT_NEAR(m.variance, lambda, sigmas * std::sqrt((lambda + 2 * lambda * lambda) / n));
}

INSTANTIATE_TEST_SUITE_P(small_and_large_means, poisson_law,
                         testing::Values(poisson_case{0.002, 2000000},  // 20 kHz x 0.1 ms per input: rare
                                         poisson_case{0.5, 400000}, poisson_case{3.0, 400000},
                                         poisson_case{9.99, 400000},  // last of inversion
                                         poisson_case{10.0, 400000},  // first of PTRS
                                         poisson_case{37.5, 400000}, poisson_case{1000.0, 200000},
                                         poisson_case{1e6, 200000}),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

/// Poisson probabilities by recursion, pmf(k) = pmf(k-1) lambda / k.
std::vector<double> poisson_pmf(double lambda, int kmax) {
    std::vector<double> p(static_cast<std::size_t>(kmax) + 1);
    p[0] = std::exp(-lambda);
    for (int k = 1; k <= kmax; ++k) p[k] = p[k - 1] * lambda / k;
    return p;
}

/// Chi-square goodness of fit with bins pooled so that every expected count is at least 20.
void expect_poisson_law(double lambda, int n, std::uint64_t id) {
    SCOPED_TRACE("lambda = " + std::to_string(lambda));
    rng_stream s(9, stream_purpose::user, id);
    const int kmax = static_cast<int>(lambda + 12 * std::sqrt(lambda) + 20);
    std::vector<double> counts(static_cast<std::size_t>(kmax) + 2, 0.0);
    for (int i = 0; i < n; ++i) {
        const auto k = s.poisson(lambda);
        ++counts[std::min<std::size_t>(k, static_cast<std::size_t>(kmax) + 1)];
    }
    const auto pmf = poisson_pmf(lambda, kmax);
    double chi2 = 0, obs = 0, exp = 0, tail_p = 1.0;
    int bins = 0;
    for (int k = 0; k <= kmax; ++k) {
        obs += counts[k];
        exp += pmf[k] * n;
        tail_p -= pmf[k];
        if (exp >= 20.0 && tail_p * n >= 20.0) {
            chi2 += (obs - exp) * (obs - exp) / exp;
            ++bins;
            obs = exp = 0;
        }
    }
    // The rest, tail included, is the last bin.
    for (std::size_t k = static_cast<std::size_t>(kmax) + 1; k < counts.size(); ++k) obs += counts[k];
    exp += std::max(tail_p, 0.0) * n;
    chi2 += (obs - exp) * (obs - exp) / exp;
    ++bins;
    EXPECT_LT(chi2, chi_square_bound(bins - 1.0)) << bins << " bins";
}

TEST(rng, poisson_counts_follow_the_poisson_law_on_both_paths) {
    expect_poisson_law(0.8, 400000, 1);  // inversion
    expect_poisson_law(6.0, 400000, 2);  // inversion
    expect_poisson_law(12.0, 400000, 3);  // PTRS near its lower end
    expect_poisson_law(80.0, 400000, 4);  // PTRS
}

TEST(rng, poisson_of_zero_or_negative_mean_is_zero) {
    rng_stream s(10, stream_purpose::user, 0);
    EXPECT_EQ(s.poisson(0.0), 0u);
    EXPECT_EQ(s.poisson(-3.0), 0u);
    EXPECT_EQ(s.poisson(std::nan("")), 0u);
}

// ---- below(n) ----

TEST(rng, below_n_is_uniform_over_0_to_n_minus_1) {
    for (std::uint64_t n : {2ull, 7ull, 10ull, 1000ull}) {
        SCOPED_TRACE("n = " + std::to_string(n));
        rng_stream s(11, stream_purpose::user, n);
        std::vector<std::uint64_t> counts(n, 0);
        const std::uint64_t draws = 1000 * n + 200000;
        for (std::uint64_t k = 0; k < draws; ++k) {
            const auto v = s.below(n);
            ASSERT_LT(v, n);
            ++counts[v];
        }
        EXPECT_LT(chi_square_uniform(counts), chi_square_bound(double(n - 1)));
    }
    rng_stream one(11, stream_purpose::user, 1);
    for (int k = 0; k < 100; ++k) EXPECT_EQ(one.below(1), 0u);
}

TEST(rng, below_n_has_no_bias_where_a_plain_multiply_would_have_one) {
    // n = 3 * 2^30: a 32-bit draw maps to 4/3 values on average, and multiply-shift without the
    // rejection step would give every value with index divisible by 3 twice the probability of
    // the others (counts in residue classes 1/2, 1/4, 1/4). Unbiased: 1/3 each.
    constexpr std::uint64_t n = 3ull << 30;
    rng_stream s(12, stream_purpose::user, 0);
    std::vector<std::uint64_t> residues(3, 0);
    for (int k = 0; k < 300000; ++k) {
        const auto v = s.below(n);
        ASSERT_LT(v, n);
        ++residues[v % 3];
    }
    EXPECT_LT(chi_square_uniform(residues), chi_square_bound(2.0));
}

TEST(rng, below_n_beyond_32_bits_is_uniform) {
    // The 64-bit path: 10^10 split into 20 equal ranges.
    constexpr std::uint64_t n = 10000000000ull;
    rng_stream s(13, stream_purpose::user, 0);
    std::vector<std::uint64_t> counts(20, 0);
    for (int k = 0; k < 200000; ++k) {
        const auto v = s.below(n);
        ASSERT_LT(v, n);
        ++counts[v / (n / 20)];
    }
    EXPECT_LT(chi_square_uniform(counts), chi_square_bound(19.0));
}

}  // namespace

// philox_first_blocks (src/core/rng_batch.hpp) is a faster way to the same numbers: for every
// lane it must give exactly the first four words of the stream it names, which are Random123's
// Philox4x32-10 of the stream's counter and key. Ids crossing 2^32 and steps above 2^32 exercise
// the counter's high words.
TEST(rng, batched_first_blocks_equal_the_streams_first_four_numbers) {
    const std::uint64_t seeds[] = {1, 12345, 0xFFFFFFFF12345678ull};
    const std::uint64_t ids[] = {0, 7, 12493, 0xFFFFFFFCull};
    const std::uint64_t subs[] = {0, 1, 9999, (1ull << 35) + 3};
    for (auto seed : seeds)
        for (auto id0 : ids)
            for (auto sub : subs) {
                const std::uint32_t purpose = (4u << 16) | 3u;
                const auto lanes = lamina::core::philox_first_blocks<8>(seed, purpose, id0, sub);
                for (std::size_t l = 0; l < 8; ++l) {
                    lamina::core::rng_stream rng(seed, purpose, id0 + l, sub);
                    for (std::size_t j = 0; j < 4; ++j) ASSERT_EQ(lanes.block[j][l], rng.next_u32()) << seed << " " << id0 + l << " " << sub;
                }
            }
}

// philox_stream_words (src/core/rng_batch.hpp) computes a stream's blocks eight at a time: it
// must return exactly the numbers next_u32() returns, for lengths that end inside a block and
// inside a group of eight, and for steps above 2^32 (the counter's last word).
TEST(rng, stream_words_equal_the_streams_numbers) {
    for (std::uint64_t sub : {std::uint64_t{0}, std::uint64_t{349}, (std::uint64_t{1} << 35) + 3})
        for (std::size_t count : {std::size_t{1}, std::size_t{5}, std::size_t{32}, std::size_t{33}, std::size_t{1500}}) {
            const std::uint64_t seed = 0xFFFFFFFF12345678ull, id = (std::uint64_t{9} << 16) | 31;
            const auto purpose = static_cast<std::uint32_t>(stream_purpose::rnn_training_noise);
            std::vector<std::uint32_t> words(count);
            lamina::core::philox_stream_words(seed, purpose, id, sub, count, words.data());
            rng_stream rng(seed, purpose, id, sub);
            for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(words[i], rng.next_u32()) << sub << " " << count << " " << i;
        }
}
