#pragma once
// Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances, integrated
// by exponential Euler: the equations of lif_cond_exp (NEST iaf_cond_exp), the scheme of Brian2's
// method = 'exponential_euler' (Goodman & Brette; Brian2 docs "State update"), the usual choice
// for large conductance-based networks (the COBA benchmark, Brette et al. 2007 J Comput Neurosci
// 23:349) where an adaptive integrator per neuron costs ~50x more (bench/neuron_bench.cpp).
//
//   C_m dV/dt   = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dg_ex/dt    = -g_ex / tau_syn_ex     an excitatory spike of weight w (nS): g_ex += w
//   dg_in/dt    = -g_in / tau_syn_in     an inhibitory spike (w <= 0, NEST's sign):  g_in += -w
//
// Over a step the conductances are held at their values at t; V then relaxes exactly towards
//   V_inf = (g_L E_L + g_ex E_ex + g_in E_in + I_e + I_stim) / g_tot,   g_tot = g_L + g_ex + g_in
// with time constant C_m / g_tot: V(t+dt) = V_inf + (V - V_inf) exp(-dt g_tot / C_m). The
// conductances decay exactly. The scheme is first order in dt while conductances change (error
// ~ dt/2 of their relative change per step) and exact without them; V always stays between the
// reversal potentials (V_inf is their weighted mean). Then, as lif_cond_exp: input arriving at
// t + dt is added to the conductances, the threshold is checked on the grid, V = V_reset for t_ref.
#include "core/simd_exp.hpp"
#include "models/model_api.hpp"
#include "models/neuron/param_checks.hpp"

#include <cmath>

namespace lamina::models {

struct lif_cond_exp_ee {
    static constexpr const char* name = "lif_cond_exp_ee";
    static constexpr const char* summary = "LIF, exponential conductance synapses, exponential Euler (Brian2's scheme)";
    static constexpr const char* reference = "Brette et al. 2007 J Comput Neurosci 23:349; Brian2 exponential_euler";
    static constexpr lamina::dimension weight_dim = lamina::dimension::conductance;

    struct params {
        double V_th = -55.0;      // mV
        double V_reset = -60.0;   // mV
        double t_ref = 2.0;       // ms
        double g_L = 16.6667;     // nS
        double C_m = 250.0;       // pF
        double E_ex = 0.0;        // mV
        double E_in = -85.0;      // mV
        double E_L = -70.0;       // mV
        double tau_syn_ex = 0.2;  // ms
        double tau_syn_in = 2.0;  // ms
        double I_e = 0.0;         // pA
    };
    static constexpr std::array parameters{
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "spike threshold"},
        param_field<params>{"V_reset", &params::V_reset, dimension::voltage, "reset potential"},
        param_field<params>{"t_ref", &params::t_ref, dimension::time, "absolute refractory period"},
        param_field<params>{"g_L", &params::g_L, dimension::conductance, "leak conductance"},
        param_field<params>{"C_m", &params::C_m, dimension::capacitance, "membrane capacitance"},
        param_field<params>{"E_ex", &params::E_ex, dimension::voltage, "excitatory reversal potential"},
        param_field<params>{"E_in", &params::E_in, dimension::voltage, "inhibitory reversal potential"},
        param_field<params>{"E_L", &params::E_L, dimension::voltage, "leak reversal (resting) potential"},
        param_field<params>{"tau_syn_ex", &params::tau_syn_ex, dimension::time, "excitatory conductance decay"},
        param_field<params>{"tau_syn_in", &params::tau_syn_in, dimension::time, "inhibitory conductance decay"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
    };

    enum state_index : std::size_t { V_m, g_ex, g_in, refractory_steps, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"g_ex", dimension::conductance, "excitatory synaptic conductance"},
        {"g_in", dimension::conductance, "inhibitory synaptic conductance (>= 0)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    struct coeffs {
        double dt_over_C, g_L, gE_L, E_ex, E_in, P_ex, P_in, I_e, V_th, V_reset, ref_steps;
    };
    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::positive("C_m", p.C_m, "pF");
        check::positive("g_L", p.g_L, "nS");  // g_tot > 0 keeps V_inf defined
        check::positive("tau_syn_ex", p.tau_syn_ex, "ms");
        check::positive("tau_syn_in", p.tau_syn_in, "ms");
        check::finite("E_L", p.E_L, "mV");
        check::finite("E_ex", p.E_ex, "mV");
        check::finite("E_in", p.E_in, "mV");
        check::finite("I_e", p.I_e, "pA");
        check::below("V_reset", p.V_reset, "V_th", p.V_th, "mV");
        return {dt / p.C_m, p.g_L, p.g_L * p.E_L, p.E_ex, p.E_in, std::exp(-dt / p.tau_syn_ex),
                std::exp(-dt / p.tau_syn_in), p.I_e, p.V_th, p.V_reset, check::refractory_steps(p.t_ref, dt)};
    }

    // The step in two parts (model_api.hpp): advance() is branch-free (selects), so the engine's
    // loop over a population vectorises; fire() is the rare threshold crossing. A refractory
    // neuron is held at V_reset < V_th, so fire() needs no refractory test.
    static void advance(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& V = s[V_m][i];
        double& ge = s[g_ex][i];
        double& gi = s[g_in][i];
        double& r = s[refractory_steps][i];
        const bool refractory = r > 0.0;
        const double g_tot = c.g_L + ge + gi;
        const double V_inf = (c.gE_L + ge * c.E_ex + gi * c.E_in + c.I_e + in.I_stim) / g_tot;
        const double V_free = V_inf + (V - V_inf) * core::simd_exp(-c.dt_over_C * g_tot);
        V = refractory ? c.V_reset : V_free;
        r -= refractory ? 1.0 : 0.0;  // r - 0 == r: no self-assignment, which would need a masked store
        ge = c.P_ex * ge + in.ex;
        gi = c.P_in * gi - in.in;
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
