// Spike delivery, ns per synaptic event, against the machine's memory-bound limit for it.
//
// A Brunel-sized synapse table (12,500 neurons, in-degree 1,000 from uniformly drawn sources,
// 1,250 per row, one delay of 15 steps, ports by the sign of the weight) and one epoch's spikes
// at 37 Hz per neuron (Brunel's AI state: 12500 x 37 Hz x 1.5 ms = 694 spikes, stamped over the
// epoch's 15 steps and sorted by (step, gid), as the exchange leaves them).
//  - delivery/lamina: engine::deliver_spikes, the simulation's own loop.
//  - delivery/scatter_add_limit: the same rows streamed and added into the same ring with
//    nothing else (no delay, port, slot or target-high arithmetic): a target index (u16) and a
//    weight (float) read in sequence, one random read-modify-write of a double. What the memory
//    system allows for the table's 6-byte synapses (before the 6-byte layout, 8: u32 + float;
//    before that, 12: u32 + double).
// The ratio of the two ns_per_event counters is what issue 6's "within 2x of the memory-bound
// limit" measures.
#include "core/rng.hpp"
#include "engine/delivery.hpp"
#include "engine/static_synapse_builder.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

namespace {

using namespace lamina;
constexpr std::uint64_t n_neurons = 12500, n_exc = 10000, indegree = 1000;
constexpr std::int64_t delay_steps = 15;

struct fixture {
    engine::static_synapse_table table;
    engine::ring_buffer ring{n_neurons, 2 * delay_steps + 1, 2};
    std::vector<spike_event> spikes;
    std::uint64_t events = 0;

    fixture() {
        engine::synapse_list list;
        for (std::uint32_t t = 0; t < n_neurons; ++t) {
            core::rng_stream rng(1, core::stream_purpose::user, t);
            for (std::uint64_t k = 0; k < indegree; ++k) {
                // 80% excitatory sources (0.1 mV), 20% inhibitory (-0.5 mV): Brunel's CE : CI.
                const bool exc = k < indegree * 4 / 5;
                const auto s = static_cast<std::uint32_t>(exc ? rng.below(n_exc) : n_exc + rng.below(n_neurons - n_exc));
                list.push(s, t, exc ? 0.1 : -0.5, static_cast<std::uint16_t>(delay_steps), exc ? 0 : 1);
            }
        }
        table = engine::to_static_rows(std::move(list), n_neurons);
        core::rng_stream rng(2, core::stream_purpose::user, 0);
        const auto n_spikes = static_cast<std::size_t>(n_neurons * 37.0 * 1.5e-3);
        for (std::size_t i = 0; i < n_spikes; ++i)
            spikes.push_back({static_cast<std::int64_t>(100 + rng.below(delay_steps)), static_cast<std::uint32_t>(rng.below(n_neurons))});
        std::sort(spikes.begin(), spikes.end());
        for (const auto& e : spikes) events += table.row_begin[e.gid + 1] - table.row_begin[e.gid];
    }
};

fixture& shared() {
    static fixture f;
    return f;
}

void set_counters(benchmark::State& state, std::uint64_t events) {
    const double total = double(state.iterations()) * double(events);
    state.counters["ns_per_event"] = benchmark::Counter(total * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["events_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
}

void delivery_lamina(benchmark::State& state) {
    auto& f = shared();
    for (auto _ : state) {
        engine::deliver_spikes(f.table, f.spikes, f.ring);
        benchmark::ClobberMemory();
    }
    set_counters(state, f.events);
}

void delivery_scatter_add_limit(benchmark::State& state) {
    auto& f = shared();
    const std::uint16_t* target = f.table.target.data();  // all gids < 2^16 here: every run's high is 0
    const float* weight = f.table.weight.data();
    for (auto _ : state) {
        for (const auto& e : f.spikes) {
            double* slot = f.ring.at(e.step + delay_steps, 0);
            for (std::uint64_t k = f.table.row_begin[e.gid], end = f.table.row_begin[e.gid + 1]; k < end; ++k)
                slot[target[k]] += double(weight[k]);
        }
        benchmark::ClobberMemory();
    }
    set_counters(state, f.events);
}

BENCHMARK(delivery_lamina)->Unit(benchmark::kMicrosecond);
BENCHMARK(delivery_scatter_add_limit)->Unit(benchmark::kMicrosecond);

}  // namespace
