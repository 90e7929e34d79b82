// Neuron update cost, ns per neuron per step, for every model of the registry
// (models/neuron/all_models.hpp): one population of 4096 neurons at its default parameters,
// advanced through population_base::update exactly as the simulation loop does, driven by
// random excitatory input on port 0 (a Poisson count of mean 0.5 per step times a weight of
// 0.5 mV, 30 pA or 1 nS by the model's weight unit) so that the models spike and integrate
// rather than rest. The input is copied into the ring entries before each step (the update
// clears them); that copy, about 0.1 ns per neuron, is included.
#include <lamina/model_catalog.hpp>

#include "core/rng.hpp"
#include "engine/population.hpp"
#include "models/neuron/all_models.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

namespace {

using namespace lamina;
constexpr std::size_t n_neurons = 4096;
constexpr std::size_t n_patterns = 64;  // distinct input steps, cycled

double weight_for(dimension d) {
    switch (d) {
        case dimension::voltage: return 0.5;       // mV
        case dimension::conductance: return 1.0;   // nS
        default: return 30.0;                      // pA
    }
}

template <class M>
void neuron_update(benchmark::State& state) {
    population_spec spec;
    spec.name = "P";
    spec.model = M::name;
    spec.size = n_neurons;
    spec.origin = "neuron_bench";
    auto pop = engine::make_population(spec, 0, 0.1, 1);
    const std::size_t ports = models::receptors_of<M>().size();
    std::vector<double> pattern(n_patterns * n_neurons);
    core::rng_stream rng(1, core::stream_purpose::user, 0);
    const double w = weight_for(M::weight_dim);
    for (auto& x : pattern) x = w * static_cast<double>(rng.poisson(0.5));
    std::vector<double> syn(ports * n_neurons, 0.0), I_stim(n_neurons, 0.0);
    std::vector<std::uint32_t> gids(n_neurons), steps(n_neurons);
    std::size_t step = 0, spikes = 0;
    for (auto _ : state) {
        std::memcpy(syn.data(), pattern.data() + (step % n_patterns) * n_neurons, n_neurons * sizeof(double));
        engine::spike_sink sink{gids.data(), 0, steps.data(), static_cast<std::int64_t>(step)};
        pop->update(0, n_neurons, syn.data(), n_neurons, I_stim.data(), sink);
        spikes += sink.count;
        ++step;
        benchmark::DoNotOptimize(syn.data());
    }
    const double updates = double(state.iterations()) * n_neurons;
    state.counters["ns_per_neuron_step"] = benchmark::Counter(updates * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["spikes_per_neuron_s"] = double(spikes) / (updates * 1e-4);  // Hz at dt = 0.1 ms
}

template <class... Ms>
void register_all(models::model_list<Ms...>) {
    (benchmark::RegisterBenchmark((std::string("neuron_update/") + Ms::name).c_str(), neuron_update<Ms>), ...);
}

const bool registered = (register_all(models::all_neuron_models{}), true);

}  // namespace
