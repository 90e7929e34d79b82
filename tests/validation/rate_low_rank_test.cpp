// Rank-one networks with a random part (Mastrogiuseppe & Ostojic 2018, Neuron 99:609, Fig. 2):
// tau dx/dt = -x + g chi tanh(x) + m n^T tanh(x) / N, m_i ~ N(1.1, 1), n_i ~ N(2, 1). The
// simulated kappa = n.tanh(x)/N and the temporal fluctuations of x against the mean-field
// solutions of include/lamina/rate_mean_field.hpp below g_C ~ 1.80 and beyond g_B ~ 2.14.
#include <lamina/rate_network.hpp>
#include <lamina/rate_mean_field.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using namespace lamina;

struct run_result {
    double kappa = 0.0;        // time average of n.phi/N over the measurement window
    double fluctuation = 0.0;  // mean over units of the temporal variance of x
    double bulk_radius_sq = 0.0;  // g^2 mean_i tanh'(x_i)^2 at the end (the stability measure of g_C)
};

// One network (chi, m, n fixed by `seed`), g set by the random block's scale, started from
// x0 = m (the kappa > 0 side); a transient, then `measure_ms` of measurement (dt = tau/10:
// Euler moves a fixed point not at all and chaotic statistics by O(dt/tau)).
run_result simulate(std::uint64_t N, double g, double transient_ms, double measure_ms, std::uint64_t seed,
                    double dt = 1.0) {
    // The random parts of m and n are made exactly zero-mean, unit-variance and orthogonal, so that
    // the realised overlap m.n/N and Sigma_m are the theory's (their sampling spread, ~0.08 in
    // m.n/N at N = 1000, would move kappa by up to 0.05 near g_C, where kappa(g) is steep).
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> z;
    Eigen::VectorXd zm(N), zn(N);
    for (std::uint64_t i = 0; i < N; ++i) zm(i) = z(gen), zn(i) = z(gen);
    const double sqrt_n = std::sqrt(static_cast<double>(N));
    zm.array() -= zm.mean();
    zm *= sqrt_n / zm.norm();
    zn.array() -= zn.mean();
    zn -= (zn.dot(zm) / zm.squaredNorm()) * zm;
    zn *= sqrt_n / zn.norm();
    std::vector<double> m(N), n(N), readout(N);
    for (std::uint64_t i = 0; i < N; ++i) {
        m[i] = 1.1 + zm(i);
        n[i] = 2.0 + zn(i);
        readout[i] = n[i] / static_cast<double>(N);
    }
    rate_network_spec s;
    s.settings.dt = dt;
    s.settings.seed = seed;
    rate_population_spec p;
    p.name = "net";
    p.size = N;
    p.tau = 10.0;
    p.x0 = m;
    s.populations.push_back(p);
    rate_connection_spec chi;
    chi.source = chi.target = "net";
    chi.g = g;
    s.connections.push_back(chi);
    rate_connection_spec lr;
    lr.source = lr.target = "net";
    lr.kind = rate_connectivity::low_rank;
    lr.rank = 1;
    lr.m = m;
    lr.n = n;
    s.connections.push_back(lr);
    rate_recorder_spec k;
    k.name = "kappa";
    k.population = "net";
    k.type = rate_recorder_spec::kind::readout;
    k.readout = readout;
    k.outputs = 1;
    s.recorders.push_back(k);
    rate_recorder_spec x;
    x.name = "x";
    x.population = "net";
    for (std::uint64_t i = 0; i < 100; ++i) x.units.push_back(i * (N / 100));
    s.recorders.push_back(x);
    rate_simulation sim(s);
    sim.run(transient_ms);
    const std::size_t skip = sim.recordings()[0].times.size();
    sim.run(measure_ms);
    const auto recs = sim.recordings();
    const auto& kv = recs[0].values;
    run_result r;
    for (std::size_t t = skip; t < kv.size(); ++t) r.kappa += kv[t];
    const double T = static_cast<double>(kv.size() - skip);
    r.kappa /= T;
    const auto& xv = recs[1].values;
    const std::size_t cols = recs[1].units.size();
    for (std::size_t u = 0; u < cols; ++u) {
        double s1 = 0.0, s2 = 0.0;
        for (std::size_t t = skip; t < kv.size(); ++t) {
            s1 += xv[t * cols + u];
            s2 += xv[t * cols + u] * xv[t * cols + u];
        }
        r.fluctuation += (s2 / T - (s1 / T) * (s1 / T)) / static_cast<double>(cols);
    }
    for (const double xi : sim.state()) {
        const double d = 1.0 - std::tanh(xi) * std::tanh(xi);
        r.bulk_radius_sq += g * g * d * d / static_cast<double>(N);
    }
    return r;
}

// N = 1000. Static side (g = 1.2, 1.5 < g_C): the network settles on the fixed point (temporal
// variance < 1e-6: 2 s is > 10 of the slowest relaxation times (1 - sqrt(0.65)) / tau). kappa's
// network-to-network spread is ~ sqrt(Delta0 / N) ~ 0.05 (m and n exact, chi sampled): 0.06.
// g^2 <phi'^2>, the stability measure whose crossing of 1 defines g_C, is a mean over N units
// (sd ~ 0.01) plus kappa's spread: 0.03. Closer to g_C a finite network settles on atypical, more
// saturated fixed points that outlive the mean-field instability (at g = 1.7, N = 1000: kappa 0.74
// against 0.68; at g = 1.9 some networks stay static), so g_C itself is checked in the theory
// (RankOneMeanField.PublishedTransitions) and shown against simulations in docs/rate-models.md.
// Beyond g_B (g = 2.6): kappa ~ 0 (0.08: finite-N spread and temporal fluctuation of kappa), and
// the temporal variance of x is DMFT's Delta0 - Delta_inf = 3.86: 20%. Measured 3.36 to 3.75 over
// two networks and dt = 1, 0.5, 0.25 ms (so not a time-step bias): network-to-network spread
// (~6%) about a finite-N value ~8% below the N -> infinity one.
TEST(RateLowRank, KappaAndChaosAgainstMeanField) {
    const std::uint64_t N = 1000;
    for (const double g : {1.2, 1.5}) {
        const auto sim = simulate(N, g, 2000.0, 300.0, 11);
        const auto th = theory::rank_one_mean_field({g, 1.1, 2.0, 1.0}, 1.0);
        ASSERT_FALSE(th.chaotic);
        EXPECT_NEAR(sim.kappa, th.kappa, 0.06) << "g = " << g;
        EXPECT_LT(sim.fluctuation, 1e-6) << "g = " << g;
        EXPECT_NEAR(sim.bulk_radius_sq, th.bulk_radius_sq, 0.03) << "g = " << g;
        RecordProperty("kappa_g" + std::to_string(g), std::to_string(sim.kappa) + " vs " + std::to_string(th.kappa));
    }
    const auto chaos = simulate(N, 2.6, 1000.0, 2000.0, 11);
    const auto th = theory::rank_one_mean_field({2.6, 1.1, 2.0, 1.0}, 1.0);
    ASSERT_TRUE(th.chaotic);
    EXPECT_NEAR(th.kappa, 0.0, 1e-6);
    RecordProperty("kappa_g26", std::to_string(chaos.kappa));
    RecordProperty("variance_g26", std::to_string(chaos.fluctuation) + " vs " + std::to_string(th.delta0 - th.delta_inf));
    EXPECT_NEAR(chaos.kappa, 0.0, 0.08);
    EXPECT_NEAR(chaos.fluctuation, th.delta0 - th.delta_inf, 0.2 * (th.delta0 - th.delta_inf));
}

}  // namespace
