#pragma once
// Drives one neuron model's step() directly (no engine): the state arrays of a population of
// `n` neurons, the coefficients from prepare(), and helpers for spike-train statistics used by the
// neuron validation tests.
#include "models/model_api.hpp"

#include <array>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <vector>

namespace lamina::test {

template <class M>
struct neuron_driver {
    typename M::params p;
    double dt;
    typename M::coeffs c;
    std::array<std::vector<double>, M::n_state> data;
    models::state_ptrs<M::n_state> ptrs{};
    long steps = 0;  // steps taken; the state is at time steps * dt

    explicit neuron_driver(const typename M::params& params, double dt_ms, std::size_t n = 1)
        : p(params), dt(dt_ms), c(M::prepare(params, dt_ms)) {
        double init[M::n_state];
        M::initial_state(p, init);
        for (std::size_t k = 0; k < M::n_state; ++k) {
            data[k].assign(n, init[k]);
            ptrs[k] = data[k].data();
        }
    }
    double& operator()(std::size_t k, std::size_t i = 0) { return data[k][i]; }
    double t() const { return static_cast<double>(steps) * dt; }

    /// One step of neuron i (input arriving at t + dt, device current during the step).
    bool step(double ex = 0.0, double in = 0.0, double I_stim = 0.0, std::size_t i = 0) {
        const bool s = M::step(c, ptrs, i, models::step_input{ex, in, I_stim});
        if (i == 0) ++steps;
        return s;
    }

    /// One step of neuron i of a model declaring N receptor ports (weights per port, signed as
    /// the receptor's convention: inhibitory ports take weights <= 0).
    template <std::size_t N>
    bool step_ports(const std::array<double, N>& w, double I_stim = 0.0, std::size_t i = 0) {
        const bool s = M::step(c, ptrs, i, models::port_input<N>{w, I_stim});
        if (i == 0) ++steps;
        return s;
    }

    /// Runs `n` steps of neuron 0 under a constant device current; returns the spike times (ms).
    std::vector<double> run(long n, double I_stim = 0.0) {
        std::vector<double> spikes;
        for (long k = 0; k < n; ++k)
            if (step(0.0, 0.0, I_stim)) spikes.push_back(t());
        return spikes;
    }
};

inline std::vector<double> isis(const std::vector<double>& spikes) {
    std::vector<double> out;
    for (std::size_t k = 1; k < spikes.size(); ++k) out.push_back(spikes[k] - spikes[k - 1]);
    return out;
}

/// Adaptation index of Naud et al. 2008 (Biol. Cybern. 99:335, eq. 5): the mean of
/// (ISI_{k+1} - ISI_k) / (ISI_{k+1} + ISI_k) over the ISIs after the first `skip`.
/// ~0 for tonic firing, > 0 for adapting, < 0 for accelerating trains.
inline double adaptation_index(const std::vector<double>& isi, std::size_t skip) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t k = skip; k + 1 < isi.size(); ++k, ++n) sum += (isi[k + 1] - isi[k]) / (isi[k + 1] + isi[k]);
    return n ? sum / static_cast<double>(n) : 0.0;
}

/// Splits a spike train into bursts: a new burst starts after an ISI longer than `gap` (ms).
/// Returns the number of spikes in each burst.
inline std::vector<int> burst_sizes(const std::vector<double>& spikes, double gap) {
    std::vector<int> sizes;
    for (std::size_t k = 0; k < spikes.size(); ++k) {
        if (k == 0 || spikes[k] - spikes[k - 1] > gap)
            sizes.push_back(1);
        else
            ++sizes.back();
    }
    return sizes;
}

inline double mean(const std::vector<double>& x, std::size_t from = 0) {
    double s = 0.0;
    for (std::size_t k = from; k < x.size(); ++k) s += x[k];
    return x.size() > from ? s / static_cast<double>(x.size() - from) : 0.0;
}

