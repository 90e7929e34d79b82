#pragma once
// Leaky integrate-and-fire neuron with delta-shaped synaptic input (NEST: iaf_psc_delta).
//
//   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_e + I_stim
//   an input spike of weight w (mV) makes V jump by w at its arrival time.
//   V >= V_th  ->  spike, V = V_reset, clamped there for t_ref (inputs arriving then are lost).
//
// Exact integration (Rotter & Diesmann 1999, Biol. Cybern. 81:381): between inputs the
// dynamics are linear with constant input, so V(t+dt) = E_L + P22 (V - E_L) + P20 I with
// P22 = exp(-dt/tau_m) and P20 = tau_m/C_m (1 - P22).
// This is the model of Brunel (2000) J. Comput. Neurosci. 8:183.
#include <lamina/error.hpp>

#include "models/model_api.hpp"

#include <cmath>
#include <string>

namespace lamina::models {

struct lif_psc_delta {
    static constexpr const char* name = "lif_psc_delta";
    static constexpr const char* summary = "LIF, delta-current synapses (voltage jumps), exact integration";
    static constexpr const char* reference = "Brunel 2000 J Comput Neurosci 8:183; Rotter & Diesmann 1999";
    static constexpr lamina::dimension weight_dim = lamina::dimension::voltage;

    struct params {
        double E_L = -70.0;      // mV
        double C_m = 250.0;      // pF
        double tau_m = 10.0;     // ms
        double t_ref = 2.0;      // ms
        double V_th = -55.0;     // mV
        double V_reset = -70.0;  // mV
        double I_e = 0.0;        // pA
    };
    static constexpr std::array parameters{
        param_field<params>{"E_L", &params::E_L, dimension::voltage, "resting potential"},
        param_field<params>{"C_m", &params::C_m, dimension::capacitance, "membrane capacitance"},
        param_field<params>{"tau_m", &params::tau_m, dimension::time, "membrane time constant"},
        param_field<params>{"t_ref", &params::t_ref, dimension::time, "absolute refractory period"},
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "spike threshold"},
        param_field<params>{"V_reset", &params::V_reset, dimension::voltage, "reset potential"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
    };

    enum state_index : std::size_t { V_m, refractory_steps, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        s[V_m] = p.E_L;
        s[refractory_steps] = 0.0;
    }

    struct coeffs {
        double E_L, P22, P20, I_e, V_th, V_reset, ref_steps;
    };
    static coeffs prepare(const params& p, double dt) {
        if (!(p.tau_m > 0.0)) throw input_error("tau_m must be positive, got " + std::to_string(p.tau_m) + " ms");
        if (!(p.C_m > 0.0)) throw input_error("C_m must be positive, got " + std::to_string(p.C_m) + " pF");
        if (p.t_ref < 0.0) throw input_error("t_ref must not be negative, got " + std::to_string(p.t_ref) + " ms");
        if (!(p.V_reset < p.V_th))
            throw input_error("V_reset (" + std::to_string(p.V_reset) + " mV) must be below V_th (" +
                              std::to_string(p.V_th) + " mV)");
        const double P22 = std::exp(-dt / p.tau_m);
        return {p.E_L, P22, p.tau_m / p.C_m * (1.0 - P22), p.I_e, p.V_th, p.V_reset, std::round(p.t_ref / dt)};
    }

    // The step in two parts (model_api.hpp): advance() is branch-free (a select), so the engine's
    // loop over a population vectorises; fire() counts the refractory steps down and checks the
    // threshold of the others only (a refractory neuron does not fire, even with V set above
    // V_th by hand). The arithmetic is the same as one branching step, to the bit.
    static void advance(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& V = s[V_m][i];
        const bool refractory = s[refractory_steps][i] > 0.0;  // V held, input lost
        const double V_free = c.E_L + c.P22 * (V - c.E_L) + c.P20 * (c.I_e + in.I_stim) + in.ex + in.in;
        V = refractory ? V : V_free;
    }
    static bool fire(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i) {
        double& r = s[refractory_steps][i];
        if (r > 0.0) {
            r -= 1.0;
            return false;
        }
        if (!(s[V_m][i] >= c.V_th)) return false;
        s[V_m][i] = c.V_reset;
        r = c.ref_steps;
        return true;
    }
    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        advance(c, s, i, in);
        return fire(c, s, i);
    }
};

}  // namespace lamina::models
