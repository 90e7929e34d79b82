#pragma once
// Parrot neuron (NEST parrot_neuron): emits a spike in every step in which excitatory input
// arrives, and does nothing else (no membrane, no refractoriness; several inputs in one step
// give one spike). It relays a spike_times stimulus into a population, so that tests and models
// can make presynaptic neurons of a plastic projection fire at chosen times: a stimulus spike
// at t with delay d makes the parrot spike at t + d. Inhibitory input and currents are ignored.
// Weights onto a parrot are dimensionless; any positive weight triggers it.
#include "models/model_api.hpp"

namespace lamina::models {

struct parrot_neuron {
    static constexpr const char* name = "parrot_neuron";
    static constexpr const char* summary = "repeats its excitatory input spikes (one spike per step with input)";
    static constexpr const char* reference = "NEST parrot_neuron (Gewaltig & Diesmann 2007 Scholarpedia 2:1430)";
    static constexpr lamina::dimension weight_dim = lamina::dimension::dimensionless;

    struct params {};
    static constexpr std::array<param_field<params>, 0> parameters{};

    enum state_index : std::size_t { input, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"input", dimension::dimensionless, "excitatory input received in the last step"},
    }};
    static void initial_state(const params&, double (&s)[n_state]) { s[input] = 0.0; }

    struct coeffs {};
    static coeffs prepare(const params&, double) { return {}; }

    static bool step(const coeffs&, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        s[input][i] = in.ex;
        return in.ex > 0.0;
    }
};

}  // namespace lamina::models
