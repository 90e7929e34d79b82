#pragma once
// Izhikevich (2003) simple spiking neuron (NEST: izhikevich; same parameter names and defaults).
//
//   dV/dt = 0.04 V^2 + 5 V + 140 - U + I_e + I_stim      (V in mV, t in ms, currents in "pA" as NEST:
//   dU/dt = a (b V - U)                                   the model's dimensionless input units)
//   V >= V_th (30 mV)  ->  spike, V = c, U += d.  No refractory period.
//   An input spike of weight w (mV) makes V jump by w at its arrival time.
//
// Integration: adaptive Dormand-Prince 5(4) (adaptive_rk45.hpp) within each step, with the
// sub-step size kept per neuron. The quadratic V equation diverges in finite time (about
// 1/(0.04 V) ms beyond V_th), so the threshold crossing is located inside the step and the reset
// (V = c, U += d) applied there, then integration continues to t + dt; trial sub-steps that run
// into the divergence are rejected and retried shorter. Afterwards the synaptic jumps arriving at
// t + dt are added to V and the threshold is checked again (NEST's order). A step emits at most
// one spike (stamped t + dt) even if V crossed more than once within it.
// This converges to the true dynamics; NEST integrates with forward Euler at dt (as Izhikevich's
// published code did at 0.5-1 ms), so NEST's traces differ from these by the Euler error.
// Reference: Izhikevich 2003, IEEE Trans. Neural Netw. 14:1569; NEST izhikevich.
#include "models/model_api.hpp"
#include "models/neuron/adaptive_rk45.hpp"
#include "models/neuron/param_checks.hpp"

#include <limits>

namespace lamina::models {

struct izhikevich {
    static constexpr const char* name = "izhikevich";
    static constexpr const char* summary = "Izhikevich 2003 simple model, voltage-jump synapses, adaptive RK45";
    static constexpr const char* reference = "Izhikevich 2003 IEEE Trans Neural Netw 14:1569; NEST izhikevich";
    static constexpr lamina::dimension weight_dim = lamina::dimension::voltage;

    struct params {
        double a = 0.02;          // 1/ms, recovery rate
        double b = 0.2;           // sensitivity of U to V (U per mV)
        double c = -65.0;         // mV, reset potential
        double d = 8.0;           // U increment per spike
        double V_th = 30.0;       // mV, spike cut-off
        double I_e = 0.0;         // pA (model units)
        double error_tol = 1e-6;  // absolute local error per sub-step (mV)
    };
    static constexpr std::array parameters{
        param_field<params>{"a", &params::a, dimension::dimensionless, "recovery rate (1/ms)"},
        param_field<params>{"b", &params::b, dimension::dimensionless, "sensitivity of U to V"},
        param_field<params>{"c", &params::c, dimension::voltage, "reset potential"},
        param_field<params>{"d", &params::d, dimension::dimensionless, "U increment per spike"},
        param_field<params>{"V_th", &params::V_th, dimension::voltage, "spike cut-off"},
        param_field<params>{"I_e", &params::I_e, dimension::current, "constant input current"},
        param_field<params>{"error_tol", &params::error_tol, dimension::dimensionless,
                            "absolute local error tolerance of the integrator per sub-step"},
    };

    enum state_index : std::size_t { V_m, U_m, integration_step, n_state };
    static constexpr std::array<state_field, n_state> state{{
        {"V_m", dimension::voltage, "membrane potential (default: -65 mV, as NEST)"},
        {"U_m", dimension::dimensionless, "recovery variable (default 0, as NEST)"},
        {"integration_step", dimension::time, "adaptive integrator sub-step (0: start with dt)"},
    }};
    static void initial_state(const params&, double (&s)[n_state]) {
        s[V_m] = -65.0;
        s[U_m] = 0.0;
        s[integration_step] = 0.0;
    }

    struct coeffs {
        double dt, a, b, c, d, V_th, I_e;
        rk45::settings ode;
    };
    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::finite("a", p.a, "/ms");
        check::finite("b", p.b, "");
        check::finite("d", p.d, "");
        check::finite("I_e", p.I_e, "pA");
        check::positive("error_tol", p.error_tol, "");
        check::below("c", p.c, "V_th", p.V_th, "mV");
        return {dt, p.a, p.b, p.c, p.d, p.V_th, p.I_e, {p.error_tol, 1e-8 * dt}};
    }

    static bool step(const coeffs& c, const state_ptrs<n_state>& s, std::size_t i, const step_input& in) {
        const double I = 140.0 + c.I_e + in.I_stim;
        double y[2] = {s[V_m][i], s[U_m][i]};
        const auto rhs = [&](const double* x, double* f) {
            f[0] = (0.04 * x[0] + 5.0) * x[0] + I - x[1];
            f[1] = c.a * (c.b * x[0] - x[1]);
        };
        const auto reset = [&](double* x) {
            x[0] = c.c;
            x[1] += c.d;
        };
        bool spiked = rk45::advance(y, c.dt, s[integration_step][i], c.ode, c.V_th, rhs, reset) > 0;
        y[0] += in.ex + in.in;
        if (y[0] >= c.V_th) {
            reset(y);
            spiked = true;
        }
        s[V_m][i] = y[0];
        s[U_m][i] = y[1];
        return spiked;
    }
};

}  // namespace lamina::models
