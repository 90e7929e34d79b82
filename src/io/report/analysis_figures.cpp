#include <lamina/report.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lamina::report {
namespace {

using figures::figure;
using figures::series;

/// Log-spaced histogram density of positive values: (bin centres, counts / (n * width)).
std::pair<std::vector<double>, std::vector<double>> log_density(const std::vector<double>& values,
                                                                double bins_per_decade) {
    std::vector<double> x, y;
    double lo = INFINITY, hi = 0.0;
    for (double v : values)
        if (v > 0.0) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!(hi > 0.0)) return {x, y};
    const double l0 = std::floor(std::log10(lo) * bins_per_decade) / bins_per_decade;
    const auto n_bins = static_cast<std::size_t>(std::ceil((std::log10(hi) - l0) * bins_per_decade)) + 1;
    std::vector<double> counts(n_bins, 0.0);
    std::size_t n = 0;
    for (double v : values)
        if (v > 0.0) {
            const auto k = static_cast<std::size_t>((std::log10(v) - l0) * bins_per_decade);
            counts[std::min(k, n_bins - 1)] += 1.0;
            ++n;
        }
    for (std::size_t k = 0; k < n_bins; ++k) {
        const double a = std::pow(10.0, l0 + double(k) / bins_per_decade);
        const double b = std::pow(10.0, l0 + double(k + 1) / bins_per_decade);
        if (counts[k] == 0.0) continue;
        x.push_back(std::sqrt(a * b));
        y.push_back(counts[k] / (double(n) * (b - a)));
    }
    return {x, y};
}

figure titled(std::string title, std::string xlabel, std::string ylabel) {
    figure f;
    f.title = std::move(title);
    f.xlabel = std::move(xlabel);
    f.ylabel = std::move(ylabel);
    return f;
}

}  // namespace

figure raster_figure(const spike_trains& trains, const std::vector<analysis::burst>& bursts,
                     const std::vector<analysis::network_burst>& network_bursts, std::size_t max_spikes) {
    figure f;
    f.xlabel = "time (s)";
    f.ylabel = "unit";
    f.height = std::clamp(120 + 6 * static_cast<int>(trains.units()), 260, 640);
    // Shorten the shown range until it holds at most max_spikes spikes.
    double t_end = trains.t_stop;
    std::vector<double> all;
    for (std::size_t u = 0; u < trains.units(); ++u)
        for (double t : trains.unit(u))
            if (t >= trains.t_start && t < trains.t_stop) all.push_back(t);
    if (all.size() > max_spikes) {
        std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(max_spikes), all.end());
        t_end = all[max_spikes];
    }
    f.title = "Spike raster, bursts shaded";
    if (t_end < trains.t_stop) {
        char shown[64];
        std::snprintf(shown, sizeof shown, " (first %.1f s shown)", (t_end - trains.t_start) * 1e-3);
        f.title += shown;
    }
    series dots{{}, {}, series::style::points, "", "#222", 0.9};
    for (std::size_t u = 0; u < trains.units(); ++u)
        for (double t : trains.unit(u))
            if (t >= trains.t_start && t < t_end) {
                dots.x.push_back(t * 1e-3);
                dots.y.push_back(double(u));
            }
    for (const auto& nb : network_bursts)
        if (nb.start_ms < t_end) f.spans.push_back({nb.start_ms * 1e-3, std::min(nb.end_ms, t_end) * 1e-3, 0, 0, "rgba(31,119,180,0.15)"});
    for (const auto& b : bursts)
        if (b.start_ms < t_end)
            f.spans.push_back({b.start_ms * 1e-3, std::min(b.end_ms, t_end) * 1e-3, b.unit - 0.45, b.unit + 0.45,
                               "rgba(255,140,0,0.45)"});
    // Pin the axes to the shown window even where no spike falls at its ends.
    f.data.push_back({{trains.t_start * 1e-3, t_end * 1e-3}, {-0.5, double(trains.units()) - 0.5}, series::style::points, "", "none", 0.0});
    f.data.push_back(std::move(dots));
    return f;
}

