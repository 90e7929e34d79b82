// The STDP window measured in the engine: one pre/post pair per neuron pair at lags -100..+100 ms
// (synapse time: the post spike counts at t_post + the dendritic delay), for stdp and stdp_nn
// (additive and multiplicative) and stdp_triplet. The weight change of each synapse must equal the
// rule's analytic window; and for spike trains (several pre and post spikes, where all-to-all and
// nearest-spike pairing differ and the triplet terms act) it must equal the continuous-time
// evaluation of the rule contract (plasticity_predictions.hpp: replay).
#include "plasticity_harness.hpp"
#include "plasticity_predictions.hpp"

#include "models/synapse/stdp.hpp"
#include "models/synapse/stdp_nn.hpp"
#include "models/synapse/stdp_triplet.hpp"

#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace lamina::test;

constexpr double dt = 0.1, delay = 1.5, t_pre = 120.0, w0 = 5.0, w_max = 10.0;  // ms, mV

struct rule_case {
    const char* label;
    std::string synapse;                  // TOML inline table body
    double (*window)(double lag, double w);  // analytic weight change of one pair
};

// stdp / stdp_nn (NEST stdp_synapse): with x = w / w_max, lag > 0 potentiates by
// w_max lambda (1 - x)^mu exp(-lag/tau_plus); lag <= 0 depresses by w_max lambda alpha x^mu exp(lag/tau_minus)
// (at lag 0 the post event comes first, so the pre spike sees the post trace at 1).
template <int Mu>
double pair_window(double lag, double w) {
    const double x = w / w_max, lambda = 0.01, alpha = 1.2;
    return lag > 0 ? w_max * lambda * std::pow(1.0 - x, Mu) * std::exp(-lag / 16.8)
                   : -w_max * lambda * alpha * std::pow(x, Mu) * std::exp(lag / 33.7);
}
std::string pair_synapse(const char* model, int mu) {
    return std::string("model = \"") + model + "\", tau_plus = \"16.8 ms\", tau_minus = \"33.7 ms\", lambda = 0.01, " +
           "alpha = 1.2, mu_plus = " + std::to_string(mu) + ", mu_minus = " + std::to_string(mu) + ", w_max = \"10 mV\"";
}
// stdp_triplet: a single pair has no triplet partner, so its window is the pair terms'.
double triplet_window(double lag, double /*w*/) {
    return lag > 0 ? 5e-3 * std::exp(-lag / 16.8) : -7e-3 * std::exp(lag / 33.7);
}
const std::string triplet_synapse =
    "model = \"stdp_triplet\", A2_plus = \"5e-3 mV\", A3_plus = \"6.2e-3 mV\", A2_minus = \"7e-3 mV\", "
    "A3_minus = \"2.3e-4 mV\", tau_x = \"101 ms\", tau_y = \"125 ms\", w_max = \"10 mV\"";

std::vector<rule_case> rule_cases() {
    return {{"stdp_add", pair_synapse("stdp", 0), pair_window<0>},
            {"stdp_mult", pair_synapse("stdp", 1), pair_window<1>},
            {"stdp_nn_add", pair_synapse("stdp_nn", 0), pair_window<0>},
            {"stdp_nn_mult", pair_synapse("stdp_nn", 1), pair_window<1>},
            {"triplet", triplet_synapse, triplet_window}};
}

std::vector<double> lags() {
    std::vector<double> l{-1.0, -0.1, 0.1, 1.0};
    for (int k = -20; k <= 20; ++k) l.push_back(5.0 * k);
    return l;
}

// One relay population pair per rule; pair i fires pre at t_pre and post at t_pre + lag_i - delay.
std::string window_model() {
    const auto L = lags();
    std::string m = "[simulation]\ndt = \"0.1 ms\"\nseed = 1\n\n";
    for (const auto& r : rule_cases()) {
        const std::string pre = std::string("pre_") + r.label, post = std::string("post_") + r.label;
        m += relay_population(pre, L.size()) + relay_population(post, L.size());
        m += plastic_pairs(pre, post, w0, delay, r.synapse) + record_weights(pre + "->" + post, 300.0);
        for (std::size_t i = 0; i < L.size(); ++i) {
            m += fire_at(pre, i, {t_pre}, dt);
            m += fire_at(post, i, {t_pre + L[i] - delay}, dt);
        }
    }
    std::vector<std::string> recorded;
    for (const auto& r : rule_cases()) {
        recorded.push_back(std::string("pre_") + r.label);
        recorded.push_back(std::string("post_") + r.label);
    }
    return m + record_spikes(recorded);
}

TEST(PlasticityWindow, PairsAtManyLagsGiveTheAnalyticWindow) {
    lamina::simulation sim(lamina::parse_model(window_model(), "window.toml"), 1);
    sim.run(300.0);
    const auto L = lags();
    const auto spikes = sim.spikes();
    for (const auto& rc : rule_cases()) {
        // Each relay neuron fired exactly once, at the planned time (so the lag is exact).
        const auto& pre = spikes_of(spikes, std::string("pre_") + rc.label);
        const auto& post = spikes_of(spikes, std::string("post_") + rc.label);
        ASSERT_EQ(pre.times.size(), L.size()) << rc.label;
        ASSERT_EQ(post.times.size(), L.size()) << rc.label;
        for (std::size_t k = 0; k < L.size(); ++k) {
            EXPECT_NEAR(pre.times[k], t_pre, 1e-9);
            EXPECT_NEAR(post.times[k], t_pre + L[post.node_ids[k]] - delay, 1e-9);
        }
        const auto w = final_weights(sim, std::string("pre_") + rc.label + "->post_" + rc.label);
        ASSERT_EQ(w.size(), L.size());
        for (std::size_t i = 0; i < L.size(); ++i) {
            const double want = rc.window(L[i], w0);
            // Machine precision: the lags are whole steps, so the only error is the traces' decay,
            // at most ~2000 per-step factors each rounded to 1 ulp (2e-13 relative), and the final
            // subtraction w - w0 (~1e-15 mV).
            EXPECT_NEAR(w[i] - w0, want, 1e-12 * std::abs(want) + 1e-14) << rc.label << ", lag " << L[i] << " ms";
        }
    }
}

