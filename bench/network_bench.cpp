// Whole-network costs that the micro-benchmarks above do not see:
//  - construction/brunel_quarter: network construction rate (synapses per second) of the Brunel
//    network of bench/models/brunel.toml at a quarter of its neurons and in-degrees (2500 + 625
//    neurons, CE = 250, CI = 62: 0.98 million synapses), one thread;
//  - normal/{0: ziggurat, 1: Box-Muller}: seconds per standard normal of core::normal_ziggurat (the spiking
//    networks' weights, delays and parameters) and of rng_stream::normal(), 4096 draws per
//    stream as a construction draws a target's synapses;
//  - recording/{none,all_spikes}: 200 ms of that network simulated with no recorder and with
//    all spikes recorded; the ratio of the two times is the cost of recording (issue 6's target:
//    under 5%).
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include "core/normal_ziggurat.hpp"
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

void normal_draws(benchmark::State& state) {
    const bool ziggurat = state.range(0) == 0;
    constexpr int per_stream = 4096;
    std::uint64_t stream = 0;
    for (auto _ : state) {
        core::rng_stream rng(1, core::stream_purpose::user, stream++);
        double sum = 0.0;
        for (int k = 0; k < per_stream; ++k) sum += ziggurat ? core::normal_ziggurat(rng) : rng.normal();
        benchmark::DoNotOptimize(sum);
    }
    // Seconds per normal (printed with an SI prefix: 5.9n is 5.9 ns).
    state.counters["s_per_normal"] = benchmark::Counter(double(state.iterations()) * per_stream,
                                                        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.SetLabel(ziggurat ? "ziggurat" : "box-muller");
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
BENCHMARK(normal_draws)->Name("normal")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(recording)->Name("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
