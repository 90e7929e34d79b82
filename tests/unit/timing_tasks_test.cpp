// Cue-Set-Go and Measure-Wait-Go trials against the structure of Beiran et al. 2023: the cue
// amplitude map, pulse times, the ramp's end points and slope, masks, and the produced-interval
// read-out of a perfect output.
#include <lamina/error.hpp>
#include <lamina/training_tasks.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace lamina;

TEST(TimingTasks, CueSetGoTrialStructure) {
    csg_options o;
    o.trials = 200;
    o.seed = 4;
    const auto t = cue_set_go(o);
    ASSERT_EQ(t.steps, 350u);  // 3500 ms at dt = 10 ms
    ASSERT_EQ(t.inputs, 2u);
    const auto cues = cue_steps(t, 1);
    int without_set = 0;
    for (std::uint64_t r = 0; r < t.trials; ++r) {
        const double T = t.interval_ms[r];
        // Context: 0 at 800 ms, 0.25 at 1550 ms, linear in between (paper: amps = linspace(0, 0.25, 4)).
        if (T > 0) {
            EXPECT_NEAR(t.context[r], 0.25 * (T - 800.0) / 750.0, 1e-12);
        }
        EXPECT_DOUBLE_EQ(t.u[(r * t.steps + 5) * 2], t.context[r]);
        if (cues[r] < 0) {
            ++without_set;
            EXPECT_EQ(T, 0.0);
            for (std::uint64_t k = 0; k < t.steps; ++k) EXPECT_EQ(t.target[r * t.steps + k], -0.5);
            continue;
        }
        // Set at 1000 ms +- 100 ms (steps 90..109, plus the one-step offset of the pulse).
        EXPECT_GE(cues[r], 91);
        EXPECT_LE(cues[r], 110);
        const auto c = static_cast<std::uint64_t>(cues[r]);
        const auto Ts = static_cast<std::uint64_t>(std::llround(T / 10.0));
        EXPECT_EQ(t.u[(r * t.steps + c) * 2 + 1], 10.0);
        EXPECT_EQ(t.u[(r * t.steps + c + 1) * 2 + 1], 0.0);
        EXPECT_EQ(t.target[r * t.steps + c], -0.5);
        EXPECT_EQ(t.target[r * t.steps + c + 1], -0.5);          // ramp start
        EXPECT_NEAR(t.target[r * t.steps + c + Ts - 1], 0.5, 1e-12);  // ramp end
        EXPECT_EQ(t.target[r * t.steps + c + Ts], 0.5);
        // Slope 1 / (Ts - 2) per step: the ramp covers the interval.
        EXPECT_NEAR(t.target[r * t.steps + c + 2] - t.target[r * t.steps + c + 1], 1.0 / static_cast<double>(Ts - 2),
                    1e-12);
        for (std::uint64_t k = 0; k < t.steps; ++k) EXPECT_EQ(t.mask[r * t.steps + k], 1.0);
    }
    // 10 % of trials without Set: a binomial count, 20 +- 3 sd (sd = sqrt(200 0.1 0.9) = 4.2).
    EXPECT_GT(without_set, 7);
    EXPECT_LT(without_set, 33);
}

// A perfect output (the target) gives back the interval: the ramp crosses 0.35 at 85 % of its
// Ts - 2 steps after the first ramp step, so the estimate is within 2 steps / 0.85 of T.
TEST(TimingTasks, ProducedIntervalOfTheTargetIsTheInterval) {
    csg_options o;
    o.trials = 40;
    o.no_set_fraction = 0.0;
    o.intervals_ms = {600, 1000, 2000};
    o.duration_ms = 4000;
    const auto t = cue_set_go(o);
    const auto produced = produced_intervals(t.target, t, 1, 10.0);
    for (std::uint64_t r = 0; r < t.trials; ++r) EXPECT_NEAR(produced[r], t.interval_ms[r], 2 * 10.0 / 0.85);
}

TEST(TimingTasks, MeasureWaitGoTrialStructure) {
    mwg_options o;
    o.trials = 100;
    o.no_input_fraction = 0.0;
    o.no_go_fraction = 0.0;
    o.context = {0.0, 0.1, 0.2, 0.3};
    const auto t = measure_wait_go(o);
    ASSERT_EQ(t.inputs, 4u);
    const auto ready = cue_steps(t, 0), measured = cue_steps(t, 1), go = cue_steps(t, 2);
    for (std::uint64_t r = 0; r < t.trials; ++r) {
        const auto Ts = std::llround(t.interval_ms[r] / 10.0);
        EXPECT_EQ(measured[r] - ready[r], Ts);  // the measured interval is the one to produce
        EXPECT_GE(go[r] - measured[r], 20);     // delay 200 .. 1500 ms
        EXPECT_LT(go[r] - measured[r], 150);
        EXPECT_EQ(t.mask[r * t.steps + static_cast<std::uint64_t>(go[r] - 30)], 1.0);
        EXPECT_EQ(t.mask[r * t.steps + static_cast<std::uint64_t>(go[r] - 31)], 0.0);
        EXPECT_EQ(t.mask[r * t.steps + static_cast<std::uint64_t>(go[r] + Ts + 29)], 1.0);
        EXPECT_EQ(t.mask[r * t.steps + static_cast<std::uint64_t>(go[r] + Ts + 30)], 0.0);
        EXPECT_DOUBLE_EQ(t.u[(r * t.steps + 3) * 4 + 3], t.context[r]);
    }
    const auto produced = produced_intervals(t.target, t, 2, 10.0);
    for (std::uint64_t r = 0; r < t.trials; ++r) EXPECT_NEAR(produced[r], t.interval_ms[r], 2 * 10.0 / 0.85);
}

TEST(TimingTasks, TrialsDoNotDependOnTheirNumber) {
    csg_options a;
    a.trials = 10;
    csg_options b = a;
    b.trials = 30;
    const auto ta = cue_set_go(a), tb = cue_set_go(b);
    for (std::size_t i = 0; i < ta.u.size(); ++i) EXPECT_EQ(ta.u[i], tb.u[i]);
}

TEST(TimingTasks, BadOptionsAreInputErrors) {
    mwg_options o;
    o.context = {0.1};
    EXPECT_THROW(measure_wait_go(o), input_error);
    csg_options c;
    c.intervals_ms = {};
    EXPECT_THROW(cue_set_go(c), input_error);
}
