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
// step() advances neuron i from t to t + dt: first the state is propagated over the step, then
// the synaptic input arriving at t + dt is applied, then the threshold is checked; it returns
// true when the neuron spikes (the spike is stamped t + dt). This is NEST's order, so ported
// models give the same spike times.
#include <lamina/units.hpp>

#include <array>
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

}  // namespace lamina::models