figure population_rate_figure(const analysis::recording_summary& s) {
    figure f = titled("Population rate", "time (s)", "rate per unit (Hz)");
    // Long recordings are block-averaged to at most max_points points: a page stays small and a
    // screen cannot show more anyway.
    constexpr std::size_t max_points = 4000;
    auto to_series = [](const analysis::time_series& ts, const std::string& label, const char* color, double width) {
        series out{{}, {}, series::style::line, label, color, width};
        const std::size_t n = ts.values.size(), block = (n + max_points - 1) / max_points;
        for (std::size_t k = 0; k + block <= n; k += block) {
            double sum = 0.0;
            for (std::size_t j = k; j < k + block; ++j) sum += ts.values[j];
            out.x.push_back((ts.t_start_ms + (double(k) + 0.5 * double(block)) * ts.dt_ms) * 1e-3);
            out.y.push_back(sum / double(block));
        }
        return out;
    };
    if (!s.population_rate.values.empty())
        f.data.push_back(to_series(s.population_rate, "binned " + std::to_string(static_cast<int>(s.population_rate.dt_ms)) + " ms", "#9ecae1", 1.0));
    if (!s.smoothed_rate.values.empty()) f.data.push_back(to_series(s.smoothed_rate, "smoothed", "#1f77b4", 1.5));
    for (const auto& nb : s.network_bursts) f.spans.push_back({nb.start_ms * 1e-3, nb.end_ms * 1e-3, 0, 0, "rgba(255,140,0,0.2)"});
    return f;
}

figure isi_histogram_figure(const spike_trains& trains) {
    figure f = titled("Inter-spike intervals (all units)", "ISI (ms)", "density (1/ms)");
    f.logx = f.logy = true;
    std::vector<double> isis;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto t = trains.unit(u);
        for (std::size_t k = 1; k < t.size(); ++k)
            if (t[k - 1] >= trains.t_start && t[k] < trains.t_stop) isis.push_back(t[k] - t[k - 1]);
    }
    auto [x, y] = log_density(isis, 10.0);
    f.data.push_back({x, y, series::style::steps, "", "#1f77b4", 1.5});
    return f;
}

figure avalanche_figure(const analysis::avalanches& aval, const analysis::powerlaw_fit& fit, bool sizes) {
    figure f = titled(sizes ? "Avalanche sizes" : "Avalanche durations", sizes ? "size (spikes)" : "duration (bins)",
             "probability density");
    f.logx = f.logy = true;
    std::vector<double> values;
    for (auto v : sizes ? aval.sizes : aval.durations) values.push_back(double(v));
    auto [x, y] = log_density(values, 8.0);
    f.data.push_back({x, y, series::style::points, "data", "#1f77b4", 2.5});
    if (fit.n_tail > 0 && fit.alpha > 1.0 && !x.empty()) {
        // The fitted law, scaled to the tail's share of the data so it overlays the density.
        const double share = double(fit.n_tail) / double(std::max<std::size_t>(1, fit.n));
        const double norm = analysis::hurwitz_zeta(fit.alpha, fit.x_min);
        series law{{}, {}, series::style::line, "power law, alpha = " + std::to_string(fit.alpha).substr(0, 4), "#d62728", 1.5};
        for (double v = fit.x_min; v <= x.back() * 1.5; v *= 1.2) {
            law.x.push_back(v);
            law.y.push_back(share * std::pow(v, -fit.alpha) / norm);
        }
        f.data.push_back(std::move(law));
    }
    return f;
}

figure branching_figure(const analysis::branching_estimate& b) {
    figure f = titled("Branching ratio: multistep regression", "lag k (bins of " + std::to_string(b.bin_ms).substr(0, 4) + " ms)",
             "slope r_k");
    series data{{}, {}, series::style::points, "r_k", "#1f77b4", 2.5};
    series model{{}, {}, series::style::line, "b m^k, m = " + std::to_string(b.m).substr(0, 6), "#d62728", 1.5};
    for (std::size_t k = 0; k < b.r_k.size(); ++k) {
        data.x.push_back(double(k + 1));
        data.y.push_back(b.r_k[k]);
        model.x.push_back(double(k + 1));
        model.y.push_back(b.b * std::pow(b.m, double(k + 1)));
    }
    f.data.push_back(std::move(data));
    f.data.push_back(std::move(model));
    return f;
}

}  // namespace lamina::report
