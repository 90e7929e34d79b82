// Validation of aeif_cond_ampa_nmda (AdEx + AMPA, GABA_A, NMDA with Mg2+ block, sAHP):
//  a. the NMDA current against Jahr & Stevens' closed form over -80..+20 mV, under voltage clamp
//     (a huge C_m) and from the model's current function; the I-V peak where it is published;
//  b. conductance time courses after one AMPA / GABA_A / NMDA spike against their closed forms,
//     with the NMDA weight being the peak conductance;
//  c. subthreshold V_m under mixed input against an independent RK4 integration at dt/100;
//  d. sAHP: g_sAHP decays as exp(-t/tau_sAHP) after a burst, and firing under constant current
//     adapts to the rate where the mean sAHP conductance is delta_g_sAHP * tau_sAHP * rate.
#include "models/neuron/aeif_cond_ampa_nmda.hpp"

#include "neuron_test_harness.hpp"

#include <lamina/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

using M = lamina::models::aeif_cond_ampa_nmda;
using lamina::test::neuron_driver;
using ports = std::array<double, 3>;

namespace {

constexpr double dt = 0.1;  // ms

// Jahr & Stevens 1990 (J Neurosci 10:3178), written out here independently of the model.
double block(double Mg, double V) { return 1.0 / (1.0 + std::exp(-0.062 * V) * Mg / 3.57); }

TEST(NeuronAeifAmpaNmda, MgBlockMatchesJahrStevens) {
    // Landmarks of the closed form at 1 mM: half block where exp(-0.062 V) = 3.57 mM / [Mg2+].
    const double V_half = std::log(1.0 / 3.57) / 0.062;  // -20.5 mV
    EXPECT_NEAR(M::mg_block(1.0, V_half), 0.5, 1e-14);
    EXPECT_NEAR(M::mg_block(1.0, 0.0), 3.57 / 4.57, 1e-14);
    EXPECT_EQ(M::mg_block(0.0, -80.0), 1.0);  // no Mg2+, no block
    const auto c = M::prepare(M::params{}, dt);
    for (double V = -80.0; V <= 20.0; V += 0.5)
        EXPECT_NEAR(M::I_NMDA(c, 10.0, V), 10.0 * block(1.0, V) * V, 1e-12 * std::max(1.0, std::abs(V)));

    // The I-V curve of a fixed conductance: inward current largest near -27 mV at 1 mM (Jahr &
    // Stevens 1990, Fig. 7; the region -30..-20 mV of recorded NMDA I-V curves).
    double V_peak = 0.0, I_min = 0.0;
    for (double V = -80.0; V <= 20.0; V += 0.001) {
        const double I = M::I_NMDA(c, 1.0, V);
        if (I < I_min) I_min = I, V_peak = V;
    }
    std::printf("[measured] NMDA I-V peak at %.3f mV (1 mM Mg2+)\n", V_peak);
    EXPECT_GT(V_peak, -30.0);
    EXPECT_LT(V_peak, -20.0);
    // The stationary point of V B(V): 1 + k e^{-0.062V} (1 + 0.062 V) = 0 with k = 1/3.57, found by
    // bisection; the scan above must agree to its 1 uV grid.
    double lo = -60.0, hi = -10.0;
    const auto d = [](double V) { return 1.0 + std::exp(-0.062 * V) / 3.57 * (1.0 + 0.062 * V); };
    for (int k = 0; k < 100; ++k) ((d(0.5 * (lo + hi)) < 0.0) ? lo : hi) = 0.5 * (lo + hi);
    EXPECT_NEAR(V_peak, lo, 1e-3);
}

TEST(NeuronAeifAmpaNmda, NmdaCurrentUnderVoltageClamp) {
    // Clamp by capacitance: with C_m = 1e6 pF, 10 nS of NMDA move V by < 1e-6 mV per step, so the
    // current is -C_m dV/dt at fixed V. All other currents are off; tau_NMDA_decay = 1e12 ms keeps
    // g_NMDA constant over the step. Relative tolerance 1e-6: the block changes by 0.062/mV x 1e-6 mV
    // within the step and V's last bit (1e-14 mV) is 1e-8 of the change.
    M::params p;
    p.C_m = 1e6;
    p.g_L = 0.0;
    p.a = p.b = 0.0;
    p.Delta_T = 0.0;
    p.V_th = 50.0;
    p.V_reset = 40.0;
    p.delta_g_sAHP = 0.0;
    p.tau_NMDA_decay = 1e12;
    for (double V0 = -80.0; V0 <= 20.0; V0 += 5.0) {
        if (V0 == 0.0) continue;  // E_NMDA: no current to compare
        neuron_driver<M> nd(p, dt);
        nd(M::V_m) = V0;
        nd(M::g_NMDA) = 10.0;
        nd.step_ports(ports{0, 0, 0});
        const double I = -p.C_m * (nd(M::V_m) - V0) / dt;
        EXPECT_NEAR(I / (10.0 * block(1.0, V0) * V0), 1.0, 1e-6) << "V = " << V0;
    }
}

// Conductances after one spike of weight q at step 1 (the state is then at t = 0 of the response).
TEST(NeuronAeifAmpaNmda, ConductanceTimeCoursesAfterOneSpike) {
    const M::params p;
    const double q = 2.0;  // nS
    // The tolerance 1e-6 relative is the integrator's: the 5th-order Dormand-Prince step of 0.1 ms
    // on exp(-t/2 ms) errs by ~(0.05)^6/720 ~ 2e-11 per step, ~1e-7 after 5000 steps.
    auto check = [&](int port, int var, auto closed_form, long n, const char* what) {
        neuron_driver<M> nd(p, dt);
        ports w{0, 0, 0};
        w[port] = port == 1 ? -q : q;  // GABA_A takes inhibitory (negative) weights
        nd.step_ports(w);
        double worst = 0.0, peak = 0.0;
        for (long k = 0; k <= n; ++k) {
            const double expected = closed_form(k * dt);
            const double g = nd(static_cast<std::size_t>(var));
            peak = std::max(peak, g);
            if (expected > 1e-3 * q) worst = std::max(worst, std::abs(g / expected - 1.0));
            nd.step_ports(ports{0, 0, 0});
        }
        std::printf("[measured] %s: max relative error %.2e, sampled peak %.6f nS\n", what, worst, peak);
        EXPECT_LT(worst, 1e-6) << what;
        return peak;
    };
    check(0, M::g_AMPA, [&](double t) { return q * std::exp(-t / p.tau_AMPA); }, 300, "AMPA");
    check(1, M::g_GABA_A, [&](double t) { return q * std::exp(-t / p.tau_GABA_A); }, 600, "GABA_A");
    // NMDA: difference of exponentials scaled so that its peak is q (computed here independently).
    const double tr = p.tau_NMDA_rise, td = p.tau_NMDA_decay;
    const double t_peak = td * tr / (td - tr) * std::log(td / tr);
    const double shape_peak = std::exp(-t_peak / td) - std::exp(-t_peak / tr);
    const double peak = check(2, M::g_NMDA,
                              [&](double t) { return q * (std::exp(-t / td) - std::exp(-t / tr)) / shape_peak; },
                              8000, "NMDA");
    // Sampled on the 0.1 ms grid around t_peak = 7.98 ms: the curvature there costs < 1e-5 of q.
    EXPECT_NEAR(peak, q, 1e-5 * q);
}

// The equations written out with state (V, g_AMPA, g_GABA_A, g_NMDA, x_NMDA, g_sAHP, w).
struct reference {
    M::params p;
    double I;
    void operator()(const std::array<double, 7>& x, std::array<double, 7>& f) const {
        const double V = x[0];
        f[0] = (-p.g_L * (V - p.E_L) + p.g_L * p.Delta_T * std::exp((V - p.V_th) / p.Delta_T) -
                x[1] * (V - p.E_AMPA) - x[2] * (V - p.E_GABA_A) - x[3] * block(p.Mg, V) * (V - p.E_NMDA) -
                x[5] * (V - p.E_K) - x[6] + p.I_e + I) / p.C_m;
        f[1] = -x[1] / p.tau_AMPA;
        f[2] = -x[2] / p.tau_GABA_A;
        f[3] = x[4] / p.tau_NMDA_rise - x[3] / p.tau_NMDA_decay;
        f[4] = -x[4] / p.tau_NMDA_rise;
        f[5] = -x[5] / p.tau_sAHP;
        f[6] = (p.a * (V - p.E_L) - x[6]) / p.tau_w;
    }
};

TEST(NeuronAeifAmpaNmda, SubthresholdVoltageMatchesFineRk4) {
    const M::params p;
    const double I = 150.0;  // pA
    const double tr = p.tau_NMDA_rise, td = p.tau_NMDA_decay;
    const double t_peak = td * tr / (td - tr) * std::log(td / tr);
    const double jump = 1.0 / (td / (td - tr) * (std::exp(-t_peak / td) - std::exp(-t_peak / tr)));
    neuron_driver<M> nd(p, dt);
    nd(M::g_sAHP) = 3.0;  // a decaying sAHP from earlier activity
    nd(M::w) = 20.0;
    std::array<double, 7> y{p.E_L, 0, 0, 0, 0, 3.0, 20.0};
    const reference f{p, I};
    double max_dv = 0.0, v_max = -1e9;
    for (long k = 1; k <= 5000; ++k) {
        ports w{0, 0, 0};
        if (k % 97 == 0) w[0] = 4.0;    // AMPA, nS
        if (k % 131 == 0) w[1] = -6.0;  // GABA_A
        if (k % 353 == 0) w[2] = 3.0;   // NMDA
        ASSERT_FALSE(nd.step_ports(w, I)) << "the comparison is subthreshold";
        lamina::test::rk4_fine(y, dt / 100, 100, std::numeric_limits<double>::infinity(), f, [](auto&) {});
        y[1] += w[0];
        y[2] -= w[1];
        y[4] += w[2] * jump;
        max_dv = std::max(max_dv, std::abs(nd(M::V_m) - y[0]));
        v_max = std::max(v_max, y[0]);
    }
    std::printf("[measured] subthreshold mixed input: max |dV| %.2e mV (V_m up to %.2f mV)\n", max_dv, v_max);
    EXPECT_GT(v_max, p.E_L + 5.0) << "the input must move V_m";
    // error_tol is 1e-6 (mV, nS, pA) per sub-step; the membrane forgets old errors within
    // C_m/g_L = 9.4 ms, so about a hundred sub-steps' errors add up at most: 1e-4 mV. RK4 at
    // 1 us errs by ~1e-12 mV.
    EXPECT_LT(max_dv, 1e-4);
}

TEST(NeuronAeifAmpaNmda, SahpDecaysExponentiallyAfterABurst) {
    M::params p;
    p.a = p.b = 0.0;  // only the sAHP adapts
    p.tau_sAHP = 500.0;
    p.delta_g_sAHP = 0.5;
    neuron_driver<M> nd(p, dt);
    int spikes = 0;
    double sum_expected = 0.0;  // delta_g * sum over spikes of exp(-(t_end - t_k)/tau), with t_k on the grid
    std::vector<double> times;
    for (long k = 1; k <= 2000; ++k)  // 200 ms of 1 nA: a burst
        if (nd.step_ports(ports{0, 0, 0}, 1000.0)) ++spikes, times.push_back(k * dt);
    ASSERT_GE(spikes, 5);
    const double t_end = 2000 * dt;
    for (double t : times) sum_expected += p.delta_g_sAHP * std::exp(-(t_end - t) / p.tau_sAHP);
    // Each spike's increment happens inside its step, up to dt before the step's stamp: each term
    // is off by at most dt/tau_sAHP = 2e-4 relative.
    EXPECT_NEAR(nd(M::g_sAHP) / sum_expected, 1.0, 2e-4);
    const double g0 = nd(M::g_sAHP);
    double worst = 0.0;
    for (long k = 1; k <= 20000; ++k) {  // 2 s of silence: 4 tau_sAHP
        ASSERT_FALSE(nd.step_ports(ports{0, 0, 0}));
        worst = std::max(worst, std::abs(nd(M::g_sAHP) / (g0 * std::exp(-k * dt / p.tau_sAHP)) - 1.0));
    }
    std::printf("[measured] sAHP after %d spikes: g %.4f nS, decay max relative error %.2e\n", spikes, g0, worst);
    // A 5th-order step of dt/tau = 2e-4 errs by ~1e-25 relative; what remains is rounding.
    EXPECT_LT(worst, 1e-9);
}

TEST(NeuronAeifAmpaNmda, SahpAdaptsFiringToItsSteadyState) {
    M::params p;
    p.a = p.b = 0.0;
    p.tau_sAHP = 300.0;
    p.delta_g_sAHP = 0.5;
    const double I = 800.0;  // pA, constant
    neuron_driver<M> nd(p, dt);
    std::vector<double> t;
    const long n = 30000;  // 3 s = 10 tau_sAHP
    double g_integral = 0.0;
    const long window_start = 20000;  // the last second, after 6.7 tau_sAHP of firing
    for (long k = 1; k <= n; ++k) {
        if (nd.step_ports(ports{0, 0, 0}, I)) t.push_back(k * dt);
        if (k > window_start) g_integral += nd(M::g_sAHP) * dt;
    }
    const auto isi = lamina::test::isis(t);
    ASSERT_GE(isi.size(), 20u);
    long late = 0;
    for (double s : t) late += s > window_start * dt;
    const double rate = late / ((n - window_start) * dt * 1e-3);  // Hz
    const double g_mean = g_integral / ((n - window_start) * dt);
    std::printf("[measured] sAHP adaptation: first ISI %.2f ms, last %.2f ms; late rate %.1f Hz, mean g_sAHP %.4f nS"
                " (delta * tau * rate = %.4f nS)\n",
                isi.front(), isi.back(), rate, g_mean, p.delta_g_sAHP * p.tau_sAHP * 1e-3 * rate);
    EXPECT_GT(isi.back(), 2.0 * isi.front()) << "firing adapts";
    // Every spike adds delta_g * tau_sAHP of conductance-time, so in a stationary train the mean
    // conductance is delta_g * tau_sAHP * rate. Tolerance 3%: the count of ~(rate x 1 s) spikes in
    // the window is uncertain by one spike, and 0.1% of the transient (exp(-6.7)) remains.
    EXPECT_NEAR(g_mean / (p.delta_g_sAHP * p.tau_sAHP * 1e-3 * rate), 1.0, 0.03);
}

TEST(NeuronAeifAmpaNmda, RefusesBadParameters) {
    auto refuses = [](auto change, const char* what) {
        M::params p;
        change(p);
        try {
            (void)M::prepare(p, dt);
            ADD_FAILURE() << "accepted " << what;
        } catch (const lamina::input_error& e) {
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
        }
    };
    refuses([](M::params& p) { p.tau_NMDA_rise = 100.0; }, "tau_NMDA_rise (100 ms) must be below tau_NMDA_decay");
    refuses([](M::params& p) { p.tau_sAHP = -1.0; }, "tau_sAHP must be positive");
    refuses([](M::params& p) { p.Mg = -1.0; }, "Mg must not be negative");
    refuses([](M::params& p) { p.delta_g_sAHP = -0.5; }, "delta_g_sAHP must not be negative");
    refuses([](M::params& p) { p.E_K = std::numeric_limits<double>::quiet_NaN(); }, "E_K must be a finite number");
}

}  // namespace
