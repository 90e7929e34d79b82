// Building compressed-row spike trains from unordered (unit, time) pairs, and small helpers that
// every reader shares.
#include <cmath>
#include "io/readers/readers.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <limits>

namespace lamina::io {

void spike_collector::reserve(std::size_t n) {
    times_.reserve(n);
    units_.reserve(n);
}

spike_trains spike_collector::build(std::size_t n_units) {
    if (n_units < units_seen_)
        throw error("spike_collector::build: " + std::to_string(n_units) + " units but unit " +
                    std::to_string(units_seen_ - 1) + " was added");
    spike_trains out;
    out.offsets.assign(n_units + 1, 0);
    for (auto u : units_) ++out.offsets[u + 1];
    for (std::size_t u = 0; u < n_units; ++u) out.offsets[u + 1] += out.offsets[u];
    // Counting sort by unit; stable, so times that arrive in order (files sorted by time) stay sorted.
    out.times.resize(times_.size());
    std::vector<std::size_t> fill(out.offsets.begin(), out.offsets.end() - 1);
    for (std::size_t k = 0; k < units_.size(); ++k) out.times[fill[units_[k]]++] = times_[k];
    std::vector<double>().swap(times_);
    std::vector<std::uint32_t>().swap(units_);
    units_seen_ = 0;
    sort_within_units(out);
    return out;
}

void sort_within_units(spike_trains& trains) {
    for (std::size_t u = 0; u < trains.units(); ++u) {
        auto b = trains.times.begin() + static_cast<std::ptrdiff_t>(trains.offsets[u]);
        auto e = trains.times.begin() + static_cast<std::ptrdiff_t>(trains.offsets[u + 1]);
        if (!std::is_sorted(b, e)) std::sort(b, e);
    }
}

bool spike_range(const spike_trains& trains, double& first, double& last) {
    first = std::numeric_limits<double>::infinity();
    last = -first;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        if (trains.offsets[u] == trains.offsets[u + 1]) continue;
        first = std::min(first, trains.times[trains.offsets[u]]);
        last = std::max(last, trains.times[trains.offsets[u + 1] - 1]);
    }
    return first <= last;
}

void window_from_spikes(spike_trains& trains) {
    double first, last;
    if (spike_range(trains, first, last)) {
        trains.t_start = first;
        // Analysis windows are half-open [t_start, t_stop): the last spike must stay inside.
        trains.t_stop = std::nextafter(last, INFINITY);
    } else {
        trains.t_start = trains.t_stop = 0.0;
    }
}

void append_units(spike_trains& into, spike_trains&& more) {
    if (into.units() == 0 && into.times.empty()) {
        const double t0 = into.t_start, t1 = into.t_stop;
        into = std::move(more);
        into.t_start = t0;
        into.t_stop = t1;
        return;
    }
    const std::size_t base = into.times.size();
    into.names.resize(into.units());
    more.names.resize(more.units());
    into.times.insert(into.times.end(), more.times.begin(), more.times.end());
    for (std::size_t u = 0; u < more.units(); ++u) {
        into.offsets.push_back(base + more.offsets[u + 1]);
        into.names.push_back(std::move(more.names[u]));
    }
}

std::vector<std::string> select_names(const std::vector<std::string>& wanted, const std::vector<std::string>& available,
                                      const std::string& file, const std::string& what) {
    if (wanted.empty()) return available;
    for (const auto& w : wanted) {
        if (std::find(available.begin(), available.end(), w) != available.end()) continue;
        std::string list;
        for (const auto& a : available) list += (list.empty() ? "" : ", ") + a;
        throw unknown_name_error(file + ": no " + what + " named '" + w + "'; the file has: " +
                                 (list.empty() ? "none" : list));
    }
    return wanted;
}

}  // namespace lamina::io
