#pragma once
// Checks shared by the validation tests of aeif_cond_exp and aeif_psc_exp: an independent RK4
// reference integration of the AdEx equations (synapse terms supplied by each test), and the
// firing patterns of Naud, Marcille, Clopath & Gerstner 2008 (Biol. Cybern. 99:335, Table 1).
#include "neuron_test_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <utility>

namespace lamina::test {

constexpr double kAdexDt = 0.1;  // ms

/// One row of Naud et al. 2008, Table 1 (C pF, g_L nS, E_L mV, V_T mV, Delta_T mV, a nS,
/// tau_w ms, b pA, V_r mV, I pA). Spikes are cut at V_peak = 0 mV with no refractory period.
struct adex_set {
    const char* name;
    double C, g_L, E_L, V_T, Delta_T, a, tau_w, b, V_r, I;
};
constexpr adex_set kTonic{"tonic spiking", 200, 10, -70, -50, 2, 2, 30, 0, -58, 500};
constexpr adex_set kAdapting{"adaptation", 200, 12, -70, -50, 2, 2, 300, 60, -58, 500};
constexpr adex_set kInitialBurst{"initial burst", 130, 18, -58, -50, 2, 4, 150, 120, -50, 400};
constexpr adex_set kRegularBursting{"regular bursting", 200, 10, -58, -50, 2, 2, 120, 100, -46, 210};
constexpr adex_set kDelayedAccelerating{"delayed accelerating", 200, 12, -70, -50, 2, -10, 300, 0, -58, 300};
constexpr adex_set kDelayedBursting{"delayed regular bursting", 100, 10, -65, -50, 2, -10, 90, 30, -47, 110};
constexpr adex_set kTransient{"transient spiking", 100, 10, -65, -50, 2, 10, 90, 100, -47, 180};
constexpr adex_set kIrregular{"irregular spiking", 100, 12, -60, -50, 2, -11, 130, 30, -48, 160};

template <class M>
typename M::params adex_params(const adex_set& s) {
    typename M::params p;
    p.C_m = s.C;
    p.g_L = s.g_L;
    p.E_L = s.E_L;
    p.V_th = s.V_T;
    p.Delta_T = s.Delta_T;
    p.a = s.a;
    p.tau_w = s.tau_w;
    p.b = s.b;
    p.V_reset = s.V_r;
    p.V_peak = 0.0;
    p.t_ref = 0.0;
    return p;
}

using input_schedule = std::map<long, std::pair<double, double>>;  // step -> (ex, in) weights

template <class M>
run_record run_adex_model(const typename M::params& p, double I, long n, const input_schedule& inputs = {}) {
    neuron_driver<M> nd(p, kAdexDt);
    run_record r;
    for (long k = 1; k <= n; ++k) {
        const auto it = inputs.find(k);
        const auto [ex, in] = it == inputs.end() ? std::pair{0.0, 0.0} : it->second;
        if (nd.step(ex, in, I)) r.spikes.push_back(k);
        r.v.push_back(nd(M::V_m));
    }
    return r;
}

/// The AdEx equations and NEST's step semantics written out independently, integrated with RK4 at
/// dt/100 (split further on the upstroke, see rk4_fine). State y = (V, s_ex, s_in, w); syn_current(V, s_ex, s_in) is the synaptic current (pA)
/// and add_input(s_ex, s_in, ex, in) applies the weights arriving at t + dt. As in NEST the
/// exponential is evaluated at min(V, V_peak); during the refractory period (the rest of the
/// spike's step, then round(t_ref/dt) steps) V is held at V_reset and w relaxes with V = V_reset.
template <class P, class Syn, class Add>
run_record run_adex_reference(const P& p, double tau_ex, double tau_in, double I, long n, const input_schedule& inputs,
                              Syn syn_current, Add add_input) {
    std::array<double, 4> y{p.E_L, 0.0, 0.0, 0.0};
    bool refractory = false;
    long r = 0;
    const long R = std::lround(p.t_ref / kAdexDt);
    const auto f = [&](const std::array<double, 4>& x, std::array<double, 4>& dx) {
        const double V = refractory ? p.V_reset : std::min(x[0], p.V_peak);
        dx[0] = refractory ? 0.0
                           : (-p.g_L * (V - p.E_L) + p.g_L * p.Delta_T * std::exp((V - p.V_th) / p.Delta_T) +
                              syn_current(V, x[1], x[2]) - x[3] + p.I_e + I) / p.C_m;
        dx[1] = -x[1] / tau_ex;
        dx[2] = -x[2] / tau_in;
        dx[3] = (p.a * (V - p.E_L) - x[3]) / p.tau_w;
    };
    const auto reset = [&](std::array<double, 4>& x) {
        x[0] = p.V_reset;
        x[3] += p.b;
        refractory = R > 0;
    };
    run_record out;
    for (long k = 1; k <= n; ++k) {
        refractory = r > 0;
        const double threshold = refractory ? std::numeric_limits<double>::infinity() : p.V_peak;
        // RK4 steps limited to 0.05 mV of V on the upstroke: local error ~2 ((0.05/2)^5) ~ 2e-8 mV.
        const bool spiked = rk4_fine(y, kAdexDt / 100, 100, threshold, f, reset, 0.05) > 0;
        if (spiked)
            r = R;
        else if (r > 0)
            --r;
        if (r > 0) y[0] = p.V_reset;
        const auto it = inputs.find(k);
        if (it != inputs.end()) add_input(y[1], y[2], it->second.first, it->second.second);
        if (spiked) out.spikes.push_back(k);
        out.v.push_back(y[0]);
    }
    return out;
}

/// Naud et al. 2008 Fig. 4 / Table 1: the eight firing patterns under a current step, 1 s each
/// (the step starts at t = 0 from rest), asserted by the statistics that define them.
template <class M>
void check_naud_patterns() {
    const long n = 10000;
    const auto train = [&](const adex_set& s) {
        return run_adex_model<M>(adex_params<M>(s), s.I, n).spike_times(kAdexDt);
    };
    const auto report = [](const adex_set& s, const std::vector<double>& sp) {
        std::printf("[measured] %s %s: %zu spikes, ISIs (ms):", M::name, s.name, sp.size());
        const auto isi = isis(sp);
        for (std::size_t k = 0; k < isi.size() && k < 12; ++k) std::printf(" %.1f", isi[k]);
        std::printf("%s\n", isi.size() > 12 ? " ..." : "");
    };

    // Tonic: regular from the first ISI (b = 0); adaptation index ~0 (Naud: |A| small).
    const auto tonic = train(kTonic);
    report(kTonic, tonic);
    const auto t_isi = isis(tonic);
    ASSERT_GT(t_isi.size(), 50u);
    std::printf("[measured]   adaptation index %.4f, last/first ISI %.3f\n", adaptation_index(t_isi, 0),
                t_isi.back() / t_isi.front());
    EXPECT_LT(std::abs(adaptation_index(t_isi, 0)), 0.005);
    EXPECT_LT(t_isi.back() / t_isi.front(), 1.15);

    // Adapting: ISIs lengthen monotonically to a steady value several times the first.
    const auto adapt = train(kAdapting);
    report(kAdapting, adapt);
    const auto a_isi = isis(adapt);
    ASSERT_GT(a_isi.size(), 8u);
    for (std::size_t k = 1; k < 6; ++k) EXPECT_GT(a_isi[k], a_isi[k - 1]);
    const double a_A = adaptation_index(std::vector<double>(a_isi.begin(), a_isi.begin() + 6), 0);
    std::printf("[measured]   adaptation index (first 6 ISIs) %.3f, steady/first ISI %.2f\n", a_A,
                a_isi.back() / a_isi.front());
    EXPECT_GT(a_A, 0.1);
    EXPECT_GT(a_isi.back() / a_isi.front(), 4.0);

    // Initial burst: a few short ISIs, then regular firing at a much longer ISI.
    const auto ib = train(kInitialBurst);
    report(kInitialBurst, ib);
    const auto ib_sizes = burst_sizes(ib, 20.0);
    const auto ib_isi = isis(ib);
    EXPECT_GE(ib_sizes[0], 2) << "initial burst";
    for (std::size_t j = 1; j < ib_sizes.size(); ++j) EXPECT_EQ(ib_sizes[j], 1) << "then tonic";
    EXPECT_LT(ib_isi[0], 0.2 * ib_isi.back());
    EXPECT_LT(std::abs(ib_isi[ib_isi.size() - 1] - ib_isi[ib_isi.size() - 2]), 0.01 * ib_isi.back());

    // Regular bursting: bursts of >= 2 spikes (ISIs of a few ms) separated by long pauses.
    const auto rb = train(kRegularBursting);
    report(kRegularBursting, rb);
    const auto rb_sizes = burst_sizes(rb, 20.0);
    std::printf("[measured]   spikes per burst:");
    for (int b : rb_sizes) std::printf(" %d", b);
    std::printf("\n");
    EXPECT_GE(rb_sizes.size(), 5u);
    for (int b : rb_sizes) EXPECT_GE(b, 2) << "every event is a burst";
    for (double isi : isis(rb)) EXPECT_TRUE(isi < 10.0 || isi > 100.0) << "intra-burst vs pause: " << isi;

    // Delayed accelerating (a < 0, b = 0): a delayed first spike, then ISIs shorten (A < 0).
    const auto da = train(kDelayedAccelerating);
    report(kDelayedAccelerating, da);
    const auto da_isi = isis(da);
    EXPECT_GT(da.front(), 20.0) << "delayed onset";
    const double da_A = adaptation_index(std::vector<double>(da_isi.begin(), da_isi.begin() + 10), 0);
    std::printf("[measured]   first spike %.1f ms, adaptation index (first 10 ISIs) %.3f\n", da.front(), da_A);
    EXPECT_LT(da_A, -0.01);
    EXPECT_LT(da_isi.back(), 0.7 * da_isi.front());

    // Delayed regular bursting: delayed onset, then regular bursts.
    const auto db = train(kDelayedBursting);
    report(kDelayedBursting, db);
    const auto db_sizes = burst_sizes(db, 20.0);
    EXPECT_GT(db.front(), 20.0) << "delayed onset";
    EXPECT_GE(db_sizes.size(), 5u);
    for (int b : db_sizes) EXPECT_GE(b, 3) << "bursts";

    // Transient spiking: responds to the step onset only.
    const auto tr = train(kTransient);
    report(kTransient, tr);
    EXPECT_GE(tr.size(), 1u);
    EXPECT_LE(tr.size(), 3u);
    if (!tr.empty()) {
        EXPECT_LT(tr.back(), 100.0);
    }

    // Irregular spiking: sustained firing with a broad ISI distribution (CV of the ISIs after the
    // first 200 ms) and no regular burst structure.
    const auto ir = train(kIrregular);
    report(kIrregular, ir);
    std::vector<double> late;
    for (std::size_t k = 1; k < ir.size(); ++k)
        if (ir[k - 1] > 200.0) late.push_back(ir[k] - ir[k - 1]);
    ASSERT_GT(late.size(), 20u);
    const double m = mean(late);
    double var = 0.0;
    for (double x : late) var += (x - m) * (x - m);
    const double cv = std::sqrt(var / static_cast<double>(late.size())) / m;
    std::printf("[measured]   irregular: CV of ISIs after 200 ms %.2f\n", cv);
    EXPECT_GT(cv, 0.3);
    // A periodic pattern (e.g. alternating short and long ISIs) can also have a high CV: require
    // that no period of up to 10 ISIs repeats the sequence to within 0.5 ms.
    for (std::size_t period = 1; period <= 10; ++period) {
        double max_diff = 0.0;
        for (std::size_t k = 0; k + period < late.size(); ++k)
            max_diff = std::max(max_diff, std::abs(late[k + period] - late[k]));
        EXPECT_GT(max_diff, 0.5) << "irregular train repeats with period " << period;
    }
}

}  // namespace lamina::test
