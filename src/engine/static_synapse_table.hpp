#pragma once
// The static (non-plastic) incoming synapses of one worker's neurons, 6 bytes per synapse.
//
// Layout (DESIGN: the synapse store is the network's largest memory, ~3e8 synapses in the
// Potjans-Diesmann microcircuit, and delivery streams it; bytes per synapse are both RSS and
// delivery bandwidth):
//   - compressed rows by presynaptic global id: row s is target/weight[row_begin[s], row_begin[s+1]);
//   - per synapse only the low 16 bits of the target gid (u16) and a weight (float, the target
//     model's unit, signed);
//   - delay, receptor port and the target gid's high bits (gid >> 16) move out of the synapse
//     into runs: within a row, synapses are grouped by (delay, port, high), and
//     runs[run_begin[s], run_begin[s+1]) give each group's (delay, port, high) and where it ends,
//     ordered by (delay, port, high). A row has one run per distinct (delay, port, high) it uses
//     (~50 delays in the microcircuit, whose rows hold ~2000 synapses per worker, x 1-2 highs for
//     its 77k neurons), so runs cost ~0.1-0.3 bytes per synapse. Gids need at most 16 + 8 bits:
//     networks of up to max_static_neurons (2^24) neurons. Runs (and the builder's counters)
//     multiply with the highs a worker's targets span, about n_neurons / 2^16 (partition.hpp:
//     a worker owns a block of every population): a 1M-neuron network of ~50 delays would have
//     ~16 highs, ~800 runs per 2000-synapse row, ~3 bytes of runs per synapse, and counters too
//     large for the two-pass builder (its list fallback). So the 6 bytes hold for networks up to
//     ~2^17 neurons; beyond that u32 targets (or targets local to the worker) would be smaller.
// Order within a run is generation order (rule by rule, then target by target, then each
// target's draws). Ring entry (slot, port, target) receives, from one spike, exactly the
// synapses of one (source, delay, port, target), which all lie in one run (their high bits are
// the target's) and keep their generation order; so the summation order at every entry is that
// of the spikes' (step, gid) order and the rules' per-target streams, independent of the
// partition (delivery.hpp), and the same as with the earlier 8-byte layout (u32 targets, runs by
// (delay, port)). The weight is rounded to float once when stored (relative error <= 6e-8, far
// below any weight's biological precision); ring entries still sum in double.
#include "core/huge_page_allocation.hpp"
#include "engine/synapse_table.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace lamina::engine {

/// Target gids are split into a u16 per synapse and a u8 per run: the table addresses 2^24 neurons.
constexpr unsigned target_low_bits = 16;
constexpr std::uint64_t max_static_neurons = std::uint64_t(1) << (target_low_bits + 8);

struct delay_run {
    std::uint32_t end = 0;  // one past the run's last synapse, counted from its row's first
    std::uint16_t delay = 1;  // steps, >= 1
    std::uint8_t port = 0;
    std::uint8_t high = 0;  // the run's target gids are (high << 16) + target[k]
};
static_assert(sizeof(delay_run) == 8);

inline std::uint8_t target_high(std::uint32_t gid) { return static_cast<std::uint8_t>(gid >> target_low_bits); }
inline std::uint16_t target_low(std::uint32_t gid) { return static_cast<std::uint16_t>(gid); }

/// An array whose allocation does not write it: its pages are first touched by the writes that
/// fill it (a zero fill of 1.8 GB is a pass over memory and half the build's page faults), and
/// they are huge pages where the system allows (core/huge_page_allocation.hpp).
template <class T>
class fill_once_array {
public:
    fill_once_array() = default;
    explicit fill_once_array(std::uint64_t n) : data_(core::allocate_huge_pages<T>(n)), size_(n) {}
    T& operator[](std::uint64_t k) { return data_[k]; }
    const T& operator[](std::uint64_t k) const { return data_[k]; }
    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    std::uint64_t size() const { return size_; }

private:
    core::huge_page_ptr<T> data_;
    std::uint64_t size_ = 0;
};

struct static_synapse_table {
    std::vector<std::uint64_t> row_begin;  // per source gid + 1: first synapse of the row
    std::vector<std::uint64_t> run_begin;  // per source gid + 1: first run of the row
    std::vector<delay_run> runs;
    fill_once_array<std::uint16_t> target;  // low 16 bits of the global id; the high ones are the run's
    fill_once_array<float> weight;          // target model's weight unit, signed (inhibitory < 0)

    std::uint64_t size() const { return target.size(); }

    /// Calls f(source, target, weight, delay, port) for every synapse, in stored order.
    template <class F>
    void for_each(F&& f) const {
        for (std::uint64_t s = 0; s + 1 < row_begin.size(); ++s) {
            std::uint64_t k = row_begin[s];
            for (std::uint64_t r = run_begin[s]; r < run_begin[s + 1]; ++r)
                for (const std::uint64_t end = row_begin[s] + runs[r].end; k < end; ++k)
                    f(static_cast<std::uint32_t>(s), (std::uint32_t(runs[r].high) << target_low_bits) | target[k],
                      weight[k], runs[r].delay, runs[r].port);
        }
    }
};

/// The rows of an already generated list (tests, benchmarks, and the builder's fallback for
/// delay ranges too wide for its counters): stable by source, then stable by (delay, port, high).
/// Throws input_error when n_neurons exceeds max_static_neurons (before allocating anything).
static_synapse_table to_static_rows(synapse_list&& list, std::uint64_t n_neurons);

}  // namespace lamina::engine
