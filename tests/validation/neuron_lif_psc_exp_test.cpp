// Validation of lif_psc_exp (NEST iaf_psc_exp) against closed-form solutions.
// Tolerances: see neuron_lif_checks.hpp (1e-9 relative to the deviation from rest; spike times
// exact on the grid).
#include "models/neuron/lif_psc_exp.hpp"

#include "neuron_lif_checks.hpp"

#include <cstdio>

#include <lamina/error.hpp>

using lamina::models::lif_psc_exp;
using namespace lamina::test;

namespace {
constexpr double dt = 0.1;  // ms

/// Voltage deviation at time s caused by a current I0 e^(-u/tau_s) starting at u = 0 (textbook
/// solution of tau_m dV/dt = -V + tau_m I/C_m; the limit tau_s -> tau_m is I0 s/C_m e^(-s/tau_m)).
long double psc_exp_response(double I0, double tau_s, double tau_m, double C_m, double s) {
    const long double S = s;
    if (tau_s == tau_m) return I0 * S / C_m * std::exp(-S / tau_m);
    return I0 / (C_m * (1.0L / tau_s - 1.0L / tau_m)) * (std::exp(-S / tau_m) - std::exp(-S / tau_s));
}
}  // namespace

TEST(NeuronLifPscExp, DcTraceMatchesClosedForm) {
    check_dc_trace<lif_psc_exp>({}, 120.0, 200.0, 1000, dt);
}

// The PSP of a weight-w input matches the closed form, excitatory (tau_syn_ex = 2 ms) and
// inhibitory with tau_syn_in == tau_m (the degenerate case handled without division by zero).
TEST(NeuronLifPscExp, PspMatchesClosedFormIncludingEqualTimeConstants) {
    lif_psc_exp::params p;
    p.tau_syn_ex = 2.0;
    p.tau_syn_in = p.tau_m;
    for (double w : {300.0, -450.0}) {  // pA
        neuron_driver<lif_psc_exp> nd(p, dt);
        for (int k = 0; k < 10; ++k) nd.step();
        w > 0 ? nd.step(w, 0.0) : nd.step(0.0, w);
        const double t0 = nd.t();  // the current jumps to w at t0; V is still at rest
        EXPECT_EQ(nd(lif_psc_exp::V_m), p.E_L);
        EXPECT_EQ(nd(w > 0 ? lif_psc_exp::I_syn_ex : lif_psc_exp::I_syn_in), w);
        const double tau_s = w > 0 ? p.tau_syn_ex : p.tau_syn_in;
        double worst = 0.0, peak = 0.0;
        for (int k = 0; k < 1500; ++k) {  // 150 ms: the PSP decays to < 1e-5 of its peak
            nd.step();
            const double exact = static_cast<double>(psc_exp_response(w, tau_s, p.tau_m, p.C_m, nd.t() - t0));
            peak = std::max(peak, std::abs(exact));
            // Compare until the PSP has decayed to 1e-3 of its peak: V is stored as an absolute
            // potential (~70 mV, ulp ~1.4e-14 mV), so in the far tail the rounding of V, not the
            // integration, dominates a relative error of the deviation.
            if (std::abs(exact) > 1e-3 * peak)
                worst = std::max(worst, std::abs(nd(lif_psc_exp::V_m) - p.E_L - exact) / std::abs(exact));
        }
        std::printf("[measured] %s PSP w = %g: max relative error %.2e\n", "lif_psc_exp", w, worst);
        EXPECT_LT(worst, kExactRel) << "w = " << w;
    }
}

TEST(NeuronLifPscExp, FirstSpikeAtGridPassageTime) {
    check_first_spike<lif_psc_exp>({}, {380.0, 400.0, 450.0, 600.0, 1000.0, 2500.0}, dt);
}

TEST(NeuronLifPscExp, FICurveWithinGridQuantisation) {
    check_f_I<lif_psc_exp>({}, {380.0, 390.0, 420.0, 500.0, 700.0, 1000.0, 1500.0, 2500.0}, dt, 2000.0);
}

TEST(NeuronLifPscExp, RefractoryClampAndResetAsNest) {
    lif_psc_exp::params p;
    p.V_reset = -65.0;
    check_refractory_reset<lif_psc_exp>(p, 500.0, dt);
}

// NEST's iaf_psc_exp keeps integrating synaptic input while the membrane is clamped: a PSC that
// arrives during the refractory period acts on V as soon as the period ends.
TEST(NeuronLifPscExp, InputDuringRefractorinessActsAfterIt) {
    lif_psc_exp::params p;
    p.V_reset = -65.0;
    const double I = 500.0, w = 200.0;
    neuron_driver<lif_psc_exp> nd(p, dt);
    while (!nd.step(0.0, 0.0, I)) {
    }
    nd.step(w, 0.0, I);  // arrives one step into the 20-step refractory period
    const double t_in = nd.t();
    for (int k = 0; k < 19; ++k) nd.step(0.0, 0.0, I);
    EXPECT_EQ(nd(lif_psc_exp::V_m), p.V_reset);
    const double t_free = nd.t();
    const double I0 = w * std::exp(-(t_free - t_in) / p.tau_syn_ex);
    EXPECT_NEAR(nd(lif_psc_exp::I_syn_ex), I0, 1e-12 * w);
    const double R = p.tau_m / p.C_m;
    for (int k = 0; k < 30; ++k) {
        ASSERT_FALSE(nd.step(0.0, 0.0, I));
        const double s = nd.t() - t_free;
        const double exact = lif_relax(p.E_L, R, p.tau_m, p.V_reset, I, s) +
                             static_cast<double>(psc_exp_response(I0, p.tau_syn_ex, p.tau_m, p.C_m, s));
        EXPECT_LT(std::abs(nd(lif_psc_exp::V_m) - exact), kExactRel * std::abs(exact - p.E_L));
    }
}

TEST(NeuronLifPscExp, PrepareRefusesBadParameters) {
    for (auto field : {&lif_psc_exp::params::tau_m, &lif_psc_exp::params::tau_syn_ex, &lif_psc_exp::params::C_m}) {
        lif_psc_exp::params p;
        p.*field = -1.0;
        EXPECT_THROW(lif_psc_exp::prepare(p, dt), lamina::input_error);
    }
    lif_psc_exp::params p;
    p.t_ref = -1.0;
    EXPECT_THROW(lif_psc_exp::prepare(p, dt), lamina::input_error);
}
