#pragma once
// The incoming synapses of one worker's plastic projection, in compressed rows by presynaptic
// global id, every field per synapse (15 bytes): plastic rules read and change them per synapse.
// Static synapses use the 6-byte layout of static_synapse_table.hpp. Delivering a spike walks
// one row and touches only this worker's ring-buffer entries, so workers deliver in parallel
// without locks.
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

/// Where the connection rules (connectivity.hpp) put each synapse they generate. A virtual call
/// per synapse at construction only: the builder's two passes (count, then fill) and the plain
/// list below are the sinks.
struct synapse_sink {
    virtual ~synapse_sink() = default;
    virtual void add(std::uint32_t source, std::uint32_t target, double weight, std::uint16_t delay,
                     std::uint8_t port) = 0;
};

/// Synapses as generated, before sorting into rows.
struct synapse_list final : synapse_sink {
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
    void add(std::uint32_t s, std::uint32_t t, double w, std::uint16_t d, std::uint8_t p) override {
        push(s, t, w, d, p);
    }
};

/// Stable counting sort by source: synapses of one (source, target) pair keep their generation
/// order, which keeps the summation order at each target independent of the partition.
synapse_table to_rows(synapse_list&& list, std::uint64_t n_neurons);

}  // namespace lamina::engine
