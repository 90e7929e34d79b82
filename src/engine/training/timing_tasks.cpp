// Cue-Set-Go and Measure-Wait-Go trials (Beiran et al. 2023, Neuron 111:739; trial structure of
// the paper's code, create_inp_out2 and create_inp_out_MWG). A pulse "at step s" is the input of
// step s, so it first moves x_{s+1} and the output z_s. The target ramps over the steps strictly
// between the cue step s and s + T/dt, linearly from -0.5 to +0.5 inclusive, and is +0.5 from
// s + T/dt on. Each trial draws its interval, jitter, delay and kind from its own Philox stream
// (seed, rnn_task, trial), so a trial does not depend on how many trials are generated.
#include <lamina/error.hpp>
#include <lamina/training_tasks.hpp>

#include "core/rng.hpp"

#include <cmath>
#include <limits>
#include <map>

namespace lamina {

namespace {

constexpr double start_level = -0.5;

std::int64_t steps_of(double ms, double dt) { return static_cast<std::int64_t>(std::llround(ms / dt)); }

// Target of one trial: -0.5 up to the cue step, the ramp, then +0.5 (output 0 only).
void write_ramp(rnn_task_data& t, std::uint64_t trial, std::int64_t cue, std::int64_t interval_steps) {
    const auto T = static_cast<std::int64_t>(t.steps);
    const std::int64_t points = std::max<std::int64_t>(interval_steps - 1, 1);
    for (std::int64_t s = 0; s < T; ++s) {
        double y = start_level;
        if (s > cue && s < cue + interval_steps)
            y = points == 1 ? -start_level
                            : start_level + (-2.0 * start_level) * static_cast<double>(s - cue - 1) /
                                                static_cast<double>(points - 1);
        else if (s >= cue + interval_steps)
            y = -start_level;
        t.target[(trial * t.steps + static_cast<std::uint64_t>(s)) * t.outputs] = y;
    }
}

rnn_task_data empty_task(std::uint64_t trials, double duration_ms, double dt, std::uint64_t inputs,
                         const char* name) {
    if (!(dt > 0.0)) throw input_error(std::string(name) + ": dt must be positive");
    if (trials == 0) throw input_error(std::string(name) + ": trials must be at least 1");
    rnn_task_data t;
    t.trials = trials;
    t.steps = static_cast<std::uint64_t>(std::max<std::int64_t>(1, steps_of(duration_ms, dt)));
    t.inputs = inputs;
    t.outputs = 1;
    t.u.assign(t.trials * t.steps * inputs, 0.0);
    t.target.assign(t.trials * t.steps, start_level);
    t.mask.assign(t.trials * t.steps, 0.0);
    t.interval_ms.assign(trials, 0.0);
    t.context.assign(trials, 0.0);
    return t;
}

void check_intervals(const std::vector<double>& intervals, double dt, const char* name) {
    if (intervals.empty()) throw input_error(std::string(name) + ": intervals_ms must list at least one interval");
    for (double T : intervals)
        if (!(T >= 2.0 * dt)) throw input_error(std::string(name) + ": intervals must be at least two steps long");
}

void set_pulse(rnn_task_data& t, std::uint64_t trial, std::int64_t step, std::uint64_t input, double amplitude) {
    if (step >= 0 && step < static_cast<std::int64_t>(t.steps))
        t.u[(trial * t.steps + static_cast<std::uint64_t>(step)) * t.inputs + input] = amplitude;
}

}  // namespace

rnn_task_data cue_set_go(const csg_options& o) {
    check_intervals(o.intervals_ms, o.dt_ms, "cue_set_go");
    if (!(o.reference_max_ms > o.reference_min_ms))
        throw input_error("cue_set_go: reference_max_ms must exceed reference_min_ms");
    auto t = empty_task(o.trials, o.duration_ms, o.dt_ms, 2, "cue_set_go");
    const std::int64_t set0 = steps_of(o.set_ms, o.dt_ms), jitter = steps_of(o.jitter_ms, o.dt_ms);
    for (std::uint64_t r = 0; r < o.trials; ++r) {
        core::rng_stream s(o.seed, core::stream_purpose::rnn_task, r, 0);
        const std::size_t drawn = s.below(o.intervals_ms.size());
        const double T = o.intervals_ms[o.balanced ? r % o.intervals_ms.size() : drawn];
        const bool no_set = s.uniform() < o.no_set_fraction;
        const std::int64_t shift = jitter > 0 ? static_cast<std::int64_t>(s.below(2 * jitter)) - jitter : 0;
        const double context = o.context_min + (o.context_max - o.context_min) * (T - o.reference_min_ms) /
                                                   (o.reference_max_ms - o.reference_min_ms);
        for (std::uint64_t k = 0; k < t.steps; ++k) t.u[(r * t.steps + k) * 2] = context;
        t.context[r] = context;
        for (std::uint64_t k = 0; k < t.steps; ++k) t.mask[r * t.steps + k] = 1.0;
        if (no_set) continue;
        const std::int64_t cue = set0 + shift + 1;
        set_pulse(t, r, cue, 1, o.pulse);
        write_ramp(t, r, cue, steps_of(T, o.dt_ms));
        t.interval_ms[r] = T;
    }
    return t;
}

rnn_task_data measure_wait_go(const mwg_options& o) {
    check_intervals(o.intervals_ms, o.dt_ms, "measure_wait_go");
    if (!o.context.empty() && o.context.size() != o.intervals_ms.size())
        throw input_error("measure_wait_go: context needs one value per interval (" +
                          std::to_string(o.intervals_ms.size()) + "), got " + std::to_string(o.context.size()));
    const std::int64_t dmin = steps_of(o.delay_min_ms, o.dt_ms), dmax = steps_of(o.delay_max_ms, o.dt_ms);
    if (dmax <= dmin) throw input_error("measure_wait_go: delay_max_ms must exceed delay_min_ms by a step");
    const std::uint64_t inputs = o.context.empty() ? 3 : 4;
    auto t = empty_task(o.trials, o.duration_ms, o.dt_ms, inputs, "measure_wait_go");
    const std::int64_t ready0 = steps_of(o.ready_ms, o.dt_ms), jitter = steps_of(o.jitter_ms, o.dt_ms);
    const std::int64_t pre = steps_of(o.mask_pre_ms, o.dt_ms), post = steps_of(o.mask_post_ms, o.dt_ms);
    const auto Tn = static_cast<std::int64_t>(t.steps);
    for (std::uint64_t r = 0; r < o.trials; ++r) {
        core::rng_stream s(o.seed, core::stream_purpose::rnn_task, r, 1);
        const std::size_t drawn = s.below(o.intervals_ms.size());
        const std::size_t which = o.balanced ? r % o.intervals_ms.size() : drawn;
        const double T = o.intervals_ms[which];
        const double kind = s.uniform();
        const std::int64_t shift = jitter > 0 ? static_cast<std::int64_t>(s.below(2 * jitter)) - jitter : 0;
        const std::int64_t delay = dmin + static_cast<std::int64_t>(s.below(static_cast<std::uint64_t>(dmax - dmin)));
        const std::int64_t Ts = steps_of(T, o.dt_ms);
        if (!o.context.empty()) {
            t.context[r] = o.context[which];
            for (std::uint64_t k = 0; k < t.steps; ++k) t.u[(r * t.steps + k) * inputs + 3] = o.context[which];
        }
        const bool no_input = kind < o.no_input_fraction;
        const bool no_go = !no_input && kind < o.no_input_fraction + o.no_go_fraction;
        if (no_input || no_go) {
            for (std::uint64_t k = 0; k < t.steps; ++k) t.mask[r * t.steps + k] = 1.0;
            if (no_input) continue;
        }
        const std::int64_t ready = ready0 + shift + 1, measured = ready + Ts, go = measured + delay;
        set_pulse(t, r, ready, 0, o.pulse);
        set_pulse(t, r, measured, 1, o.pulse);
        if (no_go) continue;
        set_pulse(t, r, go, 2, o.pulse);
        write_ramp(t, r, go, Ts);
        for (std::int64_t k = std::max<std::int64_t>(0, go - pre); k < std::min(Tn, go + Ts + post); ++k)
            t.mask[r * t.steps + static_cast<std::uint64_t>(k)] = 1.0;
        t.interval_ms[r] = T;
    }
    return t;
}

std::vector<std::int64_t> cue_steps(const rnn_task_data& t, std::uint64_t cue_input) {
    if (cue_input >= t.inputs)
        throw input_error("cue input " + std::to_string(cue_input) + " of a task with " + std::to_string(t.inputs) +
                          " inputs");
    std::vector<std::int64_t> cue(t.trials, -1);
    for (std::uint64_t r = 0; r < t.trials; ++r)
        for (std::uint64_t k = 0; k < t.steps; ++k)
            if (t.u[(r * t.steps + k) * t.inputs + cue_input] != 0.0) {
                cue[r] = static_cast<std::int64_t>(k);
                break;
            }
    return cue;
}

std::vector<double> produced_intervals(const std::vector<double>& z, const rnn_task_data& t, std::uint64_t cue_input,
                                       double dt_ms, double threshold, double fraction) {
    if (z.size() != t.trials * t.steps * t.outputs)
        throw input_error("produced_intervals: outputs have " + std::to_string(z.size()) + " values; expected " +
                          std::to_string(t.trials * t.steps * t.outputs) + " (trials x steps x outputs)");
    const auto cue = cue_steps(t, cue_input);
    std::vector<double> out(t.trials, std::numeric_limits<double>::quiet_NaN());
    for (std::uint64_t r = 0; r < t.trials; ++r) {
        if (cue[r] < 0) continue;
        for (auto k = static_cast<std::uint64_t>(cue[r]) + 1; k < t.steps; ++k)
            if (z[(r * t.steps + k) * t.outputs] >= threshold) {
                out[r] = static_cast<double>(static_cast<std::int64_t>(k) - cue[r]) * dt_ms / fraction;
                break;
            }
    }
    return out;
}

std::vector<interval_evaluation> evaluate_intervals(const rnn_network& net, const rnn_task_data& task,
                                                    std::uint64_t cue_input, double dt_ms, std::uint64_t seed,
                                                    int threads) {
    if (task.interval_ms.size() != task.trials)
        throw input_error("evaluate_intervals: the task has no interval labels (use a timing task)");
    const auto z = rnn_outputs(net, task, seed, 0, threads);
    const auto produced = produced_intervals(z, task, cue_input, dt_ms);
    std::map<double, interval_evaluation> by_interval;
    std::map<double, double> sum_sq;
    for (std::uint64_t r = 0; r < task.trials; ++r) {
        if (!(task.interval_ms[r] > 0.0)) continue;
        auto& e = by_interval[task.interval_ms[r]];
        e.interval_ms = task.interval_ms[r];
        e.context = task.context.empty() ? 0.0 : task.context[r];
        ++e.trials;
        if (std::isnan(produced[r])) continue;
        ++e.crossed;
        e.produced_mean_ms += produced[r];
        sum_sq[e.interval_ms] += produced[r] * produced[r];
    }
    std::vector<interval_evaluation> out;
    for (auto& [T, e] : by_interval) {
        if (e.crossed > 0) {
            const double n = static_cast<double>(e.crossed);
            e.produced_mean_ms /= n;
            e.produced_std_ms = std::sqrt(std::max(0.0, sum_sq[T] / n - e.produced_mean_ms * e.produced_mean_ms));
        } else {
            e.produced_mean_ms = e.produced_std_ms = std::numeric_limits<double>::quiet_NaN();
        }
        out.push_back(e);
    }
    return out;
}

}  // namespace lamina
