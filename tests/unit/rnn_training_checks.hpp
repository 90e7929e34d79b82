// Bitwise comparisons of two training runs (network and Adam state), shared by the resume tests.
#pragma once
#include <lamina/training.hpp>

#include <gtest/gtest.h>

namespace lamina::test {

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
