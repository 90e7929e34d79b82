#pragma once
// AdEx neuron for models of cultured networks: conductance synapses on three receptors (AMPA,
// GABA_A, and NMDA with rise, decay and Mg2+ block) and a slow afterhyperpolarisation (sAHP), the
// ingredients of network bursts in culture models (Masquelier & Deco 2013; Doorn et al. 2023).
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w
//               - g_AMPA (V - E_AMPA) - g_GABA_A (V - E_GABA_A) - g_NMDA B(V) (V - E_NMDA)
//               - g_sAHP (V - E_K) + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//   dg_AMPA/dt   = -g_AMPA / tau_AMPA         AMPA spike of weight q (nS):   g_AMPA += q
//   dg_GABA_A/dt = -g_GABA_A / tau_GABA_A     GABA_A spike (q <= 0):          g_GABA_A += -q
//   dx_NMDA/dt   = -x_NMDA / tau_NMDA_rise    NMDA spike of weight q (nS):   x_NMDA += q / P
//   dg_NMDA/dt   = -g_NMDA / tau_NMDA_decay + x_NMDA / tau_NMDA_rise
//   dg_sAHP/dt   = -g_sAHP / tau_sAHP         each spike of this neuron:      g_sAHP += delta_g_sAHP
//   B(V) = 1 / (1 + [Mg2+]/3.57 mM * exp(-0.062 V / mV))      (Jahr & Stevens 1990, J Neurosci 10:3178)
//
// NMDA weight: one spike of weight q alone gives
//   g_NMDA(t) = q/P * tau_d/(tau_d - tau_r) * (exp(-t/tau_d) - exp(-t/tau_r))   (tau_r < tau_d),
// with P the value of tau_d/(tau_d - tau_r) (exp(-t/tau_d) - exp(-t/tau_r)) at its peak
// t_peak = tau_d tau_r/(tau_d - tau_r) ln(tau_d/tau_r): the weight is the peak conductance of one
// isolated spike (as NEURON's Exp2Syn), so an AMPA and an NMDA weight of 1 nS peak alike.
// Spike, reset, refractoriness, the overflow guard and the integration (adaptive Dormand-Prince
// 5(4), adaptive_rk45.hpp, sub-step kept per neuron; the crossing of V_peak located inside the
// step) are those of aeif_cond_exp; the sAHP increment is applied at the located spike time.
// Input arriving at t + dt is added to the conductances after the integration.
// Defaults: the AdEx membrane of aeif_cond_exp (Brette & Gerstner 2005); synaptic time constants,
// reversals and the Mg2+ dependence of Brunel & Wang 2001 (J Comput Neurosci 11:63: AMPA 2 ms,
// GABA_A 5 ms at -70 mV, NMDA rise 2 ms / decay 100 ms, 1 mM); tau_sAHP = 5 s inside the 2-8 s
// adaptation range Masquelier & Deco 2013 infer for cortical cultures; delta_g_sAHP = 1 nS and
// E_K = -90 mV are chosen values (about 30 pA of outward current per spike at rest), to be fitted.
#include "models/model_api.hpp"
#include "models/neuron/aeif_membrane.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>

namespace lamina::models {

struct aeif_cond_ampa_nmda {
    static constexpr const char* name = "aeif_cond_ampa_nmda";
    static constexpr const char* summary =
        "AdEx with AMPA, GABA_A and NMDA (Mg2+ block) conductances and a slow AHP, adaptive RK45 (culture model)";
    static constexpr const char* reference =
        "Brette & Gerstner 2005 J Neurophysiol 94:3637; Jahr & Stevens 1990 J Neurosci 10:3178; "
        "Brunel & Wang 2001 J Comput Neurosci 11:63; Masquelier & Deco 2013 PLoS ONE 8:e75824";
    static constexpr lamina::dimension weight_dim = lamina::dimension::conductance;

    static constexpr std::array<receptor_field, 3> receptors{{
        {"AMPA", false, "fast excitation: g_AMPA += w"},
        {"GABA_A", true, "inhibition: g_GABA_A += |w|"},
        {"NMDA", false, "slow excitation with Mg2+ block: w is the peak g_NMDA of one spike"},
    }};

