// The maths of the plasticity rules stdp_triplet, vogels_istdp and anti_hebbian, evaluated through
// the contract of plasticity_api.hpp in continuous time (replay(), no engine): pair windows,
// the closed form of the triplet rule for periodic pairing protocols, the fit of Pfister &
// Gerstner 2006 to Sjostrom et al. 2001, the rate fixed point of Vogels et al. 2011 and the
// anti-Hebbian balance; and the parameter checks.
#include "../validation/plasticity_predictions.hpp"
#include "models/synapse/anti_hebbian.hpp"
#include "models/synapse/stdp_triplet.hpp"
#include "models/synapse/vogels_istdp.hpp"

#include <lamina/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using lamina::input_error;
using lamina::test::replay;
using namespace lamina::models;

std::vector<double> periodic(int n, double T, double offset) {
    std::vector<double> t;
    for (int k = 0; k < n; ++k) t.push_back(k * T + offset);
    return t;
}

TEST(StdpTriplet, SinglePairIsThePairWindow) {
    // One pair: no triplet partner exists, so the change is the pair window
    // A2_plus exp(-s/tau_plus) for s = t_post - t_pre > 0, -A2_minus exp(s/tau_minus) for s <= 0.
    const auto p = lamina::test::triplet_visual_full();
    const auto c = stdp_triplet::prepare(p, 0.1);
    for (double s : {-100.0, -40.0, -10.0, -0.1, 0.0, 0.1, 10.0, 40.0, 100.0}) {
        const double t_pre = 200.0, w0 = 1.0;
        const double got = replay<stdp_triplet>(c, w0, {t_pre}, {t_pre + s}) - w0;
        const double want = s > 0 ? p.A2_plus * std::exp(-s / p.tau_plus) : -p.A2_minus * std::exp(s / p.tau_minus);
        EXPECT_NEAR(got, want, 1e-15) << "lag " << s << " ms";  // one rounding of w0 + dw
    }
}

TEST(StdpTriplet, TripletTermsNeedASecondSpikeOnTheSameSide) {
    // post-pre-post (pre at 0, posts at -d1 and +d2): the second post sees o2 = exp(-(d1+d2)/tau_y)
    // of the first: dw = -A2m e^{-d1/tau-} ... the full sum is written out term by term.
    stdp_triplet::params p = lamina::test::triplet_visual_full();
    const auto c = stdp_triplet::prepare(p, 0.1);
    const double d1 = 7.0, d2 = 13.0;
    const double got = replay<stdp_triplet>(c, 1.0, {100.0}, {100.0 - d1, 100.0 + d2}) - 1.0;
    const double want = -p.A2_minus * std::exp(-d1 / p.tau_minus) +
                        std::exp(-d2 / p.tau_plus) * (p.A2_plus + p.A3_plus * std::exp(-(d1 + d2) / p.tau_y));
    EXPECT_NEAR(got, want, 1e-15);
    // pre-post-pre: the second pre sees r2 = exp(-(d1+d2)/tau_x) of the first.
    const double got2 = replay<stdp_triplet>(c, 1.0, {100.0 - d1, 100.0 + d2}, {100.0}) - 1.0;
    const double want2 = p.A2_plus * std::exp(-d1 / p.tau_plus) -
                         std::exp(-d2 / p.tau_minus) * (p.A2_minus + p.A3_minus * std::exp(-(d1 + d2) / p.tau_x));
    EXPECT_NEAR(got2, want2, 1e-15);
}

TEST(StdpTriplet, PeriodicProtocolsMatchTheClosedForm) {
    // 60 pairings at the frequencies of Sjostrom et al. 2001, lags -10, 0, +10 ms, both fitted
    // parameter sets: the event-by-event sum equals triplet_periodic() to rounding.
    for (const auto& p : {stdp_triplet::params{}, lamina::test::triplet_visual_full()}) {
        const auto c = stdp_triplet::prepare(p, 0.1);
        for (const auto& row : lamina::test::sjostrom_2001) {
            const double T = 1000.0 / row.rate_hz;
            for (double s : {-10.0, 0.0, 10.0}) {
                const double sim = replay<stdp_triplet>(c, 1.0, periodic(60, T, 0.0), periodic(60, T, s)) - 1.0;
                const double closed = lamina::test::triplet_periodic(p, 60, T, s);
                // Each of the 120 events rounds w (~1) by <= 1.1e-16: 1e-13 bounds the sum of them.
                EXPECT_NEAR(sim, closed, 1e-13) << row.rate_hz << " Hz, " << s << " ms";
            }
        }
    }
}

