// Shape and value checks of the training value types (include/lamina/training.hpp); in core so
// that the engine and the file readers share them.
#include <lamina/error.hpp>
#include <lamina/training.hpp>

#include <cmath>

namespace lamina {

namespace {

void check_size(const std::vector<double>& v, std::size_t expected, const std::string& where, const char* field,
                const char* shape) {
    if (v.size() != expected)
        throw input_error(where + ": " + field + " has " + std::to_string(v.size()) + " values; expected " +
                          std::to_string(expected) + " (" + shape + ")");
    for (double x : v)
        if (!std::isfinite(x)) throw input_error(where + ": " + field + " holds a non-finite value");
}

}  // namespace

void validate_rnn(const rnn_network& net, const std::string& where) {
    if (net.units == 0) throw input_error(where + ": units must be at least 1");
    if (net.outputs == 0) throw input_error(where + ": outputs must be at least 1");
    if (!(net.alpha > 0.0 && net.alpha <= 1.0))
        throw input_error(where + ": alpha = dt/tau must be in (0, 1], got " + std::to_string(net.alpha));
    if (!(net.noise_std >= 0.0) || !std::isfinite(net.noise_std))
        throw input_error(where + ": noise_std must be >= 0, got " + std::to_string(net.noise_std));
    const std::size_t N = net.units;
    if (net.rank > 0) {
        check_size(net.m, N * net.rank, where, "m", "units x rank");
        check_size(net.n, N * net.rank, where, "n", "units x rank");
        if (!net.J.empty()) throw input_error(where + ": a low-rank network (rank > 0) has m and n, not J");
    } else {
        check_size(net.J, N * N, where, "J", "units x units");
    }
    check_size(net.B, N * net.inputs, where, "B", "units x inputs");
    check_size(net.W, net.outputs * N, where, "W", "outputs x units");
    check_size(net.x0, N, where, "x0", "one per unit");
}

void validate_task(const rnn_task_data& t, const std::string& where) {
    if (t.trials == 0 || t.steps == 0 || t.outputs == 0)
        throw input_error(where + ": a task needs at least one trial, step and output (got " + std::to_string(t.trials) +
                          ", " + std::to_string(t.steps) + ", " + std::to_string(t.outputs) + ")");
    check_size(t.u, t.trials * t.steps * t.inputs, where, "inputs", "trials x steps x inputs");
    check_size(t.target, t.trials * t.steps * t.outputs, where, "targets", "trials x steps x outputs");
    check_size(t.mask, t.trials * t.steps * t.outputs, where, "mask", "trials x steps x outputs");
    for (double w : t.mask)
        if (w < 0.0) throw input_error(where + ": mask values must be >= 0");
}

}  // namespace lamina
