#pragma once
// Connection rules (fixed in-degree, fixed out-degree, pairwise Bernoulli, fixed total number,
// one-to-one, all-to-all), as in NEST's connection management.
//
// Reproducibility: in-degree, Bernoulli, one-to-one and all-to-all rules draw each target's
// sources, weights and delays from that target's own stream (seed, connectivity, target gid,
// connection index), so a worker generates exactly its targets' synapses; so does the total
// number rule with multapses, after a multinomial split of the total over the targets that every
// worker replays from one global stream. Rules whose natural draw is per source (out-degree) or
// global (total number without multapses) are replayed by every worker, which keeps its own
// targets: more work at construction, same synapses for any partition.
#include <lamina/network_spec.hpp>

#include "engine/partition.hpp"
#include "engine/population.hpp"
#include "engine/synapse_table.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace lamina::engine {

struct connection_plan {
    const connection_spec* spec = nullptr;
    std::uint32_t index = 0;  // position in the model's connection list: names its streams
    const population_base* source = nullptr;
    const population_base* target = nullptr;
    /// fixed_total_number with multapses: the number of synapses each target gets (the
    /// multinomial split, all targets), drawn once by split_total_number and shared by every
    /// worker and both passes of the static builder; null: generate_connection draws it itself.
    std::shared_ptr<const std::vector<std::uint64_t>> target_counts;
};

/// Throws input_error (naming spec->origin) when the rule cannot be realised for these sizes,
/// or a delay is negative, below dt or beyond the ring buffer's range.
void check_connection(const connection_plan& plan, double dt);

/// Number of synapses the rule will create (expected value for Bernoulli).
double expected_synapses(const connection_plan& plan);

/// The shortest and longest delay, in whole steps, that the plan's synapses can get
/// (valid after check_connection); sizes the ring buffer before it is allocated.
struct delay_step_bounds {
    std::int64_t min = 1, max = 1;
};
delay_step_bounds delay_bounds(const connection_plan& plan, double dt);

/// The lowest and highest ring-buffer port the plan's synapses can use: the named receptor's,
/// or by the weight's sign, both unless the weight distribution's bounds fix the sign.
struct port_bounds {
    int min = 0, max = 1;
};
port_bounds receptor_ports_of(const connection_plan& plan);

/// The multinomial split of a fixed_total_number rule with multapses: each target's number of
/// synapses, one uniform target per synapse from the rule's global stream (seed, global_draws,
/// connection index). The same for every partition.
std::vector<std::uint64_t> split_total_number(const connection_plan& plan, std::uint64_t seed);

/// Appends the synapses of `plan` whose targets `worker` owns.
void generate_connection(const connection_plan& plan, double dt, std::uint64_t seed, const partition& part,
                         int worker, synapse_sink& out);

}  // namespace lamina::engine
