// Lyapunov spectra of random rate networks (Sompolinsky, Crisanti & Sommers 1988, PRL 61:259):
// tau dx/dt = -x + J tanh(x), J_ij ~ N(0, g^2/N). Below g = 1 the origin is stable and the
// largest exponent is (Re mu_max(J) - 1) / tau -> (g - 1) / tau; above, the dynamics is chaotic.
#include <lamina/rate_network.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numeric>

namespace {

using namespace lamina;

rate_network_spec random_tanh(std::uint64_t n, double g, double dt, std::uint64_t seed = 1) {
    rate_network_spec s;
    s.settings.dt = dt;
    s.settings.seed = seed;
    rate_population_spec p;
    p.name = "net";
    p.size = n;
    p.tau = 10.0;
    p.x0_std = 1.0;
    s.populations.push_back(p);
    rate_connection_spec c;
    c.source = c.target = "net";
    c.g = g;
    s.connections.push_back(c);
    return s;
}

// g = 0.5: x decays to 0 and the tangent map of an Euler step is M = (1 - h) I + h J (h = dt/tau,
// tanh'(0) = 1), so the largest exponent is exactly max_mu ln|1 - h + h mu| / dt over J's
// eigenvalues mu. Benettin's estimate after 2000 ms converges to it up to the log of the initial
// vector's projection over the averaging time (< 1e-4 / ms here); 1% of |lambda|. Against
// continuous time, (g - 1)/tau = -0.05 / ms: the Euler map at h = 0.1 and the finite-N edge of
// the circular law (max Re mu = g (1 - O(N^-1/2)) for N = 200) move it by up to 0.005 / ms.
TEST(RateLyapunov, BelowTheTransitionLargestExponentIsGMinusOne) {
    const double dt = 1.0, tau = 10.0, h = dt / tau;
    rate_simulation sim(random_tanh(200, 0.5, dt));
    const auto Jv = sim.connectivity_matrix();
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> J(Jv.data(), 200, 200);
    const Eigen::VectorXcd mu = Eigen::EigenSolver<Eigen::MatrixXd>(J).eigenvalues();
    double exact = -INFINITY;
    for (const auto& m : mu) exact = std::max(exact, std::log(std::abs(1.0 - h + h * m)) / dt);
    lyapunov_options o;
    o.time_ms = 2000.0;
    o.transient_ms = 500.0;
    const auto res = lyapunov_spectrum(sim, o);
    EXPECT_NEAR(res.exponents[0], exact, 0.01 * std::abs(exact));
    EXPECT_NEAR(res.exponents[0] * tau, 0.5 - 1.0, 0.05);
    EXPECT_EQ(res.kaplan_yorke, 0.0);
}

// Above the transition: dynamic mean-field theory gives lambda_max tau = 0.047, 0.113, 0.236 at
// g = 1.5, 2, 3 (N -> infinity). Finite networks sit below; measured with this code (N = 1000,
// Euler dt = 0.1 tau, 300 tau, seeds 1-3): g = 2: 0.086-0.102, g = 3: 0.213-0.233; g = 1.5:
// 0.020-0.041 (finite-size effects are largest near g = 1); and at g = 2, N = 500: 0.095, N = 1000:
// 0.0995, N = 2000: 0.109 over 500-1000 tau, approaching 0.113. Hence the bands (one network,
// 200 tau): g = 2 and 3 within [0.7, 1.02] of the DMFT value, g = 1.5 positive and within
// [0.3, 1.02]; and the exponent grows with g. Each run: 2200 steps of 1e6 multiply-adds.
TEST(RateLyapunov, ChaoticRegimeAgainstDynamicMeanFieldTheory) {
    const double tau = 10.0;
    const std::pair<double, double> dmft[] = {{1.5, 0.047}, {2.0, 0.113}, {3.0, 0.236}};
    double previous = 0.0;
    for (const auto& [g, lambda_dmft] : dmft) {
        rate_simulation sim(random_tanh(1000, g, 1.0), 2);
        lyapunov_options o;
        o.time_ms = 2000.0;
        o.transient_ms = 200.0;
        o.renormalize_ms = 10.0;
        const double l = lyapunov_spectrum(sim, o).exponents[0] * tau;
        const double lo = g < 2.0 ? 0.3 : 0.7;
        EXPECT_GT(l, lo * lambda_dmft) << "g = " << g;
        EXPECT_LT(l, 1.02 * lambda_dmft) << "g = " << g;
        EXPECT_GT(l, previous) << "g = " << g;
        previous = l;
    }
}

// The full spectrum: the sum of all exponents from the QR bookkeeping equals the time average of
// ln|det M_t| of the Euler step maps computed directly (LU), to rounding (1e-10 relative). The
// mean exponent is ln(1 - h)/dt + O(tr(J D)/N): -1/tau in continuous time; for this network
// (N = 60, g = 3, chaotic) within 0.02 / tau of ln(1 - h)/dt (the diagonal J_ii ~ N(0, g^2/N) and the
// second-order terms of ln det are what separate them).
TEST(RateLyapunov, FullSpectrumSumEqualsLogDeterminantRate) {
    const double dt = 0.5, tau = 10.0, h = dt / tau;
    rate_simulation sim(random_tanh(60, 3.0, dt));
    lyapunov_options o;
    o.exponents = 0;
    o.time_ms = 1000.0;
    o.transient_ms = 100.0;
    const auto res = lyapunov_spectrum(sim, o);
    ASSERT_EQ(res.exponents.size(), 60u);
    const double sum = std::accumulate(res.exponents.begin(), res.exponents.end(), 0.0);
    EXPECT_NEAR(sum, res.log_det_rate, 1e-10 * std::abs(res.log_det_rate));
    EXPECT_NEAR(sum / 60.0, std::log(1.0 - h) / dt, 0.02 / tau);
    EXPECT_NEAR(sum / 60.0 * tau, -1.0, 0.05 + 0.02);  // Euler at h = 0.05: ln(0.95)/0.05 = -1.026
    EXPECT_GT(res.kaplan_yorke, 1.0);
}

// A strictly lower-triangular J makes every step map triangular with diagonal 1 - h, so the sum of
// the exponents is N ln(1 - h)/dt exactly: an exact check of the QR machinery (1e-10 relative).
TEST(RateLyapunov, TriangularNetworkSpectrumSumIsExact) {
    const double dt = 0.5, tau = 10.0, h = dt / tau;
    const std::size_t n = 40;
    auto spec = random_tanh(n, 0.0, dt);
    spec.connections[0].kind = rate_connectivity::matrix;
    spec.connections[0].matrix.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j) spec.connections[0].matrix[i * n + j] = 3.0 * std::sin(1.0 + i * 7.0 + j);
    rate_simulation sim(spec);
    lyapunov_options o;
    o.exponents = 0;
    o.time_ms = 500.0;
    o.transient_ms = 0.0;
    const auto res = lyapunov_spectrum(sim, o);
    const double sum = std::accumulate(res.exponents.begin(), res.exponents.end(), 0.0);
    const double exact = static_cast<double>(n) * std::log(1.0 - h) / dt;
    EXPECT_NEAR(sum, exact, 1e-10 * std::abs(exact));
    EXPECT_NEAR(res.log_det_rate, exact, 1e-10 * std::abs(exact));
}

