// Hopfield capacity with asynchronous (random sequential) updates (Amit, Gutfreund & Sompolinsky
// 1987, Ann Phys 173:30): the zero-temperature replica theory describes the fixed points that
// asynchronous dynamics descends to. N = 1000 units, Hebbian couplings without self-coupling,
// 40 patterns per load started at a stored pattern, run to a fixed point. Same sweep and criteria
// as rate_hopfield_test (synchronous updates).
#include <lamina/error.hpp>
#include <lamina/rate_hopfield.hpp>
#include <lamina/rate_mean_field.hpp>
#include <lamina/rate_rules.hpp>

#include "hopfield_sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace lamina;

struct load_point {
    double alpha = 0.0, mean_overlap = 0.0, retrieved = 0.0, sweeps = 0.0;
    bool all_converged = true;
};

load_point measure(std::uint64_t N, std::uint64_t P, std::uint64_t seed) {
    const auto xi = random_patterns(P, N, seed);
    const std::uint64_t K = std::min<std::uint64_t>(P, 40);
    load_point out;
    out.alpha = static_cast<double>(P) / static_cast<double>(N);
    for (std::uint64_t r = 0; r < K; ++r) {
        const std::vector<double> start(xi.begin() + static_cast<std::ptrdiff_t>(r * N),
                                        xi.begin() + static_cast<std::ptrdiff_t>((r + 1) * N));
        const auto rec = hopfield_recall_async(xi, N, start, 200, seed, r);
        double m = 0.0;
        for (std::uint64_t i = 0; i < N; ++i) m += start[i] * rec.state[i];
        m /= static_cast<double>(N);
        out.mean_overlap += m / static_cast<double>(K);
        out.retrieved += (m > 0.9 ? 1.0 : 0.0) / static_cast<double>(K);
        out.sweeps += static_cast<double>(rec.sweeps) / static_cast<double>(K);
        out.all_converged = out.all_converged && rec.converged;
    }
    return out;
}

TEST(RateHopfieldAsync, CapacitySweep) {
    const std::uint64_t N = 1000;
    const double alpha_c = theory::hopfield_capacity().alpha_c;
    std::vector<load_point> sweep;
    for (std::uint64_t P = 51; P <= 221; P += 10) sweep.push_back(measure(N, P, 5));
    for (const auto& q : sweep) {
        // Asynchronous dynamics always ends in a fixed point (the energy falls with every flip).
        EXPECT_TRUE(q.all_converged) << q.alpha;
        if (q.alpha <= 0.1) {
            EXPECT_NEAR(q.mean_overlap, theory::hopfield_retrieval_overlap(q.alpha), 0.01) << q.alpha;
        }
    }
    const double alpha50 = load_at_half_retrieval(sweep);
    ASSERT_GT(alpha50, 0.0) << "retrieval never broke down";
    RecordProperty("alpha50", std::to_string(alpha50));
    // Tolerances as for synchronous updates (rate_hopfield_test): finite N = 1000 smears the
    // breakdown over ~N^-1/2 and shifts it upward (Amit et al. 1987 Sec. 6). Measured alpha_50 =
    // 0.1655 (synchronous: 0.1650).
    EXPECT_GT(alpha50, alpha_c - 0.005);
    EXPECT_LT(alpha50, alpha_c + 0.04);
    EXPECT_EQ(sweep.back().retrieved, 0.0);
}

TEST(RateHopfieldAsync, StoredPatternsAreFixedPointsAtLowLoad) {
    // alpha = 0.01: every stored pattern is a fixed point (crosstalk sd sqrt(alpha) = 0.1 << 1), so
    // the first sweep flips nothing.
    const std::uint64_t N = 1000, P = 11;
    const auto xi = random_patterns(P, N, 3);
    const std::vector<double> start(xi.begin(), xi.begin() + static_cast<std::ptrdiff_t>(N));
    const auto r = hopfield_recall_async(xi, N, start, 10, 3, 0);
    EXPECT_TRUE(r.converged);
    EXPECT_EQ(r.sweeps, 1u);
    EXPECT_EQ(r.state, start);
    // A pattern with 20 % of its units flipped is repaired completely.
    auto noisy = start;
    for (std::uint64_t i = 0; i < N; i += 5) noisy[i] = -noisy[i];
    EXPECT_EQ(hopfield_recall_async(xi, N, noisy, 10, 3, 1).state, start);
    EXPECT_THROW(hopfield_recall_async(xi, N, std::vector<double>(N - 1, 1.0)), input_error);
}

}  // namespace
