// Mean-field predictions (include/lamina/rate_mean_field.hpp) and the canonical connectivity rules
// (include/lamina/rate_rules.hpp). Reference values: the published numbers, and an independent
// scipy implementation of the same equations (fsolve, 80-point Gauss-Hermite) for the rank-one
// solutions, agreeing to ~1e-6; the tolerances below leave room for the two quadratures only.
#include <lamina/error.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/rate_rules.hpp>
#include <lamina/rate_mean_field.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using namespace lamina;
using namespace lamina::theory;

// Mastrogiuseppe & Ostojic 2018, Fig. 2 (M_m = 1.1, M_n = 2, Sigma = 1): static-to-chaotic at
// g_C ~ 1.80 and collapse of the bistable states at g_B ~ 2.14, published to two decimals
// (rounding: +-0.005). Our values 1.7959 and 2.1358 agree with the scipy reference to 1e-4.
TEST(RankOneMeanField, PublishedTransitions) {
    const auto t = rank_one_transition_points(1.1, 2.0, 1.0);
    EXPECT_NEAR(t.g_chaos, 1.80, 0.006);
    EXPECT_NEAR(t.g_collapse, 2.14, 0.006);
    EXPECT_NEAR(t.g_chaos, 1.79591, 2e-4);
    EXPECT_NEAR(t.g_collapse, 2.13579, 2e-4);
    EXPECT_THROW(rank_one_transition_points(0.5, 1.0, 1.0), input_error);  // M_m M_n < 1: no bistability
}

TEST(RankOneMeanField, StaticAndChaoticSolutions) {
    // Static, g = 1.5: kappa = 0.834250, Delta0 = 2.023707 (scipy), stable (g^2<phi'^2> = 0.653).
    const auto s = rank_one_static({1.5, 1.1, 2.0, 1.0}, 1.0);
    ASSERT_TRUE(s.converged);
    EXPECT_NEAR(s.kappa, 0.834250, 1e-5);
    EXPECT_NEAR(s.delta0, 2.023707, 1e-5);
    EXPECT_NEAR(s.bulk_radius_sq, 0.653286, 1e-5);
    // Chaotic, g = 2.0: kappa = 0.332286, Delta0 = 2.268425, Delta0 - Delta_inf = 0.876751 (scipy).
    const auto c = rank_one_chaotic({2.0, 1.1, 2.0, 1.0}, 0.5);
    ASSERT_TRUE(c.converged);
    EXPECT_NEAR(c.kappa, 0.332286, 1e-4);
    EXPECT_NEAR(c.delta0, 2.268425, 1e-4);
    EXPECT_NEAR(c.delta0 - c.delta_inf, 0.876751, 1e-4);
    // The choice between them follows stability; beyond g_B only kappa = 0 remains.
    EXPECT_FALSE(rank_one_mean_field({1.5, 1.1, 2.0, 1.0}, 1.0).chaotic);
    EXPECT_TRUE(rank_one_mean_field({2.0, 1.1, 2.0, 1.0}, 1.0).chaotic);
    const auto beyond = rank_one_mean_field({2.4, 1.1, 2.0, 1.0}, 1.0);
    EXPECT_NEAR(beyond.kappa, 0.0, 1e-6);
    EXPECT_TRUE(beyond.chaotic);
    EXPECT_NEAR(beyond.delta_inf, 0.0, 1e-12);
    for (const double g : {2.2, 2.8, 3.0}) {  // the kappa = 0 branch, continuous in g (no solver jumps)
        const auto a = rank_one_mean_field({g, 1.1, 2.0, 1.0}, 1.0), b = rank_one_mean_field({g + 0.01, 1.1, 2.0, 1.0}, 1.0);
        ASSERT_TRUE(a.converged && b.converged);
        EXPECT_GT(b.delta0, a.delta0);
        EXPECT_LT(b.delta0 - a.delta0, 0.05);
    }
    // g = 0 (pure rank one): kappa = M_n <tanh(M_m kappa + Sigma_m kappa z)>, checked directly.
    const auto z = rank_one_static({0.0, 1.1, 2.0, 1.0}, 1.0);
    ASSERT_TRUE(z.converged);
    EXPECT_NEAR(z.delta0, z.kappa * z.kappa, 1e-9);
}

// Amit, Gutfreund & Sompolinsky 1987: alpha_c = 0.138 with overlap m_c = 0.967 at the capacity.
TEST(HopfieldTheory, CapacityAndOverlap) {
    const auto c = hopfield_capacity();
    EXPECT_NEAR(c.alpha_c, 0.1379, 5e-4);
    EXPECT_NEAR(c.m_c, 0.967, 1e-3);
    EXPECT_DOUBLE_EQ(hopfield_retrieval_overlap(0.0), 1.0);
    EXPECT_GT(hopfield_retrieval_overlap(0.05), hopfield_retrieval_overlap(0.12));
    EXPECT_NEAR(hopfield_retrieval_overlap(c.alpha_c - 1e-9), c.m_c, 1e-3);
    EXPECT_EQ(hopfield_retrieval_overlap(0.15), 0.0);
    EXPECT_THROW(hopfield_retrieval_overlap(-0.1), input_error);
}

