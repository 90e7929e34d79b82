// Intrinsic timescale: an Ornstein-Uhlenbeck process of known tau, sampled directly and as the
// rate of a doubly stochastic Poisson population.
#include <lamina/analysis/timescales.hpp>

#include "analysis_synthetic.hpp"

#include <gtest/gtest.h>

namespace {

using namespace lamina;
using namespace lamina::analysis;

// Exact OU update (Gillespie 1996): x' = x e^{-dt/tau} + sqrt(1 - e^{-2 dt/tau}) xi, unit variance.
std::vector<double> ou(std::mt19937_64& g, double tau, double dt, std::size_t n) {
    std::normal_distribution<double> xi;
    const double a = std::exp(-dt / tau), s = std::sqrt(1.0 - a * a);
    std::vector<double> x(n);
    double v = xi(g);
    for (auto& e : x) e = v = a * v + s * xi(g);
    return x;
}

TEST(AnalysisTimescale, OrnsteinUhlenbeckGivesItsTau) {
    std::mt19937_64 g(1);
    for (double tau : {5.0, 20.0, 80.0}) {
        SCOPED_TRACE("tau = " + std::to_string(tau));
        const auto x = ou(g, tau, 1.0, 1000000);
        const auto e = intrinsic_timescale(x, 1.0, static_cast<std::size_t>(5.0 * tau), 1);
        RecordProperty("tau_" + std::to_string(int(tau)), std::to_string(e.tau_ms));
        EXPECT_TRUE(e.converged);
        // The autocorrelation of an OU series of length T has s.d. ~ sqrt(2 tau / T) per lag
        // (Bartlett's formula); fitting 5 tau of lags reduces it, but the lags are correlated, so
        // the relative error of tau is of that order: 0.006 for tau = 20, 0.013 for tau = 80.
        // 5% is about 4 s.d. for the largest tau.
        EXPECT_NEAR(e.tau_ms, tau, 0.05 * tau);
        EXPECT_NEAR(e.amplitude, 1.0, 0.1);
        EXPECT_NEAR(e.offset, 0.0, 0.05);
    }
}

TEST(AnalysisTimescale, PoissonPopulationDrivenByAnOuRateGivesTau) {
    // 100 units at 10 Hz whose common rate is modulated by 30% with an OU process of tau = 50 ms
    // (clipping at zero needs x < -3.3: 5e-4 of the time, negligible). Binned at 5 ms, the
    // population count's autocorrelation for lags >= 1 is proportional to e^{-lag/tau}: binning
    // multiplies it by a constant, and the Poisson counting noise only sits at lag 0.
    std::mt19937_64 g(2);
    const double tau = 50.0, dt = 1.0, duration = 1e6;
    const auto x = ou(g, tau, dt, static_cast<std::size_t>(duration / dt));
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    std::uniform_int_distribution<std::uint64_t> unit(0, 99);
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double rate = std::max(0.0, 100.0 * 10.0 * (1.0 + 0.3 * x[k]));  // population, Hz
        const auto n = std::poisson_distribution<int>(rate * dt * 1e-3)(g);
        for (int i = 0; i < n; ++i) {
            times.push_back(double(k) * dt + u01(g) * dt);
            ids.push_back(unit(g));
        }
    }
    const auto trains = spike_trains::from_pairs(times, ids, 100, 0.0, duration);
    const auto e = intrinsic_timescale(trains, 5.0, 300.0);
    RecordProperty("tau_spikes", std::to_string(e.tau_ms));
    EXPECT_TRUE(e.converged);
    // Signal variance per 5 ms bin (0.3 x 5)^2 ~ 2 against Poisson noise 5: the relative
    // error grows by about (1 + 5/2) over the direct OU case, ~0.01 x 3.5 = 3.5%: allow 12%.
    EXPECT_NEAR(e.tau_ms, tau, 0.12 * tau);
    EXPECT_EQ(e.autocorrelation.size(), 61u);
    EXPECT_DOUBLE_EQ(e.autocorrelation[0], 1.0);
}

}  // namespace
