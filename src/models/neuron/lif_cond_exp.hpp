#pragma once
// Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances
// (NEST: iaf_cond_exp; same parameter names, defaults and update order).
//
//   C_m dV/dt   = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dg_ex/dt    = -g_ex / tau_syn_ex     an excitatory spike of weight w (nS): g_ex += w
//   dg_in/dt    = -g_in / tau_syn_in     an inhibitory spike (w <= 0, NEST's sign):  g_in += -w
//   V >= V_th at the end of a step  ->  spike, V = V_reset, V clamped there for t_ref (the
//   conductances keep decaying and integrating input).
//
// The conductance terms make the V equation time-varying, so there is no constant propagator;
// each step is integrated with the adaptive Dormand-Prince 5(4) scheme of adaptive_rk45.hpp with
// local tolerance error_tol (NEST uses GSL's RKF45 with absolute tolerance 1e-3; the default here
// is tighter). As in NEST the threshold is checked on the grid, after the synaptic input arriving
// at t + dt has been added to the conductances.
// Reference: NEST iaf_cond_exp; Kumar, Schrader, Aertsen & Rotter 2008, Neural Comput 20:1.
#include "models/model_api.hpp"
#include "models/neuron/adaptive_rk45.hpp"
#include "models/neuron/param_checks.hpp"

#include <limits>

namespace lamina::models {

struct lif_cond_exp {
    static constexpr const char* name = "lif_cond_exp";
    static constexpr const char* summary = "LIF, exponential conductance synapses, adaptive RK45 (NEST iaf_cond_exp)";
    static constexpr const char* reference = "NEST iaf_cond_exp; Kumar et al. 2008 Neural Comput 20:1";
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
        double error_tol = 1e-6;  // absolute local error per sub-step (mV, nS, pA)
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
        param_field<params>{"error_tol", &params::error_tol, dimension::dimensionless,
                            "absolute local error tolerance of the integrator per sub-step"},
    };

    enum state_index : std::size_t { V_m, g_ex, g_in, refractory_steps, integration_step, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"g_ex", dimension::conductance, "excitatory synaptic conductance"},
        {"g_in", dimension::conductance, "inhibitory synaptic conductance (>= 0)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
        {"integration_step", dimension::time, "adaptive integrator sub-step (0: start with dt)"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    struct coeffs {
        double dt, g_L, inv_C, E_L, E_ex, E_in, inv_tau_ex, inv_tau_in, I_e, V_th, V_reset, ref_steps;
        rk45::settings ode;
    };
    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::positive("C_m", p.C_m, "pF");
        check::non_negative("g_L", p.g_L, "nS");
        check::positive("tau_syn_ex", p.tau_syn_ex, "ms");
        check::positive("tau_syn_in", p.tau_syn_in, "ms");
        check::positive("error_tol", p.error_tol, "");
        check::finite("E_L", p.E_L, "mV");
        check::finite("E_ex", p.E_ex, "mV");
        check::finite("E_in", p.E_in, "mV");
        check::finite("I_e", p.I_e, "pA");
        check::below("V_reset", p.V_reset, "V_th", p.V_th, "mV");
        return {dt,           p.g_L,     1.0 / p.C_m, p.E_L,
                p.E_ex,       p.E_in,    1.0 / p.tau_syn_ex, 1.0 / p.tau_syn_in,
                p.I_e,        p.V_th,    p.V_reset,   check::refractory_steps(p.t_ref, dt),
                {p.error_tol, 1e-8 * dt}};
    }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& r = s[refractory_steps][i];
        const bool refractory = r > 0.0;
        const double I = c.I_e + in.I_stim;
        double y[3] = {s[V_m][i], s[g_ex][i], s[g_in][i]};
        const auto rhs = [&](const double* x, double* f) {
            f[0] = refractory ? 0.0
                              : (-c.g_L * (x[0] - c.E_L) - x[1] * (x[0] - c.E_ex) - x[2] * (x[0] - c.E_in) + I) *
                                    c.inv_C;
            f[1] = -x[1] * c.inv_tau_ex;
            f[2] = -x[2] * c.inv_tau_in;
        };
        rk45::advance(y, c.dt, s[integration_step][i], c.ode, std::numeric_limits<double>::infinity(), rhs,
                      [](double*) {});
        s[g_ex][i] = y[1] + in.ex;
        s[g_in][i] = y[2] - in.in;
        double& V = s[V_m][i];
        V = y[0];
        if (refractory) {
            r -= 1.0;
            V = c.V_reset;
            return false;
        }
        if (V >= c.V_th) {
            V = c.V_reset;
            r = c.ref_steps;
            return true;
        }
        return false;
    }
};

}  // namespace lamina::models
