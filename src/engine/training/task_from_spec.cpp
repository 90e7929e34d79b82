// The trial sets a task file describes: training, test, and extrapolation sets.
#include <lamina/error.hpp>
#include <lamina/training_io.hpp>

#include <algorithm>

namespace lamina {

rnn_task_data make_training_task(const training_spec& s, bool test) {
    if (s.kind == "files") {
        if (!test) return s.train;
        if (s.test.trials == 0) throw input_error(s.source + ": task kind \"files\" has no test_inputs_file");
        return s.test;
    }
    if (s.kind == "cue_set_go") {
        auto o = s.csg;
        if (test) {
            o.trials = s.test_trials;
            o.seed += 1;
        }
        return cue_set_go(o);
    }
    auto o = s.mwg;
    if (test) {
        o.trials = s.test_trials;
        o.seed += 1;
    }
    return measure_wait_go(o);
}

rnn_task_data make_evaluation_task(const training_spec& s) {
    if (s.kind == "files") throw input_error(s.source + ": extrapolation needs a timing task (cue_set_go or measure_wait_go)");
    if (s.kind == "cue_set_go") {
        auto o = s.csg;
        if (!s.evaluate_intervals_ms.empty()) o.intervals_ms = s.evaluate_intervals_ms;
        o.trials = s.evaluate_trials * o.intervals_ms.size();
        o.balanced = true;
        o.no_set_fraction = 0.0;
        o.jitter_ms = 0.0;
        o.seed += 2;
        const double longest = *std::max_element(o.intervals_ms.begin(), o.intervals_ms.end());
        o.duration_ms = s.evaluate_duration_ms > 0 ? s.evaluate_duration_ms
                                                   : std::max(o.duration_ms, o.set_ms + 1.3 * longest + 500.0);
        return cue_set_go(o);
    }
    auto o = s.mwg;
    if (!s.evaluate_intervals_ms.empty()) {
        o.intervals_ms = s.evaluate_intervals_ms;
        if (!o.context.empty()) {
            if (s.evaluate_context.size() != o.intervals_ms.size())
                throw input_error(s.source + ": evaluate.context needs one value per evaluated interval (" +
                                  std::to_string(o.intervals_ms.size()) + ")");
            o.context = s.evaluate_context;
        }
    }
    o.trials = s.evaluate_trials * o.intervals_ms.size();
    o.balanced = true;
    o.no_input_fraction = 0.0;
    o.no_go_fraction = 0.0;
    o.jitter_ms = 0.0;
    o.seed += 2;
    const double longest = *std::max_element(o.intervals_ms.begin(), o.intervals_ms.end());
    o.duration_ms = s.evaluate_duration_ms > 0
                        ? s.evaluate_duration_ms
                        : std::max(o.duration_ms, o.ready_ms + 2.3 * longest + o.delay_max_ms + 500.0);
    return measure_wait_go(o);
}

std::int64_t cue_input_of(const training_spec& s) {
    if (s.kind == "cue_set_go") return 1;
    if (s.kind == "measure_wait_go") return 2;
    return -1;
}

}  // namespace lamina
