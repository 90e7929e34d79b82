// Beiran, Meirhaeghe, Sohn, Jazayeri & Ostojic 2023 (Neuron 111:739, Fig. 2): trained on
// Cue-Set-Go intervals of 800-1550 ms, a rank-2 network keeps producing the cued interval above
// the trained range (the cue amplitude extended linearly), a full-rank network does not.
// Checked at N = 200, the size at which the finding holds for every network seed tried
// (docs/training_extrapolation.md, "At N = 200, over network seeds": seeds 1-5 rank 2, 1-4 full rank), with the
// settings of that table: examples/training/csg_low_rank.toml with noise_std 0.00447, 256 trials,
// 162 epochs (1296 Adam updates) for both; lr 1e-3 rank 2, 1e-4 full rank (J ~ N(0, 1/N)).
// Training is deterministic for a seed whatever the thread count, so the values below are those
// of `lamina train` with the same overrides (seed 1).
#include <lamina/training.hpp>
#include <lamina/training_io.hpp>
#include <lamina/training_tasks.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace lamina;

std::vector<interval_evaluation> train_and_evaluate(std::vector<std::string> overrides) {
    for (const char* common : {"network.units=200", "network.seed=1", "network.noise_std=0.00447", "task.trials=256",
                               "training.epochs=162"})
        overrides.emplace_back(common);
    auto spec = load_training_spec(std::string(LAMINA_SOURCE_DIR) + "/examples/training/csg_low_rank.toml", overrides);
    spec.training.threads = 2;
    const auto task = make_training_task(spec, false);
    auto net = make_rnn(spec.network);
    auto state = make_optimizer_state(net);
    while (state.epochs_done < spec.training.epochs) train_epoch(net, state, task, spec.training);
    const auto cue = cue_input_of(spec);
    EXPECT_GE(cue, 0);
    return evaluate_intervals(net, make_evaluation_task(spec), static_cast<std::uint64_t>(cue), spec.dt_ms,
                              spec.training.seed + 2, spec.training.threads);
}

const interval_evaluation& at(const std::vector<interval_evaluation>& eval, double interval_ms) {
    for (const auto& e : eval)
        if (std::abs(e.interval_ms - interval_ms) < 0.5) return e;
    throw std::runtime_error("no evaluation at " + std::to_string(interval_ms) + " ms");
}

// Inside the trained range both networks must have learned the task: every trial crosses the
// output threshold and the mean produced interval is within 15 % of the target. 15 %: the rank-2
// network compresses the trained range (seed 1: 900 ms for 800, 1367 ms for 1550, 12 % off at
// both ends; the paper's Fig. 2 shows the same compression), so a tighter bound would test how
// far training got rather than whether it learned the mapping.
void expect_trained_range_learned(const std::vector<interval_evaluation>& eval, const char* which) {
    for (double t : {800.0, 1050.0, 1300.0, 1550.0}) {
        const auto& e = at(eval, t);
        EXPECT_EQ(e.crossed, e.trials) << which << " at " << t << " ms";
        EXPECT_NEAR(e.produced_mean_ms, t, 0.15 * t) << which << " at " << t << " ms";
    }
}

TEST(TrainingExtrapolation, RankTwoExtrapolatesAboveTheTrainedRangeAndFullRankDoesNot) {
    const auto low = train_and_evaluate({});
    const auto full = train_and_evaluate(
        {"network.full_rank=true", "network.g=1.0", "training.learning_rate=1e-4"});
    expect_trained_range_learned(low, "rank 2");
    expect_trained_range_learned(full, "full rank");

    // Rank 2 above the range: every trial still produces an interval at 1800 and 2050 ms, longer
    // for the larger cue (seed 1: 1564 and 1922 ms; seeds 1-5 1550-1938 and 1903-3556 ms), so
    // the produced interval keeps growing with the cue beyond the trained 1550 ms.
    const auto &l1550 = at(low, 1550), &l1800 = at(low, 1800), &l2050 = at(low, 2050);
    EXPECT_EQ(l1800.crossed, l1800.trials);
    EXPECT_EQ(l2050.crossed, l2050.trials);
    EXPECT_GT(l1800.produced_mean_ms, l1550.produced_mean_ms);
    EXPECT_GT(l2050.produced_mean_ms, l1800.produced_mean_ms);
    // Within 25 % of the target at 2050 ms (seed 1: 1922 ms, 6 % short); the other seeds are
    // later (up to 3556 ms), which is why the paper's finding is stated as "keeps producing
    // longer intervals", and the bound is for this seed only.
    EXPECT_NEAR(l2050.produced_mean_ms, 2050.0, 0.25 * 2050.0);

    // Full rank above the range: at 2050 ms no trial reaches the threshold (seeds 1-4: none).
    EXPECT_EQ(at(full, 2050).crossed, 0u);
}

}  // namespace
