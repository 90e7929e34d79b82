#pragma once
// Delivery of one epoch's exchanged spikes into the ring-buffer slots of their arrival steps,
// through the compressed rows of one worker's synapse table (synapse_table.hpp). Spikes are
// taken in their (step, gid) order and each row in its stored order, so the summation order at
// every ring entry is fixed whatever the partition: this is what keeps results bitwise identical
// for any number of threads and ranks. The loop is the simulation's hottest one with the neuron
// update; bench/micro_bench.cpp times it in ns per synaptic event against a bare scatter-add.
#include <lamina/communicator.hpp>

#include "engine/ring_buffer.hpp"
#include "engine/synapse_table.hpp"

#include <cstdint>
#include <span>

namespace lamina::engine {

inline void deliver_spikes(const synapse_table& table, std::span<const spike_event> spikes, ring_buffer& ring) {
    double* const ex0 = ring.at(0, 0);
    const std::int64_t n_slots = ring.slots();
    const auto port_stride = static_cast<std::ptrdiff_t>(ring.port_stride());
    const std::ptrdiff_t slot_stride = n_slots > 1 ? ring.at(1, 0) - ex0 : 0;
    const std::uint32_t* const target = table.target.data();
    const double* const weight = table.weight.data();
    const std::uint16_t* const delay = table.delay.data();
    const std::uint8_t* const port = table.port.data();
    for (const auto& e : spikes) {
        const std::uint64_t begin = table.row_begin[e.gid], end = table.row_begin[e.gid + 1];
        // Delays are below n_slots (the ring holds max_delay + min_delay + 1 slots), so the
        // arrival slot is one conditional subtraction away from the spike's: no division per synapse.
        const std::int64_t slot0 = e.step % n_slots;
        for (std::uint64_t k = begin; k < end; ++k) {
            std::int64_t slot = slot0 + delay[k];
            if (slot >= n_slots) slot -= n_slots;
            ex0[slot * slot_stride + port[k] * port_stride + target[k]] += weight[k];
        }
    }
}

}  // namespace lamina::engine
