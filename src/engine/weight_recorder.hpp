#pragma once
// The "weights" recorder: samples the weights of a plastic connection's synapses (those onto
// chosen targets, or all) and the connection's mean weight every `interval`, at the synapse
// time of the sample (all events up to it applied). Each worker writes its own synapses into
// rows sized before the run; ranks add their rows (zeros elsewhere) when the result is asked for.
//
// Synapse order: by target, then each target's synapses in row order (by source gid, then
// generation order), a partition-independent order, so positions are fixed by a sum over ranks
// of the per-target synapse counts at init. The mean is the sum of per-target sums taken in
// target order (also gathered by rank sums), so it too is the same for any partition.
#include <lamina/communicator.hpp>
#include <lamina/network_spec.hpp>
#include <lamina/simulation.hpp>

#include "engine/network.hpp"

#include <cstdint>
#include <vector>

namespace lamina::engine {

class weight_recorder {
public:
    /// Resolves the recorders' connections and the synapse positions (collective).
    void init(const network& net, const network_spec& spec, communicator& comm);
    /// Sizes the sample rows for steps (from, to], and step 0 on the first run. Throws
    /// input_error when the samples would exceed the output guard.
    void prepare(std::int64_t from_step, std::int64_t to_step);
    bool empty() const { return channels_.empty(); }
    /// Samples what `thread`'s workers own, if `step` is a sampling step of some recorder.
    void sample(std::int64_t step, const network& net, int thread);
    /// The samples, gathered from all ranks (collective).
    std::vector<weight_trace> result(double dt, communicator& comm) const;

private:
    struct channel {
        std::string label, source, target;
        lamina::dimension dim;
        std::size_t plastic;                  // index into network::plastic[thread]
        std::uint64_t target_first, target_size;  // target population (global id, size)
        std::int64_t interval;                // steps
        std::uint64_t n_synapses = 0;         // recorded, over all ranks
        std::uint64_t total = 0;              // the connection's synapses, over all ranks
        std::vector<std::vector<std::uint64_t>> synapse_of;  // per thread: synapse index in the projection
        std::vector<std::vector<std::uint64_t>> position_of; // per thread: its recorded position
        std::vector<double> sources, targets;  // per position (this rank's filled, others 0)
        std::vector<std::int64_t> steps;
        std::vector<double> values;           // [sample][position]
        std::vector<double> target_sums;      // [sample][target]
        std::size_t filled = 0;               // samples before this run
        std::string origin;
    };
    std::vector<channel> channels_;
};

}  // namespace lamina::engine
