// The reproducibility promise for a network with three receptor ports (the ring buffer then
// holds three ports for every neuron, and a two-port population shares it): spikes and recorded
// state identical to the bit for 1 and 2 threads.
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace {

// Culture-like excitatory population (AMPA + NMDA recurrence, sAHP) with inhibition from a
// two-port population, Poisson drive on AMPA and NMDA.
const char* model = R"(
[simulation]
dt = "0.1 ms"
seed = 7
min_neuron_steps_per_thread = 0  # every thread runs the loop, however small the network

[populations.E]
model = "aeif_cond_ampa_nmda"
size = 300
V_m = { distribution = "uniform", low = "-70 mV", high = "-55 mV" }

[populations.I]
model = "aeif_cond_exp"
size = 75

[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 30
weight = { distribution = "uniform", low = "0.5 nS", high = "1.5 nS" }
delay = { distribution = "uniform", low = "1 ms", high = "3 ms" }

[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 30
receptor = "NMDA"
weight = "0.3 nS"
delay = "2 ms"

[[connections]]
source = "E"
target = "I"
rule = "pairwise_bernoulli"
probability = 0.1
weight = "2 nS"
delay = "1 ms"

[[connections]]
source = "I"
target = "E"
rule = "fixed_outdegree"
outdegree = 60
receptor = "GABA_A"
weight = "3 nS"
delay = "1.5 ms"

[[stimuli]]
type = "poisson"
target = "E"
rate = "5000 Hz"
weight = "2 nS"

[[stimuli]]
type = "poisson"
target = "E"
rate = "500 Hz"
weight = "0.5 nS"
receptor = "NMDA"

[[stimuli]]
type = "poisson"
target = "I"
rate = "8000 Hz"
weight = "15 nS"

[[recorders]]
type = "spikes"
populations = ["E", "I"]

[[recorders]]
type = "state"
population = "E"
variables = ["V_m", "g_NMDA", "g_sAHP"]
neurons = [0, 150, 299]
interval = "0.5 ms"
)";

struct run_output {
    std::vector<lamina::population_spikes> spikes;
    std::vector<lamina::state_trace> traces;
};

run_output simulate(int threads) {
    lamina::simulation sim(lamina::parse_model(model, "three_ports.toml"), threads);
    sim.run(37.35);  // not a whole number of epochs
    sim.run(200.0 - 37.35);
    return {sim.spikes(), sim.traces()};
}

TEST(ThreadReproducibility, ThreePortNetworkIdenticalFor1And2Threads) {
    const auto one = simulate(1);
    ASSERT_EQ(one.spikes.size(), 2u);
    // Not vacuous: both populations fire, and NMDA conductance builds up.
    EXPECT_GT(one.spikes[0].times.size(), 300u);
    EXPECT_GT(one.spikes[1].times.size(), 75u);
    double g_nmda = 0.0;
    for (const auto& t : one.traces)
        if (t.variable == "g_NMDA")
            for (double v : t.values) g_nmda = std::max(g_nmda, v);
    EXPECT_GT(g_nmda, 0.1);
    std::printf("[measured] 200 ms: %zu E spikes, %zu I spikes, max g_NMDA %.2f nS\n", one.spikes[0].times.size(),
                one.spikes[1].times.size(), g_nmda);
    const auto two = simulate(2);
    for (std::size_t p = 0; p < one.spikes.size(); ++p) {
        EXPECT_EQ(two.spikes[p].times, one.spikes[p].times);
        EXPECT_EQ(two.spikes[p].node_ids, one.spikes[p].node_ids);
    }
    ASSERT_EQ(two.traces.size(), one.traces.size());
    for (std::size_t k = 0; k < one.traces.size(); ++k) EXPECT_EQ(two.traces[k].values, one.traces[k].values);
}

}  // namespace
