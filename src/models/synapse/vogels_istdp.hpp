#pragma once
// Inhibitory STDP of Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011 (Science 334:1569),
// for inhibitory -> excitatory synapses; it balances excitation so that the target fires at
// rho_0.
//
// One all-to-all trace per side, both with tau_stdp (x += 1 per spike, dx/dt = -x/tau_stdp):
//   pre spike  at synapse time t:  w += eta (x_post(t) - alpha),   alpha = 2 rho_0 tau_stdp
//   post spike at synapse time t:  w += eta x_pre(t)
// then w is clamped to [w_min, w_max]. w is the magnitude of the inhibitory weight (the engine
// keeps the sign), so w growing means stronger inhibition.
//
// Why the target settles at rho_0: for uncorrelated pre (rate rho_pre) and post (rho_post)
// spikes <x_post> = rho_post tau_stdp and <x_pre> = rho_pre tau_stdp, so the mean drift is
//   <dw/dt> = eta rho_pre (2 rho_post tau_stdp - alpha) = 2 eta rho_pre tau_stdp (rho_post - rho_0):
// inhibition strengthens while the target fires above rho_0 and weakens below it. The symmetric
// window (both orders potentiate, integral 2 tau_stdp per pair) makes correlated pairs add
// potentiation on top, which is the "detailed balance" of the paper.
//
// Defaults: tau_stdp = 20 ms (the paper's window), rho_0 = 5 Hz (the paper's targets are a few
// Hz); eta in weight units must be chosen for the model (the change per pair is eta); w_max is
// large so that the bound does not shape the result.
#include "models/neuron/param_checks.hpp"
#include "models/synapse/plasticity_api.hpp"

namespace lamina::models {

struct vogels_istdp {
    static constexpr const char* name = "vogels_istdp";
    static constexpr const char* summary = "inhibitory STDP driving the target to rate rho_0 (Vogels et al. 2011)";
    static constexpr const char* reference = "Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011 Science 334:1569";

    static constexpr synapse_kind kind = synapse_kind::long_term;

    struct params {
        double eta = 1e-4;        // weight unit, learning rate
        double rho_0 = 5.0;       // Hz, target rate of the postsynaptic neuron
        double tau_stdp = 20.0;   // ms, width of the symmetric window (both traces)
        double w_min = 0.0;       // weight unit (magnitude)
        double w_max = 1000.0;    // weight unit (magnitude)
    };
    static constexpr std::array parameters{
        weight_param<params>("eta", &params::eta, "learning rate"),
        synapse_param<params>{"rho_0", &params::rho_0, dimension::frequency, "target postsynaptic rate"},
        synapse_param<params>{"tau_stdp", &params::tau_stdp, dimension::time, "decay of the pre and post traces"},
        weight_param<params>("w_min", &params::w_min, "lower weight bound (magnitude)"),
        weight_param<params>("w_max", &params::w_max, "upper weight bound (magnitude)"),
    };

    static constexpr std::size_t n_pre = 1, n_post = 1;
    struct coeffs {
        std::array<trace_def, n_pre> pre;
        std::array<trace_def, n_post> post;
        double w_min, w_max;
        double eta, alpha;  // alpha dimensionless: 2 rho_0 [1/ms] tau_stdp [ms]
    };

    static coeffs prepare(const params& p, double dt) {
        check::time_step(dt);
        check::non_negative("eta", p.eta, "");
        check::non_negative("rho_0", p.rho_0, "Hz");
        check::positive("tau_stdp", p.tau_stdp, "ms");
        check::non_negative("w_min", p.w_min, "");
        check::below("w_min", p.w_min, "w_max", p.w_max, "");
        coeffs c{};
        c.pre = {trace_def{p.tau_stdp, false}};
        c.post = {trace_def{p.tau_stdp, false}};
        c.w_min = p.w_min;
        c.w_max = p.w_max;
        c.eta = p.eta;
        c.alpha = 2.0 * (p.rho_0 * 1e-3) * p.tau_stdp;
        return c;
    }

    static double on_pre(const coeffs& c, double w, const double* /*pre_before*/, const double* post) {
        return w + c.eta * (post[0] - c.alpha);
    }
    static double on_post(const coeffs& c, double w, const double* pre, const double* /*post_before*/) {
        return w + c.eta * pre[0];
    }
};

}  // namespace lamina::models
