// Irregularity and count variability on processes whose answers are known in closed form.
#include <lamina/analysis/rates.hpp>
#include <lamina/analysis/variability.hpp>

#include "analysis_synthetic.hpp"

#include <gtest/gtest.h>

namespace {

using namespace lamina;
using namespace lamina::analysis;

// 50 units x 10 Hz x 1000 s: ~5e5 ISIs pooled, ~1e4 per unit.
spike_trains renewal_population(double shape, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<std::vector<double>> units;
    for (int u = 0; u < 50; ++u) units.push_back(test::gamma_train(g, 10.0, shape, 1e6));
    return test::make_trains(units, 0.0, 1e6);
}

TEST(AnalysisVariability, PoissonGivesOneForCvCv2LvAndFano) {
    const auto trains = renewal_population(1.0, 11);
    // Sampling errors of the means over n ~ 5e5 exponential ISIs: CV ~ 1/sqrt(n) = 0.0014 (delta
    // method: var(s^2) = 8/n, var(m) = 1/n, cov = 2/n); CV2 = 2|R| and LV = 3R^2 with
    // R = (a-b)/(a+b) uniform on (-1, 1) for exponentials, so s.d. 0.58/sqrt(n) and 0.89/sqrt(n),
    // ~0.001 (a little more: consecutive pairs share an ISI). 0.01 is > 5 s.d. for each.
    EXPECT_NEAR(test::mean_of(cv_isi(trains)), 1.0, 0.01);
    EXPECT_NEAR(test::mean_of(cv2(trains)), 1.0, 0.01);
    EXPECT_NEAR(test::mean_of(lv(trains)), 1.0, 0.01);
    // Fano in 100 ms windows (mean count 1, W = 1e4 windows per unit): per unit s.d. about
    // sqrt(2/W + 1/W) = 0.017, over 50 units 0.0025; 0.015 is 6 s.d.
    EXPECT_NEAR(test::mean_of(fano_factor(trains, 100.0)), 1.0, 0.015);
    // And in 1 s windows (mean count 10, 1e3 windows): s.d. ~ sqrt(2/1e3)/sqrt(50) = 0.006.
    EXPECT_NEAR(test::mean_of(fano_factor(trains, 1000.0)), 1.0, 0.03);
}

TEST(AnalysisVariability, GammaProcessGivesKnownCvAndLv) {
    for (double k : {2.0, 4.0}) {
        const auto trains = renewal_population(k, 20 + std::uint64_t(k));
        SCOPED_TRACE("shape k = " + std::to_string(k));
        // CV = 1/sqrt(k); E[LV] = 3/(2k+1) (Shinomoto et al. 2003). With 5e5 ISIs the s.d. of
        // both means is below 0.002; 0.01 leaves > 5 s.d.
        EXPECT_NEAR(test::mean_of(cv_isi(trains)), 1.0 / std::sqrt(k), 0.01);
        EXPECT_NEAR(test::mean_of(lv(trains)), 3.0 / (2.0 * k + 1.0), 0.01);
        // Regular-ish trains are below Poisson in CV2 as well (no closed form needed here).
        EXPECT_LT(test::mean_of(cv2(trains)), 0.9);
        // For long windows the Fano factor of a renewal process tends to CV^2 = 1/k (Cox 1962),
        // with an O(1/(rate T)) correction: 10 s windows hold 100 spikes, correction < 0.01.
        // 100 windows per unit, 50 units: s.d. ~ (1/k) sqrt(2/100)/sqrt(50) < 0.01; 0.04 allows both.
        EXPECT_NEAR(test::mean_of(fano_factor(trains, 10000.0)), 1.0 / k, 0.04);
    }
}

TEST(AnalysisVariability, CvAndLvIgnoreSpikesOutsideTheWindow) {
    std::mt19937_64 g(3);
    auto t = test::gamma_train(g, 10.0, 4.0, 2e5);
    // A burst of close spikes after the window must not change the window's statistics.
    auto with_burst = t;
    for (int k = 0; k < 50; ++k) with_burst.push_back(2e5 + 1.0 + k);
    const auto a = test::make_trains({t}, 0.0, 2e5), b = test::make_trains({with_burst}, 0.0, 2e5);
    EXPECT_DOUBLE_EQ(lv(a)[0], lv(b)[0]);
    EXPECT_DOUBLE_EQ(cv2(a)[0], cv2(b)[0]);
    EXPECT_DOUBLE_EQ(cv_isi(a)[0], cv_isi(b)[0]);
    EXPECT_DOUBLE_EQ(firing_rates(a)[0], firing_rates(b)[0]);
}

TEST(AnalysisVariability, PopulationRateMatchesTheUnitsRate) {
    const auto trains = renewal_population(1.0, 5);
    // 50 units at 10 Hz: the mean of the binned population rate is the mean rate, up to the
    // Poisson error of 5e5 spikes (relative 0.0014).
    const auto r = population_rate(trains, 10.0);
    double mean = 0.0;
    for (double v : r.values) mean += v;
    mean /= double(r.values.size());
    EXPECT_NEAR(mean, 10.0, 0.05);
    EXPECT_NEAR(mean_population_rate(trains), 10.0, 0.05);
    const auto sm = smoothed_population_rate(trains, 20.0, 1.0);
    double ms = 0.0;
    for (double v : sm.values) ms += v;
    EXPECT_NEAR(ms / double(sm.values.size()), 10.0, 0.05);
    // Smoothing with sigma = 20 ms averages ~ 2 sqrt(pi) 20 ms x 500 spikes/s = 35 spikes: the
    // fluctuations shrink from sqrt(5)/0.5 (10 ms bins: 5 spikes) to about 1/sqrt(35) of the mean.
    double var = 0.0;
    for (double v : sm.values) var += (v - 10.0) * (v - 10.0);
    EXPECT_NEAR(std::sqrt(var / double(sm.values.size())) / 10.0, 1.0 / std::sqrt(35.4), 0.02);
}

}  // namespace
