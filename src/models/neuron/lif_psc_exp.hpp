#pragma once
// Leaky integrate-and-fire neuron with exponentially decaying synaptic currents
// (NEST: iaf_psc_exp; same parameter names, defaults and update order).
//
//   C_m dV/dt      = -(C_m / tau_m) (V - E_L) + I_syn_ex + I_syn_in + I_e + I_stim
//   dI_syn_ex/dt   = -I_syn_ex / tau_syn_ex      an excitatory spike of weight w (pA): I_syn_ex += w
//   dI_syn_in/dt   = -I_syn_in / tau_syn_in      an inhibitory spike (w <= 0, pA):     I_syn_in += w
//   V >= V_th  ->  spike, V = V_reset, V clamped there for t_ref; the synaptic currents keep
//   decaying and integrating input while refractory (input is not lost, as in NEST).
//
// A PSC of weight w is a jump of w pA decaying with tau_syn; I_syn_in is signed (<= 0).
//
// Exact integration (Rotter & Diesmann 1999, Biol. Cybern. 81:381): between grid points the
// system is linear with constant input, so with h = dt
//   V(t+h) - E_L = P22 (V - E_L) + P21ex I_syn_ex + P21in I_syn_in + P20 (I_e + I_stim)
//   I_syn(t+h)   = P11 I_syn
// P22 = e^(-h/tau_m), P11 = e^(-h/tau_syn), P20 = tau_m/C_m (1 - P22) and
// P21 = (h/C_m) e^(-h/tau_m) phi1(h (1/tau_syn - 1/tau_m)) (exact_propagators.hpp), which is
// exact and finite for tau_m == tau_syn (then P21 = (h/C_m) e^(-h/tau_m)).
#include "models/model_api.hpp"
#include "models/neuron/exact_propagators.hpp"
#include "models/neuron/param_checks.hpp"

#include <cmath>

namespace lamina::models {

struct lif_psc_exp {
    static constexpr const char* name = "lif_psc_exp";
    static constexpr const char* summary = "LIF, exponential current synapses, exact integration (NEST iaf_psc_exp)";
    static constexpr const char* reference = "Rotter & Diesmann 1999 Biol Cybern 81:381; NEST iaf_psc_exp";
    static constexpr lamina::dimension weight_dim = lamina::dimension::current;

    struct params {
        double E_L = -70.0;       // mV
        double C_m = 250.0;       // pF
        double tau_m = 10.0;      // ms
        double t_ref = 2.0;       // ms
        double V_th = -55.0;      // mV
        double V_reset = -70.0;   // mV
        double tau_syn_ex = 2.0;  // ms
        double tau_syn_in = 2.0;  // ms
        double I_e = 0.0;         // pA
    };
    static constexpr std::array parameters{
        param_field<params>{"E_L", &params::E_L, dimension::voltage, "resting potential"},
        param_field<params>{"C_m", &params::C_m, dimension::capacitance, "membrane capacitance"},
        param_field<params>{"tau_m", &params::tau_m, dimension::time, "membrane time constant"},
        param_field<params>{"t_ref", &params::t_ref, dimension::time, "absolute refractory period"},
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "spike threshold"},
        param_field<params>{"V_reset", &params::V_reset, dimension::voltage, "reset potential"},
        param_field<params>{"tau_syn_ex", &params::tau_syn_ex, dimension::time, "excitatory PSC decay time"},
        param_field<params>{"tau_syn_in", &params::tau_syn_in, dimension::time, "inhibitory PSC decay time"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
    };

    enum state_index : std::size_t { V_m, I_syn_ex, I_syn_in, refractory_steps, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"I_syn_ex", dimension::current, "excitatory synaptic current"},
        {"I_syn_in", dimension::current, "inhibitory synaptic current (<= 0)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        s[V_m] = p.E_L;
        s[I_syn_ex] = 0.0;
        s[I_syn_in] = 0.0;
        s[refractory_steps] = 0.0;
    }

    struct coeffs {
        double E_L, P22, P20, P21ex, P21in, P11ex, P11in, I_e, V_th, V_reset, ref_steps;
    };
    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::positive("tau_m", p.tau_m, "ms");
        check::positive("C_m", p.C_m, "pF");
        check::positive("tau_syn_ex", p.tau_syn_ex, "ms");
        check::positive("tau_syn_in", p.tau_syn_in, "ms");
        check::finite("E_L", p.E_L, "mV");
        check::finite("I_e", p.I_e, "pA");
        check::below("V_reset", p.V_reset, "V_th", p.V_th, "mV");
        coeffs c{};
        c.E_L = p.E_L;
        c.P22 = std::exp(-dt / p.tau_m);
        c.P20 = exact::p_const(dt, p.tau_m, p.C_m);
        c.P21ex = exact::p_exp(dt, p.tau_m, p.tau_syn_ex, p.C_m);
        c.P21in = exact::p_exp(dt, p.tau_m, p.tau_syn_in, p.C_m);
        c.P11ex = std::exp(-dt / p.tau_syn_ex);
        c.P11in = std::exp(-dt / p.tau_syn_in);
        c.I_e = p.I_e;
        c.V_th = p.V_th;
        c.V_reset = p.V_reset;
        c.ref_steps = check::refractory_steps(p.t_ref, dt);
        return c;
    }

    // The step in two parts (model_api.hpp): advance() is branch-free (selects), so the engine's
    // loop over a population vectorises; fire() is the rare threshold crossing. The arithmetic
    // is the same as one branching step, to the bit.
    static void advance(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& V = s[V_m][i];
        double& Iex = s[I_syn_ex][i];
        double& Iin = s[I_syn_in][i];
        double& r = s[refractory_steps][i];
        const bool refractory = r > 0.0;  // V stays at V_reset
        const double V_free = c.E_L + c.P22 * (V - c.E_L) + c.P21ex * Iex + c.P21in * Iin + c.P20 * (c.I_e + in.I_stim);
        V = refractory ? V : V_free;  // held while refractory
        r -= refractory ? 1.0 : 0.0;  // r - 0 == r: no self-assignment, which would need a masked store
        Iex = c.P11ex * Iex + in.ex;
        Iin = c.P11in * Iin + in.in;
    }
    static bool crossed(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i) { return s[V_m][i] >= c.V_th; }
    static bool fire(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i) {
        if (!crossed(c, s, i)) return false;
        s[V_m][i] = c.V_reset;
        s[refractory_steps][i] = c.ref_steps;
        return true;
    }
    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        advance(c, s, i, in);
        return fire(c, s, i);
    }
};

}  // namespace lamina::models
