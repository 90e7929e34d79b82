// Multistep-regression estimate of the branching ratio (Wilting & Priesemann 2018;
// see include/lamina/analysis/branching.hpp).
#include <lamina/analysis/branching.hpp>

#include "detail.hpp"

#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

// Residual sum of squares of r_k ~ b m^k with b at its least-squares value for this m:
// b = sum r_k m^k / sum m^2k, RSS = sum r_k^2 - (sum r_k m^k)^2 / sum m^2k.
struct fit_at {
    double rss, b;
};
fit_at fit_for(const std::vector<double>& r, double m) {
    double srm = 0.0, smm = 0.0, srr = 0.0, mk = 1.0;
    for (double rk : r) {
        mk *= m;
        srm += rk * mk;
        smm += mk * mk;
        srr += rk * rk;
    }
    if (!(smm > 0.0)) return {srr, 0.0};
    return {srr - srm * srm / smm, srm / smm};
}

}  // namespace

branching_estimate branching_ratio(std::span<const double> a, double bin_ms, std::size_t k_max) {
    const char* where = "branching_ratio";
    detail::check_positive(bin_ms, "bin_ms", where);
    if (k_max == 0) detail::fail(where, "k_max must be >= 1");
    if (a.size() < k_max + 10)
        detail::fail(where, "needs at least k_max + 10 = " + std::to_string(k_max + 10) + " samples, got " +
                                std::to_string(a.size()));
    for (double v : a)
        if (!std::isfinite(v)) detail::fail(where, "the activity contains a non-finite value (" + detail::fmt(v) + ")");
    branching_estimate e;
    e.bin_ms = bin_ms;
    e.r_k.resize(k_max);
    const std::size_t n = a.size();
    for (std::size_t k = 1; k <= k_max; ++k) {
        // Least-squares slope of a_{t+k} on a_t over the t where both exist.
        const std::size_t len = n - k;
        double mx = 0.0, my = 0.0;
        for (std::size_t t = 0; t < len; ++t) {
            mx += a[t];
            my += a[t + k];
        }
        mx /= double(len);
        my /= double(len);
        double sxx = 0.0, sxy = 0.0;
        for (std::size_t t = 0; t < len; ++t) {
            const double dx = a[t] - mx;
            sxx += dx * dx;
            sxy += dx * (a[t + k] - my);
        }
        if (!(sxx > 0.0)) detail::fail(where, "the activity is constant; no regression is possible");
        e.r_k[k - 1] = sxy / sxx;
    }
    e.m_naive = e.r_k[0];
    // m on a grid over (0, 1.5] (steps of 5e-4), then golden sections within one step of the best.
    constexpr int grid = 3000;
    constexpr double m_hi = 1.5;
    double best_m = m_hi / grid, best = fit_for(e.r_k, best_m).rss;
    for (int j = 2; j <= grid; ++j) {
        const double m = m_hi * j / grid;
        const double rss = fit_for(e.r_k, m).rss;
        if (rss < best) best = rss, best_m = m;
    }
    double lo = std::max(1e-9, best_m - m_hi / grid), hi = std::min(m_hi, best_m + m_hi / grid);
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    for (int it = 0; it < 60; ++it) {
        const double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
        if (fit_for(e.r_k, x1).rss < fit_for(e.r_k, x2).rss) hi = x2;
        else lo = x1;
    }
    e.m = 0.5 * (lo + hi);
    e.b = fit_for(e.r_k, e.m).b;
    e.tau_ms = e.m < 1.0 ? -bin_ms / std::log(e.m) : std::numeric_limits<double>::infinity();
    return e;
}

branching_estimate branching_ratio(const spike_trains& trains, double bin_ms, std::size_t k_max) {
    detail::check_trains(trains, "branching_ratio");
    const auto grid = detail::make_grid(trains, bin_ms, "branching_ratio");
    return branching_ratio(detail::population_count_vector(trains, grid, "branching_ratio"), bin_ms, k_max);
}

}  // namespace lamina::analysis