TEST(StdpTriplet, DefaultsReproduceSjostrom2001) {
    // The default parameters (Pfister & Gerstner 2006 Table 3, all-to-all minimal) predict every
    // point of Sjostrom et al. 2001 within 2 SEM (the largest deviation of their fit is 1.2 SEM, at
    // 40 Hz, post before pre), and the mean squared deviation in SEM units, the paper's error E,
    // is below 0.4 (we compute 0.36 for the minimal and 0.34 for the full model).
    for (const auto& p : {stdp_triplet::params{}, lamina::test::triplet_visual_full()}) {
        double E = 0.0;
        for (const auto& row : lamina::test::sjostrom_2001) {
            const double T = 1000.0 / row.rate_hz;
            const double plus = lamina::test::triplet_periodic(p, 60, T, 10.0);
            const double minus = lamina::test::triplet_periodic(p, 60, T, -10.0);
            EXPECT_LT(std::abs(plus - row.plus), 2.0 * row.plus_sem) << row.rate_hz << " Hz, +10 ms";
            EXPECT_LT(std::abs(minus - row.minus), 2.0 * row.minus_sem) << row.rate_hz << " Hz, -10 ms";
            E += std::pow((plus - row.plus) / row.plus_sem, 2) + std::pow((minus - row.minus) / row.minus_sem, 2);
            // The qualitative result: LTD for post-before-pre up to 20 Hz, LTP for both orders at
            // 40 and 50 Hz, where the pair rule would still depress for -10 ms.
            if (row.rate_hz <= 20.0) {
                EXPECT_LT(minus, 0.0);
            } else {
                EXPECT_GT(minus, 0.0);
            }
            if (row.rate_hz >= 10.0) {
                EXPECT_GT(plus, 0.0);
            }
        }
        EXPECT_LT(E / 10.0, 0.4);
    }
}

TEST(StdpTriplet, BoundsClampEveryEvent) {
    stdp_triplet::params p;
    p.w_min = 0.0;
    p.w_max = 1.0;
    const auto c = stdp_triplet::prepare(p, 0.1);
    // 60 pairings at 50 Hz potentiate by ~0.76: from 0.9 the weight stops at w_max.
    EXPECT_EQ(replay<stdp_triplet>(c, 0.9, periodic(60, 20.0, 0.0), periodic(60, 20.0, 10.0)), 1.0);
    // 60 pairings at 0.1 Hz, post first, depress by ~0.32: from 0.1 the weight stops at w_min.
    EXPECT_EQ(replay<stdp_triplet>(c, 0.1, periodic(60, 1e4, 0.0), periodic(60, 1e4, -10.0)), 0.0);
}

TEST(VogelsIstdp, WindowIsSymmetricMinusTheRateTerm) {
    // One pre/post pair at lag s (either order): dw = eta (exp(-|s|/tau) - alpha), the pre spike
    // always paying -eta alpha with alpha = 2 rho_0 tau_stdp.
    vogels_istdp::params p;
    p.eta = 0.01;
    p.rho_0 = 5.0;
    p.tau_stdp = 20.0;
    const auto c = vogels_istdp::prepare(p, 0.1);
    const double alpha = 2.0 * 5.0e-3 * 20.0;
    EXPECT_DOUBLE_EQ(c.alpha, alpha);
    for (double s : {-50.0, -5.0, 5.0, 50.0}) {
        const double got = replay<vogels_istdp>(c, 1.0, {100.0}, {100.0 + s}) - 1.0;
        EXPECT_NEAR(got, 0.01 * (std::exp(-std::abs(s) / 20.0) - alpha), 1e-15) << s;
    }
}

