// Cerebellum-like expansion (Litwin-Kumar et al. 2017) and readout learning against kernel theory
// (Canatar et al. 2021; Xie et al. 2023), and the electric-fish negative image (Kennedy et al.
// 2014) against the least-squares cancellation.
#include <lamina/analysis/rate_theory.hpp>
#include <lamina/rate_models.hpp>

#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <numbers>
#include <vector>

namespace {

namespace an = lamina::analysis;

lamina::expansion_spec expansion(std::uint64_t M, std::uint64_t N, std::uint64_t K, double f, std::uint64_t P,
                                 std::uint64_t seed) {
    return {.inputs = M, .granule = N, .indegree = K, .patterns = P,
            .threshold = an::coding_threshold(f, 1.0 / std::sqrt(static_cast<double>(K))), .seed = seed};
}

TEST(RateExpansionValidation, ThresholdCorrelationKnownValues) {
    // f = 1/2: the orthant formula gives F(rho) = (2 / pi) asin(rho) (Sheppard 1899).
    for (const double rho : {0.1, 0.5, 0.9})
        EXPECT_NEAR(an::threshold_correlation(rho, 0.5), 2.0 / std::numbers::pi * std::asin(rho), 1e-12);
    EXPECT_NEAR(an::threshold_correlation(1.0, 0.1), 1.0, 1e-10);  // identical inputs
    EXPECT_NEAR(an::threshold_correlation(0.0, 0.1), 0.0, 1e-15);
}

TEST(RateExpansionValidation, DimensionMatchesTheoryAndPeaksAtSmallIndegree) {
    // Fly-like sizes (Litwin-Kumar et al. 2017: M = 50 projection neurons, N = 2000 Kenyon cells,
    // f = 0.1). With equal weights and independent inputs the formula peaks at K = 3 (dimension
    // 194.2; 193.2 at K = 4, 48.8 at K = 1, 143.5 at K = 7): a small in-degree. The paper's fly
    // optimum near the anatomical 7 needs heterogeneous weights (next test).
    std::uint64_t best = 1;
    for (std::uint64_t K = 1; K <= 50; ++K)
        if (an::expansion_dimension(50, 2000, K, 0.1) > an::expansion_dimension(50, 2000, best, 0.1)) best = K;
    EXPECT_EQ(best, 3u);
    // Simulation from P = 1500 patterns. The U-statistic of tr C^2 is unbiased but the ratio is
    // not, and binary units with shared inputs have heavy fourth moments: over 8 seeds the ratio
    // simulation / theory was 0.998 +- 0.003 (K = 1), 1.017 +- 0.019 (K = 4), 1.033 +- 0.039
    // (K = 7). Tolerances: mean offset + 3 sd (K = 3 takes K = 4's).
    const std::vector<std::pair<std::uint64_t, double>> cases = {{1, 0.012}, {3, 0.08}, {7, 0.15}};
    std::vector<double> pr;
    for (const auto& [K, tol] : cases) {
        const auto r = lamina::run_expansion(expansion(50, 2000, K, 0.1, 1500, 11 + K));
        pr.push_back(an::participation_ratio_known_mean(r.granule, r.patterns, r.N, std::vector<double>(r.N, 0.1)));
        const double theory = an::expansion_dimension(50, 2000, K, 0.1);
        EXPECT_NEAR(pr.back() / theory, 1.0, tol) << "K = " << K << ": " << pr.back() << " vs " << theory;
    }
    // The simulated dimension also peaks at the small in-degree (differences of ~10 and ~35 sd).
    EXPECT_GT(pr[1], pr[0]);
    EXPECT_GT(pr[1], pr[2]);
}

TEST(RateExpansionValidation, WeightHeterogeneityMovesTheOptimumToTheAnatomicalIndegree) {
    // Litwin-Kumar et al. 2017 put the fly optimum near the anatomical K ~ 7 claws (M = 50, N = 2000,
    // f = 0.1). With equal weights the formula peaks at K = 3 (194.2) and K = 7 is 26 % below (143.5).
    // Shared inputs correlate two cells by rho = sum_shared w v / (|w| |v|); heterogeneous
    // (lognormal, CV 1) excitatory weights lower rho for the same overlap, flatten the curve and
    // move the peak to K = 5-6 (164.0, 163.5; seed 2: 163.4, 165.4), with K = 7 2-2.5 % below it
    // (160.3) and K = 4-8 within 5 %: the anatomical in-degree sits on the optimum's plateau. (CV ~ 1
    // is the spread of measured excitatory synaptic strengths; with CV 0.5 the peak is at K = 4.)
    auto argmax = [](auto&& dim) {
        std::uint64_t best = 1;
        double top = dim(1);
        for (std::uint64_t K = 2; K <= 12; ++K)  // both curves fall monotonically beyond K = 7
            if (const double d = dim(K); d > top) best = K, top = d;
        return std::pair{best, top};
    };
    std::vector<double> het_curve(13, 0.0);  // K = 1..12, computed once (0.2-1 s per point)
    for (std::uint64_t K = 1; K <= 12; ++K) het_curve[K] = an::expansion_dimension_heterogeneous(50, 2000, K, 0.1, 1.0, 200000, 1);
    const auto het = [&](std::uint64_t K) { return het_curve[K]; };
    const auto [k_eq, d_eq] = argmax([](std::uint64_t K) { return an::expansion_dimension(50, 2000, K, 0.1); });
    const auto [k_het, d_het] = argmax(het);
    EXPECT_EQ(k_eq, 3u);
    EXPECT_LT(an::expansion_dimension(50, 2000, 7, 0.1), 0.8 * d_eq);
    // Monte Carlo error of the heterogeneous curve (200000 weight pairs): ~0.7 % per point (two
    // seeds differ by up to 1.2 %), as large as the steps between K = 5, 6, 7: the peak is
    // asserted in [5, 7], and K = 7 within 4 % of it (2-2.5 % measured, + 2 MC errors).
    EXPECT_GE(k_het, 5u);
    EXPECT_LE(k_het, 7u);
    EXPECT_GT(het(7), 0.96 * d_het);
    // Equal weights are the CV -> 0 limit of the heterogeneous formula (Monte Carlo exact then; F
    // is tabulated on 4096 intervals of asin rho, a relative interpolation error ~3e-8).
    EXPECT_NEAR(an::expansion_dimension_heterogeneous(50, 2000, 5, 0.1, 0.0, 100, 1) / an::expansion_dimension(50, 2000, 5, 0.1),
                1.0, 1e-7);
    // The simulated network with lognormal weights (per-cell thresholds at f = 0.1) has the
    // predicted dimension: over 6 seeds the ratio simulation / theory was 0.993 +- 0.008 (K = 3) and
    // 0.991 +- 0.021 (K = 7); tolerances mean offset + 3 sd.
    for (const std::uint64_t K : {3ul, 7ul}) {
        lamina::expansion_spec e{.inputs = 50, .granule = 2000, .indegree = K, .patterns = 1500,
                                 .threshold = an::coding_threshold(0.1), .seed = 40 + K, .weight_cv = 1.0};
        const auto r = lamina::run_expansion(e);
        double active = 0.0;
        for (const double m : r.granule) active += m / static_cast<double>(r.granule.size());
        EXPECT_NEAR(active, 0.1, 0.005);  // measured 0.0987-0.1025 over 6 networks (shared patterns)
        const double pr = an::participation_ratio_known_mean(r.granule, r.patterns, r.N, std::vector<double>(r.N, 0.1));
        EXPECT_NEAR(pr / het(K), 1.0, K == 3 ? 0.035 : 0.075) << "K = " << K << ": " << pr << " vs " << het(K);
    }
}

TEST(RateExpansionValidation, ReadoutGeneralisationMatchesKernelTheory) {
    // Q = 400 inputs (the uniform distribution on them is the data distribution), expansion as
    // above with N = 1000, K = 4; target smooth in x: y = sin(a . x) with |a| = 1 (a random
    // direction), i.e. a low-frequency function of one input direction.
    const std::uint64_t Q = 400, M = 50, N = 1000;
    const auto r = lamina::run_expansion(expansion(M, N, 4, 0.1, Q, 3));
    std::vector<double> a(M);
    lamina::core::rng_stream rng(5, lamina::core::stream_purpose::user, 0);
    double na = 0.0;
    for (auto& v : a) {
        v = rng.normal();
        na += v * v;
    }
    std::vector<double> y(Q);
    for (std::uint64_t q = 0; q < Q; ++q) {
        double d = 0.0;
        for (std::uint64_t j = 0; j < M; ++j) d += a[j] * r.inputs[q * M + j];
        y[q] = std::sin(d / std::sqrt(na));
    }
    const auto spec = an::kernel_spectrum_of(r.granule, Q, N, y);
    const double ridge = 1e-3;
    for (const std::uint64_t P : {25ul, 50ul, 100ul}) {
        const int reps = 40;
        double mean = 0.0;
        for (int rep = 0; rep < reps; ++rep) {
            lamina::core::rng_stream pick(7, lamina::core::stream_purpose::user, 1000 + P, static_cast<std::uint64_t>(rep));
            std::vector<std::uint64_t> train(P);
            for (auto& t : train) t = pick.below(Q);
            mean += an::ridge_readout_error(r.granule, Q, N, y, train, ridge) / reps;
        }
        const double theory = an::kernel_regression_error(spec, static_cast<double>(P), ridge).error;
        // Measured (2 pools x 40 training sets): 0.99-1.02 with a standard error of 1-1.5 % per
        // point; tolerance 6 % (3 standard errors + 2 %). At P = 200 = Q / 2 the simulation sits 6-10 %
        // above the theory (finite-pool correction, not in the P -> infinity theory): not tested.
        EXPECT_NEAR(mean / theory, 1.0, 0.06) << "P = " << P << ": " << mean << " vs " << theory;
    }
}

TEST(RateExpansionValidation, NegativeImageConvergesToLeastSquaresCancellation) {
    lamina::negative_image_spec s;
    s.cycles = 3000;
    const auto r = lamina::learn_negative_image(s);
    // The engine's granule basis: unit 0 of chain c after a command of width w and area tau_c is
    // (tau_c / w)(e^{w / tau_c} - 1) e^{-t / tau_c} for t >= w, exactly (exact integrator).
    for (std::uint64_t c = 0; c < s.chains; ++c) {
        const double tc = s.tau_ms * std::ldexp(1.0, static_cast<int>(c)), w = s.command_ms;
        for (std::uint64_t t = 10; t < r.T; t += 37) {
            const double tm = static_cast<double>(t) * s.dt_ms;
            EXPECT_NEAR(r.basis[t * r.B + c * s.chain_length], tc / w * std::expm1(w / tc) * std::exp(-tm / tc), 1e-10);
        }
    }
    const auto ls = an::least_squares_cancellation(r.basis, r.T, r.B, r.self_input, s.baseline);
    double res = 0.0, s2 = 0.0;
    for (std::uint64_t t = 0; t < r.T; ++t) {
        res += ls.residual[t] * ls.residual[t] / static_cast<double>(r.T);
        s2 += r.self_input[t] * r.self_input[t] / static_cast<double>(r.T);
    }
    EXPECT_LT(res / s2, 1e-3);  // the basis can cancel the self-generated input almost entirely
    // Convergence law: with G = U S V^T, the cycle update w <- w - eta dt G^T (G w + s - b) shrinks
    // the output's component on u_k by (1 - eta dt s_k^2) per cycle, so from w = 0
    //   error_n = E* + (1/T) sum_k (1 - eta dt s_k^2)^{2n} (u_k . (s - b))^2,
    // E* the least-squares residual: the negative image converges to the least-squares
    // cancellation mode by mode. Checked to 1e-9 relative (rounding over n updates).
    using rowm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::MatrixXd G = Eigen::Map<const rowm>(r.basis.data(), r.T, r.B);
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(G, Eigen::ComputeThinU);
    Eigen::VectorXd sb = Eigen::Map<const Eigen::VectorXd>(r.self_input.data(), r.T).array() - s.baseline;
    const Eigen::VectorXd proj = svd.matrixU().transpose() * sb;
    for (const std::uint64_t n : {0ul, 10ul, 100ul, 1000ul, 3000ul}) {
        double pred = res;
        for (Eigen::Index k = 0; k < proj.size(); ++k) {
            const double q = 1.0 - r.eta * s.dt_ms * svd.singularValues()(k) * svd.singularValues()(k);
            pred += std::pow(q, 2.0 * static_cast<double>(n)) * proj(k) * proj(k) / static_cast<double>(r.T);
        }
        EXPECT_NEAR(r.error[n] / pred, 1.0, 1e-9) << "cycle " << n;
    }
    // Gradient descent with eta dt s_max^2 = 1 never increases the error.
    for (std::size_t c = 1; c < r.error.size(); ++c) EXPECT_LE(r.error[c], r.error[c - 1] * (1 + 1e-12));
    EXPECT_GE(r.error.back(), res * (1 - 1e-9));
}

}  // namespace
