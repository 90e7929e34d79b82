// Neuronal avalanches and the crackling-noise relation (see include/lamina/analysis/avalanches.hpp).
#include <lamina/analysis/avalanches.hpp>

#include "detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {

double mean_inter_event_interval(const spike_trains& trains) {
    const char* where = "mean_inter_event_interval";
    detail::check_trains(trains, where);
    // The pooled, sorted events telescope: the mean of their intervals is (last - first) / (n - 1),
    // so no merge of the units' trains is needed.
    double first = std::numeric_limits<double>::infinity(), last = -first;
    std::size_t n = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto s = detail::window_spikes(trains, u);
        if (s.empty()) continue;
        first = std::min(first, s.front());
        last = std::max(last, s.back());
        n += s.size();
    }
    if (n < 2) detail::fail(where, "needs at least 2 spikes in the window, got " + std::to_string(n));
    if (!(last > first)) detail::fail(where, "all " + std::to_string(n) + " spikes are at the same time");
    return (last - first) / double(n - 1);
}

avalanches detect_avalanches(const spike_trains& trains, double bin_ms) {
    const char* where = "detect_avalanches";
    detail::check_trains(trains, where);
    if (bin_ms == 0.0) bin_ms = mean_inter_event_interval(trains);
    const detail::bin_grid grid = detail::make_grid(trains, bin_ms, where);
    avalanches out;
    out.bin_ms = grid.width;
    // Two passes over the bins, the first only counting, so the outputs are allocated once:
    // growing three vectors of millions of entries costs more (copies, page faults) than binning.
    auto scan = [&](auto&& emit) {
        bool active = false;
        std::size_t start = 0;
        std::uint64_t size = 0;
        detail::for_each_population_chunk(trains, grid, [&](std::size_t b0, std::span<const std::uint32_t> c) {
            for (std::size_t k = 0; k < c.size(); ++k) {
                if (c[k] > 0) {
                    if (!active) {
                        active = true;
                        start = b0 + k;
                        size = 0;
                    }
                    size += c[k];
                } else if (active) {
                    active = false;
                    if (start > 0) emit(start, size, b0 + k - start);  // start 0: began before the window
                }
            }
        });
        // A run still active at the last bin may continue past the window: incomplete, left out.
    };
    std::size_t count = 0;
    scan([&](std::size_t, std::uint64_t, std::size_t) { ++count; });
    out.start_ms.reserve(count);
    out.sizes.reserve(count);
    out.durations.reserve(count);
    scan([&](std::size_t start, std::uint64_t size, std::size_t duration) {
        out.start_ms.push_back(grid.t0 + double(start) * grid.width);
        out.sizes.push_back(size);
        out.durations.push_back(duration);
    });
    return out;
}

crackling_noise crackling_noise_relation(const avalanches& aval, const powerlaw_options& options, std::size_t min_count) {
    const char* where = "crackling_noise_relation";
    if (aval.sizes.size() != aval.durations.size())
        detail::fail(where, std::to_string(aval.sizes.size()) + " sizes but " + std::to_string(aval.durations.size()) +
                                " durations");
    if (min_count == 0) detail::fail(where, "min_count must be >= 1");
    powerlaw_options o = options;
    o.discrete = true;
    const std::vector<double> sizes(aval.sizes.begin(), aval.sizes.end());
    const std::vector<double> durations(aval.durations.begin(), aval.durations.end());
    crackling_noise r;
    r.size = fit_powerlaw(sizes, o);
    r.duration = fit_powerlaw(durations, o);
    r.gamma_predicted = (r.duration.alpha - 1.0) / (r.size.alpha - 1.0);

    // Mean size per duration, for durations in the fitted duration tail with enough avalanches.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ts(aval.sizes.size());
    for (std::size_t i = 0; i < ts.size(); ++i) ts[i] = {aval.durations[i], aval.sizes[i]};
    std::sort(ts.begin(), ts.end());
    std::vector<double> lx, ly;
    for (std::size_t i = 0; i < ts.size();) {
        std::size_t j = i;
        double sum = 0.0;
        while (j < ts.size() && ts[j].first == ts[i].first) sum += double(ts[j++].second);
        if (double(ts[i].first) >= r.duration.x_min && j - i >= min_count) {
            lx.push_back(std::log(double(ts[i].first)));
            ly.push_back(std::log(sum / double(j - i)));
        }
        i = j;
    }
    r.durations_used = lx.size();
    if (lx.size() < 3) {
        r.gamma_fit = r.gamma_fit_se = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    // Ordinary least squares in log-log coordinates, with the slope's standard error.
    const double n = double(lx.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < lx.size(); ++i) mx += lx[i], my += ly[i];
    mx /= n;
    my /= n;
    double sxx = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < lx.size(); ++i) {
        sxx += (lx[i] - mx) * (lx[i] - mx);
        sxy += (lx[i] - mx) * (ly[i] - my);
    }
    r.gamma_fit = sxy / sxx;
    double rss = 0.0;
    for (std::size_t i = 0; i < lx.size(); ++i) {
        const double e = ly[i] - my - r.gamma_fit * (lx[i] - mx);
        rss += e * e;
    }
    r.gamma_fit_se = std::sqrt(rss / (n - 2.0) / sxx);
    return r;
}

}  // namespace lamina::analysis
