// Population rate, smoothed rate and Fano factor (see include/lamina/analysis/rates.hpp).
#include <lamina/analysis/rates.hpp>

#include "detail.hpp"

#include <cmath>
#include <limits>

namespace lamina::analysis {

using detail::bin_grid;

time_series population_counts(const spike_trains& trains, double bin_ms) {
    detail::check_trains(trains, "population_counts");
    const bin_grid grid = detail::make_grid(trains, bin_ms, "population_counts");
    return {grid.t0, grid.width, detail::population_count_vector(trains, grid, "population_counts")};
}

time_series population_rate(const spike_trains& trains, double bin_ms) {
    detail::check_trains(trains, "population_rate");
    if (trains.units() == 0) detail::fail("population_rate", "there are no units");
    const bin_grid grid = detail::make_grid(trains, bin_ms, "population_rate");
    time_series out{grid.t0, grid.width, detail::population_count_vector(trains, grid, "population_rate")};
    // spikes per bin -> Hz per unit: divide by units and by the bin in seconds.
    const double scale = 1000.0 / (bin_ms * double(trains.units()));
    for (double& v : out.values) v *= scale;
    return out;
}

time_series smoothed_population_rate(const spike_trains& trains, double sigma_ms, double bin_ms) {
    const char* where = "smoothed_population_rate";
    detail::check_trains(trains, where);
    detail::check_positive(sigma_ms, "sigma_ms", where);
    if (trains.units() == 0) detail::fail(where, "there are no units");
    const bin_grid grid = detail::make_grid(trains, bin_ms, where);
    const std::vector<double> counts = detail::population_count_vector(trains, grid, where);
    // Truncating at 4 sigma loses 6e-5 of the kernel's mass; the weights are renormalised anyway.
    const auto half = static_cast<std::ptrdiff_t>(std::ceil(4.0 * sigma_ms / bin_ms));
    std::vector<double> w(static_cast<std::size_t>(2 * half + 1));
    for (std::ptrdiff_t j = -half; j <= half; ++j) {
        const double x = double(j) * bin_ms / sigma_ms;
        w[static_cast<std::size_t>(j + half)] = std::exp(-0.5 * x * x);
    }
    const double scale = 1000.0 / (bin_ms * double(trains.units()));
    const auto n = static_cast<std::ptrdiff_t>(grid.bins);
    time_series out{grid.t0, grid.width, std::vector<double>(grid.bins)};
    double* y = out.values.data();
    // Tap by tap over blocks of outputs: the inner loop has no reduction, so it vectorises, and a
    // block of counts and outputs stays in the L1 cache across the taps. The kernel is symmetric,
    // so taps +j and -j share one multiplication.
    constexpr std::ptrdiff_t block = 512;
    const double* c = counts.data();
    for (std::ptrdiff_t k0 = 0; k0 < n; k0 += block) {
        const std::ptrdiff_t k1 = std::min(n, k0 + block);
        {
            const double w0 = w[static_cast<std::size_t>(half)];
            for (std::ptrdiff_t k = k0; k < k1; ++k) y[k] = w0 * c[k];
        }
        for (std::ptrdiff_t j = 1; j <= half; ++j) {
            const double wj = w[static_cast<std::size_t>(j + half)];
            // Interior: both k - j and k + j inside [0, n).
            const std::ptrdiff_t lo = std::max(k0, j), hi = std::min(k1, n - j);
            for (std::ptrdiff_t k = lo; k < hi; ++k) y[k] += wj * (c[k - j] + c[k + j]);
            for (std::ptrdiff_t k = k0; k < std::min(k1, lo); ++k)  // near the start: only k + j
                if (k + j < n) y[k] += wj * c[k + j];
            for (std::ptrdiff_t k = std::max(k0, hi); k < k1; ++k)  // near the end: only k - j
                if (k - j >= 0) y[k] += wj * c[k - j];
        }
    }
    // Normalise by the kernel mass inside the window: the full mass away from the edges.
    double full = 0.0;
    for (double v : w) full += v;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        double norm = full;
        if (k < half || k >= n - half) {
            norm = 0.0;
            for (std::ptrdiff_t j = std::max(-half, -k); j <= std::min(half, n - 1 - k); ++j)
                norm += w[static_cast<std::size_t>(j + half)];
        }
        y[k] *= scale / norm;
    }
    return out;
}

std::vector<double> fano_factor(const spike_trains& trains, double window_ms) {
    const char* where = "fano_factor";
    detail::check_trains(trains, where);
    const bin_grid grid = detail::make_grid(trains, window_ms, where);
    if (grid.bins < 2)
        detail::fail(where, "window_ms = " + detail::fmt(window_ms) + " leaves fewer than two windows in the " +
                                detail::fmt(trains.duration()) + " ms observation window");
    const double w = double(grid.bins);
    std::vector<double> out(trains.units(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto m = detail::unit_count_moments(detail::window_spikes(trains, u), grid);
        const double sum = m.sum, sum2 = m.sum2;
        if (sum == 0.0) continue;
        const double mean = sum / w;
        const double var = (sum2 - sum * mean) / (w - 1.0);
        out[u] = var / mean;
    }
    return out;
}

double mean_population_rate(const spike_trains& trains) {
    detail::check_trains(trains, "mean_population_rate");
    if (trains.units() == 0) detail::fail("mean_population_rate", "there are no units");
    std::size_t spikes = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        spikes += r.last - r.first;
    }
    return double(spikes) / (double(trains.units()) * trains.duration() * 1e-3);
}

}  // namespace lamina::analysis
