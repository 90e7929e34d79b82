#pragma once
// The contract every long-term plasticity rule fulfils (the rule files beside this one follow it).
//
// Timing convention (NEST's, with all of the delay dendritic): a presynaptic spike at t_pre is an
// event of the synapse at t_pre; a postsynaptic spike at t_post reaches the synapse at
// t_post + d (d = the synapse's delay). The engine applies each synapse's events in the order of
// these synapse times; at equal times the postsynaptic event comes first. The weight a spike
// delivers is the weight after its own presynaptic event.
//
// Traces are kept once per neuron and time constant, not per synapse: a trace with `nearest`
// false is the all-to-all sum over the neuron's spikes s <= t of exp(-(t - s)/tau); with `nearest`
// true it is exp(-(t - s_last)/tau) (set to 1 at each spike: nearest-spike interaction).
//
//   struct my_rule {
//     static constexpr const char *name, *summary, *reference;
//     static constexpr synapse_kind kind = synapse_kind::long_term;
//     struct params { double ... = default; };   // canonical units; weights are magnitudes in
//                                                // the target model's weight unit (mV, pA, nS)
//     static constexpr std::array parameters{ synapse_param<params>{...}, ...,
//                                             weight_param<params>("w_max", &params::w_max, "...") };
//     static constexpr std::size_t n_pre = ..., n_post = ...;   // traces per side, 1..2
//     struct coeffs { std::array<trace_def, n_pre> pre; std::array<trace_def, n_post> post;
//                     double w_min, w_max; ... };
//     static coeffs prepare(const params&, double dt);        // throws input_error on bad values
//     // Presynaptic event at synapse time t. pre_before: the source's traces just before its
//     // spike at t; post: the target's traces at t (post events at t included).
//     static double on_pre(const coeffs&, double w, const double* pre_before, const double* post);
//     // Postsynaptic event at synapse time t. pre: the source's traces at t (a pre spike at t
//     // not included); post_before: the target's traces just before this post event.
//     static double on_post(const coeffs&, double w, const double* pre, const double* post_before);
//   };
//
// on_pre/on_post return the new weight magnitude; the engine clamps it to [w_min, w_max] and
// keeps the synapse's sign (inhibitory weights stay inhibitory).
//
// Short-term rules (kind = synapse_kind::short_term, e.g. tsodyks_markram.hpp) instead keep a
// state per presynaptic neuron and projection and scale each spike's weight by an efficacy:
//     struct state { ... };                                  // initial values by default init
//     static double efficacy(const coeffs&, state&, double h);  // h: ms since the previous spike
//                                                               // (+inf at the first spike)
// Registering a rule is one line in all_rules.hpp. A rule without `kind` is long-term, and
// parameters may also be plain param_field (fixed dimension, never the weight unit).
#include "models/model_api.hpp"

#include <cstddef>

namespace lamina::models {

enum class synapse_kind { short_term, long_term };

/// A rule parameter: like param_field, plus whether it is in the target model's weight unit
/// (mV, pA or nS, known only once the connection's target is), in which case `dim` is unused.
template <class Params>
struct synapse_param {
    const char* name;
    double Params::*member;
    lamina::dimension dim;
    const char* doc;
    bool in_weight_unit = false;
};

/// A parameter in the target model's weight unit (w_max, w_min, ...).
template <class Params>
constexpr synapse_param<Params> weight_param(const char* name, double Params::*member, const char* doc) {
    return {name, member, lamina::dimension::dimensionless, doc, true};
}

/// One exponential trace per neuron.
struct trace_def {
    double tau = 20.0;     ///< ms, > 0
    bool nearest = false;  ///< true: reset to 1 at a spike (nearest spike); false: += 1 (all-to-all)
};

/// A rule's kind: its `kind` member, or long_term for a rule written without one.
template <class R>
constexpr synapse_kind kind_of() {
    if constexpr (requires { R::kind; }) return R::kind;
    else return synapse_kind::long_term;
}

/// Whether a parameter is in the target's weight unit (a plain param_field never is).
template <class F>
constexpr bool in_weight_unit(const F& f) {
    if constexpr (requires { f.in_weight_unit; }) return f.in_weight_unit;
    else return false;
}

}  // namespace lamina::models
