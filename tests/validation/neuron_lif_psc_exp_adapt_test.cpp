// Validation of lif_psc_exp_adapt (LIF + exponential PSCs + spike-triggered adaptation current)
// against closed-form solutions. Tolerances: see neuron_lif_checks.hpp (1e-9 relative to the
// deviation from rest; spike times exact on the grid).
#include "models/neuron/lif_psc_exp_adapt.hpp"

#include "neuron_lif_checks.hpp"

#include <lamina/error.hpp>

#include <cstdio>

using lamina::models::lif_psc_exp_adapt;
using namespace lamina::test;
using M = lif_psc_exp_adapt;

namespace {
constexpr double dt = 0.1;  // ms

long double psc_exp_response(double I0, double tau_s, double tau_m, double C_m, double s) {
    const long double S = s;
    if (tau_s == tau_m) return I0 * S / C_m * std::exp(-S / tau_m);
    return I0 / (C_m * (1.0L / tau_s - 1.0L / tau_m)) * (std::exp(-S / tau_m) - std::exp(-S / tau_s));
}

/// Closed form of V between spikes under DC I, starting at time 0 from V0 with adaptation w0 and
/// no synaptic current: the relaxation plus the response to the current -w0 e^(-s/tau_w).
double v_adapt(const M::params& p, double V0, double w0, double I, double s) {
    return lif_relax(p.E_L, p.tau_m / p.C_m, p.tau_m, V0, I, s) +
           static_cast<double>(psc_exp_response(-w0, p.tau_w, p.tau_m, p.C_m, s));
}

/// The spike train under DC predicted independently of the model code: from one spike to the
/// next, V is clamped for R = round(t_ref/dt) steps while w decays, then follows v_adapt() from
/// V_reset; the next spike is at the first grid point where that reaches V_th, and w jumps by b.
/// Returns spike steps and w just after each spike.
struct predicted_train {
    std::vector<long> steps;
    std::vector<double> w_after;
};
predicted_train predict_train(const M::params& p, double I, long n_steps) {
    predicted_train out;
    const long R = std::lround(p.t_ref / dt);
    long k = 0;           // step at which the current free evolution started
    double V0 = p.E_L, w0 = 0.0;
    while (true) {
        long n = 1;
        for (; k + n <= n_steps; ++n) {
            const double v = v_adapt(p, V0, w0, I, n * dt);
            EXPECT_GT(std::abs(v - p.V_th), 1e-9) << "test design: grid point on threshold";
            if (v >= p.V_th) break;
        }
        if (k + n > n_steps) return out;
        const long spike = k + n;
        const double w = w0 * std::exp(-n * dt / p.tau_w) + p.b;
        out.steps.push_back(spike);
        out.w_after.push_back(w);
        k = spike + R;
        V0 = p.V_reset;
        w0 = w * std::exp(-R * dt / p.tau_w);
    }
}

/// Steady-state ISI of the continuous-time map (spike times not on a grid): free time T(w0) from
/// v_adapt(V_reset, w0, T) = V_th by bisection; w after a spike w* = w* e^(-(t_ref+T)/tau_w) + b.
double continuous_steady_isi(const M::params& p, double I) {
    double w = p.b, isi = 0.0;
    for (int it = 0; it < 2000; ++it) {
        const double w0 = w * std::exp(-p.t_ref / p.tau_w);
        double lo = 0.0, hi = 1000.0;
        for (int b = 0; b < 100; ++b) {
            const double mid = 0.5 * (lo + hi);
            (v_adapt(p, p.V_reset, w0, I, mid) >= p.V_th ? hi : lo) = mid;
        }
        isi = p.t_ref + hi;
        w = w * std::exp(-isi / p.tau_w) + p.b;
    }
    return isi;
}
}  // namespace

TEST(NeuronLifPscExpAdapt, DcTraceMatchesClosedForm) {
    check_dc_trace<M>({}, 120.0, 200.0, 1000, dt);
}

TEST(NeuronLifPscExpAdapt, PspMatchesClosedFormIncludingEqualTimeConstants) {
    M::params p;
    p.tau_syn_in = p.tau_m;
    for (double w : {300.0, -450.0}) {
        neuron_driver<M> nd(p, dt);
        for (int k = 0; k < 10; ++k) nd.step();
        w > 0 ? nd.step(w, 0.0) : nd.step(0.0, w);
        const double t0 = nd.t(), tau_s = w > 0 ? p.tau_syn_ex : p.tau_syn_in;
        double worst = 0.0, peak = 0.0;
        for (int k = 0; k < 1500; ++k) {
            nd.step();
            const double exact = static_cast<double>(psc_exp_response(w, tau_s, p.tau_m, p.C_m, nd.t() - t0));
            peak = std::max(peak, std::abs(exact));
            if (std::abs(exact) > 1e-3 * peak)  // as in the lif_psc_exp test
                worst = std::max(worst, std::abs(nd(M::V_m) - p.E_L - exact) / std::abs(exact));
        }
        std::printf("[measured] %s PSP w = %g: max relative error %.2e\n", "lif_psc_exp_adapt", w, worst);
        EXPECT_LT(worst, kExactRel) << "w = " << w;
    }
}

