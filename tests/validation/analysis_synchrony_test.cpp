// Spike-count correlation, STTC and Golomb's chi on trains with known synchrony.
#include <lamina/analysis/synchrony.hpp>

#include "analysis_synthetic.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace lamina;
using namespace lamina::analysis;

// Units that each take a shared Poisson train of rate c r and add a private one of rate (1-c) r:
// their counts in any bin have correlation exactly c (shared variance c r T over total r T).
spike_trains shared_input(std::uint64_t seed, std::size_t n, double rate, double c, double t_ms) {
    std::mt19937_64 g(seed);
    const auto common = test::poisson_train(g, c * rate, t_ms);
    std::vector<std::vector<double>> units;
    for (std::size_t u = 0; u < n; ++u) {
        auto t = test::poisson_train(g, (1.0 - c) * rate, t_ms);
        t.insert(t.end(), common.begin(), common.end());
        std::sort(t.begin(), t.end());
        units.push_back(t);
    }
    return test::make_trains(units, 0.0, t_ms);
}

TEST(AnalysisSynchrony, CountCorrelationOfSharedInputIsTheSharedFraction) {
    const auto trains = shared_input(1, 20, 20.0, 0.3, 1e6);
    const auto all = spike_count_correlation(trains, 100.0);
    ASSERT_EQ(all.size(), 190u);
    double mean = 0.0;
    for (const auto& p : all) mean += p.value;
    mean /= double(all.size());
    // 1e4 bins: each r has s.d. (1 - r^2)/sqrt(1e4) = 0.009; the 190 pairs share the common train,
    // so their mean is not much tighter: 0.03 is > 3 s.d.
    EXPECT_NEAR(mean, 0.3, 0.03);
    // The pair-by-pair path computes the same numbers as the covariance-matrix path.
    const auto some = sample_pairs(20, 25, 3);
    const auto sampled = spike_count_correlation(trains, 100.0, some);
    for (const auto& p : sampled) {
        const auto it = std::find_if(all.begin(), all.end(), [&](const pair_value& q) { return q.i == p.i && q.j == p.j; });
        ASSERT_NE(it, all.end());
        EXPECT_NEAR(p.value, it->value, 1e-9);
    }
}

TEST(AnalysisSynchrony, SttcIsOneForIdenticalAndNearZeroForIndependentTrains) {
    std::mt19937_64 g(2);
    const auto a = test::poisson_train(g, 5.0, 1e6), b = test::poisson_train(g, 5.0, 1e6);
    EXPECT_DOUBLE_EQ(sttc(a, a, 0.0, 1e6, 5.0), 1.0);
    // Independent: P_A estimates T_B, so each term is (P - T)/(1 - P T) with P - T of s.d.
    // sqrt(T(1-T)/n) = sqrt(0.05/5000) = 0.003 for T ~ 0.05 and n = 5000 spikes: 0.02 is > 5 s.d.
    EXPECT_NEAR(sttc(a, b, 0.0, 1e6, 5.0), 0.0, 0.02);
    // A copy jittered by less than dt still tiles completely.
    auto c = a;
    std::uniform_real_distribution<double> j(-2.0, 2.0);
    for (double& t : c) t += j(g);
    std::sort(c.begin(), c.end());
    EXPECT_NEAR(sttc(a, c, 0.0, 1e6, 5.0), 1.0, 1e-3);  // only edge spikes can fall out
    // Shared input with fraction 0.3: the coincident third raises STTC well above 0.
    const auto s = shared_input(4, 2, 5.0, 0.3, 1e6);
    const auto v = sttc_pairs(s, all_pairs(2), 5.0);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_GT(v[0].value, 0.25);
    EXPECT_DOUBLE_EQ(v[0].value, sttc(s.unit(0), s.unit(1), 0.0, 1e6, 5.0));
}

TEST(AnalysisSynchrony, GolombChiIsOneForSynchronousAndSmallForIndependentUnits) {
    std::mt19937_64 g(3);
    const auto t = test::poisson_train(g, 10.0, 1e5);
    std::vector<std::vector<double>> same(50, t), indep;
    EXPECT_NEAR(golomb_chi(test::make_trains(same, 0.0, 1e5), 5.0), 1.0, 1e-12);
    for (int u = 0; u < 50; ++u) indep.push_back(test::poisson_train(g, 10.0, 1e5));
    // Independent units: chi^2 -> 1/N (the population variance is the sum of the units'), so chi
    // ~ 1/sqrt(50) = 0.141, with relative error ~1/sqrt(2e4 bins) from the variance estimates.
    EXPECT_NEAR(golomb_chi(test::make_trains(indep, 0.0, 1e5), 5.0), 1.0 / std::sqrt(50.0), 0.01);
    // Shared input of fraction c gives chi^2 = c + (1 - c)/N for equal rates.
    const auto s = shared_input(5, 50, 10.0, 0.3, 1e5);
    EXPECT_NEAR(golomb_chi(s, 5.0), std::sqrt(0.3 + 0.7 / 50.0), 0.02);
}

TEST(AnalysisSynchrony, SampledPairsAreDistinctReproducibleAndInRange) {
    const auto p = sample_pairs(1000, 5000, 9);
    ASSERT_EQ(p.size(), 5000u);
    for (std::size_t k = 0; k < p.size(); ++k) {
        EXPECT_LT(p[k].i, p[k].j);
        EXPECT_LT(p[k].j, 1000u);
        if (k > 0) { EXPECT_TRUE(p[k - 1].i < p[k].i || (p[k - 1].i == p[k].i && p[k - 1].j < p[k].j)); }
    }
    const auto q = sample_pairs(1000, 5000, 9);
    EXPECT_TRUE(std::equal(p.begin(), p.end(), q.begin(), [](auto a, auto b) { return a.i == b.i && a.j == b.j; }));
    // Uniform over pairs: the mean first index of a pair i < j is (n - 2)/3 + ... ~ n/3.
    double mi = 0.0;
    for (const auto& x : p) mi += x.i;
    EXPECT_NEAR(mi / 5000.0, 333.0, 12.0);  // s.d. of i ~ 236, over 5000 draws: 3.3
}

}  // namespace
