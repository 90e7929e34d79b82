// Bitwise comparisons of two training runs (network and Adam state) and the small task they
// train on, shared by the resume and the cache-size tests.
#pragma once
#include <lamina/training.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace lamina::test {

// `trials` trials of `steps` steps: two smooth inputs, one target to fit, the first 5 steps masked.
inline rnn_task_data smooth_task(std::uint64_t trials, std::uint64_t steps) {
    rnn_task_data t;
    t.trials = trials;
    t.steps = steps;
    t.inputs = 2;
    t.outputs = 1;
    for (std::uint64_t r = 0; r < t.trials; ++r)
        for (std::uint64_t s = 0; s < t.steps; ++s) {
            for (std::uint64_t c = 0; c < t.inputs; ++c)
                t.u.push_back(std::sin(0.3 * static_cast<double>(s + 2 * c + 5 * r)));
            t.target.push_back(0.5 * std::cos(0.2 * static_cast<double>(s + r)));
            t.mask.push_back(s >= 5 ? 1.0 : 0.0);
        }
    return t;
}

inline void expect_same_network(const rnn_network& a, const rnn_network& b) {
    EXPECT_EQ(a.m, b.m);
    EXPECT_EQ(a.n, b.n);
    EXPECT_EQ(a.J, b.J);
    EXPECT_EQ(a.B, b.B);
    EXPECT_EQ(a.W, b.W);
    EXPECT_EQ(a.x0, b.x0);
}

inline void expect_same_state(const rnn_optimizer_state& a, const rnn_optimizer_state& b) {
    expect_same_network(a.first_moment, b.first_moment);
    expect_same_network(a.second_moment, b.second_moment);
    EXPECT_EQ(a.updates, b.updates);
    EXPECT_EQ(a.epochs_done, b.epochs_done);
    EXPECT_EQ(a.batches_done, b.batches_done);
    EXPECT_EQ(a.trials_done, b.trials_done);
    EXPECT_EQ(a.loss_sum, b.loss_sum);
}

}  // namespace lamina::test