    struct params {
        double V_peak = 0.0;             // mV, spike detection
        double V_reset = -60.0;          // mV
        double t_ref = 0.0;              // ms
        double g_L = 30.0;               // nS
        double C_m = 281.0;              // pF
        double E_L = -70.6;              // mV
        double Delta_T = 2.0;            // mV
        double tau_w = 144.0;            // ms
        double a = 4.0;                  // nS
        double b = 80.5;                 // pA
        double V_th = -50.4;             // mV
        double I_e = 0.0;                // pA
        double E_AMPA = 0.0;             // mV
        double tau_AMPA = 2.0;           // ms
        double E_GABA_A = -70.0;         // mV
        double tau_GABA_A = 5.0;         // ms
        double E_NMDA = 0.0;             // mV
        double tau_NMDA_rise = 2.0;      // ms
        double tau_NMDA_decay = 100.0;   // ms
        double Mg = 1.0;                 // mM, extracellular [Mg2+]
        double E_K = -90.0;              // mV
        double tau_sAHP = 5000.0;        // ms
        double delta_g_sAHP = 1.0;       // nS per spike
        double error_tol = 1e-6;         // absolute local error per sub-step
    };
    static constexpr std::array parameters{
        param_field<params>{"V_peak", &params::V_peak, dimension::voltage, "spike detection potential"},
        param_field<params>{"V_reset", &params::V_reset, dimension::voltage, "reset potential"},
        param_field<params>{"t_ref", &params::t_ref, dimension::time, "absolute refractory period"},
        param_field<params>{"g_L", &params::g_L, dimension::conductance, "leak conductance"},
        param_field<params>{"C_m", &params::C_m, dimension::capacitance, "membrane capacitance"},
        param_field<params>{"E_L", &params::E_L, dimension::voltage, "leak reversal (resting) potential"},
        param_field<params>{"Delta_T", &params::Delta_T, dimension::voltage, "slope factor (0: LIF with adaptation)"},
        param_field<params>{"tau_w", &params::tau_w, dimension::time, "adaptation time constant"},
        param_field<params>{"a", &params::a, dimension::conductance, "subthreshold adaptation"},
        param_field<params>{"b", &params::b, dimension::current, "spike-triggered adaptation increment"},
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "threshold of the exponential term"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
        param_field<params>{"E_AMPA", &params::E_AMPA, dimension::voltage, "AMPA reversal potential"},
        param_field<params>{"tau_AMPA", &params::tau_AMPA, dimension::time, "AMPA conductance decay"},
        param_field<params>{"E_GABA_A", &params::E_GABA_A, dimension::voltage, "GABA_A reversal potential"},
        param_field<params>{"tau_GABA_A", &params::tau_GABA_A, dimension::time, "GABA_A conductance decay"},
        param_field<params>{"E_NMDA", &params::E_NMDA, dimension::voltage, "NMDA reversal potential"},
        param_field<params>{"tau_NMDA_rise", &params::tau_NMDA_rise, dimension::time, "NMDA conductance rise"},
        param_field<params>{"tau_NMDA_decay", &params::tau_NMDA_decay, dimension::time, "NMDA conductance decay"},
        param_field<params>{"Mg", &params::Mg, dimension::dimensionless, "extracellular Mg2+ concentration, mM"},
        param_field<params>{"E_K", &params::E_K, dimension::voltage, "potassium reversal (sAHP current)"},
        param_field<params>{"tau_sAHP", &params::tau_sAHP, dimension::time, "sAHP conductance decay"},
        param_field<params>{"delta_g_sAHP", &params::delta_g_sAHP, dimension::conductance,
                            "sAHP conductance added by each spike"},
        param_field<params>{"error_tol", &params::error_tol, dimension::dimensionless,
                            "absolute local error tolerance of the integrator per sub-step"},
    };

