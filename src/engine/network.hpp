#pragma once
// The lowered network: populations, per-worker synapse tables, devices and ring buffer,
// built once from a network_spec.
#include <lamina/network_spec.hpp>
#include <lamina/simulation.hpp>

#include "engine/devices.hpp"
#include "engine/partition.hpp"
#include "engine/plastic_projection.hpp"
#include "engine/population.hpp"
#include "engine/ring_buffer.hpp"
#include "engine/static_synapse_table.hpp"

#include <memory>
#include <vector>

namespace lamina::engine {

struct network {
    double dt = 0.1;
    std::uint64_t seed = 1;
    partition part;     // workers = ranks x threads
    int threads = 1;    // of this process
    int rank = 0;       // this process's rank
    int worker(int thread) const { return rank * threads + thread; }
    std::vector<std::unique_ptr<population_base>> populations;
    std::uint64_t n_neurons = 0;
    std::vector<static_synapse_table> tables;  // one per thread of this process (its workers' static synapses)
    /// Per thread, one entry per connection with a plasticity rule, in connection order.
    std::vector<std::vector<std::unique_ptr<plastic_projection>>> plastic;
    std::vector<std::size_t> plastic_connection;  // the connection index of each plastic entry
    std::int64_t min_delay = 1, max_delay = 1;  // steps
    ring_buffer ring;
    std::vector<double> I_stim;  // per global id, pA
    device_set devices;
    std::uint32_t n_stimuli = 0;

    std::size_t population_index(const std::string& name, const std::string& origin) const;
    const population_base& population_of_gid(std::uint64_t gid) const;
    std::uint64_t synapse_count() const;
    /// Resolves a stimulus' target population and neurons and adds it to the devices;
    /// `now_step`: the step the simulation has reached (0 while building).
    void add_stimulus(const stimulus_spec& s, std::int64_t now_step = 0);
};

/// Validates the spec against the registry and the machine's memory, then builds the part of
/// the network that `rank` (of `ranks` processes with `threads` threads each) owns.
/// Throws input_error naming the origin of the offending element.
network build_network(const network_spec& spec, int threads, int rank = 0, int ranks = 1);

/// The same checks without generating synapses.
network_estimate validate_network(const network_spec& spec);

}  // namespace lamina::engine
