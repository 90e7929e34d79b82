// The reproducibility promise for the rules stdp_triplet, vogels_istdp and anti_hebbian: in a
// recurrent network where all three learn at once, the final weights (and the spikes) are
// identical to the bit for 1, 2 and 4 threads.
#include "../validation/plasticity_harness.hpp"

#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

const char* network = R"(
[simulation]
dt = "0.1 ms"
seed = 5
min_neuron_steps_per_thread = 0  # every thread runs the loop, however small the network

[populations.E]
model = "lif_psc_delta"
size = 400
tau_m = "20 ms"
t_ref = "2 ms"

[populations.I]
model = "lif_psc_delta"
size = 100
tau_m = "20 ms"
t_ref = "2 ms"

[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 40
weight = "0.2 mV"
delay = "1.5 ms"
synapse = { model = "stdp_triplet", A2_plus = "5e-3 mV", A3_plus = "6.2e-3 mV", A2_minus = "7e-3 mV", A3_minus = "2.3e-4 mV", w_max = "1 mV" }

[[connections]]
source = "E"
target = "I"
rule = "fixed_indegree"
indegree = 40
weight = { distribution = "uniform", low = "0.1 mV", high = "0.3 mV" }
delay = { distribution = "uniform", low = "1 ms", high = "3 ms" }
synapse = { model = "anti_hebbian", alpha_pre = "1e-3 mV", beta = "5e-3 mV", tau = "50 ms", w_max = "1 mV" }

[[connections]]
source = "I"
target = "E"
rule = "fixed_indegree"
indegree = 20
weight = "-0.5 mV"
delay = "1 ms"
synapse = { model = "vogels_istdp", eta = "0.01 mV", rho_0 = "5 Hz", w_max = "5 mV" }

[[stimuli]]
type = "poisson"
target = "E"
rate = "12 kHz"
weight = "0.1 mV"

[[stimuli]]
type = "poisson"
target = "I"
rate = "12 kHz"
weight = "0.1 mV"

[[recorders]]
type = "spikes"
populations = ["E", "I"]

[[recorders]]
type = "weights"
connection = "E->E"
interval = "300 ms"

[[recorders]]
type = "weights"
connection = "E->I"
interval = "300 ms"

[[recorders]]
type = "weights"
connection = "I->E"
interval = "300 ms"
)";

struct run_output {
    std::vector<lamina::population_spikes> spikes;
    std::vector<std::vector<double>> weights;  // per connection
};

run_output simulate(int threads) {
    lamina::simulation sim(lamina::parse_model(network, "plastic_rules.toml"), threads);
    sim.run(137.3);  // not a whole number of epochs
    sim.run(300.0 - 137.3);
    run_output out{sim.spikes(), {}};
    for (const char* c : {"E->E", "E->I", "I->E"}) out.weights.push_back(lamina::test::final_weights(sim, c));
    return out;
}

TEST(PlasticRulesThreads, WeightsIdenticalFor1To4Threads) {
    const auto one = simulate(1);
    // Not vacuous: both populations fire (E ~20 Hz, I ~50 Hz) and every rule has changed weights.
    EXPECT_GT(one.spikes[0].times.size(), 400u * 0.3 * 5);
    EXPECT_GT(one.spikes[1].times.size(), 100u * 0.3 * 5);
    // Magnitudes: E->E starts at 0.2 mV, I->E at 0.5 mV (most must have moved); E->I starts
    // uniform in 0.1-0.3 mV (mean 0.2 mV: the mean must have moved).
    auto changed = [](const std::vector<double>& w, double w0) {
        std::size_t n = 0;
        for (double x : w) n += (x != w0);
        return n;
    };
    EXPECT_GT(changed(one.weights[0], 0.2), one.weights[0].size() / 2);
    EXPECT_GT(changed(one.weights[2], 0.5), one.weights[2].size() / 2);
    double mean_ei = 0.0;
    for (double x : one.weights[1]) mean_ei += x / one.weights[1].size();
    EXPECT_GT(std::abs(mean_ei - 0.2), 1e-3);
    for (int threads : {2, 4}) {
        const auto other = simulate(threads);
        for (std::size_t p = 0; p < one.spikes.size(); ++p) {
            EXPECT_EQ(other.spikes[p].times, one.spikes[p].times) << threads << " threads";
            EXPECT_EQ(other.spikes[p].node_ids, one.spikes[p].node_ids) << threads << " threads";
        }
        for (std::size_t c = 0; c < one.weights.size(); ++c)
            EXPECT_EQ(other.weights[c], one.weights[c]) << threads << " threads, connection " << c;  // bitwise
    }
}

}  // namespace