    enum state_index : std::size_t {
        V_m, g_AMPA, g_GABA_A, g_NMDA, x_NMDA, g_sAHP, w, refractory_steps, integration_step, n_state
    };
    static constexpr std::size_t n_ode = 7;  // V_m .. w are integrated
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"g_AMPA", dimension::conductance, "AMPA conductance"},
        {"g_GABA_A", dimension::conductance, "GABA_A conductance (>= 0)"},
        {"g_NMDA", dimension::conductance, "NMDA conductance before the Mg2+ block"},
        {"x_NMDA", dimension::conductance, "NMDA rise variable (drives g_NMDA)"},
        {"g_sAHP", dimension::conductance, "slow AHP potassium conductance"},
        {"w", dimension::current, "adaptation current"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
        {"integration_step", dimension::time, "adaptive integrator sub-step (0: start with dt)"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    /// Fraction of NMDA conductance not blocked by Mg2+ at V (mV), [Mg2+] in mM (Jahr & Stevens 1990).
    static double mg_block(double Mg, double V) { return 1.0 / (1.0 + Mg / 3.57 * std::exp(-0.062 * V)); }
    /// Peak of tau_d/(tau_d - tau_r) (exp(-t/tau_d) - exp(-t/tau_r)): the NMDA normalisation P.
    static double nmda_peak(double tau_r, double tau_d) {
        const double t_peak = tau_d * tau_r / (tau_d - tau_r) * std::log(tau_d / tau_r);
        return tau_d / (tau_d - tau_r) * (std::exp(-t_peak / tau_d) - std::exp(-t_peak / tau_r));
    }

    struct coeffs {
        aeif_membrane m;
        double E_AMPA, E_GABA_A, E_NMDA, E_K, Mg, inv_tau_AMPA, inv_tau_GABA_A, inv_tau_rise, inv_tau_decay;
        double inv_tau_sAHP, delta_g_sAHP, nmda_jump;
    };
    static coeffs prepare(const params& p, double dt) {
        coeffs c{};
        c.m = aeif_membrane::prepare(p, dt);
        check::positive("tau_AMPA", p.tau_AMPA, "ms");
        check::positive("tau_GABA_A", p.tau_GABA_A, "ms");
        check::positive("tau_NMDA_rise", p.tau_NMDA_rise, "ms");
        check::positive("tau_NMDA_decay", p.tau_NMDA_decay, "ms");
        check::below("tau_NMDA_rise", p.tau_NMDA_rise, "tau_NMDA_decay", p.tau_NMDA_decay, "ms");
        check::positive("tau_sAHP", p.tau_sAHP, "ms");
        check::non_negative("delta_g_sAHP", p.delta_g_sAHP, "nS");
        check::non_negative("Mg", p.Mg, "mM");
        using named = std::pair<const char*, double>;
        for (const auto& [n, v] : std::initializer_list<named>{
                 {"E_AMPA", p.E_AMPA}, {"E_GABA_A", p.E_GABA_A}, {"E_NMDA", p.E_NMDA}, {"E_K", p.E_K}})
            check::finite(n, v, "mV");
        c.E_AMPA = p.E_AMPA, c.E_GABA_A = p.E_GABA_A, c.E_NMDA = p.E_NMDA, c.E_K = p.E_K, c.Mg = p.Mg;
        c.inv_tau_AMPA = 1.0 / p.tau_AMPA, c.inv_tau_GABA_A = 1.0 / p.tau_GABA_A;
        c.inv_tau_rise = 1.0 / p.tau_NMDA_rise, c.inv_tau_decay = 1.0 / p.tau_NMDA_decay;
        c.inv_tau_sAHP = 1.0 / p.tau_sAHP, c.delta_g_sAHP = p.delta_g_sAHP;
        c.nmda_jump = 1.0 / nmda_peak(p.tau_NMDA_rise, p.tau_NMDA_decay);
        return c;
    }

    /// The NMDA current (pA, positive outward) at conductance g (nS) and potential V (mV).
    static double I_NMDA(const coeffs& c, double g, double V) { return g * mg_block(c.Mg, V) * (V - c.E_NMDA); }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const port_input<3>& in) {
        const aeif_membrane& m = c.m;
        double& r = s[refractory_steps][i];
        bool refractory = r > 0.0;
        const double I = m.I_e + in.I_stim;
        double y[n_ode];
        for (std::size_t k = 0; k < n_ode; ++k) y[k] = s[k][i];
        const auto rhs = [&](const double* x, double* f) {
            const double V = m.effective_V(x[V_m], refractory);
            f[V_m] = refractory ? 0.0
                                : (m.intrinsic_current(V) - x[g_AMPA] * (V - c.E_AMPA) -
                                   x[g_GABA_A] * (V - c.E_GABA_A) - I_NMDA(c, x[g_NMDA], V) -
                                   x[g_sAHP] * (V - c.E_K) - x[w] + I) * m.inv_C;
            f[g_AMPA] = -x[g_AMPA] * c.inv_tau_AMPA;
            f[g_GABA_A] = -x[g_GABA_A] * c.inv_tau_GABA_A;
            f[g_NMDA] = x[x_NMDA] * c.inv_tau_rise - x[g_NMDA] * c.inv_tau_decay;
            f[x_NMDA] = -x[x_NMDA] * c.inv_tau_rise;
            f[g_sAHP] = -x[g_sAHP] * c.inv_tau_sAHP;
            f[w] = m.dw_dt(V, x[w]);
        };
        const auto on_spike = [&](double* x) {
            x[V_m] = m.V_reset;
            x[w] += m.b;
            x[g_sAHP] += c.delta_g_sAHP;
            refractory = m.ref_steps > 0.0;  // the rest of this step is refractory too (NEST)
        };
        const int spikes = rk45::advance(y, m.dt, s[integration_step][i], m.ode, m.threshold(refractory), rhs, on_spike);
        for (std::size_t k = 1; k < n_ode; ++k) s[k][i] = y[k];
        s[V_m][i] = m.end_step(r, spikes, y[V_m]);
        s[g_AMPA][i] += in.w[0];
        s[g_GABA_A][i] -= in.w[1];
        s[x_NMDA][i] += in.w[2] * c.nmda_jump;
        return spikes > 0;
    }
};

}  // namespace lamina::models
