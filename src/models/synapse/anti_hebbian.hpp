#pragma once
// Anti-Hebbian plasticity of the cerebellum-like electrosensory lobe of mormyrid electric fish
// (parallel fibre -> medium ganglion cell synapses): Bell, Han, Sugawara & Grant 1997 (Nature
// 387:278), Roberts & Bell 2000 (J Comput Neurosci 9:67, "Computational consequences of
// temporally asymmetric learning rules: II. Sensory image cancellation"), Kennedy, Wayne, Kaifosh, Alvina,
// Abbott & Sawtell 2014 (Nat Neurosci 17:416).
//
//   pre spike  at synapse time t:  w += alpha_pre                  (non-associative potentiation)
//   post spike at synapse time t:  w -= beta x_pre(t)              (associative depression)
//   x_pre: all-to-all pre trace, += 1 per spike, dx/dt = -x/tau;   w clamped to [w_min, w_max].
// The post spikes are the cell's broad (dendritic) spikes: only the spikes of the target
// population should reach this rule, so give it the broad-spike-emitting model.
//
// Learning window (weight change of one pre/post pair, Delta = t_post - t_pre at the synapse):
//   W(Delta) = alpha_pre - beta exp(-Delta/tau)  for Delta > 0,   W(Delta) = alpha_pre otherwise.
// Bell et al. 1997 measured depression when the broad spike follows the parallel-fibre EPSP
// within a window of roughly 50-60 ms, and a small potentiation for all other timings and for
// pre spikes alone; Roberts & Bell 2000 and Kennedy et al. 2014 model it as a constant per pre
// spike plus a causal depression window. Here the window is a one-sided exponential (area
// beta tau per broad spike; tau = 50 ms spans the measured window), which an all-to-all trace
// computes exactly. The papers' point is the fixed point: with pre spikes at fixed
// times after a motor command and broad spikes driven partly by the synapse itself, the weight
// moves until the expected change per command cycle vanishes,
//   alpha_pre n_pre = beta sum_{post j} sum_{pre i, t_i < s_j} exp(-(s_j - t_i)/tau),
// so the learned input becomes a negative image of the predictable broad-spike pattern
// (sensory image cancellation). With command period T and the cycles' traces overlapping,
// each pre spike contributes exp(-Delta/tau) / (1 - exp(-T/tau)) with Delta = (s_j - t_i) mod T.
#include "models/neuron/param_checks.hpp"
#include "models/synapse/plasticity_api.hpp"

namespace lamina::models {

struct anti_hebbian {
    static constexpr const char* name = "anti_hebbian";
    static constexpr const char* summary =
        "non-associative potentiation per pre spike, depression by post (broad) spikes (electric fish ELL)";
    static constexpr const char* reference =
        "Bell et al. 1997 Nature 387:278; Roberts & Bell 2000 J Comput Neurosci 9:67; Kennedy et al. 2014 Nat Neurosci 17:416";

    static constexpr synapse_kind kind = synapse_kind::long_term;

    struct params {
        double alpha_pre = 1e-3;  // weight unit, potentiation per pre spike
        double beta = 5e-3;       // weight unit, depression per post spike at zero lag
        double tau = 50.0;        // ms, width of the causal depression window
        double w_min = 0.0;       // weight unit (magnitude)
        double w_max = 100.0;     // weight unit (magnitude)
    };
    static constexpr std::array parameters{
        weight_param<params>("alpha_pre", &params::alpha_pre, "potentiation per pre spike"),
        weight_param<params>("beta", &params::beta, "depression per post spike at zero lag"),
        synapse_param<params>{"tau", &params::tau, dimension::time, "width of the depression window (pre trace decay)"},
        weight_param<params>("w_min", &params::w_min, "lower weight bound (magnitude)"),
        weight_param<params>("w_max", &params::w_max, "upper weight bound (magnitude)"),
    };

    // The contract asks for at least one post trace; this rule reads none of it.
    static constexpr std::size_t n_pre = 1, n_post = 1;
    struct coeffs {
        std::array<trace_def, n_pre> pre;
        std::array<trace_def, n_post> post;
        double w_min, w_max;
        double alpha_pre, beta;
    };

    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::non_negative("alpha_pre", p.alpha_pre, "");
        check::non_negative("beta", p.beta, "");
        check::positive("tau", p.tau, "ms");
        check::non_negative("w_min", p.w_min, "");
        check::below("w_min", p.w_min, "w_max", p.w_max, "");
        coeffs c{};
        c.pre = {trace_def{p.tau, false}};
        c.post = {trace_def{p.tau, false}};
        c.w_min = p.w_min;
        c.w_max = p.w_max;
        c.alpha_pre = p.alpha_pre;
        c.beta = p.beta;
        return c;
    }

    static double on_pre(const coeffs& c, double w, const double* /*pre_before*/, const double* /*post*/) {
        return w + c.alpha_pre;
    }
    static double on_post(const coeffs& c, double w, const double* pre, const double* /*post_before*/) {
        return w - c.beta * pre[0];
    }
};

}  // namespace lamina::models
