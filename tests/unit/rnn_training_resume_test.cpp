// Stopping an epoch after a batch (train_epoch's stop flag, as Ctrl-C sets it) and continuing it
// later gives the uninterrupted run to the bit: parameters, Adam's moments, the counters and the
// epoch's reported mean loss, on 1 and 2 threads, whatever the batch the run stops after.
#include <lamina/error.hpp>
#include <lamina/training.hpp>

#include "rnn_training_checks.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace lamina;
using lamina::test::expect_same_network;
using lamina::test::expect_same_state;

namespace {

// 23 trials of smooth inputs and a target to fit; in batches of 5: 4 batches of 5 and one of 3.
rnn_task_data resume_task() { return lamina::test::smooth_task(23, 25); }

rnn_network resume_network(std::uint64_t rank) {
    rnn_init_options o;
    o.units = 30;
    o.inputs = 2;
    o.rank = rank;
    o.g = 0.8;
    o.noise_std = 0.05;  // the noise keys must continue too
    return make_rnn(o);
}

rnn_training_options resume_options(int threads) {
    rnn_training_options t;
    t.batch_size = 5;
    t.clip_norm = 0.5;
    t.schedule = lr_schedule::exponential;
    t.gamma = 0.9;
    t.threads = threads;
    return t;
}

// Three epochs straight, and the same with epoch 2 stopped after `k` batches (the flag set
// before the call: a call trains at least one batch, so k calls stop after batch 1, 2, ..., k)
// and continued by one call without the flag.
void expect_stop_and_continue_exact(std::uint64_t rank, int threads, std::uint64_t k) {
    SCOPED_TRACE("rank " + std::to_string(rank) + ", threads " + std::to_string(threads) + ", k " + std::to_string(k));
    const auto task = resume_task();
    const auto t = resume_options(threads);
    auto straight = resume_network(rank);
    auto s1 = make_optimizer_state(straight);
    rnn_epoch_report r1[3];
    for (auto& r : r1) r = train_epoch(straight, s1, task, t);

    auto stopped = resume_network(rank);
    auto s2 = make_optimizer_state(stopped);
    const std::atomic<bool> stop{true};
    rnn_epoch_report r2[3];
    r2[0] = train_epoch(stopped, s2, task, t);
    for (std::uint64_t b = 1; b <= k; ++b) {
        const auto partial = train_epoch(stopped, s2, task, t, &stop);
        EXPECT_FALSE(partial.complete);
        EXPECT_EQ(partial.epoch, 2u);
        EXPECT_EQ(partial.batches_done, b);
        EXPECT_EQ(partial.batches, 5u);
        EXPECT_EQ(s2.epochs_done, 1u);
        EXPECT_EQ(s2.batches_done, b);
        EXPECT_EQ(s2.trials_done, 5 * b);
        EXPECT_EQ(s2.updates, 5 + b);
    }
    r2[1] = train_epoch(stopped, s2, task, t);
    r2[2] = train_epoch(stopped, s2, task, t);
    for (int e = 0; e < 3; ++e) {
        EXPECT_TRUE(r2[e].complete);
        EXPECT_EQ(r2[e].epoch, r1[e].epoch);
        EXPECT_EQ(r2[e].batches_done, 5u);
        EXPECT_EQ(r2[e].mean_loss, r1[e].mean_loss) << "epoch " << e + 1;
        EXPECT_EQ(r2[e].gradient_norm, r1[e].gradient_norm) << "epoch " << e + 1;
        EXPECT_EQ(r2[e].learning_rate, r1[e].learning_rate);
    }
    expect_same_network(stopped, straight);
    expect_same_state(s2, s1);
    EXPECT_EQ(s2.epochs_done, 3u);
    EXPECT_EQ(s2.updates, 15u);
    EXPECT_EQ(s2.batches_done, 0u);
}

}  // namespace

TEST(RnnTrainingResume, StoppingAfterAnyBatchAndContinuingIsTheStraightRun) {
    for (int threads : {1, 2})
        for (std::uint64_t k : {1, 4}) expect_stop_and_continue_exact(2, threads, k);
}

TEST(RnnTrainingResume, FullRankStoppingAndContinuingIsTheStraightRun) {
    for (int threads : {1, 2}) expect_stop_and_continue_exact(0, threads, 2);
}