TEST(VogelsIstdp, DriftVanishesAtTheTargetRate) {
    // Regular, mutually incommensurate trains (pre 23 Hz, post at rate r) sample all lags
    // uniformly, as uncorrelated Poisson trains do; the mean drift per pre spike is then
    // eta (2 r tau - alpha) = 2 eta tau (r - rho_0). Over 200 s the edge effects are O(1/n):
    // the measured drift agrees with the prediction to 1 % of eta alpha per pre spike.
    vogels_istdp::params p;
    p.eta = 1e-3;
    p.rho_0 = 5.0;
    p.w_max = 1e9;
    const auto c = vogels_istdp::prepare(p, 0.1);
    const double duration = 200e3, T_pre = 1000.0 / 23.0;
    for (double rate : {2.0, 5.0, 11.0}) {
        const double T_post = 1000.0 / rate * (1.0 + 1e-3 * std::sqrt(2.0));
        const auto pre = periodic(static_cast<int>(duration / T_pre), T_pre, 0.0);
        const auto post = periodic(static_cast<int>(duration / T_post), T_post, 0.37);
        const double dw = replay<vogels_istdp>(c, 100.0, pre, post) - 100.0;
        const double rate_post = post.size() / (duration * 1e-3);
        const double want = pre.size() * p.eta * (2.0 * rate_post * 1e-3 * p.tau_stdp - c.alpha);
        EXPECT_NEAR(dw / pre.size(), want / pre.size(), 0.01 * p.eta * c.alpha) << rate << " Hz";
    }
}

TEST(AntiHebbian, DriftPerCycleIsPotentiationMinusTheWindowSum) {
    // Pre spikes at 10, 40, 90 ms and broad spikes at 30, 60 ms of each 200 ms command cycle; after
    // 50 cycles the per-cycle change equals alpha n_pre - beta sum of the (periodised) window.
    anti_hebbian::params p;
    p.alpha_pre = 2e-3;
    p.beta = 4e-3;
    p.tau = 50.0;
    p.w_max = 1e9;
    const auto c = anti_hebbian::prepare(p, 0.1);
    const double T = 200.0;
    const std::vector<double> pre_off{10.0, 40.0, 90.0}, post_off{30.0, 60.0};
    auto cycles = [&](int n, const std::vector<double>& off) {
        std::vector<double> t;
        for (int k = 0; k < n; ++k)
            for (double o : off) t.push_back(k * T + o);
        return t;
    };
    const double w50 = replay<anti_hebbian>(c, 100.0, cycles(50, pre_off), cycles(50, post_off));
    const double w51 = replay<anti_hebbian>(c, 100.0, cycles(51, pre_off), cycles(51, post_off));
    const double want = lamina::test::anti_hebbian_drift_per_cycle(p.alpha_pre, p.beta, p.tau, T, pre_off, post_off);
    // After 50 cycles the trace's memory of the start is e^{-50 T/tau} = e^{-200}: exact to rounding.
    EXPECT_NEAR(w51 - w50, want, 1e-12);
    // A pre spike alone potentiates by alpha_pre; a broad spike with no pre spike before does nothing.
    EXPECT_DOUBLE_EQ(replay<anti_hebbian>(c, 1.0, {5.0}, {}), 1.0 + p.alpha_pre);
    EXPECT_DOUBLE_EQ(replay<anti_hebbian>(c, 1.0, {5.0}, {5.0}), 1.0 + p.alpha_pre);  // post first at ties
    EXPECT_NEAR(replay<anti_hebbian>(c, 1.0, {5.0}, {25.0}), 1.0 + p.alpha_pre - p.beta * std::exp(-0.4), 1e-15);
}

template <class Rule>
std::string prepare_error(typename Rule::params p) {
    try {
        Rule::prepare(p, 0.1);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

TEST(PlasticityRules, BadParametersAreRefusedByName) {
    stdp_triplet::params t;
    t.tau_y = -5.0;
    EXPECT_NE(prepare_error<stdp_triplet>(t).find("tau_y must be positive"), std::string::npos);
    t = {};
    t.A3_plus = -1e-3;
    EXPECT_NE(prepare_error<stdp_triplet>(t).find("A3_plus must not be negative"), std::string::npos);
    t = {};
    t.w_max = 0.0;
    EXPECT_NE(prepare_error<stdp_triplet>(t).find("w_min (0) must be below w_max (0)"), std::string::npos);
    vogels_istdp::params v;
    v.tau_stdp = 0.0;
    EXPECT_NE(prepare_error<vogels_istdp>(v).find("tau_stdp must be positive"), std::string::npos);
    v = {};
    v.rho_0 = -1.0;
    EXPECT_NE(prepare_error<vogels_istdp>(v).find("rho_0 must not be negative, got -1 Hz"), std::string::npos);
    anti_hebbian::params a;
    a.beta = std::nan("");
    EXPECT_NE(prepare_error<anti_hebbian>(a).find("beta must not be negative"), std::string::npos);
    a = {};
    a.w_min = -1.0;
    EXPECT_NE(prepare_error<anti_hebbian>(a).find("w_min must not be negative"), std::string::npos);
}

}  // namespace
