#pragma once
// Delivery of one epoch's exchanged spikes into the ring-buffer slots of their arrival steps,
// through the compressed rows of one worker's static synapse table (static_synapse_table.hpp).
// Spikes are taken in their (step, gid) order and each row in its stored order, so the
// summation order at every ring entry is fixed whatever the partition: this is what keeps
// results bitwise identical for any number of threads and ranks. The loop is the simulation's
// hottest one with the neuron update; bench/delivery_bench.cpp times it in ns per synaptic
// event against a bare scatter-add. A run shares one delay, port and target high bits, so the
// inner loop is that scatter-add: 6 bytes read per synapse (u16 target, float weight), one add
// into one slot-and-port line offset by the run's high << 16.
#include <lamina/communicator.hpp>

#include "engine/ring_buffer.hpp"
#include "engine/static_synapse_table.hpp"

#include <cstdint>
#include <span>

namespace lamina::engine {

inline void deliver_spikes(const static_synapse_table& table, std::span<const spike_event> spikes,
                           ring_buffer& ring) {
    double* const ex0 = ring.at(0, 0);
    const std::int64_t n_slots = ring.slots();
    const auto port_stride = static_cast<std::ptrdiff_t>(ring.port_stride());
    const std::ptrdiff_t slot_stride = n_slots > 1 ? ring.at(1, 0) - ex0 : 0;
    const std::uint16_t* const target = table.target.data();
    const float* const weight = table.weight.data();
    const delay_run* const runs = table.runs.data();
    for (const auto& e : spikes) {
        const std::uint64_t row = table.row_begin[e.gid];
        std::uint64_t k = row;
        // Delays are below n_slots (the ring holds max_delay + min_delay + 1 slots), so the
        // arrival slot is one conditional subtraction away from the spike's: no division.
        const std::int64_t slot0 = e.step % n_slots;
        for (std::uint64_t r = table.run_begin[e.gid], r_end = table.run_begin[e.gid + 1]; r < r_end; ++r) {
            std::int64_t slot = slot0 + runs[r].delay;
            if (slot >= n_slots) slot -= n_slots;
            double* const entries = ex0 + slot * slot_stride + runs[r].port * port_stride +
                                    (std::ptrdiff_t(runs[r].high) << target_low_bits);
            for (const std::uint64_t end = row + runs[r].end; k < end; ++k) entries[target[k]] += double(weight[k]);
        }
    }
}

}  // namespace lamina::engine
