#pragma once
// Projections whose synapses have a short- or long-term plasticity rule (models/synapse/). Static
// projections keep the plain tables of synapse_table.hpp; these add, on the worker that owns the
// targets, mutable weights, the source of each synapse and a transposed index by target.
//
// Exact event order (plasticity_api.hpp: pre events at t_pre, post events at t_post + d, post
// first at equal times): after an epoch's spikes are exchanged, every spike up to the epoch's end
// t1 is known. The worker then processes the synapse-time window W = (t0, t1] of the epoch just
// simulated, one step s at a time: first the post events at s (target spikes at s - d, which
// are <= t0 because d >= the epoch length), then the pre events at s (this epoch's spikes of the
// sources, in gid order), each delivering its weight into the ring slot s + d. The summation
// order at each target therefore depends only on (s, source gid, row order), never on the
// partition, and weights and spikes are identical for any number of threads and ranks.
//
// Traces are kept once per neuron (per projection, since the time constants are the rule's) as a
// value folded up to an old spike plus the recent spikes; they are evaluated at any time the
// window needs (the target's time s - d) by decaying exactly. Sources spike on every rank, so
// each worker keeps its own copy of the source-side traces and short-term state: no locks, and
// the same arithmetic everywhere.
#include <lamina/communicator.hpp>

#include "engine/connectivity.hpp"
#include "engine/ring_buffer.hpp"
#include "engine/synapse_table.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace lamina::engine {

/// What the memory estimate needs to know about a connection's synapse model.
struct synapse_model_cost {
    double bytes_per_synapse = 0.0;     // beyond a static synapse's
    double bytes_per_source = 0.0;      // per worker (each keeps its copy)
    double bytes_per_target = 0.0;
};

/// Checks the synapse model and its parameters of `plan` (throws input_error or
/// unknown_name_error naming the connection's origin) and returns its memory cost.
synapse_model_cost check_synapse_model(const connection_plan& plan, double dt);

class plastic_projection {
public:
    virtual ~plastic_projection() = default;

    /// Prepares the window W = (t0, t1] from this epoch's exchanged spikes (sorted by step,
    /// gid): records the owned targets' new spikes and collects W's post and pre events.
    virtual void begin_window(std::int64_t t0, std::int64_t t1, const std::vector<spike_event>& spikes) = 0;
    /// Applies the events at synapse time s (in W) and delivers the pre events into the ring.
    virtual void step(std::int64_t s, ring_buffer& ring) = 0;

    std::uint64_t size() const { return rows_.size(); }
    const synapse_table& rows() const { return rows_; }  // weights signed, current
    /// The owned targets' incoming synapses (indices into rows()), target by target in gid
    /// order, each target's in row order (partition-independent).
    const std::vector<std::uint64_t>& by_target_begin() const { return col_begin_; }
    const std::vector<std::uint64_t>& by_target() const { return col_; }
    std::uint64_t first_owned_target() const { return owned_first_; }  // global id
    const std::vector<std::uint32_t>& source_of() const { return source_of_; }

protected:
    synapse_table rows_;                   // CSR by source gid (row_begin over all gids)
    std::vector<std::uint32_t> source_of_;  // per synapse, global id
    std::vector<std::uint64_t> col_begin_;  // per owned target (local to owned_first_) + 1
    std::vector<std::uint64_t> col_;
    std::uint64_t owned_first_ = 0, owned_count_ = 0;
    std::uint32_t source_first_ = 0, source_count_ = 0;
};

/// Builds `worker`'s part of a plastic projection from its generated synapses.
std::unique_ptr<plastic_projection> make_plastic_projection(const connection_plan& plan, synapse_list&& synapses,
                                                            std::uint64_t n_neurons, const partition& part,
                                                            int worker, double dt);

}  // namespace lamina::engine