// Spike trains: 12 pre and 12 post spikes per neuron pair at scattered grid times in 20-420 ms
// (pseudo-random, at least 1 ms apart),
// 16 pairs per rule. The engine's weights must equal the continuous-time contract evaluation.
constexpr std::size_t n_train_pairs = 16, n_train_spikes = 12;

std::vector<double> scattered_times(std::uint64_t& state) {
    std::vector<double> t;
    while (t.size() < n_train_spikes) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // Knuth's LCG
        const double c = 20.0 + 0.1 * static_cast<double>((state >> 33) % 4000);
        // At least 1 ms apart, beyond the relays' 0.5 ms refractory period.
        if (std::none_of(t.begin(), t.end(), [c](double x) { return std::abs(x - c) < 1.0; })) t.push_back(c);
    }
    std::sort(t.begin(), t.end());
    return t;
}

struct train_plan {
    std::vector<std::vector<double>> pre, post;  // spike times per pair
};
train_plan plan_trains(std::uint64_t seed) {
    train_plan p;
    for (std::size_t i = 0; i < n_train_pairs; ++i) {
        p.pre.push_back(scattered_times(seed));
        p.post.push_back(scattered_times(seed));
    }
    return p;
}

template <class Rule>
double replay_pair(const typename Rule::params& prm, const std::vector<double>& pre, std::vector<double> post) {
    for (double& t : post) t += delay;  // synapse time of a post spike
    return replay<Rule>(Rule::prepare(prm, dt), w0, pre, post);
}

template <class Rule>
typename Rule::params pair_params(double mu) {
    typename Rule::params p;
    p.tau_plus = 16.8;
    p.tau_minus = 33.7;
    p.lambda = 0.01;
    p.alpha = 1.2;
    p.mu_plus = mu;
    p.mu_minus = mu;
    p.w_max = w_max;
    return p;
}

lamina::models::stdp_triplet::params triplet_params() {
    auto p = triplet_visual_full();
    p.A2_plus = 5e-3;
    p.w_max = w_max;
    return p;
}

TEST(PlasticityWindow, SpikeTrainsMatchTheContractInContinuousTime) {
    const train_plan plan = plan_trains(2026);
    std::string m = "[simulation]\ndt = \"0.1 ms\"\nseed = 1\n\n";
    std::vector<std::string> recorded;
    for (const auto& r : rule_cases()) {
        const std::string pre = std::string("pre_") + r.label, post = std::string("post_") + r.label;
        m += relay_population(pre, n_train_pairs) + relay_population(post, n_train_pairs);
        m += plastic_pairs(pre, post, w0, delay, r.synapse) + record_weights(pre + "->" + post, 450.0);
        for (std::size_t i = 0; i < n_train_pairs; ++i) m += fire_at(pre, i, plan.pre[i], dt) + fire_at(post, i, plan.post[i], dt);
        recorded.push_back(pre);
        recorded.push_back(post);
    }
    m += record_spikes(recorded);
    lamina::simulation sim(lamina::parse_model(m, "trains.toml"), 1);
    sim.run(450.0);
    using namespace lamina::models;
    const auto spikes = sim.spikes();
    for (const auto& r : rule_cases()) {
        const std::string label(r.label);
        // The relays fired exactly the planned spikes (the reference assumes so).
        EXPECT_EQ(spikes_of(spikes, "post_" + label).times.size(), n_train_pairs * n_train_spikes) << label;
        EXPECT_EQ(spikes_of(spikes, "pre_" + label).times.size(), n_train_pairs * n_train_spikes) << label;
        const auto w = final_weights(sim, "pre_" + label + "->post_" + label);
        ASSERT_EQ(w.size(), n_train_pairs);
        double largest_change = 0.0;
        for (std::size_t i = 0; i < n_train_pairs; ++i) {
            double want = 0.0;
            if (label == "stdp_add") want = replay_pair<stdp>(pair_params<stdp>(0), plan.pre[i], plan.post[i]);
            if (label == "stdp_mult") want = replay_pair<stdp>(pair_params<stdp>(1), plan.pre[i], plan.post[i]);
            if (label == "stdp_nn_add") want = replay_pair<stdp_nn>(pair_params<stdp_nn>(0), plan.pre[i], plan.post[i]);
            if (label == "stdp_nn_mult") want = replay_pair<stdp_nn>(pair_params<stdp_nn>(1), plan.pre[i], plan.post[i]);
            if (label == "triplet") want = replay_pair<stdp_triplet>(triplet_params(), plan.pre[i], plan.post[i]);
            largest_change = std::max(largest_change, std::abs(want - w0));
            // 24 events, each with traces exact to ~4000 per-step roundings (4e-13 relative) and
            // one rounding of w (~1e-15 mV): 1e-12 mV bounds the sum.
            EXPECT_NEAR(w[i], want, 1e-12) << label << ", pair " << i;
        }
        EXPECT_GT(largest_change, 0.05) << label;  // not a vacuous comparison
    }
    // Nearest-spike and all-to-all pairing differ on these trains (so both code paths are seen).
    EXPECT_NE(replay_pair<stdp>(pair_params<stdp>(0), plan.pre[0], plan.post[0]),
              replay_pair<stdp_nn>(pair_params<stdp_nn>(0), plan.pre[0], plan.post[0]));
}

}  // namespace
