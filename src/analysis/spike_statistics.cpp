// Per-unit rates and ISI CV used by run summaries. Unlike the rest of the analysis layer these
// return NaN instead of throwing for an empty window, so a run stopped at t = 0 still gets a summary.
#include <lamina/spike_statistics.hpp>

#include "detail.hpp"

#include <cmath>
#include <limits>

namespace lamina::analysis {

std::vector<double> firing_rates(const spike_trains& trains) {
    const double seconds = trains.duration() * 1e-3;
    if (!(seconds > 0.0)) return std::vector<double>(trains.units(), std::numeric_limits<double>::quiet_NaN());
    std::vector<double> out(trains.units(), 0.0);
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        out[u] = double(r.last - r.first) / seconds;
    }
    return out;
}

std::vector<double> cv_isi(const spike_trains& trains, std::size_t min_intervals) {
    std::vector<double> out(trains.units(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto t = trains.t_stop > trains.t_start ? detail::window_spikes(trains, u) : trains.unit(u);
        if (t.size() < min_intervals + 1 || t.size() < 2) continue;
        // Two passes (mean, then squared deviations): stable for long trains with small ISIs.
        const double n = double(t.size() - 1);
        const double mean = (t.back() - t.front()) / n;
        double sum2 = 0.0;
        for (std::size_t k = 1; k < t.size(); ++k) sum2 += (t[k] - t[k - 1] - mean) * (t[k] - t[k - 1] - mean);
        out[u] = mean > 0.0 ? std::sqrt(sum2 / n) / mean : std::numeric_limits<double>::quiet_NaN();
    }
    return out;
}

double mean_finite(const std::vector<double>& values) {
    double sum = 0.0;
    std::size_t n = 0;
    for (double v : values)
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    return n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace lamina::analysis
