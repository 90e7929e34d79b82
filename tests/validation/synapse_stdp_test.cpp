// Pair STDP (stdp, stdp_nn) through the whole engine: parrot neurons fire the pre- and
// postsynaptic spikes at chosen times, and the final weight must equal the analytic change of
// NEST stdp_synapse's rule (Guetig et al. 2003 J Neurosci 23:3697; Morrison et al. 2008 Biol
// Cybern 98:459) with the synapse-time convention of plasticity_api.hpp: the lag is
// dt = (t_post + d) - t_pre, d the (dendritic) delay.
//
// The plastic synapse is inhibitory (negative weight) so that it cannot make the postsynaptic
// parrot fire; the rule acts on the magnitude and the sign is kept, which is checked too.
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

constexpr double tau_plus = 16.8, tau_minus = 33.7;  // ms (Bi & Poo 1998 fits)
constexpr double lambda = 0.1, alpha = 1.2, w_max = 1.0, w0 = 0.4;

std::string list(const std::vector<double>& times) {
    std::string s;
    for (double t : times) s += (s.empty() ? "\"" : ", \"") + std::to_string(t) + " ms\"";
    return s;
}

/// Final weight after pre spikes at `pre` and post spikes at `post` (ms, on the 0.1 ms grid),
/// through a synapse of delay `delay`.
double final_weight(const std::string& model, double mu, const std::vector<double>& pre,
                    const std::vector<double>& post, double delay, double lam = lambda) {
    // A spike_times stimulus with delay 0.1 ms makes a parrot fire at the given time.
    auto shifted = [](std::vector<double> t) {
        for (auto& x : t) x -= 0.1;
        return t;
    };
    const std::string text = R"(
[simulation]
dt = "0.1 ms"
[populations.pre]
model = "parrot_neuron"
size = 1
[populations.post]
model = "parrot_neuron"
size = 1
[[connections]]
name = "plastic"
source = "pre"
target = "post"
rule = "one_to_one"
weight = )" + std::to_string(-w0) + R"(
delay = ")" + std::to_string(delay) + R"( ms"
synapse = { model = ")" + model + R"(", tau_plus = "16.8 ms", tau_minus = "33.7 ms", lambda = )" +
                             std::to_string(lam) + ", alpha = 1.2, mu_plus = " + std::to_string(mu) +
                             ", mu_minus = " + std::to_string(mu) + R"(, w_max = 1 }
[[stimuli]]
type = "spike_times"
target = "pre"
times = [)" + list(shifted(pre)) + R"(]
weight = 1
delay = "0.1 ms"
[[stimuli]]
type = "spike_times"
target = "post"
times = [)" + list(shifted(post)) + R"(]
weight = 1
delay = "0.1 ms"
[[recorders]]
type = "weights"
connection = "plastic"
interval = "200 ms"
)";
    lamina::simulation sim(lamina::parse_model(text, "stdp.toml"), 1);
    sim.run(200.0);
    const auto w = sim.weights();
    EXPECT_EQ(w.at(0).values.size(), 2u);  // t = 0 and t = 200 ms
    EXPECT_TRUE(std::signbit(w.at(0).values.back())) << "the sign of an inhibitory synapse must be kept";
    return -w.at(0).values.back();
}

double potentiated(double w, double mu, double k_plus) {
    return std::min(w_max, (w / w_max + lambda * std::pow(1.0 - w / w_max, mu) * k_plus) * w_max);
}
double depressed(double w, double mu, double k_minus) {
    return std::max(0.0, (w / w_max - lambda * alpha * std::pow(w / w_max, mu) * k_minus) * w_max);
}

struct pairing {
    const char* model;
    double mu;  // 0 additive, 1 multiplicative
};

class StdpSinglePair : public ::testing::TestWithParam<pairing> {};

// The rule's arithmetic is a handful of exp/pow evaluations; 1e-12 relative covers their
// rounding (1e-16 each) with a wide margin while catching any wrong lag by far (one step of
// 0.1 ms changes exp(-lag/tau) by 0.3-0.6 %).
constexpr double tol = 1e-12;

