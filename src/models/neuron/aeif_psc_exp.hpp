#pragma once
// Adaptive exponential integrate-and-fire neuron (AdEx) with exponentially decaying synaptic
// currents (NEST: aeif_psc_exp; same parameter names, defaults, refractoriness and order).
//
//   C_m dV/dt  = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w
//                + I_syn_ex + I_syn_in + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//   dI_syn_ex/dt = -I_syn_ex / tau_syn_ex   excitatory spike of weight w_syn (pA): I_syn_ex += w_syn
//   dI_syn_in/dt = -I_syn_in / tau_syn_in   inhibitory spike (w_syn <= 0):         I_syn_in += w_syn
//   (I_syn_in is kept signed, <= 0, as in lif_psc_exp; NEST's aeif_psc_exp stores its magnitude.)
//   V reaches V_peak  ->  spike, V = V_reset, w += b, then V clamped at V_reset for t_ref (w keeps
//   evolving with V = V_reset in its equation). Delta_T = 0 gives a LIF with adaptation whose
//   spike is detected at V_th.
//
// Integration: adaptive Dormand-Prince 5(4) (adaptive_rk45.hpp) within each step, sub-step size
// kept per neuron. Spikes are handled inside the step: the sub-step where V reaches V_peak is
// located (Hermite interpolation), the reset and w += b applied there, and integration continues
// to t + dt (spike stamped t + dt); this is what NEST does, except that NEST resets at the end of
// the GSL sub-step that overshot. With t_ref = 0 a step emits at most one spike even if V reached
// V_peak twice within it (NEST would send two events with the same stamp; at dt = 0.1 ms that
// takes firing above 10 kHz). As in NEST the right-hand side evaluates the exponential at
// min(V, V_peak), so trial stages beyond the peak stay finite, and prepare() refuses parameters
// whose exponential would overflow at V_peak. The synaptic input arriving at t + dt is added to
// the currents after the integration; it cannot move V, so no threshold check follows it.
// Reference: Brette & Gerstner 2005, J. Neurophysiol. 94:3637; NEST aeif_psc_exp.
#include "models/model_api.hpp"
#include "models/neuron/aeif_membrane.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::models {

struct aeif_psc_exp {
    static constexpr const char* name = "aeif_psc_exp";
    static constexpr const char* summary = "AdEx, exponential current synapses, adaptive RK45 (NEST aeif_psc_exp)";
    static constexpr const char* reference = "Brette & Gerstner 2005 J Neurophysiol 94:3637; NEST aeif_psc_exp";
    static constexpr lamina::dimension weight_dim = lamina::dimension::current;

    struct params {
        double V_peak = 0.0;      // mV, spike detection
        double V_reset = -60.0;   // mV
        double t_ref = 0.0;       // ms
        double g_L = 30.0;        // nS
        double C_m = 281.0;       // pF
        double E_L = -70.6;       // mV
        double Delta_T = 2.0;     // mV, slope factor
        double tau_w = 144.0;     // ms
        double a = 4.0;           // nS, subthreshold adaptation
        double b = 80.5;          // pA, spike-triggered adaptation
        double V_th = -50.4;      // mV, threshold of the exponential term
        double tau_syn_ex = 0.2;  // ms
        double tau_syn_in = 2.0;  // ms
        double I_e = 0.0;         // pA
        double error_tol = 1e-6;  // absolute local error per sub-step (NEST: gsl_error_tol)
    };
    static constexpr std::array parameters{
        param_field<params>{"V_peak", &params::V_peak, dimension::voltage, "spike detection potential"},
        param_field<params>{"V_reset", &params::V_reset, dimension::voltage, "reset potential"},
        param_field<params>{"t_ref", &params::t_ref, dimension::time, "absolute refractory period"},
        param_field<params>{"g_L", &params::g_L, dimension::conductance, "leak conductance"},
        param_field<params>{"C_m", &params::C_m, dimension::capacitance, "membrane capacitance"},
        param_field<params>{"E_L", &params::E_L, dimension::voltage, "leak reversal (resting) potential"},
        param_field<params>{"Delta_T", &params::Delta_T, dimension::voltage, "slope factor of the spike onset"},
        param_field<params>{"tau_w", &params::tau_w, dimension::time, "adaptation time constant"},
        param_field<params>{"a", &params::a, dimension::conductance, "subthreshold adaptation"},
        param_field<params>{"b", &params::b, dimension::current, "spike-triggered adaptation increment"},
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "threshold of the exponential term"},
        param_field<params>{"tau_syn_ex", &params::tau_syn_ex, dimension::time, "excitatory PSC decay time"},
        param_field<params>{"tau_syn_in", &params::tau_syn_in, dimension::time, "inhibitory PSC decay time"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
        param_field<params>{"error_tol", &params::error_tol, dimension::dimensionless,
                            "absolute local error tolerance of the integrator per sub-step"},
    };

    enum state_index : std::size_t { V_m, I_syn_ex, I_syn_in, w, refractory_steps, integration_step, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"I_syn_ex", dimension::current, "excitatory synaptic current"},
        {"I_syn_in", dimension::current, "inhibitory synaptic current (<= 0)"},
        {"w", dimension::current, "adaptation current"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
        {"integration_step", dimension::time, "adaptive integrator sub-step (0: start with dt)"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    struct coeffs {
        aeif_membrane m;
        double inv_tau_ex, inv_tau_in;
    };
    static coeffs prepare(const params& p, double dt) {
        const aeif_membrane m = aeif_membrane::prepare(p, dt);
        check::positive("tau_syn_ex", p.tau_syn_ex, "ms");
        check::positive("tau_syn_in", p.tau_syn_in, "ms");
        return {m, 1.0 / p.tau_syn_ex, 1.0 / p.tau_syn_in};
    }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        const aeif_membrane& m = c.m;
        double& r = s[refractory_steps][i];
        bool refractory = r > 0.0;
        const double I = m.I_e + in.I_stim;
        double y[4] = {s[V_m][i], s[I_syn_ex][i], s[I_syn_in][i], s[w][i]};
        const auto rhs = [&](const double* x, double* f) {
            const double V = m.effective_V(x[0], refractory);
            f[0] = refractory ? 0.0 : (m.intrinsic_current(V) + x[1] + x[2] - x[3] + I) * m.inv_C;
            f[1] = -x[1] * c.inv_tau_ex;
            f[2] = -x[2] * c.inv_tau_in;
            f[3] = m.dw_dt(V, x[3]);
        };
        const auto on_spike = [&](double* x) {
            x[0] = m.V_reset;
            x[3] += m.b;
            refractory = m.ref_steps > 0.0;  // the rest of this step is refractory too (NEST)
        };
        const int spikes = rk45::advance(y, m.dt, s[integration_step][i], m.ode, m.threshold(refractory), rhs, on_spike);
        s[V_m][i] = m.end_step(r, spikes, y[0]);
        s[I_syn_ex][i] = y[1] + in.ex;
        s[I_syn_in][i] = y[2] + in.in;
        s[w][i] = y[3];
        return spikes > 0;
    }
};

}  // namespace lamina::models
