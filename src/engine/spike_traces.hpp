#pragma once
// Exponential spike traces of many neurons, evaluated exactly at any step the plasticity window
// needs (plastic_projection.hpp). A trace with time constant tau is, at step t,
//   all-to-all: sum over the neuron's spikes s <= t of exp(-(t - s) dt / tau)
//   nearest:    exp(-(t - s_last) dt / tau)   (0 before the first spike)
// Each neuron keeps its recent spikes with the trace values just after each, so that a trace can
// be read at the target's own time s - d for any delay d.
#include "models/synapse/plasticity_api.hpp"

#include <cmath>
#include <cstdint>
#include <array>
#include <limits>
#include <vector>

namespace lamina::engine {

constexpr std::int64_t no_spike = std::numeric_limits<std::int64_t>::min();

/// exp(-n dt / tau) for whole steps n; the table holds the values the formula gives, so a
/// looked-up and a computed factor are the same number.
class decay_factors {
public:
    decay_factors() = default;
    decay_factors(double dt, double tau, std::int64_t table_size) : dt_(dt), tau_(tau) {
        table_.resize(static_cast<std::size_t>(table_size));
        for (std::int64_t n = 0; n < table_size; ++n) table_[static_cast<std::size_t>(n)] = compute(n);
    }
    double operator()(std::int64_t n) const {
        return n < static_cast<std::int64_t>(table_.size()) ? table_[static_cast<std::size_t>(n)] : compute(n);
    }

private:
    double compute(std::int64_t n) const { return std::exp(-(double(n) * dt_) / tau_); }
    double dt_ = 0.1, tau_ = 20.0;
    std::vector<double> table_;
};

/// Traces (N per neuron, one definition each) of `count` neurons. Each recent spike keeps the
/// values just after it (v_n = v_{n-1} exp(-(t_n - t_{n-1}) dt / tau) + 1, or 1 for nearest
/// spikes, as NEST's archiving node does), so a read is one decay from the last spike at or
/// before the time read, whichever spikes have been folded away: the result depends on the
/// spike train only.
template <std::size_t N>
class spike_traces {
public:
    spike_traces() = default;
    spike_traces(std::size_t count, const std::array<models::trace_def, N>& defs, double dt, std::int64_t table_size)
        : defs_(defs), recent_(count) {
        for (std::size_t q = 0; q < N; ++q) decay_[q] = decay_factors(dt, defs[q].tau, table_size);
    }

    /// Records a spike of neuron i at `step` (steps arrive in ascending order per neuron).
    void add(std::size_t i, std::int64_t step) {
        auto& r = recent_[i];
        entry e{step, {}};
        for (std::size_t q = 0; q < N; ++q)
            e.value[q] = defs_[q].nearest || r.empty() ? 1.0 : r.back().value[q] * decay_[q](step - r.back().step) + 1.0;
        r.push_back(e);
    }

    /// Drops neuron i's spikes before `horizon` except the last of them: reads at steps
    /// >= horizon stay exact, and the list stays short.
    void fold_before(std::size_t i, std::int64_t horizon) {
        auto& r = recent_[i];
        std::size_t n = 0;
        while (n + 1 < r.size() && r[n + 1].step < horizon) ++n;
        r.erase(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(n));
    }

    /// Neuron i's traces at step t, with a spike at t counted when `inclusive`; t must not
    /// precede the fold horizon.
    void read(std::size_t i, std::int64_t t, bool inclusive, double* out) const {
        const auto& r = recent_[i];
        std::size_t n = r.size();
        while (n > 0 && (r[n - 1].step > t || (r[n - 1].step == t && !inclusive))) --n;
        for (std::size_t q = 0; q < N; ++q)
            out[q] = n == 0 ? 0.0 : r[n - 1].value[q] * decay_[q](t - r[n - 1].step);
    }

private:
    struct entry {
        std::int64_t step;
        std::array<double, N> value;  // just after the spike
    };
    std::array<models::trace_def, N> defs_{};
    std::array<decay_factors, N> decay_{};
    std::vector<std::vector<entry>> recent_;
};

}  // namespace lamina::engine
