// Validation of lif_psc_alpha (NEST iaf_psc_alpha) against closed-form solutions.
// Tolerances: see neuron_lif_checks.hpp (1e-9 relative to the deviation from rest; spike times
// exact on the grid).
#include "models/neuron/lif_psc_alpha.hpp"

#include "neuron_lif_checks.hpp"

#include <cstdio>

#include <lamina/error.hpp>

#include <numbers>

using lamina::models::lif_psc_alpha;
using namespace lamina::test;

namespace {
constexpr double dt = 0.1;  // ms

/// Voltage deviation at time s from a synaptic current (I0 + J0 u) e^(-u/tau_s), u >= 0 (the
/// alpha current's general continuation), under tau_m dV/dt = -V + tau_m I/C_m:
///   (1/C_m) e^(-s/tau_m) [I0 int_0^s e^(-d u) du + J0 int_0^s u e^(-d u) du], d = 1/tau_s - 1/tau_m,
/// with the integrals written out (s and s^2/2 when d = 0).
long double alpha_response(double I0, double J0, double tau_s, double tau_m, double C_m, double s) {
    const long double S = s, d = 1.0L / tau_s - 1.0L / tau_m;
    long double F1, F2;
    if (tau_s == tau_m) {
        F1 = S;
        F2 = S * S / 2;
    } else {
        F1 = (1 - std::exp(-d * S)) / d;
        F2 = (1 - std::exp(-d * S) * (1 + d * S)) / (d * d);
    }
    return std::exp(-S / tau_m) / C_m * (I0 * F1 + J0 * F2);
}
}  // namespace

TEST(NeuronLifPscAlpha, DcTraceMatchesClosedForm) {
    check_dc_trace<lif_psc_alpha>({}, 120.0, 200.0, 1000, dt);
}

// The PSC of weight w is w (t/tau_s) e^(1 - t/tau_s): it peaks at exactly w at t = tau_s; the PSP
// matches the closed form, excitatory (tau_syn_ex = 2 ms) and inhibitory with tau_syn_in == tau_m.
TEST(NeuronLifPscAlpha, PscPeakAndPspMatchClosedFormIncludingEqualTimeConstants) {
    lif_psc_alpha::params p;
    p.tau_syn_ex = 2.0;
    p.tau_syn_in = p.tau_m;
    for (double w : {300.0, -450.0}) {  // pA
        neuron_driver<lif_psc_alpha> nd(p, dt);
        for (int k = 0; k < 10; ++k) nd.step();
        w > 0 ? nd.step(w, 0.0) : nd.step(0.0, w);
        const double t0 = nd.t();
        const double tau_s = w > 0 ? p.tau_syn_ex : p.tau_syn_in;
        const auto I_idx = w > 0 ? lif_psc_alpha::I_syn_ex : lif_psc_alpha::I_syn_in;
        const double J0 = w * std::numbers::e / tau_s;  // the alpha current is J0 u e^(-u/tau_s)
        double worst = 0.0, worst_psc = 0.0, peak = 0.0, psc_max = 0.0, t_psc_max = 0.0;
        for (int k = 0; k < 2000; ++k) {  // 200 ms
            nd.step();
            const double s = nd.t() - t0;
            const double psc = J0 * s * std::exp(-s / tau_s);
            worst_psc = std::max(worst_psc, std::abs(nd(I_idx) - psc) / std::abs(w));
            if (std::abs(nd(I_idx)) > std::abs(psc_max)) {
                psc_max = nd(I_idx);
                t_psc_max = s;
            }
            const double exact = static_cast<double>(alpha_response(0.0, J0, tau_s, p.tau_m, p.C_m, s));
            peak = std::max(peak, std::abs(exact));
            // Compare until the PSP has decayed to 1e-3 of its peak (rounding of V, see psc_exp).
            if (std::abs(exact) > 1e-3 * peak)
                worst = std::max(worst, std::abs(nd(lif_psc_alpha::V_m) - p.E_L - exact) / std::abs(exact));
        }
        std::printf("[measured] %s PSP w = %g: max relative error %.2e\n", "lif_psc_alpha", w, worst);
        EXPECT_LT(worst, kExactRel) << "w = " << w;
        EXPECT_LT(worst_psc, 1e-12) << "PSC shape, relative to w (exact decay: rounding only)";
        EXPECT_NEAR(t_psc_max, tau_s, 1e-9) << "PSC peaks at tau_syn (a grid point here)";
        EXPECT_NEAR(psc_max, w, 1e-12 * std::abs(w)) << "PSC peak equals the weight";
    }
}

TEST(NeuronLifPscAlpha, FirstSpikeAtGridPassageTime) {
    check_first_spike<lif_psc_alpha>({}, {380.0, 400.0, 450.0, 600.0, 1000.0, 2500.0}, dt);
}

TEST(NeuronLifPscAlpha, FICurveWithinGridQuantisation) {
    check_f_I<lif_psc_alpha>({}, {380.0, 390.0, 420.0, 500.0, 700.0, 1000.0, 1500.0, 2500.0}, dt, 2000.0);
}

TEST(NeuronLifPscAlpha, RefractoryClampAndResetAsNest) {
    lif_psc_alpha::params p;
    p.V_reset = -65.0;
    check_refractory_reset<lif_psc_alpha>(p, 500.0, dt);
}

// As in NEST's iaf_psc_alpha, synaptic currents keep evolving while V is clamped: a PSC that
// arrives during the refractory period acts on V, with its alpha shape continued, once it ends.
TEST(NeuronLifPscAlpha, InputDuringRefractorinessActsAfterIt) {
    lif_psc_alpha::params p;
    p.V_reset = -65.0;
    const double I = 500.0, w = 200.0;
    neuron_driver<lif_psc_alpha> nd(p, dt);
    while (!nd.step(0.0, 0.0, I)) {
    }
    nd.step(w, 0.0, I);
    const double t_in = nd.t();
    for (int k = 0; k < 19; ++k) nd.step(0.0, 0.0, I);
    EXPECT_EQ(nd(lif_psc_alpha::V_m), p.V_reset);
    const double t_free = nd.t(), s1 = t_free - t_in;
    // At t_free the alpha current is J0 s1 e^(-s1/tau_s); continued: (I0 + J u) e^(-u/tau_s) with
    // I0 = J0 s1 e^(-s1/tau_s), J = J0 e^(-s1/tau_s).
    const double J0 = w * std::numbers::e / p.tau_syn_ex, decay = std::exp(-s1 / p.tau_syn_ex);
    const double I0 = J0 * s1 * decay, J = J0 * decay;
    const double R = p.tau_m / p.C_m;
    for (int k = 0; k < 30; ++k) {
        ASSERT_FALSE(nd.step(0.0, 0.0, I));
        const double s = nd.t() - t_free;
        const double exact = lif_relax(p.E_L, R, p.tau_m, p.V_reset, I, s) +
                             static_cast<double>(alpha_response(I0, J, p.tau_syn_ex, p.tau_m, p.C_m, s));
        EXPECT_LT(std::abs(nd(lif_psc_alpha::V_m) - exact), kExactRel * std::abs(exact - p.E_L));
    }
}

TEST(NeuronLifPscAlpha, PrepareRefusesBadParameters) {
    lif_psc_alpha::params p;
    p.tau_syn_in = 0.0;
    EXPECT_THROW(lif_psc_alpha::prepare(p, dt), lamina::input_error);
    p = {};
    p.V_th = -80.0;
    EXPECT_THROW(lif_psc_alpha::prepare(p, dt), lamina::input_error);
}
