// Spike-count correlation, STTC and Golomb's chi (see include/lamina/analysis/synchrony.hpp).
#include <lamina/analysis/synchrony.hpp>

#include "core/rng.hpp"
#include "count_gram.hpp"
#include "detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Pair number p (row order over i < j) -> (i, j). Row i starts at i n - i (i + 1) / 2.
unit_pair pair_from_index(std::uint64_t p, std::uint64_t n) {
    // Solve for the row with the quadratic formula, then correct rounding by one step either way.
    const double nn = double(n);
    auto i = static_cast<std::uint64_t>(std::floor(nn - 0.5 - std::sqrt((nn - 0.5) * (nn - 0.5) - 2.0 * double(p))));
    auto row_start = [n](std::uint64_t r) { return r * n - r * (r + 1) / 2; };
    while (i > 0 && row_start(i) > p) --i;
    while (i + 1 < n && row_start(i + 1) <= p) ++i;
    const std::uint64_t j = i + 1 + (p - row_start(i));
    return {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
}

void check_pairs(std::span<const unit_pair> pairs, std::size_t n, const char* where) {
    for (const auto& p : pairs)
        if (p.i >= n || p.j >= n)
            detail::fail(where, "pair (" + std::to_string(p.i) + ", " + std::to_string(p.j) + ") names a unit beyond the " +
                                    std::to_string(n) + " units");
}

// Runs of spikes in the same bin, in bin order: (bin, count).
struct run_reader {
    const double* p;
    const double* e;
    const detail::bin_grid& g;
    std::size_t bin = 0;
    double count = 0.0;
    bool next() {
        if (p == e) return false;
        bin = g.bin_of(*p);
        if (bin >= g.bins) {
            p = e;
            return false;
        }
        count = 0.0;
        while (p != e && g.bin_of(*p) == bin) {
            ++p;
            count += 1.0;
        }
        return true;
    }
};

// Sum over bins of c_a c_b by merging the two runs sequences.
double cross_moment(std::span<const double> a, std::span<const double> b, const detail::bin_grid& g) {
    run_reader ra{a.data(), a.data() + a.size(), g}, rb{b.data(), b.data() + b.size(), g};
    double sum = 0.0;
    bool ha = ra.next(), hb = rb.next();
    while (ha && hb) {
        if (ra.bin < rb.bin) ha = ra.next();
        else if (rb.bin < ra.bin) hb = rb.next();
        else {
            sum += ra.count * rb.count;
            ha = ra.next();
            hb = rb.next();
        }
    }
    return sum;
}

// Fraction of [t0, t1] within +-dt of a spike of `a` (union of the intervals, clipped).
double tiled_fraction(std::span<const double> a, double t0, double t1, double dt) {
    double covered = 0.0, lo = 0.0, hi = -std::numeric_limits<double>::infinity();
    for (double t : a) {
        const double l = std::max(t - dt, t0), h = std::min(t + dt, t1);
        if (l > hi) {
            if (hi > lo) covered += hi - lo;
            lo = l;
        }
        hi = std::max(hi, h);
    }
    if (hi > lo) covered += hi - lo;
    return covered / (t1 - t0);
}

// Fraction of the spikes of `a` within +-dt of a spike of `b` (two pointers over sorted trains).
double proportion_near(std::span<const double> a, std::span<const double> b, double dt) {
    std::size_t j = 0, near = 0;
    for (double t : a) {
        while (j < b.size() && b[j] < t - dt) ++j;
        if (j < b.size() && b[j] <= t + dt) ++near;
    }
    return double(near) / double(a.size());
}

double sttc_term(double p, double t) {
    const double den = 1.0 - p * t;
    return den == 0.0 ? 1.0 : (p - t) / den;
}

std::span<const double> clip(std::span<const double> a, double t0, double t1) {
    const auto lo = std::lower_bound(a.begin(), a.end(), t0);
    const auto hi = std::upper_bound(lo, a.end(), t1);
    return a.subspan(static_cast<std::size_t>(lo - a.begin()), static_cast<std::size_t>(hi - lo));
}

}  // namespace

std::vector<unit_pair> all_pairs(std::size_t n_units) {
    std::vector<unit_pair> out;
    out.reserve(n_units * (n_units > 0 ? n_units - 1 : 0) / 2);
    for (std::size_t i = 0; i < n_units; ++i)
        for (std::size_t j = i + 1; j < n_units; ++j)
            out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
    return out;
}

std::vector<unit_pair> sample_pairs(std::size_t n_units, std::size_t n_pairs, std::uint64_t seed) {
    const std::uint64_t total = std::uint64_t(n_units) * (n_units > 0 ? n_units - 1 : 0) / 2;
    if (n_pairs >= total) return all_pairs(n_units);
    // Draw pair numbers, then deduplicate and top up: a few rounds even when n_pairs ~ total / 2.
    core::rng_stream rng(seed, static_cast<std::uint32_t>(core::stream_purpose::user) + 11, 0);
    std::vector<std::uint64_t> idx;
    idx.reserve(n_pairs);
    while (idx.size() < n_pairs) {
        while (idx.size() < n_pairs) idx.push_back(rng.below(total));
        std::sort(idx.begin(), idx.end());
        idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
    }
    std::vector<unit_pair> out(n_pairs);
    for (std::size_t k = 0; k < n_pairs; ++k) out[k] = pair_from_index(idx[k], n_units);
    return out;
}

