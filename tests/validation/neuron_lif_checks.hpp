#pragma once
// Closed-form checks shared by the validation tests of the exactly integrated LIF models
// (lif_psc_delta, lif_psc_exp, lif_psc_alpha, lif_psc_exp_adapt). Each model's params has
// E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e and its state has V_m.
//
// Tolerances used here:
//  * kExactRel = 1e-9 relative to the deviation from rest |V - E_L| (the promise for exact
//    integration). Exact propagation only accumulates rounding: after n steps the error is about
//    n * 1e-16 * |V| ~ 1e-11 mV for the <= 2000 steps used, i.e. < 1e-10 of the >= 0.1 mV
//    deviations compared; 1e-9 leaves an order of magnitude for the matrix exponential of
//    lif_psc_exp_adapt (accurate to a few ulp of its norm).
//  * Spike times are exact grid quantities: the first grid point at or after the analytic
//    first-passage time. The currents are chosen so that the passage time is at least 1e-6 dt
//    away from a grid point (asserted), so rounding cannot move a spike by a step.
#include "neuron_test_harness.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace lamina::test {

inline constexpr double kExactRel = 1e-9;

/// Relaxation of a passive LIF from V0 under constant current I over a time s (ms).
inline double lif_relax(double E_L, double R, double tau_m, double V0, double I, double s) {
    const long double e = std::exp(-static_cast<long double>(s) / tau_m);
    return static_cast<double>(E_L + static_cast<long double>(R) * I * (1 - e) + (V0 - E_L) * e);
}

/// Time for a LIF from V0 under I to reach V_th (infinite if it never does).
inline double lif_passage(double E_L, double R, double tau_m, double V0, double V_th, double I) {
    const double RI = R * I;
    if (RI <= V_th - E_L) return INFINITY;
    return tau_m * std::log((RI - (V0 - E_L)) / (RI - (V_th - E_L)));
}

/// Number of steps to the first grid point at or after time T (asserts T is not within 1e-6 dt
/// of a grid point, where rounding could decide).
inline long first_grid_at_or_after(double T, double dt) {
    const double n = T / dt;
    EXPECT_GT(std::abs(n - std::round(n)), 1e-6) << "test design: passage time " << T << " ms is on the grid";
    return static_cast<long>(std::ceil(n));
}

/// V_m under DC (part I_e, part device current) from rest matches E_L + R I (1 - e^(-t/tau_m)).
template <class M>
double check_dc_trace(typename M::params p, double I_e, double I_stim, long n_steps, double dt) {
    p.I_e = I_e;
    neuron_driver<M> nd(p, dt);
    const double R = p.tau_m / p.C_m;
    double worst = 0.0;
    for (long k = 1; k <= n_steps; ++k) {
        EXPECT_FALSE(nd.step(0.0, 0.0, I_stim)) << "subthreshold current must not spike";
        const double exact = lif_relax(p.E_L, R, p.tau_m, p.E_L, I_e + I_stim, nd.t());
        const double rel = std::abs(nd(M::V_m) - exact) / std::abs(exact - p.E_L);
        worst = std::max(worst, rel);
    }
    std::printf("[measured] %s DC trace: max relative error %.2e\n", M::name, worst);
    EXPECT_LT(worst, kExactRel);
    return worst;
}

/// First spike under DC from rest at the first grid point at or after the first-passage time.
template <class M>
void check_first_spike(const typename M::params& p, const std::vector<double>& currents, double dt) {
    const double R = p.tau_m / p.C_m;
    for (double I : currents) {
        neuron_driver<M> nd(p, dt);
        const double T = lif_passage(p.E_L, R, p.tau_m, p.E_L, p.V_th, I);
        const long expected = first_grid_at_or_after(T, dt);
        long first = -1;
        for (long k = 1; k <= expected + 10 && first < 0; ++k)
            if (nd.step(0.0, 0.0, I)) first = k;
        EXPECT_EQ(first, expected) << "I = " << I << " pA, analytic passage " << T << " ms";
    }
}

/// f-I curve under DC. With the reset at E_L every ISI is exactly R_ref + ceil(T/dt) steps
/// (R_ref = round(t_ref/dt)), so the simulated rate f_sim and the analytic
/// f = 1/(t_ref + T), T = tau_m ln(R I/(R I - (V_th - E_L))), obey
/// f/(1 + f dt) < f_sim <= f: grid quantisation delays each spike by less than one step.
template <class M>
void check_f_I(const typename M::params& p, const std::vector<double>& currents, double dt, double duration) {
    const double R = p.tau_m / p.C_m;
    const long R_ref = std::lround(p.t_ref / dt);
    for (double I : currents) {
        neuron_driver<M> nd(p, dt);
        const auto spikes = nd.run(std::lround(duration / dt), I);
        ASSERT_GE(spikes.size(), 3u) << "I = " << I;
        const double T = lif_passage(p.E_L, R, p.tau_m, p.V_reset, p.V_th, I);
        const long isi_steps = R_ref + first_grid_at_or_after(T, dt);
        for (double isi : isis(spikes)) EXPECT_EQ(std::lround(isi / dt), isi_steps) << "I = " << I;
        const double f = 1000.0 / (p.t_ref + T);  // Hz
        const double f_sim = 1000.0 * static_cast<double>(spikes.size() - 1) / (spikes.back() - spikes.front());
        EXPECT_LE(f_sim, f * (1 + 1e-12)) << "I = " << I;
        EXPECT_GT(f_sim, f / (1 + f * dt / 1000.0)) << "I = " << I;
    }
}

/// After a spike under DC: V_m is V_reset for round(t_ref/dt) steps, then relaxes from V_reset
/// exactly as the closed form, and the next spike comes at the grid passage time.
template <class M>
void check_refractory_reset(const typename M::params& p, double I, double dt) {
    neuron_driver<M> nd(p, dt);
    const double R = p.tau_m / p.C_m;
    const long R_ref = std::lround(p.t_ref / dt);
    long k_spike = -1;
    for (long k = 1; k < 100000 && k_spike < 0; ++k)
        if (nd.step(0.0, 0.0, I)) k_spike = k;
    ASSERT_GT(k_spike, 0);
    EXPECT_EQ(nd(M::V_m), p.V_reset);
    for (long k = 1; k <= R_ref; ++k) {
        EXPECT_FALSE(nd.step(0.0, 0.0, I));
        EXPECT_EQ(nd(M::V_m), p.V_reset) << "refractory step " << k;
    }
    const double t_free = nd.t();
    const long next = first_grid_at_or_after(lif_passage(p.E_L, R, p.tau_m, p.V_reset, p.V_th, I), dt);
    for (long k = 1; k <= next; ++k) {
        const bool spiked = nd.step(0.0, 0.0, I);
        EXPECT_EQ(spiked, k == next) << "step " << k << " after the refractory period";
        if (!spiked) {
            const double exact = lif_relax(p.E_L, R, p.tau_m, p.V_reset, I, nd.t() - t_free);
            EXPECT_LT(std::abs(nd(M::V_m) - exact), kExactRel * std::abs(exact - p.E_L));
        }
    }
}

}  // namespace lamina::test