/// One classical RK4 step of dy/dt = f(y) over h.
template <std::size_t N, class F>
std::array<double, N> rk4_one(const std::array<double, N>& y, double h, F&& f) {
    std::array<double, N> k1, k2, k3, k4, tmp, out;
    f(y, k1);
    for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + 0.5 * h * k1[j];
    f(tmp, k2);
    for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + 0.5 * h * k2[j];
    f(tmp, k3);
    for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + h * k3[j];
    f(tmp, k4);
    for (std::size_t j = 0; j < N; ++j) out[j] = y[j] + h / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
    return out;
}

/// Reference integration for the nonlinear models: `substeps` classical RK4 steps of h (the tests
/// use h = dt/100), each further split so that y[0] moves by at most `dv_max` per RK4 step (this
/// only bites on the spike upstroke, where AdEx's exponential makes dV/dt reach 1e4-1e10 mV/ms and
/// a fixed fine step would misplace the reset by up to its own length). When y[0] reaches
/// `threshold` within an RK4 step, the crossing time is found by bisection with fresh RK4 steps of
/// theta*h from the start of that step (as accurate as RK4 itself, with no interpolation bias that
/// would accumulate from spike to spike); reset(y) is applied there and the rest of the step is
/// integrated from the reset state. Returns the number of crossings. This is deliberately the
/// simplest scheme that converges; it shares no code with src/models/neuron/adaptive_rk45.hpp.
template <std::size_t N, class F, class Reset>
int rk4_fine(std::array<double, N>& y, double h, int substeps, double threshold, F&& f, Reset&& reset,
             double dv_max = INFINITY) {
    int spikes = 0;
    std::array<double, N> dy;
    for (int s = 0; s < substeps; ++s) {
        double left = h;
        while (left > 0.0) {
            f(y, dy);
            const double hs = std::min(left, std::abs(dy[0]) * left > dv_max ? dv_max / std::abs(dy[0]) : left);
            left = hs < left ? left - hs : 0.0;
            const auto y1 = rk4_one(y, hs, f);
            if (y[0] < threshold && y1[0] >= threshold) {
                double lo = 0.0, hi = 1.0;
                for (int it = 0; it < 50; ++it) {
                    const double mid = 0.5 * (lo + hi);
                    (rk4_one(y, mid * hs, f)[0] >= threshold ? hi : lo) = mid;
                }
                auto yc = rk4_one(y, hi * hs, f);
                reset(yc);
                ++spikes;
                y = rk4_one(yc, (1.0 - hi) * hs, f);
            } else {
                y = y1;
            }
        }
    }
    return spikes;
}

/// A recorded run: V_m after every step and the steps (1-based) that emitted a spike.
struct run_record {
    std::vector<double> v;
    std::vector<long> spikes;
    std::vector<double> spike_times(double dt) const {
        std::vector<double> t;
        for (long k : spikes) t.push_back(static_cast<double>(k) * dt);
        return t;
    }
};

/// Model run against reference run: spike steps must agree within `max_shift` steps; V_m is compared
/// at the steps farther than `guard` steps from any spike of either run (the upstroke, where V_m
/// changes by tens of mV within a step, is excluded: there a sub-microsecond timing difference is
/// a large voltage difference).
struct trace_comparison {
    bool same_spike_count = false;
    long max_spike_shift = 0;
    double max_dv = 0.0;  // mV
    long compared = 0;
};
inline trace_comparison compare_runs(const run_record& model, const run_record& ref, long guard) {
    trace_comparison c;
    c.same_spike_count = model.spikes.size() == ref.spikes.size();
    for (std::size_t j = 0; j < std::min(model.spikes.size(), ref.spikes.size()); ++j)
        c.max_spike_shift = std::max(c.max_spike_shift, std::abs(model.spikes[j] - ref.spikes[j]));
    std::vector<bool> near(model.v.size() + 1, false);
    for (const auto* r : {&model, &ref})
        for (long k : r->spikes)
            for (long j = std::max(1L, k - guard); j <= std::min<long>(static_cast<long>(model.v.size()), k + guard); ++j)
                near[j] = true;
    for (std::size_t k = 1; k <= model.v.size() && k <= ref.v.size(); ++k)
        if (!near[k]) {
            c.max_dv = std::max(c.max_dv, std::abs(model.v[k - 1] - ref.v[k - 1]));
            ++c.compared;
        }
    return c;
}

}  // namespace lamina::test