// RK4's tangent is the exact derivative of the RK4 map. For a linear network with lower-triangular
// J (diagonal d_i) each step map is triangular with diagonal R(z_i), R the RK4 stability
// polynomial 1 + z + z^2/2 + z^3/6 + z^4/24 and z_i = dt (d_i - 1)/tau, so the exponents are
// exactly ln|R(z_i)|/dt. The diagonal is spaced 0.15 apart (exponents 0.015 / ms apart), so the
// 2000 ms transient aligns the tangent vectors to e^-30 and the averages match to ~1e-9 / ms;
// 1e-6 relative.
TEST(RateLyapunov, Rk4TangentIsTheDerivativeOfTheStep) {
    const double dt = 2.0, tau = 10.0;
    const std::size_t n = 10;
    auto spec = random_tanh(n, 0.0, dt);
    spec.populations[0].phi = rate_phi::linear;
    spec.settings.integrator = rate_integrator::rk4;
    spec.connections[0].kind = rate_connectivity::matrix;
    spec.connections[0].matrix.assign(n * n, 0.0);
    std::vector<double> expected;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = 0.9 - 0.15 * static_cast<double>(i);
        spec.connections[0].matrix[i * n + i] = d;
        for (std::size_t j = 0; j < i; ++j) spec.connections[0].matrix[i * n + j] = 0.5 * std::sin(2.0 + i * 3.0 + j);
        const double z = dt * (d - 1.0) / tau;
        expected.push_back(std::log(std::abs(1.0 + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0)) / dt);
    }
    rate_simulation sim(spec);
    lyapunov_options o;
    o.exponents = 0;
    o.time_ms = 2000.0;
    o.transient_ms = 2000.0;
    const auto res = lyapunov_spectrum(sim, o);
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(res.exponents[i], expected[i], 1e-6 * std::abs(expected[i])) << i;
}

}  // namespace
