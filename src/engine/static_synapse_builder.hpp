#pragma once
// Building a worker's static_synapse_table without an intermediate list of synapses, so that the
// build's peak memory is the table itself (6 bytes per synapse plus its runs) and the counters:
//   pass 1 replays every static rule's streams (connectivity.cpp) and counts synapses per
//          (source, delay, port, target gid >> 16) in one dense counter array per source
//          population (delays in the rules' delay_bounds, ports in their receptor_ports_of,
//          high bits over the worker's blocks of their target populations);
//   the counts lay out rows and runs and become each run's fill cursor;
//   pass 2 replays the same streams and writes each synapse at its run's cursor (one counter
//          read per synapse; a search of the row's runs instead cost 3x the fill pass's time).
// The streams are counter-based (seed, rule, target), so both passes see the same synapses in
// the same order. The price is generating every synapse twice (construction CPU, not memory).
// When the counters would be large against the synapses (delay ranges of thousands of steps),
// the builder falls back to a generated list and to_static_rows (the old peak, ~27 B/synapse).
#include "engine/connectivity.hpp"
#include "engine/static_synapse_table.hpp"

#include <vector>

namespace lamina::engine {

/// The static synapses of `plans` (plastic ones are skipped) whose targets `worker` owns.
/// Throws input_error when n_neurons exceeds max_static_neurons (before allocating anything).
static_synapse_table build_static_synapses(const std::vector<connection_plan>& plans, double dt, std::uint64_t seed,
                                           const partition& part, int worker, std::uint64_t n_neurons);

}  // namespace lamina::engine