// A stop during the epoch's last batch ends the epoch as usual: nothing is left to resume.
TEST(RnnTrainingResume, StopInTheLastBatchCompletesTheEpoch) {
    const auto task = resume_task();
    auto net = resume_network(2);
    auto state = make_optimizer_state(net);
    const std::atomic<bool> stop{true};
    for (int b = 0; b < 4; ++b) EXPECT_FALSE(train_epoch(net, state, task, resume_options(1), &stop).complete);
    const auto last = train_epoch(net, state, task, resume_options(1), &stop);
    EXPECT_TRUE(last.complete);
    EXPECT_EQ(last.batches_done, 5u);
    EXPECT_EQ(state.epochs_done, 1u);
    EXPECT_EQ(state.batches_done, 0u);
    EXPECT_EQ(state.trials_done, 0u);
    EXPECT_EQ(state.loss_sum, 0.0);
}

// The position counts trials: a run continued with another batch_size trains on the epoch's
// remaining trials (18 of 23 after one batch of 5: two more batches of 10 and 8).
TEST(RnnTrainingResume, PositionCountsTrialsAcrossABatchSizeChange) {
    const auto task = resume_task();
    auto net = resume_network(2);
    auto state = make_optimizer_state(net);
    const std::atomic<bool> stop{true};
    train_epoch(net, state, task, resume_options(1), &stop);
    auto bigger = resume_options(1);
    bigger.batch_size = 10;
    const auto r = train_epoch(net, state, task, bigger);
    EXPECT_TRUE(r.complete);
    EXPECT_EQ(r.batches, 3u);
    EXPECT_EQ(state.updates, 3u);
}

// A position that the task cannot hold (a checkpoint of another task) is refused, not guessed at.
TEST(RnnTrainingResume, PositionBeyondTheTaskIsRefused) {
    const auto task = resume_task();
    auto net = resume_network(2);
    auto state = make_optimizer_state(net);
    state.batches_done = 5;
    state.trials_done = 23;
    state.loss_sum = 1.0;
    try {
        train_epoch(net, state, task, resume_options(1));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("inside epoch 1 after 5 batches"), std::string::npos) << e.what();
    }
    state.batches_done = state.trials_done = 0;  // no batches, yet a loss: not a position either
    EXPECT_THROW(train_epoch(net, state, task, resume_options(1)), input_error);
}

// The progress callback sees every batch once, in order, with the epoch's running mean loss, and
// its last call is the epoch's report; in an epoch continued after a stop it picks up at the next
// batch, and its numbers are those of the straight run.
TEST(RnnTrainingResume, BatchCallbackReportsEachBatchOnceWithTheRunningMeanLoss) {
    const auto task = resume_task();
    auto net = resume_network(2);
    auto state = make_optimizer_state(net);
    std::vector<rnn_epoch_report> seen;
    const rnn_batch_callback record = [&](const rnn_epoch_report& r) { seen.push_back(r); };
    const auto whole = train_epoch(net, state, task, resume_options(1), nullptr, record);
    ASSERT_EQ(seen.size(), 5u);
    for (std::uint64_t b = 0; b < 5; ++b) {
        EXPECT_EQ(seen[b].epoch, 1u);
        EXPECT_EQ(seen[b].batches_done, b + 1);
        EXPECT_EQ(seen[b].batches, 5u);
        EXPECT_EQ(seen[b].complete, b == 4);
    }
    EXPECT_EQ(seen.back().mean_loss, whole.mean_loss);
    EXPECT_EQ(seen.back().gradient_norm, whole.gradient_norm);

    // Epoch 2, stopped after batch 2 and continued: batches 1, 2, then 3, 4, 5, as straight.
    std::vector<rnn_epoch_report> straight_seen;
    auto straight = net;
    auto straight_state = state;
    train_epoch(straight, straight_state, task, resume_options(1), nullptr,
                [&](const rnn_epoch_report& r) { straight_seen.push_back(r); });
    seen.clear();
    const std::atomic<bool> stop{true};
    train_epoch(net, state, task, resume_options(1), &stop, record);
    train_epoch(net, state, task, resume_options(1), &stop, record);
    train_epoch(net, state, task, resume_options(1), nullptr, record);
    ASSERT_EQ(seen.size(), 5u);
    for (std::uint64_t b = 0; b < 5; ++b) {
        EXPECT_EQ(seen[b].epoch, 2u);
        EXPECT_EQ(seen[b].batches_done, b + 1);
        EXPECT_EQ(seen[b].batches, 5u);
        EXPECT_EQ(seen[b].mean_loss, straight_seen[b].mean_loss) << "batch " << b + 1;
    }
}
