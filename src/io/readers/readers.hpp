#pragma once
// Internal interface of the recording readers (src/io/readers/): one function per format, called by
// read_recording() after the format has been detected, and the pieces they share.
#include <lamina/recordings.hpp>

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina::io {

/// Collects (unit, time) pairs in any order, then builds compressed rows with each unit's times
/// sorted. Memory: 12 bytes per spike while collecting, plus the 8 bytes per spike of the result.
class spike_collector {
public:
    void reserve(std::size_t n);
    void add(std::uint32_t unit, double time_ms) {
        units_.push_back(unit);
        times_.push_back(time_ms);
        if (unit >= units_seen_) units_seen_ = unit + 1;
    }
    std::size_t size() const { return times_.size(); }
    /// One more than the largest unit added (0 when empty).
    std::size_t units_seen() const { return units_seen_; }
    /// Builds trains over `n_units` units (>= units_seen()); empties the collector.
    spike_trains build(std::size_t n_units);

private:
    std::vector<double> times_;
    std::vector<std::uint32_t> units_;
    std::size_t units_seen_ = 0;
};

/// Sorts the times of every unit that is not sorted yet (a stable order is kept otherwise).
void sort_within_units(spike_trains& trains);
/// Sets t_start/t_stop to the first and last spike of all units (0, 0 when there are none).
void window_from_spikes(spike_trains& trains);
/// Earliest and latest spike, or nothing when there are none.
bool spike_range(const spike_trains& trains, double& first, double& last);
/// Keeps the units u with keep(u, spikes of u) true, in order, moving their times down in place; names are
/// cleared (the caller names the kept units).
template <class Keep>
void keep_units(spike_trains& trains, Keep&& keep) {
    std::size_t kept = 0, write = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        // offsets[u] and offsets[u + 1] are still the original ones here: writes go to offsets[kept], kept <= u,
        // and offsets[u] is only rewritten (to its own value) when every earlier unit was kept.
        const std::size_t b = trains.offsets[u], e = trains.offsets[u + 1];
        if (!keep(u, e - b)) continue;
        for (std::size_t k = b; k < e; ++k) trains.times[write++] = trains.times[k];
        trains.offsets[++kept] = write;
    }
    trains.offsets.resize(kept + 1);
    trains.times.resize(write);
    trains.names.clear();
}
/// Appends the units of `more` (with their names) to `into`.
void append_units(spike_trains& into, spike_trains&& more);

/// Splits "a/b" selections of read_options::populations; checks each against `available`,
/// throwing unknown_name_error that lists what the file has. Empty selection = all.
std::vector<std::string> select_names(const std::vector<std::string>& wanted, const std::vector<std::string>& available,
                                      const std::string& file, const std::string& what);

/// Detects the layout of an open HDF5 file: "sonata", "nwb", "mea", "maxwell", "3brain", or "".
std::string detect_hdf5_layout(hid_t file, const std::string& path);

recording read_sonata(hid_t file, const std::string& path, const read_options& options);
recording read_nwb(hid_t file, const std::string& path, const read_options& options);
recording read_mea(hid_t file, const std::string& path, const read_options& options);
recording read_maxwell(hid_t file, const std::string& path, const read_options& options);
recording read_3brain(hid_t file, const std::string& path, const read_options& options);
recording read_csv(const std::string& path, const read_options& options);

}  // namespace lamina::io
