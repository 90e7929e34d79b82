#include <lamina/error.hpp>
#include <lamina/spike_trains.hpp>

#include <algorithm>
#include <numeric>

namespace lamina {

void spike_trains::add_unit(std::span<const double> unit_times, std::string name) {
    if (!std::is_sorted(unit_times.begin(), unit_times.end()))
        throw input_error("spike_trains::add_unit: spike times of unit " + std::to_string(units()) +
                          " are not sorted");
    times.insert(times.end(), unit_times.begin(), unit_times.end());
    offsets.push_back(times.size());
    if (!name.empty() || !names.empty()) {
        names.resize(units() - 1);
        names.push_back(std::move(name));
    }
}

spike_trains spike_trains::from_pairs(std::span<const double> times_ms, std::span<const std::uint64_t> ids,
                                      std::size_t n_units, double t_start, double t_stop) {
    if (times_ms.size() != ids.size())
        throw input_error("spike_trains::from_pairs: " + std::to_string(times_ms.size()) + " times but " +
                          std::to_string(ids.size()) + " ids");
    spike_trains out;
    out.t_start = t_start;
    out.t_stop = t_stop;
    out.offsets.assign(n_units + 1, 0);
    for (auto id : ids) {
        if (id >= n_units)
            throw input_error("spike_trains::from_pairs: unit id " + std::to_string(id) + " is not below the " +
                              std::to_string(n_units) + " units");
        ++out.offsets[id + 1];
    }
    std::partial_sum(out.offsets.begin(), out.offsets.end(), out.offsets.begin());
    out.times.resize(times_ms.size());
    std::vector<std::size_t> fill(out.offsets.begin(), out.offsets.end() - 1);
    for (std::size_t k = 0; k < ids.size(); ++k) out.times[fill[ids[k]]++] = times_ms[k];
    for (std::size_t u = 0; u < n_units; ++u)
        std::sort(out.times.begin() + static_cast<std::ptrdiff_t>(out.offsets[u]),
                  out.times.begin() + static_cast<std::ptrdiff_t>(out.offsets[u + 1]));
    return out;
}

}  // namespace lamina
