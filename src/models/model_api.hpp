#pragma once
// The contract every neuron model file fulfils (see lif_psc_delta.hpp for the reference example).
//
//   struct my_model {
//     static constexpr const char* name, *summary, *reference;
//     static constexpr lamina::dimension weight_dim;        // mV (delta), pA (current), nS (conductance)
//     struct params { double ... = default; };              // canonical units
//     static constexpr std::array parameters{ param_field<params>{...}, ... };
//     enum state_index : std::size_t { V_m, ..., n_state };
//     static constexpr std::array<state_field, n_state> state{ ... };
//     static void initial_state(const params&, double (&s)[n_state]);  // defaults, e.g. V_m = E_L
//     struct coeffs { ... };                                 // everything precomputed from dt
//     static coeffs prepare(const params&, double dt);       // throws input_error on bad values
//     static bool step(const coeffs&, const state_ptrs<n_state>& s, std::size_t i, const step_input&);
//   };
//
// Receptor ports: a model without a `receptors` member has two, "excitatory" (port 0) and
// "inhibitory" (port 1), and its step() takes step_input. A model may instead declare
//     static constexpr std::array<receptor_field, N> receptors{{...}};
// and then its step() takes port_input<N>. Port 0 must be excitatory and port 1 inhibitory (the
// ports a weight's sign chooses when a connection names no receptor; "excitatory" and
// "inhibitory" stay accepted as their names), further ports are any receptors the model has.
//
// A model may also split its step (and define step() as advance() then fire()):
//     static void advance(const coeffs&, const state_ptrs<n_state>&, std::size_t i, const step_input&);
//     static bool fire(const coeffs&, const state_ptrs<n_state>&, std::size_t i);  // threshold, reset
// advance() propagates the state and applies the input without branches (selects only, no
// library calls), so the engine runs it as one vectorised loop over the population and then
// scans for threshold crossings with fire(). A neuron that is refractory in advance() must not
// cross in fire() (it is held below threshold). Two-port models only.
//
// step() advances neuron i from t to t + dt: first the state is propagated over the step, then
// the synaptic input arriving at t + dt is applied, then the threshold is checked; it returns
// true when the neuron spikes (the spike is stamped t + dt). This is NEST's order, so ported
// models give the same spike times.
#include <lamina/units.hpp>

#include <array>
#include <concepts>
#include <cstddef>

namespace lamina::models {

template <class Params>
struct param_field {
    const char* name;
    double Params::*member;
    lamina::dimension dim;
    const char* doc;
};

struct state_field {
    const char* name;
    lamina::dimension dim;
    const char* doc;
};

template <std::size_t N>
using state_ptrs = std::array<double*, N>;

/// Input to one neuron in one step.
struct step_input {
    double ex;      ///< summed excitatory weights arriving at t + dt (model's weight unit, >= 0)
    double in;      ///< summed inhibitory weights arriving at t + dt (<= 0, NEST's sign convention)
    double I_stim;  ///< current from devices (DC, step) during the step, pA
};

/// One receptor port of a model. `inhibitory` ports receive weights <= 0 (NEST's sign convention,
/// as step_input::in), the others weights >= 0; a connection naming the receptor gives the
/// magnitude and the engine applies this sign.
struct receptor_field {
    const char* name;
    bool inhibitory;
    const char* doc;
};

/// The ports of a model that declares none.
inline constexpr std::array<receptor_field, 2> default_receptors{{
    {"excitatory", false, "excitatory synapses (weight >= 0)"},
    {"inhibitory", true, "inhibitory synapses (weight < 0, or a magnitude with receptor = \"inhibitory\")"},
}};

template <class M>
concept declares_receptors = requires { M::receptors.size(); };

/// A model's receptor ports: its own list or the default two.
template <class M>
constexpr const auto& receptors_of() {
    if constexpr (declares_receptors<M>) return M::receptors;
    else return default_receptors;
}

/// Input to one neuron in one step, for a model declaring N receptor ports.
/// A model whose step() is advance() then fire() (see above).
template <class M>
concept splits_step = !declares_receptors<M> && requires(const typename M::coeffs& c,
                                                         const state_ptrs<M::n_state>& s, const step_input& in) {
    M::advance(c, s, std::size_t{0}, in);
    { M::fire(c, s, std::size_t{0}) } -> std::same_as<bool>;
};

/// A split-step model that can say, without side effects and without branches, whether fire()
/// would do anything for neuron i: crossed() false means fire() returns false and changes
/// nothing. The engine then tests a whole chunk of neurons with vector compares and runs the
/// scalar fire() only on chunks where one crossed (in CUBA a step has ~20 spikes in 4000
/// neurons, and the scalar scan was a quarter of the update).
template <class M>
concept scans_threshold = splits_step<M> && requires(const typename M::coeffs& c, const state_ptrs<M::n_state>& s) {
    { M::crossed(c, s, std::size_t{0}) } -> std::same_as<bool>;
};

template <std::size_t N>
struct port_input {
    std::array<double, N> w;  ///< summed weights per port arriving at t + dt (signed per receptor_field)
    double I_stim;            ///< current from devices during the step, pA
};

}  // namespace lamina::models
