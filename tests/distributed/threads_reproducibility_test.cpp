// The reproducibility promise: for one seed, spikes (and recorded state) are identical to the bit
// for 1, 2 and 4 threads, network construction included.
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

// A scaled Brunel network (delta synapses) plus a second part with heterogeneous delays,
// distributed weights and every connection rule, so all construction paths are exercised.
const char* model = R"(
[simulation]
dt = "0.1 ms"
seed = 42

[populations.E]
model = "lif_psc_delta"
size = 2000
E_L = "0 mV"
V_th = "20 mV"
V_reset = "10 mV"
tau_m = "20 ms"
t_ref = "2 ms"
V_m = { distribution = "uniform", low = "0 mV", high = "20 mV" }

[populations.I]
model = "lif_psc_delta"
size = 500
E_L = "0 mV"
V_th = "20 mV"
V_reset = "10 mV"
tau_m = "20 ms"
t_ref = "2 ms"
V_m = { distribution = "normal", mean = "10 mV", std = "3 mV" }

[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 200
weight = { distribution = "normal", mean = "0.2 mV", std = "0.02 mV" }
delay = { distribution = "uniform", low = "1 ms", high = "3 ms" }

[[connections]]
source = "E"
target = "I"
rule = "pairwise_bernoulli"
probability = 0.1
weight = "0.2 mV"
delay = "1.5 ms"

[[connections]]
source = "I"
target = "E"
rule = "fixed_outdegree"
outdegree = 200
weight = "-1.0 mV"
delay = "1.2 ms"
multapses = false

[[connections]]
source = "I"
target = "I"
rule = "fixed_total_number"
N = 25000
weight = "-1.0 mV"
delay = "0.8 ms"
autapses = false

[[stimuli]]
type = "poisson"
target = "E"
rate = "9 kHz"
weight = "0.2 mV"

[[stimuli]]
type = "poisson"
target = "I"
rate = "9 kHz"
weight = "0.2 mV"

[[stimuli]]
type = "dc"
target = "E"
neurons = [0, 1, 2, 1999]
amplitude = "100 pA"
start = "50 ms"
stop = "120 ms"

[[stimuli]]
type = "spike_times"
target = "I"
times = ["20 ms", "20 ms", "75.3 ms"]
weight = "5 mV"
delay = "1 ms"

[[recorders]]
type = "spikes"
populations = ["E", "I"]

[[recorders]]
type = "state"
population = "I"
variables = ["V_m"]
neurons = [0, 250, 499]
interval = "0.5 ms"
)";

struct run_output {
    std::vector<lamina::population_spikes> spikes;
    std::vector<lamina::state_trace> traces;
    std::uint64_t synapses;
};

run_output simulate(int threads, bool in_pieces = true) {
    lamina::simulation sim(lamina::parse_model(model, "reproducibility.toml"), threads);
    if (in_pieces) {
        // 73.35 ms is not a whole number of min-delay epochs: continuing mid-epoch must not matter.
        sim.run(73.35);
        sim.run(200.0 - 73.35);
    } else {
        sim.run(200.0);
    }
    return {sim.spikes(), sim.traces(), sim.synapse_count()};
}

TEST(ThreadReproducibility, SpikesAndStateIdenticalFor1To4Threads) {
    const auto one = simulate(1);
    ASSERT_EQ(one.spikes.size(), 2u);
    // Not a vacuous comparison: the network is active (a few Hz or more in each population).
    const double e_rate = double(one.spikes[0].times.size()) / 2000.0 / 0.2;
    const double i_rate = double(one.spikes[1].times.size()) / 500.0 / 0.2;
    EXPECT_GT(e_rate, 2.0);
    EXPECT_GT(i_rate, 2.0);
    for (int threads : {2, 3, 4}) {
        const auto other = simulate(threads);
        EXPECT_EQ(other.synapses, one.synapses) << threads << " threads";
        for (std::size_t p = 0; p < one.spikes.size(); ++p) {
            ASSERT_EQ(other.spikes[p].times.size(), one.spikes[p].times.size()) << threads << " threads";
            EXPECT_EQ(other.spikes[p].times, one.spikes[p].times) << threads << " threads";
            EXPECT_EQ(other.spikes[p].node_ids, one.spikes[p].node_ids) << threads << " threads";
        }
        ASSERT_EQ(other.traces.size(), one.traces.size());
        for (std::size_t k = 0; k < one.traces.size(); ++k)
            EXPECT_EQ(other.traces[k].values, one.traces[k].values) << threads << " threads";  // bitwise
    }
}

TEST(ThreadReproducibility, RunInPiecesEqualsOneRun) {
    const auto pieces = simulate(2, true);
    const auto whole = simulate(2, false);
    for (std::size_t p = 0; p < whole.spikes.size(); ++p) {
        EXPECT_EQ(pieces.spikes[p].times, whole.spikes[p].times);
        EXPECT_EQ(pieces.spikes[p].node_ids, whole.spikes[p].node_ids);
    }
    ASSERT_EQ(pieces.traces.size(), whole.traces.size());
    EXPECT_EQ(pieces.traces[0].times, whole.traces[0].times);
    EXPECT_EQ(pieces.traces[0].values, whole.traces[0].values);
}

TEST(ThreadReproducibility, DifferentSeedsGiveDifferentSpikes) {
    lamina::simulation a(lamina::parse_model(model, "a.toml"), 2);
    lamina::simulation b(lamina::parse_model(model, "b.toml", {"simulation.seed=43"}), 2);
    a.run(50.0);
    b.run(50.0);
    EXPECT_NE(a.spikes()[0].times, b.spikes()[0].times);
}

}  // namespace
