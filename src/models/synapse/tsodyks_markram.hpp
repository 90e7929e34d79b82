#pragma once
// Short-term depression and facilitation (Tsodyks & Markram 1997 PNAS 94:719; Markram, Wang &
// Tsodyks 1998 PNAS 95:5323; Tsodyks, Pawelzik & Markram 1998 Neural Comput 10:821), in the
// exact event-driven form of NEST's tsodyks2_synapse.
//
// Between spikes the utilisation u relaxes to 0 with tau_fac and the resources x recover to 1
// with tau_rec. At the n-th spike of the presynaptic neuron, h ms after spike n-1:
//
//   x_n = 1 + (x_{n-1} - u_{n-1} x_{n-1} - 1) exp(-h / tau_rec)   (spike n-1 used u_{n-1} x_{n-1})
//   u_n = U + u_{n-1} (1 - U) exp(-h / tau_fac)                    (exp(...) = 0 when tau_fac = 0)
//   delivered weight = u_n x_n * weight
//
// with u_0 = 0, x_0 = 1 before the first spike, so the first spike delivers U * weight. For a
// regular train of interval h the recursion converges to
//   u_inf = U / (1 - (1 - U) e_f),   x_inf = (1 - e_r) / (1 - (1 - u_inf) e_r),
// e_f = exp(-h/tau_fac), e_r = exp(-h/tau_rec). tau_fac = 0 gives pure depression (u = U).
// The state depends only on the presynaptic train, so the engine keeps it once per source
// neuron and projection, not per synapse.
#include <lamina/error.hpp>

#include "models/synapse/plasticity_api.hpp"

#include <cmath>
#include <string>

namespace lamina::models {

struct tsodyks_markram {
    static constexpr const char* name = "tsodyks_markram";
    static constexpr const char* summary =
        "short-term depression and facilitation, exact between spikes (NEST tsodyks2_synapse)";
    static constexpr const char* reference = "Tsodyks & Markram 1997 PNAS 94:719; Markram et al. 1998 PNAS 95:5323";
    static constexpr synapse_kind kind = synapse_kind::short_term;

    struct params {
        double U = 0.5;          // utilisation increment per spike, (0, 1]
        double tau_rec = 800.0;  // ms, recovery of resources
        double tau_fac = 0.0;    // ms, decay of facilitation; 0 = none
    };
    static constexpr std::array parameters{
        synapse_param<params>{"U", &params::U, dimension::dimensionless, "utilisation of resources per spike, in (0, 1]"},
        synapse_param<params>{"tau_rec", &params::tau_rec, dimension::time, "recovery time constant of resources"},
        synapse_param<params>{"tau_fac", &params::tau_fac, dimension::time, "facilitation time constant (0: none)"},
    };

    struct coeffs {
        double U, inv_tau_rec, inv_tau_fac;  // 1/ms; inv_tau_fac = +inf when tau_fac = 0
    };
    static coeffs prepare(const params& p, double /*dt*/) {
        if (!(p.U > 0.0 && p.U <= 1.0)) throw input_error("U must be in (0, 1], got " + std::to_string(p.U));
        if (!(p.tau_rec > 0.0)) throw input_error("tau_rec must be positive, got " + std::to_string(p.tau_rec) + " ms");
        if (!(p.tau_fac >= 0.0)) throw input_error("tau_fac must not be negative, got " + std::to_string(p.tau_fac) + " ms");
        return {p.U, 1.0 / p.tau_rec, p.tau_fac > 0.0 ? 1.0 / p.tau_fac : INFINITY};
    }

    struct state {
        double u = 0.0, x = 1.0;
    };
    /// Advances the state to a spike h ms after the previous one and returns its efficacy u x.
    static double efficacy(const coeffs& c, state& s, double h) {
        const double e_rec = std::exp(-h * c.inv_tau_rec);
        const double e_fac = c.inv_tau_fac == INFINITY ? 0.0 : std::exp(-h * c.inv_tau_fac);
        s.x = 1.0 + (s.x - s.u * s.x - 1.0) * e_rec;
        s.u = c.U + s.u * (1.0 - c.U) * e_fac;
        return s.u * s.x;
    }
};

}  // namespace lamina::models
