// Whole-network costs that the micro-benchmarks above do not see:
//  - construction/brunel_quarter: network construction rate (synapses per second) of the Brunel
//    network of bench/models/brunel.toml at a quarter of its neurons and in-degrees (2500 + 625
//    neurons, CE = 250, CI = 62: 0.98 million synapses), one thread;
//  - recording/{none,all_spikes}: 200 ms of that network simulated with no recorder and with
//    all spikes recorded; the ratio of the two times is the cost of recording (issue 6's target:
//    under 5%).
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include "engine/network.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace lamina;

network_spec brunel_quarter() {
    return load_model_file(LAMINA_SOURCE_DIR "/bench/models/brunel.toml",
                           {"populations.E.size=2500", "populations.I.size=625", "connections.0.indegree=250",
                            "connections.1.indegree=250", "connections.2.indegree=62", "connections.3.indegree=62",
                            "simulation.duration=200ms"});
}

void construction(benchmark::State& state) {
    const auto spec = brunel_quarter();
    std::uint64_t synapses = 0;
    for (auto _ : state) {
        auto net = engine::build_network(spec, 1);
        synapses += net.synapse_count();
        benchmark::DoNotOptimize(net.tables.data());
    }
    state.counters["synapses_per_s"] = benchmark::Counter(double(synapses), benchmark::Counter::kIsRate);
}

void recording(benchmark::State& state) {
    auto spec = brunel_quarter();
    if (state.range(0) == 0) spec.recorders.clear();
    double simulated_s = 0.0;
    for (auto _ : state) {
        state.PauseTiming();
        simulation sim(spec, 1);
        state.ResumeTiming();
        sim.run(spec.simulation.duration);
        simulated_s += sim.simulate_seconds();
    }
    state.counters["sim_s_per_run"] = simulated_s / double(state.iterations());
    state.SetLabel(state.range(0) == 0 ? "no recorder" : "all spikes recorded");
}

BENCHMARK(construction)->Name("construction/brunel_quarter")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(recording)->Name("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