std::vector<pair_value> spike_count_correlation(const spike_trains& trains, double bin_ms,
                                                std::span<const unit_pair> pairs) {
    const char* where = "spike_count_correlation";
    detail::check_trains(trains, where);
    check_pairs(pairs, trains.units(), where);
    const detail::bin_grid grid = detail::make_grid(trains, bin_ms, where);
    if (grid.bins < 2) detail::fail(where, "bin_ms = " + detail::fmt(bin_ms) + " leaves fewer than two bins");
    const double b = double(grid.bins);
    std::vector<pair_value> out;
    if (pairs.empty()) {
        const auto cov = detail::count_covariance(detail::accumulate_count_moments(trains, grid));
        const std::size_t n = trains.units();
        out.reserve(n * (n > 0 ? n - 1 : 0) / 2);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {
                const double vi = cov(Eigen::Index(i), Eigen::Index(i)), vj = cov(Eigen::Index(j), Eigen::Index(j));
                const double r = vi > 0.0 && vj > 0.0 ? cov(Eigen::Index(j), Eigen::Index(i)) / std::sqrt(vi * vj) : nan;
                out.push_back({std::uint32_t(i), std::uint32_t(j), r});
            }
        return out;
    }
    // Per-unit moments once, then one merge of the two trains per pair.
    std::vector<detail::unit_moments> mom(trains.units());
    std::vector<std::span<const double>> spikes(trains.units());
    for (std::size_t u = 0; u < trains.units(); ++u) {
        spikes[u] = detail::window_spikes(trains, u);
        mom[u] = detail::unit_count_moments(spikes[u], grid);
    }
    out.reserve(pairs.size());
    for (const auto& p : pairs) {
        const auto& a = mom[p.i];
        const auto& c = mom[p.j];
        const double va = a.sum2 - a.sum * a.sum / b, vc = c.sum2 - c.sum * c.sum / b;
        double r = nan;
        if (va > 0.0 && vc > 0.0) r = (cross_moment(spikes[p.i], spikes[p.j], grid) - a.sum * c.sum / b) / std::sqrt(va * vc);
        out.push_back({p.i, p.j, r});
    }
    return out;
}

double sttc(std::span<const double> a, std::span<const double> b, double t_start, double t_stop, double dt_ms) {
    const char* where = "sttc";
    detail::check_positive(dt_ms, "dt_ms", where);
    if (!std::isfinite(t_start) || !std::isfinite(t_stop) || !(t_stop > t_start))
        detail::fail(where, "the window [" + detail::fmt(t_start) + ", " + detail::fmt(t_stop) + "] ms is empty");
    if (!std::is_sorted(a.begin(), a.end()) || !std::is_sorted(b.begin(), b.end()))
        detail::fail(where, "spike times must be sorted");
    a = clip(a, t_start, t_stop);
    b = clip(b, t_start, t_stop);
    if (a.empty() || b.empty()) return nan;
    const double ta = tiled_fraction(a, t_start, t_stop, dt_ms), tb = tiled_fraction(b, t_start, t_stop, dt_ms);
    const double pa = proportion_near(a, b, dt_ms), pb = proportion_near(b, a, dt_ms);
    return 0.5 * (sttc_term(pa, tb) + sttc_term(pb, ta));
}

std::vector<pair_value> sttc_pairs(const spike_trains& trains, std::span<const unit_pair> pairs, double dt_ms) {
    const char* where = "sttc_pairs";
    detail::check_trains(trains, where);
    detail::check_positive(dt_ms, "dt_ms", where);
    check_pairs(pairs, trains.units(), where);
    // T_A depends on one unit only: compute it once per unit that appears in a pair.
    std::vector<double> tiled(trains.units(), -1.0);
    std::vector<pair_value> out;
    out.reserve(pairs.size());
    const double t0 = trains.t_start, t1 = trains.t_stop;
    for (const auto& p : pairs) {
        const auto a = detail::window_spikes(trains, p.i), b = detail::window_spikes(trains, p.j);
        double v = nan;
        if (!a.empty() && !b.empty()) {
            if (tiled[p.i] < 0.0) tiled[p.i] = tiled_fraction(a, t0, t1, dt_ms);
            if (tiled[p.j] < 0.0) tiled[p.j] = tiled_fraction(b, t0, t1, dt_ms);
            v = 0.5 * (sttc_term(proportion_near(a, b, dt_ms), tiled[p.j]) +
                       sttc_term(proportion_near(b, a, dt_ms), tiled[p.i]));
        }
        out.push_back({p.i, p.j, v});
    }
    return out;
}

double golomb_chi(const spike_trains& trains, double bin_ms) {
    const char* where = "golomb_chi";
    detail::check_trains(trains, where);
    const detail::bin_grid grid = detail::make_grid(trains, bin_ms, where);
    const double b = double(grid.bins);
    // Mean of the single-unit variances; units whose counts never vary carry no signal and are
    // left out (they would only dilute chi by the fraction of silent units).
    double var_sum = 0.0;
    std::size_t varying = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto m = detail::unit_count_moments(detail::window_spikes(trains, u), grid);
        const double var = m.sum2 / b - (m.sum / b) * (m.sum / b);
        if (var > 0.0) {
            var_sum += var;
            ++varying;
        }
    }
    if (varying == 0) return nan;
    double s = 0.0, s2 = 0.0;
    detail::for_each_population_chunk(trains, grid, [&](std::size_t, std::span<const std::uint32_t> c) {
        for (const std::uint32_t v : c) {
            s += double(v);
            s2 += double(v) * double(v);
        }
    });
    const double pop_var = s2 / b - (s / b) * (s / b);  // variance of the summed counts
    const double n = double(varying);
    return std::sqrt(std::max(0.0, pop_var / (n * n)) / (var_sum / n));
}

}  // namespace lamina::analysis
