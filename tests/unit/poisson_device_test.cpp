// Per-step Poisson input (src/engine/devices.cpp): the counts a Poisson stimulus adds to the ring
// follow the Poisson law of mean rate x dt (chi-square over the counts against the pmf, and the
// mean), the whole-population path (eight streams at once) and the listed-neuron path give the
// same count to every (neuron, step), and they do not depend on the partition.
// Bounds: a chi-square with k degrees of freedom stays below k + 5 sqrt(2k) (5 sigma of its
// normal approximation); the mean within 5 standard errors. Seeded: the same numbers every run.
#include "engine/devices.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace {

namespace engine = lamina::engine;

constexpr std::uint64_t n_neurons = 1000;
constexpr std::int64_t n_steps = 200;
constexpr double dt = 0.1;  // ms

/// Counts[step][neuron] of a Poisson stimulus of `rate_hz` and weight 1 on all neurons or on
/// the listed ones, with `workers` workers; `cached`: with the per-worker caches a simulation
/// prepares before each run (the vectorised whole-population path), else block by block.
std::vector<std::vector<double>> counts(double rate_hz, bool listed, int workers, bool cached = false) {
    lamina::stimulus_spec s;
    s.kind = lamina::stimulus_kind::poisson;
    s.target = "P";
    s.rate = rate_hz;
    s.weight = 1.0;
    s.origin = "test";
    engine::target_set targets{0, n_neurons, {}};
    if (listed) {
        targets.indices.resize(n_neurons);
        std::iota(targets.indices.begin(), targets.indices.end(), 0);
    }
    engine::device_set devices(7, dt);
    devices.add(s, targets, 3);
    engine::partition part{workers};
    if (cached) devices.prepare_poisson(part, 0, workers);
    std::vector<std::vector<double>> out;
    for (std::int64_t step = 1; step <= n_steps; ++step) {
        engine::ring_buffer ring(n_neurons, 1, 2);
        for (int w = 0; w < workers; ++w) devices.add_poisson(step, part, w, ring);
        out.emplace_back(ring.at(step, 0), ring.at(step, 0) + n_neurons);
    }
    return out;
}

TEST(poisson_device, counts_follow_the_poisson_law) {
    for (double rate : {2000.0, 13000.0, 23000.0}) {  // 0.2, 1.3 and 2.3 events per step
        const double mean = rate * dt * 1e-3;
        const auto c = counts(rate, false, 1, true);
        std::vector<double> histogram(30, 0.0);
        double sum = 0.0;
        for (const auto& step : c)
            for (double x : step) {
                ASSERT_EQ(x, std::floor(x));
                histogram[static_cast<std::size_t>(std::min(x, 29.0))] += 1.0;
                sum += x;
            }
        const double n = double(n_neurons * n_steps);
        EXPECT_NEAR(sum / n, mean, 5.0 * std::sqrt(mean / n)) << rate << " Hz";
        // Chi-square over the counts with an expected number >= 5 (the rest would be noise).
        double chi2 = 0.0, p = std::exp(-mean);
        int dof = -1;
        for (std::size_t k = 0; k < histogram.size(); ++k, p *= mean / double(k)) {
            if (n * p < 5.0) continue;
            chi2 += (histogram[k] - n * p) * (histogram[k] - n * p) / (n * p);
            ++dof;
        }
        ASSERT_GE(dof, 2);
        EXPECT_LT(chi2, dof + 5.0 * std::sqrt(2.0 * dof)) << rate << " Hz";
    }
}

TEST(poisson_device, listed_neurons_and_any_partition_get_the_same_counts) {
    const auto whole = counts(16000.0, false, 1);
    EXPECT_EQ(counts(16000.0, true, 1), whole);
    EXPECT_EQ(counts(16000.0, false, 3), whole);
    EXPECT_EQ(counts(16000.0, true, 3), whole);
    // The cached path that simulations use gives the same counts, on any partition.
    EXPECT_EQ(counts(16000.0, false, 1, true), whole);
    EXPECT_EQ(counts(16000.0, false, 3, true), whole);
}

}  // namespace