// With b = 0 the model is lif_psc_exp: passage time and f-I curve of the plain LIF.
TEST(NeuronLifPscExpAdapt, WithoutAdaptationFirstSpikeAndFICurveAreTheLif) {
    M::params p;
    p.b = 0.0;
    check_first_spike<M>(p, {380.0, 450.0, 1000.0, 2500.0}, dt);
    check_f_I<M>(p, {380.0, 420.0, 700.0, 1500.0, 2500.0}, dt, 2000.0);
    p.V_reset = -65.0;
    check_refractory_reset<M>(p, 500.0, dt);
}

// After a spike: w = b exactly, decaying as b e^(-t/tau_w); V clamped for t_ref, then the closed
// form with the adaptation current (including tau_w == tau_m, the Jordan-block case of expm).
TEST(NeuronLifPscExpAdapt, TraceAfterSpikeMatchesClosedFormWithAdaptationCurrent) {
    for (double tau_w : {144.0, 10.0}) {
        M::params p;
        p.tau_w = tau_w;
        p.V_reset = -65.0;
        const double I = 600.0;
        neuron_driver<M> nd(p, dt);
        while (!nd.step(0.0, 0.0, I)) {
        }
        const double t_spike = nd.t();
        EXPECT_EQ(nd(M::w), p.b);
        for (int k = 0; k < 20; ++k) nd.step(0.0, 0.0, I);
        EXPECT_EQ(nd(M::V_m), p.V_reset);
        const double t_free = nd.t();
        const double w0 = p.b * std::exp(-(t_free - t_spike) / p.tau_w);
        double worst_v = 0.0, worst_w = 0.0;
        for (int k = 0; k < 40; ++k) {
            ASSERT_FALSE(nd.step(0.0, 0.0, I));
            const double s = nd.t() - t_free;
            const double exact = v_adapt(p, p.V_reset, w0, I, s);
            worst_v = std::max(worst_v, std::abs(nd(M::V_m) - exact) / std::abs(exact - p.E_L));
            const double w_exact = p.b * std::exp(-(nd.t() - t_spike) / p.tau_w);
            worst_w = std::max(worst_w, std::abs(nd(M::w) - w_exact) / w_exact);
        }
        EXPECT_LT(worst_v, kExactRel) << "tau_w = " << tau_w;
        EXPECT_LT(worst_w, 1e-12) << "w decays by a correctly rounded exp per step (rounding only)";
    }
}

// Under DC the ISIs lengthen (spike-frequency adaptation) and the whole spike train, hence the
// steady-state rate, equals the independent prediction of predict_train().
TEST(NeuronLifPscExpAdapt, AdaptingTrainAndSteadyStateRateMatchExactMap) {
    M::params p;  // tau_w = 144 ms, b = 80.5 pA
    for (double I : {600.0, 1000.0}) {
        const long n_steps = 30000;  // 3 s: more than 20 tau_w, the train is in its steady state
        neuron_driver<M> nd(p, dt);
        std::vector<long> steps;
        std::vector<double> w_after;
        for (long k = 1; k <= n_steps; ++k)
            if (nd.step(0.0, 0.0, I)) {
                steps.push_back(k);
                w_after.push_back(nd(M::w));
            }
        const auto pred = predict_train(p, I, n_steps);
        ASSERT_EQ(steps, pred.steps) << "I = " << I;
        for (std::size_t j = 0; j < w_after.size(); ++j)
            EXPECT_LT(std::abs(w_after[j] - pred.w_after[j]), 1e-9 * pred.w_after[j]);
        std::vector<double> isi;
        for (std::size_t j = 1; j < steps.size(); ++j) isi.push_back((steps[j] - steps[j - 1]) * dt);
        ASSERT_GT(isi.size(), 10u);
        for (std::size_t j = 1; j < 5; ++j) EXPECT_GT(isi[j], isi[j - 1]) << "adaptation lengthens the ISIs";
        EXPECT_GT(adaptation_index(isi, 0), 0.0);
        // Steady state: mean of the last 10 ISIs (the grid map may settle on a cycle of
        // neighbouring step counts).
        const double steady_isi = mean(isi, isi.size() - 10);
        const double rate = 1000.0 / steady_isi;
        EXPECT_GT(steady_isi, 2.5 * isi[0]) << "strong adaptation: b = 80.5 pA, tau_w = 144 ms";
        // Continuous-time fixed point of the same map (no grid): each spike of the grid train is
        // late by less than one step, so the steady ISI lies within one step of the continuous one
        // (w then sees the slightly longer decay, which shortens the next free time: that
        // feedback only pulls the grid ISI back towards the continuous value).
        const double isi_cont = continuous_steady_isi(p, I);
        EXPECT_LT(std::abs(steady_isi - isi_cont), dt) << "continuous-time steady ISI " << isi_cont;
        std::printf("[measured] lif_psc_exp_adapt I=%g pA: first ISI %.1f ms, steady ISI %.2f ms (%.2f Hz; "
                    "continuous map %.3f ms), adaptation index %.3f, w_ss %.1f pA\n",
                    I, isi[0], steady_isi, rate, isi_cont, adaptation_index(isi, 0), w_after.back());
    }
}

TEST(NeuronLifPscExpAdapt, PrepareRefusesBadParameters) {
    M::params p;
    p.tau_w = 0.0;
    EXPECT_THROW(M::prepare(p, dt), lamina::input_error);
}
