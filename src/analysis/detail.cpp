#include "detail.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace lamina::analysis::detail {

void fail(const char* where, const std::string& what) {
    throw input_error(std::string("lamina::analysis::") + where + ": " + what);
}

std::string fmt(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void check_trains(const spike_trains& trains, const char* where) {
    const auto& off = trains.offsets;
    if (off.empty() || off.front() != 0 || off.back() != trains.times.size())
        fail(where, "malformed spike_trains: offsets must start at 0 and end at the number of spikes (" +
                        std::to_string(trains.times.size()) + ")");
    for (std::size_t u = 0; u + 1 < off.size(); ++u)
        if (off[u + 1] < off[u])
            fail(where, "malformed spike_trains: offsets decrease at unit " + std::to_string(u));
    if (!std::isfinite(trains.t_start) || !std::isfinite(trains.t_stop) || !(trains.t_stop > trains.t_start))
        fail(where, "the observation window [t_start, t_stop] = [" + fmt(trains.t_start) + ", " +
                        fmt(trains.t_stop) + "] ms is empty; set t_start < t_stop");
}

void check_positive(double value, const char* name, const char* where) {
    if (!(value > 0.0) || !std::isfinite(value))
        fail(where, std::string(name) + " must be a finite number > 0, got " + fmt(value));
}

bin_grid make_grid(const spike_trains& trains, double bin_ms, const char* where) {
    check_positive(bin_ms, "bin_ms", where);
    const double bins = std::floor(trains.duration() / bin_ms);
    if (bins < 1.0)
        fail(where, "bin_ms = " + fmt(bin_ms) + " is longer than the observation window (" +
                        fmt(trains.duration()) + " ms)");
    if (bins > 1e15) fail(where, "bin_ms = " + fmt(bin_ms) + " gives more than 1e15 bins");
    return {trains.t_start, bin_ms, static_cast<std::size_t>(bins)};
}

std::vector<double> population_count_vector(const spike_trains& trains, const bin_grid& grid, const char* where) {
    if (grid.bins > (std::size_t{1} << 31))
        fail(where, "bin_ms = " + fmt(grid.width) + " gives " + std::to_string(grid.bins) +
                        " bins over the window, too many to hold as a series; use a larger bin");
    std::vector<double> out(grid.bins, 0.0);
    for_each_population_chunk(trains, grid, [&](std::size_t b0, std::span<const std::uint32_t> c) {
        for (std::size_t k = 0; k < c.size(); ++k) out[b0 + k] = c[k];
    });
    return out;
}

unit_moments unit_count_moments(std::span<const double> spikes, const bin_grid& grid) {
    unit_moments m;
    double run = 0.0;
    std::size_t current = grid.bins;
    for (double t : spikes) {
        const std::size_t b = grid.bin_of(t);
        if (b >= grid.bins) break;
        if (b != current) {
            m.sum2 += run * run;
            run = 0.0;
            current = b;
        }
        run += 1.0;
        m.sum += 1.0;
    }
    m.sum2 += run * run;
    return m;
}

}  // namespace lamina::analysis::detail
