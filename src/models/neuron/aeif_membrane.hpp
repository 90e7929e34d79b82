#pragma once
// The adaptive exponential integrate-and-fire membrane (Brette & Gerstner 2005, J. Neurophysiol.
// 94:3637) that aeif_psc_exp, aeif_cond_exp and aeif_cond_ampa_nmda share: parameter checks with
// NEST's names and guards, the leak + exponential spike-onset current, the adaptation equation and
// the refractory bookkeeping after an adaptive RK45 step. Each model adds its synaptic currents.
//
//   C_m dV/dt   = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + (synaptic) + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
// Spike at V_peak (at V_th when Delta_T = 0, a LIF with adaptation, as NEST), then V = V_reset,
// w += b, V clamped at V_reset for t_ref. The right-hand side evaluates the exponential at
// min(V, V_peak), as NEST does, so trial stages beyond the peak stay finite.
#include "models/neuron/adaptive_rk45.hpp"
#include "models/neuron/param_checks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::models {

struct aeif_membrane {
    double dt, inv_C, g_L, E_L, Delta_T, V_th, V_spike, V_reset, inv_tau_w, a, b, I_e, ref_steps;
    rk45::settings ode;

    /// Checks the membrane parameters of an AdEx params struct (C_m, g_L, E_L, V_th, V_peak,
    /// V_reset, Delta_T, tau_w, a, b, I_e, t_ref, error_tol) and derives the coefficients.
    template <class Params>
    static aeif_membrane prepare(const Params& p, double dt) {
        check::time_step(dt);
        check::positive("C_m", p.C_m, "pF");
        check::non_negative("g_L", p.g_L, "nS");
        check::positive("tau_w", p.tau_w, "ms");
        check::non_negative("Delta_T", p.Delta_T, "mV");
        check::positive("error_tol", p.error_tol, "");
        check::finite("E_L", p.E_L, "mV");
        check::finite("V_th", p.V_th, "mV");
        check::finite("a", p.a, "nS");
        check::finite("b", p.b, "pA");
        check::finite("I_e", p.I_e, "pA");
        // Spike detection at V_peak, or at V_th when there is no exponential term (as NEST).
        const double V_spike = p.Delta_T > 0.0 ? p.V_peak : p.V_th;
        check::below("V_reset", p.V_reset, p.Delta_T > 0.0 ? "V_peak" : "V_th", V_spike, "mV");
        if (p.Delta_T > 0.0) {
            if (p.V_peak < p.V_th)
                throw input_error("V_peak (" + check::show(p.V_peak, "mV") + ") must not be below V_th (" +
                                  check::show(p.V_th, "mV") + ")");
            // The same guard as NEST: exp((V_peak - V_th)/Delta_T) must be far from overflow.
            if ((p.V_peak - p.V_th) / p.Delta_T >= std::log(std::numeric_limits<double>::max() / 1e20))
                throw input_error("(V_peak - V_th) / Delta_T = " + check::show((p.V_peak - p.V_th) / p.Delta_T, "") +
                                  " overflows the exponential term at V_peak; raise Delta_T or lower V_peak");
        }
        return {dt,      1.0 / p.C_m, p.g_L,         p.E_L, p.Delta_T, p.V_th,
                V_spike, p.V_reset,   1.0 / p.tau_w, p.a,   p.b,       p.I_e,
                check::refractory_steps(p.t_ref, dt), {p.error_tol, 1e-8 * dt}};
    }

    /// The potential the right-hand side sees: V_reset while refractory, else V capped at V_spike.
    double effective_V(double V, bool refractory) const { return refractory ? V_reset : std::min(V, V_spike); }

    /// Leak plus exponential spike-onset current (pA) at V.
    double intrinsic_current(double V) const {
        const double I_spike = Delta_T > 0.0 ? g_L * Delta_T * std::exp((V - V_th) / Delta_T) : 0.0;
        return -g_L * (V - E_L) + I_spike;
    }

    double dw_dt(double V, double w) const { return (a * (V - E_L) - w) * inv_tau_w; }

    /// Threshold handed to rk45::advance: none while refractory at the start of the step.
    double threshold(bool refractory) const {
        return refractory ? std::numeric_limits<double>::infinity() : V_spike;
    }

    /// After the step's integration: restarts or counts down the refractory period and returns the
    /// stored V (clamped at V_reset while refractory).
    double end_step(double& refractory_steps, int spikes, double V) const {
        if (spikes > 0)
            refractory_steps = ref_steps;
        else if (refractory_steps > 0.0)
            refractory_steps -= 1.0;
        return refractory_steps > 0.0 ? V_reset : V;
    }
};

}  // namespace lamina::models
