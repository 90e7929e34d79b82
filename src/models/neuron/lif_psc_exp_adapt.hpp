#pragma once
// Leaky integrate-and-fire neuron with exponential current synapses and a spike-triggered
// adaptation current (spike-frequency adaptation). No single NEST equivalent: it is NEST's
// iaf_psc_exp plus the adaptation current of aeif_psc_exp with a = 0 and a hard threshold.
//
//   C_m dV/dt    = -(C_m / tau_m) (V - E_L) + I_syn_ex + I_syn_in - w + I_e + I_stim
//   dI_syn_ex/dt = -I_syn_ex / tau_syn_ex,    dI_syn_in/dt = -I_syn_in / tau_syn_in   (as lif_psc_exp)
//   tau_w dw/dt  = -w
//   V >= V_th  ->  spike, V = V_reset, w += b; V clamped at V_reset for t_ref while I_syn and w
//   keep evolving (NEST's order: propagate, add input arriving at t+dt, check threshold).
//
// Exact integration (Rotter & Diesmann 1999, Biol. Cybern. 81:381): the system
// x = (V - E_L, I_syn_ex, I_syn_in, w) with the current I_e + I_stim held constant over a step is
// linear, dx/dt = A x + B I, so x(t+h) = e^(A h) x + (int_0^h e^(A s) ds B) I. prepare() takes
// both from one 5x5 matrix exponential of the augmented matrix [[A, B], [0, 0]] (Eigen's
// Pade/scaling-and-squaring expm, accurate to a few ulp of its norm), which covers equal time
// constants (tau_m == tau_syn or tau_w, a Jordan block) with no special case.
#include "models/model_api.hpp"
#include "models/neuron/param_checks.hpp"

#include <Eigen/Core>
#include <unsupported/Eigen/MatrixFunctions>

#include <cmath>

namespace lamina::models {

struct lif_psc_exp_adapt {
    static constexpr const char* name = "lif_psc_exp_adapt";
    static constexpr const char* summary =
        "LIF, exponential current synapses, spike-triggered adaptation current, exact integration";
    static constexpr const char* reference =
        "Rotter & Diesmann 1999 Biol Cybern 81:381; adaptation as Brette & Gerstner 2005 J Neurophysiol 94:3637 (a=0)";
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
        double tau_w = 144.0;     // ms (Brette & Gerstner 2005, as NEST's aeif defaults)
        double b = 80.5;          // pA, adaptation increment per spike (idem)
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
        param_field<params>{"tau_w", &params::tau_w, dimension::time, "adaptation current decay time"},
        param_field<params>{"b", &params::b, dimension::current, "adaptation current increment per spike"},
    };

    enum state_index : std::size_t { V_m, I_syn_ex, I_syn_in, w, refractory_steps, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: E_L)"},
        {"I_syn_ex", dimension::current, "excitatory synaptic current"},
        {"I_syn_in", dimension::current, "inhibitory synaptic current (<= 0)"},
        {"w", dimension::current, "adaptation current (enters as -w)"},
        {"refractory_steps", dimension::dimensionless, "remaining refractory steps"},
    }};
    static void initial_state(const params& p, double (&s)[n_state]) {
        for (double& x : s) x = 0.0;
        s[V_m] = p.E_L;
    }

    struct coeffs {
        double E_L, V_th, V_reset, I_e, b, ref_steps;
        double PVV, PVex, PVin, PVw, PVI;  // row of V in the propagator (V - E_L, I_ex, I_in, w, I)
        double Pex, Pin, Pw;               // decay factors of I_syn_ex, I_syn_in, w over dt
    };
    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::positive("tau_m", p.tau_m, "ms");
        check::positive("C_m", p.C_m, "pF");
        check::positive("tau_syn_ex", p.tau_syn_ex, "ms");
        check::positive("tau_syn_in", p.tau_syn_in, "ms");
        check::positive("tau_w", p.tau_w, "ms");
        check::finite("E_L", p.E_L, "mV");
        check::finite("I_e", p.I_e, "pA");
        check::finite("b", p.b, "pA");
        check::below("V_reset", p.V_reset, "V_th", p.V_th, "mV");
        Eigen::Matrix<double, 5, 5> A = Eigen::Matrix<double, 5, 5>::Zero();
        A(0, 0) = -1.0 / p.tau_m;
        A(0, 1) = 1.0 / p.C_m;
        A(0, 2) = 1.0 / p.C_m;
        A(0, 3) = -1.0 / p.C_m;
        A(0, 4) = 1.0 / p.C_m;  // constant current column (augmented state: I_e + I_stim)
        A(1, 1) = -1.0 / p.tau_syn_ex;
        A(2, 2) = -1.0 / p.tau_syn_in;
        A(3, 3) = -1.0 / p.tau_w;
        const Eigen::Matrix<double, 5, 5> P = (A * dt).exp();
        coeffs c{};
        c.E_L = p.E_L;
        c.V_th = p.V_th;
        c.V_reset = p.V_reset;
        c.I_e = p.I_e;
        c.b = p.b;
        c.ref_steps = check::refractory_steps(p.t_ref, dt);
        c.PVV = P(0, 0);
        c.PVex = P(0, 1);
        c.PVin = P(0, 2);
        c.PVw = P(0, 3);
        c.PVI = P(0, 4);
        // The diagonal decays are plain exponentials; exp() is correctly rounded where expm is not.
        c.Pex = std::exp(-dt / p.tau_syn_ex);
        c.Pin = std::exp(-dt / p.tau_syn_in);
        c.Pw = std::exp(-dt / p.tau_w);
        return c;
    }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        double& V = s[V_m][i];
        double& Iex = s[I_syn_ex][i];
        double& Iin = s[I_syn_in][i];
        double& W = s[w][i];
        double& r = s[refractory_steps][i];
        if (r > 0.0)
            r -= 1.0;  // V stays at V_reset
        else
            V = c.E_L + c.PVV * (V - c.E_L) + c.PVex * Iex + c.PVin * Iin + c.PVw * W + c.PVI * (c.I_e + in.I_stim);
        Iex = c.Pex * Iex + in.ex;
        Iin = c.Pin * Iin + in.in;
        W = c.Pw * W;
        if (V >= c.V_th) {
            V = c.V_reset;
            W += c.b;
            r = c.ref_steps;
            return true;
        }
        return false;
    }
};

}  // namespace lamina::models
