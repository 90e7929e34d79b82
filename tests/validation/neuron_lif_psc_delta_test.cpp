// Validation of lif_psc_delta (NEST iaf_psc_delta) against closed-form solutions.
// Tolerances: see neuron_lif_checks.hpp (1e-9 relative to the deviation from rest; spike times
// exact on the grid).
#include "models/neuron/lif_psc_delta.hpp"

#include "neuron_lif_checks.hpp"

#include <cstdio>

#include <lamina/error.hpp>

using lamina::models::lif_psc_delta;
using namespace lamina::test;

namespace {
constexpr double dt = 0.1;  // ms
}

TEST(NeuronLifPscDelta, DcTraceMatchesClosedForm) {
    lif_psc_delta::params p;  // E_L -70, C_m 250 pF, tau_m 10 ms: R = 40 MOhm, rheobase 375 pA
    check_dc_trace<lif_psc_delta>(p, 120.0, 200.0, 1000, dt);  // R I = 12.8 mV < 15 mV
}

TEST(NeuronLifPscDelta, PspIsJumpThenExponentialDecay) {
    lif_psc_delta::params p;
    p.tau_m = 7.0;
    for (double w : {0.5, -1.5}) {  // mV; excitatory and inhibitory
        neuron_driver<lif_psc_delta> nd(p, dt);
        for (int k = 0; k < 20; ++k) nd.step();
        EXPECT_EQ(nd(lif_psc_delta::V_m), p.E_L);
        const bool s = w > 0 ? nd.step(w, 0.0) : nd.step(0.0, w);
        EXPECT_FALSE(s);
        const double t0 = nd.t();  // arrival time: the jump is visible at once
        double worst = 0.0;
        for (int k = 0; k < 400; ++k) {  // 40 ms: the PSP decays to 3e-3 of w (see psc_exp's test)
            if (k) nd.step();
            const double exact = w * std::exp(-(nd.t() - t0) / p.tau_m);
            worst = std::max(worst, std::abs(nd(lif_psc_delta::V_m) - p.E_L - exact) / std::abs(exact));
        }
        std::printf("[measured] %s PSP w = %g: max relative error %.2e\n", "lif_psc_delta", w, worst);
        EXPECT_LT(worst, kExactRel) << "w = " << w;
    }
}

TEST(NeuronLifPscDelta, FirstSpikeAtGridPassageTime) {
    check_first_spike<lif_psc_delta>({}, {380.0, 400.0, 450.0, 600.0, 1000.0, 2500.0}, dt);
}

TEST(NeuronLifPscDelta, FICurveWithinGridQuantisation) {
    check_f_I<lif_psc_delta>({}, {380.0, 390.0, 420.0, 500.0, 700.0, 1000.0, 1500.0, 2500.0}, dt, 2000.0);
}

TEST(NeuronLifPscDelta, RefractoryClampAndResetAsNest) {
    lif_psc_delta::params p;
    p.V_reset = -65.0;
    p.t_ref = 2.0;
    check_refractory_reset<lif_psc_delta>(p, 500.0, dt);
}

TEST(NeuronLifPscDelta, InputDuringRefractorinessIsLostAsInNest) {
    lif_psc_delta::params p;
    p.t_ref = 1.0;
    neuron_driver<lif_psc_delta> nd(p, dt);
    EXPECT_TRUE(nd.step(20.0, 0.0));  // a 20 mV jump crosses V_th = E_L + 15 mV at once
    EXPECT_EQ(nd(lif_psc_delta::V_m), p.V_reset);
    for (int k = 0; k < 10; ++k) {
        EXPECT_FALSE(nd.step(5.0, 0.0));  // iaf_psc_delta discards spikes arriving while refractory
        EXPECT_EQ(nd(lif_psc_delta::V_m), p.V_reset);
    }
    nd.step(5.0, 0.0);  // the first free step integrates its input again
    EXPECT_NEAR(nd(lif_psc_delta::V_m), p.V_reset + 5.0, 1e-12);
}

TEST(NeuronLifPscDelta, PrepareRefusesBadParameters) {
    lif_psc_delta::params p;
    p.tau_m = 0.0;
    EXPECT_THROW(lif_psc_delta::prepare(p, dt), lamina::input_error);
    p = {};
    p.V_reset = p.V_th;
    EXPECT_THROW(lif_psc_delta::prepare(p, dt), lamina::input_error);
}
