#pragma once
// Pair-based spike-timing-dependent plasticity with NEST stdp_synapse's weight dependence
// (van Rossum, Bi & Turrigiano 2000 J Neurosci 20:8812; Guetig et al. 2003 J Neurosci 23:3697;
// Morrison, Diesmann & Gerstner 2008 Biol Cybern 98:459). With w~ = w / w_max:
//
//   post event (synapse time t):  w~ += lambda (1 - w~)^mu_plus K_plus(t)        (potentiation)
//   pre event  (synapse time t):  w~ -= lambda alpha w~^mu_minus K_minus(t - d)  (depression)
//
// K_plus: the source's trace with tau_plus; K_minus: the target's trace with tau_minus, read at
// the target's own time t - d (plasticity_api.hpp: the delay is dendritic). mu = 0 is additive,
// mu = 1 multiplicative STDP. All-to-all pairing (traces summed over all spikes) in `stdp`;
// nearest-spike pairing (traces reset to 1 at each spike, symmetric: NEST stdp_nn_symm_synapse)
// in `stdp_nn`. For one pair at lag dt = t_post - t_pre (synapse times, t_post incl. the delay):
// dt > 0 gives dw~ = lambda (1 - w~)^mu_plus exp(-dt/tau_plus); dt < 0 gives
// dw~ = -lambda alpha w~^mu_minus exp(dt/tau_minus). The engine clamps w to [w_min, w_max].
#include <lamina/error.hpp>

#include "models/synapse/plasticity_api.hpp"

#include <cmath>
#include <string>

namespace lamina::models {

template <bool Nearest>
struct stdp_pair_rule {
    static constexpr synapse_kind kind = synapse_kind::long_term;
    static constexpr const char* reference =
        "van Rossum et al. 2000 J Neurosci 20:8812; Guetig et al. 2003 J Neurosci 23:3697; "
        "Morrison et al. 2008 Biol Cybern 98:459";

    struct params {
        double tau_plus = 20.0;   // ms, potentiation window
        double tau_minus = 20.0;  // ms, depression window
        double lambda = 0.01;     // learning rate (dimensionless, relative to w_max)
        double alpha = 1.0;       // depression / potentiation ratio
        double mu_plus = 1.0;     // weight dependence of potentiation: 0 additive, 1 multiplicative
        double mu_minus = 1.0;    // weight dependence of depression
        double w_max = 100.0;     // target's weight unit
        double w_min = 0.0;       // target's weight unit
    };
    static constexpr std::array parameters{
        synapse_param<params>{"tau_plus", &params::tau_plus, dimension::time, "time constant of potentiation"},
        synapse_param<params>{"tau_minus", &params::tau_minus, dimension::time, "time constant of depression"},
        synapse_param<params>{"lambda", &params::lambda, dimension::dimensionless, "learning rate (of w / w_max)"},
        synapse_param<params>{"alpha", &params::alpha, dimension::dimensionless, "depression relative to potentiation"},
        synapse_param<params>{"mu_plus", &params::mu_plus, dimension::dimensionless, "potentiation exponent (0 additive, 1 multiplicative)"},
        synapse_param<params>{"mu_minus", &params::mu_minus, dimension::dimensionless, "depression exponent (0 additive, 1 multiplicative)"},
        weight_param<params>("w_max", &params::w_max, "largest weight magnitude"),
        weight_param<params>("w_min", &params::w_min, "smallest weight magnitude"),
    };

    static constexpr std::size_t n_pre = 1, n_post = 1;
    struct coeffs {
        std::array<trace_def, n_pre> pre;
        std::array<trace_def, n_post> post;
        double w_min, w_max;
        double lambda, alpha, mu_plus, mu_minus;
    };
    static coeffs prepare(const params& p, double /*dt*/) {
        auto positive = [](double v, const char* what) {
            if (!(v > 0.0)) throw input_error(std::string(what) + " must be positive, got " + std::to_string(v));
        };
        auto non_negative = [](double v, const char* what) {
            if (!(v >= 0.0)) throw input_error(std::string(what) + " must not be negative, got " + std::to_string(v));
        };
        positive(p.tau_plus, "tau_plus (ms)");
        positive(p.tau_minus, "tau_minus (ms)");
        positive(p.w_max, "w_max");
        non_negative(p.lambda, "lambda");
        non_negative(p.alpha, "alpha");
        non_negative(p.mu_plus, "mu_plus");
        non_negative(p.mu_minus, "mu_minus");
        non_negative(p.w_min, "w_min");
        if (!(p.w_min <= p.w_max))
            throw input_error("w_min (" + std::to_string(p.w_min) + ") must not exceed w_max (" + std::to_string(p.w_max) + ")");
        return {{trace_def{p.tau_plus, Nearest}}, {trace_def{p.tau_minus, Nearest}}, p.w_min, p.w_max,
                p.lambda, p.alpha, p.mu_plus, p.mu_minus};
    }

    static double on_pre(const coeffs& c, double w, const double* /*pre_before*/, const double* post) {
        const double x = w / c.w_max;
        return (x - c.lambda * c.alpha * std::pow(x, c.mu_minus) * post[0]) * c.w_max;
    }
    static double on_post(const coeffs& c, double w, const double* pre, const double* /*post_before*/) {
        const double x = w / c.w_max;
        return (x + c.lambda * std::pow(1.0 - x, c.mu_plus) * pre[0]) * c.w_max;
    }
};

struct stdp : stdp_pair_rule<false> {
    static constexpr const char* name = "stdp";
    static constexpr const char* summary = "pair STDP, all-to-all pairing, additive to multiplicative (NEST stdp_synapse)";
};

}  // namespace lamina::models
