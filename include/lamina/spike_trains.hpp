#pragma once
/// @file
/// Spike trains of many units in compressed-row form: the value type shared by the simulator's
/// output, the file readers and the analysis functions. Times are in ms.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lamina {

struct spike_trains {
    /// offsets[u] .. offsets[u+1] index the spikes of unit u in `times`; size = units + 1.
    std::vector<std::size_t> offsets{0};
    /// Spike times in ms, sorted ascending within each unit.
    std::vector<double> times;
    /// Unit names (electrode/unit labels, or "<population>:<index>"); empty or one per unit.
    std::vector<std::string> names;
    /// Observation window in ms; statistics that need a duration use t_stop - t_start.
    double t_start = 0.0;
    double t_stop = 0.0;

    std::size_t units() const { return offsets.size() - 1; }
    std::size_t total_spikes() const { return times.size(); }
    std::span<const double> unit(std::size_t u) const {
        return {times.data() + offsets[u], offsets[u + 1] - offsets[u]};
    }
    double duration() const { return t_stop - t_start; }

    /// Appends one unit; its times must be sorted.
    void add_unit(std::span<const double> unit_times, std::string name = {});
    /// Builds trains from (time, id) pairs in any order; ids in [0, n_units).
    static spike_trains from_pairs(std::span<const double> times_ms, std::span<const std::uint64_t> ids,
                                   std::size_t n_units, double t_start, double t_stop);
};

}  // namespace lamina
