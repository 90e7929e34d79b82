#pragma once
// Internal helpers of the analysis layer: input checks with messages that name the function, the
// parameter and its value; the observation-window rule (only spikes in [t_start, t_stop] count);
// and binning in chunks of bins, so memory never grows with the number of bins (an avalanche bin of
// a few us over an hour-long recording is ~10^9 bins).
#include <lamina/error.hpp>
#include <lamina/spike_trains.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lamina::analysis::detail {

[[noreturn]] void fail(const char* where, const std::string& what);
/// Shortest text that reads back as the same double.
std::string fmt(double v);

/// Checks the compressed-row structure and that the window is finite with t_stop > t_start.
void check_trains(const spike_trains& trains, const char* where);
/// Throws unless `value` is finite and > 0.
void check_positive(double value, const char* name, const char* where);

struct index_range {
    std::size_t first = 0;  // index into trains.unit(u)
    std::size_t last = 0;
};

/// Indices of unit u's spikes inside [t_start, t_stop] (binary search; spikes are sorted).
inline index_range window_range(const spike_trains& trains, std::size_t u) {
    const auto all = trains.unit(u);
    const auto lo = std::lower_bound(all.begin(), all.end(), trains.t_start);
    const auto hi = std::upper_bound(lo, all.end(), trains.t_stop);
    return {static_cast<std::size_t>(lo - all.begin()), static_cast<std::size_t>(hi - all.begin())};
}

inline std::span<const double> window_spikes(const spike_trains& trains, std::size_t u) {
    const auto r = window_range(trains, u);
    return trains.unit(u).subspan(r.first, r.last - r.first);
}

/// Bins [t0 + k width, t0 + (k+1) width), k < bins.
struct bin_grid {
    double t0 = 0.0;
    double width = 1.0;
    std::size_t bins = 0;
    /// Bin of a time t >= t0; `bins` or more when past the grid.
    std::size_t bin_of(double t) const { return static_cast<std::size_t>((t - t0) / width); }
};

/// The grid of `bin_ms` over the window; throws when not even one bin fits (or bins overflow).
bin_grid make_grid(const spike_trains& trains, double bin_ms, const char* where);

/// Calls fn(first_bin, counts) for consecutive chunks of the grid, where counts[k] is the number of
/// spikes of all units in bin first_bin + k. Linear in spikes plus units per chunk.
template <class Fn>
void for_each_population_chunk(const spike_trains& trains, const bin_grid& grid, Fn&& fn,
                               std::size_t chunk_bins = std::size_t{1} << 16) {
    const std::size_t n = trains.units();
    std::vector<std::size_t> cursor(n), end(n);
    for (std::size_t u = 0; u < n; ++u) {
        const auto r = window_range(trains, u);
        cursor[u] = trains.offsets[u] + r.first;
        end[u] = trains.offsets[u] + r.last;
    }
    std::vector<std::uint32_t> counts(std::min(chunk_bins, grid.bins));
    const double* times = trains.times.data();
    for (std::size_t b0 = 0; b0 < grid.bins; b0 += chunk_bins) {
        const std::size_t b1 = std::min(grid.bins, b0 + chunk_bins);
        std::fill(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(b1 - b0), 0u);
        for (std::size_t u = 0; u < n; ++u) {
            std::size_t k = cursor[u];
            const std::size_t e = end[u];
            for (; k < e; ++k) {
                const std::size_t b = grid.bin_of(times[k]);
                if (b >= b1) break;
                ++counts[b - b0];
            }
            cursor[u] = k;
        }
        fn(b0, std::span<const std::uint32_t>(counts.data(), b1 - b0));
    }
}

/// Population counts over the whole grid, as doubles (for the series-based estimators). Throws
/// rather than attempt an allocation of more than 2^31 bins (16 GiB).
std::vector<double> population_count_vector(const spike_trains& trains, const bin_grid& grid, const char* where);

/// One unit's count moments on a grid (sum of counts and of squared counts over bins), from the
/// run lengths of its sorted spikes: linear in spikes, no per-bin storage.
struct unit_moments {
    double sum = 0.0;
    double sum2 = 0.0;
};
unit_moments unit_count_moments(std::span<const double> spikes, const bin_grid& grid);

}  // namespace lamina::analysis::detail