TEST_P(StdpSinglePair, WeightChangeIsTheAnalyticWindow) {
    const auto [model, mu] = GetParam();
    const double d = 1.0, t_pre = 50.0;
    for (double lag : {-40.0, -10.0, -1.0, 2.5, 10.0, 40.0}) {  // lag = (t_post + d) - t_pre
        const double t_post = t_pre + lag - d;
        const double got = final_weight(model, mu, {t_pre}, {t_post}, d);
        const double want = lag > 0 ? potentiated(w0, mu, std::exp(-lag / tau_plus))
                                    : depressed(w0, mu, std::exp(lag / tau_minus));
        EXPECT_NEAR(got, want, tol * want) << model << " mu = " << mu << " lag " << lag << " ms";
        EXPECT_NE(got, w0);
    }
}

// The delay is dendritic: a post spike 2 ms *before* the pre spike reaches the synapse 3 ms
// after it when d = 5 ms, so the pair potentiates; with d = 1 ms the same spike times depress.
TEST_P(StdpSinglePair, DelayShiftsThePostSpikeToSynapseTime) {
    const auto [model, mu] = GetParam();
    const double t_pre = 60.0, t_post = 58.0;
    EXPECT_NEAR(final_weight(model, mu, {t_pre}, {t_post}, 5.0), potentiated(w0, mu, std::exp(-3.0 / tau_plus)),
                tol);
    EXPECT_NEAR(final_weight(model, mu, {t_pre}, {t_post}, 1.0), depressed(w0, mu, std::exp(-1.0 / tau_minus)),
                tol);
}

// At equal synapse times the post event comes first (it sees the pre trace without the
// coincident spike: no potentiation), then the pre event reads the post trace with it (1).
TEST_P(StdpSinglePair, CoincidentPairOrdersPostFirst) {
    const auto [model, mu] = GetParam();
    EXPECT_NEAR(final_weight(model, mu, {50.0}, {49.0}, 1.0), depressed(w0, mu, 1.0), tol);
}

INSTANTIATE_TEST_SUITE_P(Rules, StdpSinglePair,
                         ::testing::Values(pairing{"stdp", 0.0}, pairing{"stdp", 1.0}, pairing{"stdp_nn", 0.0},
                                           pairing{"stdp_nn", 1.0}),
                         [](const auto& info) {
                             return std::string(info.param.model) + (info.param.mu == 0.0 ? "_additive" : "_multiplicative");
                         });

// Two pre spikes, then one post spike at synapse time t: all-to-all pairing sums both pre
// spikes' contributions, nearest-spike pairing counts only the later one.
TEST(StdpPairing, AllToAllSumsNearestTakesTheLastSpike) {
    const double d = 1.0, t1 = 40.0, t2 = 45.0, t_post = 50.0, s = t_post + d;
    const double all = final_weight("stdp", 1.0, {t1, t2}, {t_post}, d);
    const double nearest = final_weight("stdp_nn", 1.0, {t1, t2}, {t_post}, d);
    EXPECT_NEAR(all, potentiated(w0, 1.0, std::exp(-(s - t1) / tau_plus) + std::exp(-(s - t2) / tau_plus)), tol);
    EXPECT_NEAR(nearest, potentiated(w0, 1.0, std::exp(-(s - t2) / tau_plus)), tol);
    // And symmetrically for depression: two post spikes before one pre spike.
    const double t_pre = 60.0;  // post spikes reach the synapse at 41 and 46 ms
    const double all_d = final_weight("stdp", 1.0, {t_pre}, {t1, t2}, d);
    const double nearest_d = final_weight("stdp_nn", 1.0, {t_pre}, {t1, t2}, d);
    EXPECT_NEAR(all_d,
                depressed(w0, 1.0, std::exp(-(t_pre - d - t1) / tau_minus) + std::exp(-(t_pre - d - t2) / tau_minus)),
                tol);
    EXPECT_NEAR(nearest_d, depressed(w0, 1.0, std::exp(-(t_pre - d - t2) / tau_minus)), tol);
}

// Additive STDP runs into the bounds: the engine clamps to [w_min, w_max] = [0, 1].
TEST(StdpPairing, WeightsAreClampedToTheirBounds) {
    EXPECT_EQ(final_weight("stdp", 0.0, {50.0}, {52.0}, 1.0, 5.0), w_max);
    EXPECT_EQ(final_weight("stdp", 0.0, {50.0}, {47.0}, 1.0, 5.0), 0.0);
}

}  // namespace
