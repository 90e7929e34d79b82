#pragma once
/// @file
/// Timing tasks of Beiran, Meirhaeghe, Sohn, Jazayeri & Ostojic 2023 (Neuron 111:739) as trial
/// data for training.hpp, following the structure of the paper's public code
/// (github.com/emebeiran/parametric_manifolds): time in steps of dt (10 ms with tau = 100 ms,
/// alpha = 0.1), pulses of amplitude 10 lasting one step, and a readout that stays at -0.5 until
/// the cue to start, ramps linearly to +0.5 over the interval to produce, then stays at +0.5.
/// The produced interval is read where the output first crosses 0.35 after the cue, divided by
/// 0.85 (the fraction of the ramp at which the target crosses 0.35).
#include <lamina/training.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina {

/// Cue-Set-Go: input 0 is the context cue, a constant amplitude that encodes the interval to
/// produce (linearly: context_min at the shortest trained interval, context_max at the longest,
/// extended linearly outside); input 1 is the Set pulse at ready_ms plus a uniform jitter. A
/// fraction of trials has no Set (the output must stay at -0.5). The mask is 1 everywhere.
struct csg_options {
    std::vector<double> intervals_ms = {800, 1050, 1300, 1550};
    double context_min = 0.0, context_max = 0.25;  ///< cue amplitude at the shortest / longest interval
    double reference_min_ms = 800.0, reference_max_ms = 1550.0;  ///< the interval range of the cue map
    double dt_ms = 10.0;
    double duration_ms = 3500.0;
    double set_ms = 1000.0;       ///< Set time before jitter
    double jitter_ms = 100.0;     ///< Set at set_ms + uniform integer steps in [-jitter, jitter)
    double pulse = 10.0;
    double no_set_fraction = 0.1;
    bool balanced = false;        ///< trial r takes intervals[r % count] (evaluation sets)
    std::uint64_t trials = 500;
    std::uint64_t seed = 1;
};

/// Measure-Wait-Go (aligned at Ready): pulses Ready (input 0), end of measurement (input 1)
/// after the interval, and Go (input 2) after a random delay; the output ramps over the same
/// interval after Go. With `context` (non-empty, one value per interval) input 3 carries the
/// contextual amplitude. Mask: from mask_pre_ms before Go to mask_post_ms after the interval
/// ends; trials without inputs or without Go (fractions) are masked everywhere at -0.5.
struct mwg_options {
    std::vector<double> intervals_ms = {800, 1050, 1300, 1550};
    std::vector<double> context;  ///< empty: no context input
    double dt_ms = 10.0;
    double duration_ms = 6500.0;
    double ready_ms = 500.0;
    double jitter_ms = 100.0;
    double delay_min_ms = 200.0, delay_max_ms = 1500.0;
    double mask_pre_ms = 300.0, mask_post_ms = 300.0;
    double pulse = 10.0;
    double no_input_fraction = 0.1, no_go_fraction = 0.1;
    bool balanced = false;        ///< trial r takes intervals[r % count] (evaluation sets)
    std::uint64_t trials = 500;
    std::uint64_t seed = 1;
};

/// Trials with labels (interval_ms, context per trial; 0 for trials without Set or Go).
rnn_task_data cue_set_go(const csg_options& options);
rnn_task_data measure_wait_go(const mwg_options& options);

/// The time at which Set (CSG) or Go (MWG) arrives in each trial, in steps (the step index at
/// which the pulse enters; -1 for trials without it), computed from the task's inputs.
std::vector<std::int64_t> cue_steps(const rnn_task_data& task, std::uint64_t cue_input);

/// Produced intervals (ms) from outputs z [trial][step][output 0]: (first step after the cue at
/// which z >= threshold, minus the cue step) dt / fraction; NaN where it never crosses.
std::vector<double> produced_intervals(const std::vector<double>& z, const rnn_task_data& task,
                                       std::uint64_t cue_input, double dt_ms, double threshold = 0.35,
                                       double fraction = 0.85);

/// Produced against target interval, per target interval of a balanced evaluation task.
struct interval_evaluation {
    double interval_ms = 0.0, context = 0.0;
    double produced_mean_ms = 0.0, produced_std_ms = 0.0;  ///< over the trials that crossed
    std::uint64_t trials = 0, crossed = 0;
};

/// Runs the network on the task (noise as the network has it, keyed by `seed`) and summarises
/// the produced intervals per target interval, in increasing order of the interval.
std::vector<interval_evaluation> evaluate_intervals(const rnn_network& net, const rnn_task_data& task,
                                                    std::uint64_t cue_input, double dt_ms, std::uint64_t seed,
                                                    int threads = 1);

}  // namespace lamina
