#pragma once
// Leaky integrate-and-fire neuron with alpha-shaped synaptic currents
// (NEST: iaf_psc_alpha; same parameter names, defaults and update order).
//
//   C_m dV/dt = -(C_m / tau_m) (V - E_L) + I_syn_ex + I_syn_in + I_e + I_stim
//   an input spike of weight w (pA) at t0 adds the current  w (t-t0)/tau_syn e^(1 - (t-t0)/tau_syn),
//   which peaks at w at t - t0 = tau_syn. Each alpha current is the second state of the linear pair
//     d(dI)/dt = -dI / tau_syn,    dI/dt = dI - I / tau_syn,    a spike adds e/tau_syn * w to dI.
//   V >= V_th  ->  spike, V = V_reset, V clamped there for t_ref; the synaptic currents keep
//   evolving and integrating input while refractory, as in NEST. I_syn_in is signed (<= 0).
//
// Exact integration (Rotter & Diesmann 1999, Biol. Cybern. 81:381), h = dt:
//   V(t+h) - E_L = P33 (V - E_L) + P31 dI + P32 I + P30 (I_e + I_stim)       (per synapse type)
//   I(t+h)  = P21 dI + P22 I,   dI(t+h) = P11 dI;   P11 = P22 = e^(-h/tau_syn), P21 = h e^(-h/tau_syn)
//   P30 = tau_m/C_m (1 - e^(-h/tau_m)),  P32 = (h/C_m) e^(-h/tau_m) phi1(h d),
//   P31 = (h^2/C_m) e^(-h/tau_m) phi2(h d),  d = 1/tau_syn - 1/tau_m   (exact_propagators.hpp)
// phi1/phi2 are entire functions, so tau_m == tau_syn is exact with no special case.
#include "models/model_api.hpp"
#include "models/neuron/exact_propagators.hpp"
#include "models/neuron/param_checks.hpp"

#include <cmath>
#include <numbers>

namespace lamina::models {

struct lif_psc_alpha {
    static constexpr const char* name = "lif_psc_alpha";
    static constexpr const char* summary = "LIF, alpha current synapses, exact integration (NEST iaf_psc_alpha)";
    static constexpr const char* reference = "Rotter & Diesmann 1999 Biol Cybern 81:381; NEST iaf_psc_alpha";
    static constexpr lamina::dimension weight_dim = lamina::dimension::current;

    struct params {
        double E_L = -70.0;       // mV
        double C_m = 250.0;       // pF
        double tau_m = 10.0;      // ms
        double t_ref = 2.0;       // ms
        double V_th = -55.0;      // mV
        double V_reset = -70.0;   // mV
        double tau_syn_ex = 2.0;  // ms (rise time to the PSC peak)
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
        param_field<params>{"tau_syn_ex", &params::tau_syn_ex, dimension::time, "excitatory PSC rise time"},
        param_field<params>{"tau_syn_in", &params::tau_syn_in, dimension::time, "inhibitory PSC rise time"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
    };

    enum state_index : std::size_t { V_m, I_syn_ex, dI_syn_ex, I_syn_in, dI_syn_in, refractory_steps, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"I_syn_ex", dimension::current, "excitatory synaptic current"},
        {"dI_syn_ex", dimension::dimensionless, "derivative state of I_syn_ex (pA/ms)"},
        {"I_syn_in", dimension::current, "inhibitory synaptic current (<= 0)"},
        {"dI_syn_in", dimension::dimensionless, "derivative state of I_syn_in (pA/ms)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    struct coeffs {
        double E_L, P33, P30, I_e, V_th, V_reset, ref_steps;
        double P11ex, P21ex, P31ex, P32ex, jump_ex;  // jump = e/tau_syn: dI increment per pA of weight
        double P11in, P21in, P31in, P32in, jump_in;
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
        c.P33 = std::exp(-dt / p.tau_m);
        c.P30 = exact::p_const(dt, p.tau_m, p.C_m);
        c.I_e = p.I_e;
        c.V_th = p.V_th;
        c.V_reset = p.V_reset;
        c.ref_steps = check::refractory_steps(p.t_ref, dt);
        c.P11ex = std::exp(-dt / p.tau_syn_ex);
        c.P21ex = dt * c.P11ex;
        c.P31ex = exact::p_alpha(dt, p.tau_m, p.tau_syn_ex, p.C_m);
        c.P32ex = exact::p_exp(dt, p.tau_m, p.tau_syn_ex, p.C_m);
        c.jump_ex = std::numbers::e / p.tau_syn_ex;
        c.P11in = std::exp(-dt / p.tau_syn_in);
        c.P21in = dt * c.P11in;
        c.P31in = exact::p_alpha(dt, p.tau_m, p.tau_syn_in, p.C_m);
        c.P32in = exact::p_exp(dt, p.tau_m, p.tau_syn_in, p.C_m);
        c.jump_in = std::numbers::e / p.tau_syn_in;
        return c;
    }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& V = s[V_m][i];
        double& Iex = s[I_syn_ex][i];
        double& dIex = s[dI_syn_ex][i];
        double& Iin = s[I_syn_in][i];
        double& dIin = s[dI_syn_in][i];
        double& r = s[refractory_steps][i];
        if (r > 0.0)
            r -= 1.0;  // V stays at V_reset
        else
            V = c.E_L + c.P33 * (V - c.E_L) + c.P31ex * dIex + c.P32ex * Iex + c.P31in * dIin + c.P32in * Iin +
                c.P30 * (c.I_e + in.I_stim);
        Iex = c.P21ex * dIex + c.P11ex * Iex;
        dIex = c.P11ex * dIex + c.jump_ex * in.ex;
        Iin = c.P21in * dIin + c.P11in * Iin;
        dIin = c.P11in * dIin + c.jump_in * in.in;
        if (V >= c.V_th) {
            V = c.V_reset;
            r = c.ref_steps;
            return true;
        }
        return false;
    }
};

}  // namespace lamina::models