// Ben-Yishai et al. 1995: onset at J2 = 2 with width pi/2; the bump's rates, integrated
// numerically (1e5 points), satisfy the self-consistency m = [c - J0 r0 + J2 r2 cos 2 theta]_+.
TEST(RingTheory, BumpWidthAndSelfConsistency) {
    EXPECT_DOUBLE_EQ(ring_bump_onset(), 2.0);
    EXPECT_FALSE(ring_bump_solution(3.0, 1.9, 1.0).exists);
    EXPECT_NEAR(ring_bump_solution(3.0, 2.0001, 1.0).theta_c, std::numbers::pi / 2, 0.05);
    const auto b = ring_bump_solution(3.0, 6.0, 1.0);
    ASSERT_TRUE(b.exists);
    EXPECT_NEAR(b.theta_c, 0.651331, 1e-5);
    const int K = 100000;
    double r0 = 0.0, r2 = 0.0;
    for (int k = 0; k < K; ++k) {
        const double th = -std::numbers::pi / 2 + std::numbers::pi * (k + 0.5) / K;
        const double m = std::max(0.0, b.amplitude * (std::cos(2 * th) - std::cos(2 * b.theta_c)));
        r0 += m / K;
        r2 += m * std::cos(2 * th) / K;
    }
    EXPECT_NEAR(r0, b.r0, 1e-6);
    EXPECT_NEAR(6.0 * r2, b.amplitude, 1e-5);
    EXPECT_NEAR(1.0 - 3.0 * r0 + 6.0 * r2 * std::cos(2 * b.theta_c), 0.0, 1e-5);  // threshold at the edge
    EXPECT_FALSE(ring_bump_solution(0.5, 6.0, 1.0).exists);  // too little inhibition: no finite bump
    EXPECT_NEAR(ring_diffusion_rate(6.0, 2.0, 0.5, 10.0, 100), 0.25 * 6.0 / (2 * 10.0 * 100 * 4.0), 1e-15);
}

TEST(RateRules, HebbianMatrixHasZeroDiagonal) {
    const std::uint64_t N = 40, P = 3;
    const auto xi = random_patterns(P, N, 7);
    for (const double v : xi) EXPECT_TRUE(v == 1.0 || v == -1.0);
    rate_network_spec s;
    s.populations.push_back({.name = "h", .size = N, .tau = 1.0, .phi = rate_phi::sign});
    s.connections = hebbian_connections("h", N, xi);
    ASSERT_EQ(s.connections.size(), 2u);
    rate_simulation sim(s);
    const auto J = sim.connectivity_matrix();
    for (std::uint64_t i = 0; i < N; ++i)
        for (std::uint64_t j = 0; j < N; ++j) {
            double w = 0.0;
            for (std::uint64_t mu = 0; mu < P; ++mu) w += xi[mu * N + i] * xi[mu * N + j];
            EXPECT_NEAR(J[i * N + j], i == j ? 0.0 : w / N, 1e-14);
        }
    EXPECT_THROW(hebbian_connections("h", N, std::vector<double>(N + 1, 1.0)), input_error);
}

TEST(RateRules, CosineRingMatrix) {
    const std::uint64_t N = 16;
    rate_network_spec s;
    s.populations.push_back({.name = "ring", .size = N, .phi = rate_phi::relu});
    s.connections.push_back(cosine_ring_connection("ring", N, 2.0, 5.0));
    rate_simulation sim(s);
    const auto J = sim.connectivity_matrix();
    for (std::uint64_t i = 0; i < N; ++i)
        for (std::uint64_t j = 0; j < N; ++j)
            EXPECT_NEAR(J[i * N + j], (-2.0 + 5.0 * std::cos(2 * (ring_angle(i, N) - ring_angle(j, N)))) / N, 1e-14);
}

TEST(RateRules, ModelFileRules) {
    const auto spec = parse_rate_model(R"(
[simulation]
seed = 3
[rate_populations.mem]
size = 50
phi = "sign"
[rate_populations.ring]
size = 32
phi = "relu"
[[rate_connections]]
source = "mem"
target = "mem"
rule = "hebbian"
patterns = 4
[[rate_connections]]
source = "ring"
target = "ring"
rule = "cosine_ring"
J0 = 1.0
J2 = 4.0
)", "rules.toml");
    ASSERT_EQ(spec.connections.size(), 3u);  // hebbian: low rank + diagonal; ring: low rank
    EXPECT_EQ(spec.connections[0].rank, 4u);
    EXPECT_EQ(spec.connections[0].m, random_patterns(4, 50, 3));
    EXPECT_EQ(spec.connections[2].rank, 3u);
    const std::string bad = R"(
[rate_populations.mem]
size = 5
[rate_populations.other]
size = 5
[[rate_connections]]
source = "other"
target = "mem"
rule = "hebbian"
patterns = 2
)";
    try {
        parse_rate_model(bad, "bad.toml");
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("rate_connections[0].source"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_rate_model(R"(
[rate_populations.ring]
size = 5
[[rate_connections]]
source = "ring"
target = "ring"
rule = "cosine_ring"
J0 = 1.0
)", "nok.toml"), input_error);  // J2 missing
}

// The example model files load and build (the figures' scripts run them; docs/rate-models.md).
TEST(RateRules, ExampleModelFilesBuild) {
    for (const char* name : {"low_rank.toml", "hopfield.toml", "ring_attractor.toml"}) {
        const auto spec = load_rate_model_file(std::string(LAMINA_SOURCE_DIR) + "/examples/rate/" + name);
        EXPECT_NO_THROW(rate_simulation{spec}) << name;
    }
}

}  // namespace
