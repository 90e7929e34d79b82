// Special functions and series estimators on inputs with exact answers: the Hurwitz zeta function,
// autocorrelation, branching-ratio fit, participation ratio, power-law input checks.
#include <lamina/analysis/all.hpp>
#include <lamina/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <numbers>
#include <random>

namespace {

using namespace lamina;
using namespace lamina::analysis;

TEST(AnalysisEstimators, HurwitzZetaKnownValues) {
    const double pi2 = std::numbers::pi * std::numbers::pi;
    EXPECT_NEAR(hurwitz_zeta(2.0, 1.0), pi2 / 6.0, 1e-15);
    EXPECT_NEAR(hurwitz_zeta(4.0, 1.0), pi2 * pi2 / 90.0, 1e-15);
    EXPECT_NEAR(hurwitz_zeta(3.0, 1.0), 1.2020569031595942854, 1e-15);
    EXPECT_NEAR(hurwitz_zeta(1.5, 1.0), 2.6123753486854883433, 1e-14);
    // zeta(s, 1/2) = (2^s - 1) zeta(s)
    EXPECT_NEAR(hurwitz_zeta(2.0, 0.5), 3.0 * pi2 / 6.0, 1e-14);
    // Shift: zeta(s, q) = q^-s + zeta(s, q + 1), across the direct-sum threshold and far out.
    for (double q : {0.3, 7.0, 9.5, 10.0, 123.4, 230000.0})
        for (double s : {1.01, 1.5, 2.7, 12.0, 40.0})
            EXPECT_NEAR(hurwitz_zeta(s, q), std::pow(q, -s) + hurwitz_zeta(s, q + 1.0), 1e-14 * hurwitz_zeta(s, q))
                << "s=" << s << " q=" << q;
    // Near s = 1: zeta(s, 1) ~ 1/(s-1) + Euler's gamma.
    EXPECT_NEAR(hurwitz_zeta(1.0 + 1e-6, 1.0), 1e6 + 0.5772156649, 1e-3);
    EXPECT_THROW(hurwitz_zeta(1.0, 1.0), input_error);
    EXPECT_THROW(hurwitz_zeta(2.0, 0.0), input_error);
}

TEST(AnalysisEstimators, PowerlawInputChecks) {
    const std::vector<double> frac{1.5, 2.0, 3.0};
    EXPECT_THROW(fit_powerlaw(frac), input_error);  // discrete needs integers
    const std::vector<double> zero{0.0, 1.0, 2.0};
    powerlaw_options c;
    c.discrete = false;
    EXPECT_THROW(fit_powerlaw(zero, c), input_error);
    const std::vector<double> one{3.0};
    EXPECT_THROW(fit_powerlaw(one), input_error);
    const std::vector<double> small{1, 2, 3, 4, 5};
    EXPECT_THROW(fit_powerlaw(small), input_error);  // no candidate keeps min_tail = 10 points
    powerlaw_options loose;
    loose.min_tail = 2;
    EXPECT_NO_THROW(fit_powerlaw(small, loose));
    powerlaw_fit bad;
    bad.alpha = 0.5;
    bad.x_min = 1.0;
    EXPECT_THROW(compare_lognormal(small, bad), input_error);
    std::vector<double> out(3);
    EXPECT_THROW(sample_powerlaw(bad, out, 1), input_error);
}

TEST(AnalysisEstimators, ScreenedXminScanEqualsTheExhaustiveScan) {
    // The scan skips candidates by a lower bound of their KS distance; it must pick exactly the
    // candidate an exhaustive scan (every x_min fitted and its full distance computed) picks.
    std::mt19937_64 g(5);
    for (bool discrete : {true, false}) {
        std::vector<double> x;
        std::lognormal_distribution<double> body(1.5, 0.8);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (int k = 0; k < 600; ++k) {
            const double v = k < 400 ? body(g) : 20.0 * std::pow(u(g), -1.0 / 1.5);
            x.push_back(discrete ? std::max(1.0, std::floor(v)) : v);
        }
        powerlaw_options o;
        o.discrete = discrete;
        const auto fit = fit_powerlaw(x, o);
        std::vector<double> cand = x;
        std::sort(cand.begin(), cand.end());
        cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
        double best = INFINITY, best_x = 0.0;
        for (std::size_t k = 0; k + 1 < cand.size(); ++k) {
            powerlaw_options fixed = o;
            fixed.x_min = cand[k];
            const auto f = fit_powerlaw(x, fixed);
            if (f.n_tail < o.min_tail) break;
            if (f.ks_distance < best) best = f.ks_distance, best_x = f.x_min;
        }
        EXPECT_EQ(fit.x_min, best_x) << (discrete ? "discrete" : "continuous");
        EXPECT_DOUBLE_EQ(fit.ks_distance, best);
    }
}

TEST(AnalysisEstimators, AutocorrelationOfASine) {
    // A sine of period 40 samples: autocorrelation ~ cos(2 pi k / 40) (1 - k/T) for the biased estimator.
    std::vector<double> x(4000);
    for (std::size_t t = 0; t < x.size(); ++t) x[t] = std::sin(2.0 * std::numbers::pi * double(t) / 40.0);
    const auto r = autocorrelation(x, 40);
    EXPECT_DOUBLE_EQ(r[0], 1.0);
    // Sums over a non-whole number of periods leave terms of order period / T = 0.01 / 2.
    EXPECT_NEAR(r[10], 0.0, 3e-3);
    EXPECT_NEAR(r[20], -(1.0 - 20.0 / 4000.0), 3e-3);
    EXPECT_NEAR(r[40], 1.0 - 40.0 / 4000.0, 3e-3);
    const std::vector<double> flat(10, 3.0);
    EXPECT_TRUE(std::isnan(autocorrelation(flat, 2)[1]));
    EXPECT_THROW(autocorrelation(flat, 10), input_error);
}

TEST(AnalysisEstimators, TimescaleReportsWhatItCannotFit) {
    // A constant signal has no autocorrelation to fit: NaN and not converged, not an exception;
    // fewer than 4 lags, or a bad dt, are input errors. (The fit itself is validated on OU
    // processes in tests/validation/analysis_timescale_test.cpp.)
    const std::vector<double> flat(100, 1.0);
    const auto e = intrinsic_timescale(flat, 1.0, 10);
    EXPECT_FALSE(e.converged);
    EXPECT_TRUE(std::isnan(e.tau_ms));
    EXPECT_THROW(intrinsic_timescale(flat, 1.0, 3, 1), input_error);
    EXPECT_THROW(intrinsic_timescale(flat, 0.0, 10), input_error);
}

TEST(AnalysisEstimators, BranchingFitOfExactGeometricSlopes) {
    // x_{t+1} = m x_t exactly (a decaying geometric series, restarted): every regression slope is
    // m^k, so the fit must return m and b = 1 to the precision of the golden-section search.
    std::vector<double> a;
    for (int rep = 0; rep < 50; ++rep)
        for (int k = 0; k < 200; ++k) a.push_back(1000.0 * std::pow(0.9, k));
    const auto e = branching_ratio(a, 2.0, 5);
    // Restarts break the exact relation at 5 of 200 points per block; the slope stays ~0.9.
    EXPECT_NEAR(e.m, 0.9, 0.02);
    EXPECT_NEAR(e.tau_ms, -2.0 / std::log(e.m), 1e-9);
    const std::vector<double> constant(100, 4.0);
    EXPECT_THROW(branching_ratio(constant, 1.0, 5), input_error);
}

TEST(AnalysisEstimators, ParticipationRatioOfSpectraAndSamples) {
    const std::vector<double> one{5.0, 0.0, 0.0}, flat{2.0, 2.0, 2.0, 2.0};
    EXPECT_DOUBLE_EQ(participation_ratio(one), 1.0);
    EXPECT_DOUBLE_EQ(participation_ratio(flat), 4.0);
    const std::vector<double> zeros{0.0, 0.0};
    EXPECT_TRUE(std::isnan(participation_ratio(zeros)));
    // Two perfectly anticorrelated variables: one dimension.
    const std::vector<double> s{1, 2, 3, 4, -1, -2, -3, -4};
    EXPECT_NEAR(participation_ratio(s, 2), 1.0, 1e-12);
    EXPECT_THROW(participation_ratio(s, 3), input_error);
    EXPECT_THROW(participation_ratio(std::vector<double>{1.0, 2.0}, 2), input_error);
}

}  // namespace
