// A trained network must not depend on the CPU it was trained on beyond its instruction set.
// Eigen's GEMM splits the inner dimension into panels sized from the L1 cache it reads from the
// CPU (32 KiB on many x86 cores, 48 KiB on newer ones), and that split changes the order of the
// sums: a full-rank run at N = 1000 trained on a 48 KiB machine did not reproduce one trained on
// an earlier machine (docs/training_extrapolation.md). Here the same training runs under two sets
// of cache sizes that make Eigen split the inner dimension differently; the results must agree
// to the bit.
#include <lamina/training.hpp>

#include "rnn_training_checks.hpp"

#include <Eigen/Core>
#include <gtest/gtest.h>

#include <cstdint>

using namespace lamina;
using lamina::test::expect_same_network;
using lamina::test::expect_same_state;

namespace {

// Restores the cache sizes Eigen read from this CPU, whatever the test does.
struct cache_sizes_guard {
    std::ptrdiff_t l1 = Eigen::l1CacheSize(), l2 = Eigen::l2CacheSize(), l3 = Eigen::l3CacheSize();
    ~cache_sizes_guard() { Eigen::setCpuCacheSizes(l1, l2, l3); }
};

// 20 trials of 40 steps: a chunk of 16 trials has an inner dimension of 640 state columns, split
// by Eigen at 16 KiB of L1 (panels of about 200) and whole at 64 KiB (about 800).
rnn_task_data cache_task() { return lamina::test::smooth_task(20, 40); }

struct trained {
    rnn_network net;
    rnn_optimizer_state state;
};

trained train_under(std::ptrdiff_t l1, std::ptrdiff_t l2, std::ptrdiff_t l3, std::uint64_t rank) {
    Eigen::setCpuCacheSizes(l1, l2, l3);
    rnn_init_options o;
    o.units = 64;  // Eigen blocks products with a dimension of 48 or more
    o.inputs = 2;
    o.rank = rank;
    o.noise_std = 0.05;
    trained r{make_rnn(o), {}};
    r.state = make_optimizer_state(r.net);
    rnn_training_options t;
    t.batch_size = 20;
    t.clip_norm = 1.0;
    const auto task = cache_task();
    for (int e = 0; e < 2; ++e) train_epoch(r.net, r.state, task, t);
    return r;
}

void expect_independent_of_cache_sizes(std::uint64_t rank) {
    const cache_sizes_guard restore;
    const auto small = train_under(16 * 1024, 256 * 1024, 1024 * 1024, rank);
    const auto large = train_under(64 * 1024, 2 * 1024 * 1024, 64 * 1024 * 1024, rank);
    expect_same_network(small.net, large.net);
    expect_same_state(small.state, large.state);
}

}  // namespace

TEST(RnnTrainingAcrossCpus, FullRankTrainingDoesNotDependOnTheCacheSizes) { expect_independent_of_cache_sizes(0); }

TEST(RnnTrainingAcrossCpus, LowRankTrainingDoesNotDependOnTheCacheSizes) { expect_independent_of_cache_sizes(2); }
