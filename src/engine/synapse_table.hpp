#pragma once
// The incoming synapses of one worker's neurons, in compressed rows by presynaptic global id:
// delivering a spike walks one row and touches only this worker's ring-buffer entries, so
// workers deliver in parallel without locks.
#include <cstdint>
#include <vector>

namespace lamina::engine {

struct synapse_table {
    std::vector<std::uint64_t> row_begin;  // size: neurons in the network + 1
    std::vector<std::uint32_t> target;     // global id
    std::vector<double> weight;            // target model's weight unit, signed (inhibitory < 0)
    std::vector<std::uint16_t> delay;      // steps, >= 1
    std::vector<std::uint8_t> port;        // 0 excitatory, 1 inhibitory

    std::uint64_t size() const { return target.size(); }
};

/// Synapses as generated, before sorting into rows.
struct synapse_list {
    std::vector<std::uint32_t> source, target;
    std::vector<double> weight;
    std::vector<std::uint16_t> delay;
    std::vector<std::uint8_t> port;

    void reserve(std::uint64_t n) {
        source.reserve(n);
        target.reserve(n);
        weight.reserve(n);
        delay.reserve(n);
        port.reserve(n);
    }
    void push(std::uint32_t s, std::uint32_t t, double w, std::uint16_t d, std::uint8_t p) {
        source.push_back(s);
        target.push_back(t);
        weight.push_back(w);
        delay.push_back(d);
        port.push_back(p);
    }
};

/// Stable counting sort by source: synapses of one (source, target) pair keep their generation
/// order, which keeps the summation order at each target independent of the partition.
synapse_table to_rows(synapse_list&& list, std::uint64_t n_neurons);

}  // namespace lamina::engine
