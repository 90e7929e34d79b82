// Single-unit burst detection: MaxInterval and logISI (see include/lamina/analysis/bursts.hpp).
#include <lamina/analysis/bursts.hpp>

#include "detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_sorted(std::span<const double> s, std::size_t unit, const char* where) {
    for (std::size_t k = 1; k < s.size(); ++k)
        if (s[k] < s[k - 1]) detail::fail(where, "spike times of unit " + std::to_string(unit) + " are not sorted");
}

burst make_burst(std::size_t unit, std::size_t offset, std::span<const double> s, std::size_t first, std::size_t last) {
    return {static_cast<std::uint32_t>(unit), static_cast<std::uint32_t>(offset + first),
            static_cast<std::uint32_t>(last - first + 1), s[first], s[last]};
}

// Calls emit(first, last) for each maximal run of spikes whose consecutive ISIs are all <= max_isi
// and that has at least min_spikes spikes.
template <class Emit>
void isi_runs(std::span<const double> s, double max_isi, std::size_t min_spikes, Emit&& emit) {
    std::size_t first = 0;
    for (std::size_t k = 1; k <= s.size(); ++k) {
        if (k < s.size() && s[k] - s[k - 1] <= max_isi) continue;
        if (k - first >= min_spikes) emit(first, k - 1);
        first = k;
    }
}

// Local linear regression with tricube weights over the `span` fraction of points nearest each
// x (Cleveland 1979's lowess without the robustness iterations), on equally spaced points.
std::vector<double> lowess_equally_spaced(const std::vector<double>& y, double span) {
    const std::size_t n = y.size();
    const std::size_t k = std::min(n, std::max<std::size_t>(3, static_cast<std::size_t>(std::ceil(span * double(n)))));
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        // The k nearest indices form a window around i, shifted inside [0, n).
        std::size_t lo = i >= k / 2 ? i - k / 2 : 0;
        lo = std::min(lo, n - k);
        const std::size_t hi = lo + k - 1;
        const double h = std::max(double(i - lo), double(hi - i)) + 1e-9;
        double sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
        for (std::size_t j = lo; j <= hi; ++j) {
            const double d = std::fabs(double(j) - double(i)) / h;
            const double w = std::pow(1.0 - d * d * d, 3.0);
            const double x = double(j) - double(i);
            sw += w, sx += w * x, sy += w * y[j], sxx += w * x * x, sxy += w * x * y[j];
        }
        const double det = sw * sxx - sx * sx;
        // Value of the local line at x = 0 (the point itself).
        out[i] = det > 1e-12 * sw * sw ? (sxx * sy - sx * sxy) / det : sy / sw;
    }
    return out;
}

void check_logisi(const logisi_options& o, const char* where) {
    detail::check_positive(o.isi_cutoff_ms, "isi_cutoff_ms", where);
    detail::check_positive(o.bins_per_decade, "bins_per_decade", where);
    detail::check_positive(o.lowess_span, "lowess_span", where);
    detail::check_positive(o.max_threshold_ms, "max_threshold_ms", where);
    if (!(o.void_threshold > 0.0 && o.void_threshold < 1.0))
        detail::fail(where, "void_threshold must be in (0, 1), got " + detail::fmt(o.void_threshold));
    if (o.min_spikes < 2) detail::fail(where, "min_spikes must be >= 2, got " + std::to_string(o.min_spikes));
}

double threshold_of(std::span<const double> s, const logisi_options& o) {
    // Histogram of log10(ISI / ms); zero ISIs (coincident spikes) have no logarithm and are skipped.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    std::size_t used = 0;
    for (std::size_t k = 1; k < s.size(); ++k) {
        const double isi = s[k] - s[k - 1];
        if (isi <= 0.0) continue;
        const double l = std::log10(isi);
        lo = std::min(lo, l), hi = std::max(hi, l);
        ++used;
    }
    if (used < 10) return nan;  // too few intervals for a histogram with two peaks
    const double w = 1.0 / o.bins_per_decade;
    const double start = std::floor(lo / w) * w;
    const auto bins = static_cast<std::size_t>(std::floor((hi - start) / w)) + 1;
    if (bins < 5) return nan;
    std::vector<double> h(bins, 0.0);
    for (std::size_t k = 1; k < s.size(); ++k) {
        const double isi = s[k] - s[k - 1];
        if (isi <= 0.0) continue;
        h[std::min(bins - 1, static_cast<std::size_t>((std::log10(isi) - start) / w))] += 1.0;
    }
    std::vector<double> y = lowess_equally_spaced(h, o.lowess_span);
    for (double& v : y) v = std::max(v, 0.0);
    auto centre_ms = [&](std::size_t i) { return std::pow(10.0, start + (double(i) + 0.5) * w); };
    // Local maxima (a plateau counts once, at its first bin), end points excluded as in findpeaks.
    std::vector<std::size_t> peaks;
    for (std::size_t i = 1; i + 1 < bins; ++i) {
        if (!(y[i] > y[i - 1])) continue;
        std::size_t j = i;
        while (j + 1 < bins && y[j + 1] == y[i]) ++j;
        if (j + 1 < bins && y[j + 1] < y[i]) peaks.push_back(i);
    }
    // The intra-burst peak: the largest peak below the cutoff.
    std::size_t p1 = bins;
    for (std::size_t p : peaks)
        if (centre_ms(p) <= o.isi_cutoff_ms && (p1 == bins || y[p] > y[p1])) p1 = p;
    if (p1 == bins) return nan;
    for (std::size_t p2 : peaks) {
        if (p2 <= p1 || !(y[p2] > 0.0)) continue;
        const auto m = static_cast<std::size_t>(std::min_element(y.begin() + std::ptrdiff_t(p1), y.begin() + std::ptrdiff_t(p2) + 1) - y.begin());
        const double void_param = 1.0 - y[m] / std::sqrt(y[p1] * y[p2]);
        if (void_param >= o.void_threshold) {
            const double th = centre_ms(m);
            return th <= o.max_threshold_ms ? th : nan;
        }
    }
    return nan;
}

}  // namespace

std::vector<burst> max_interval_bursts(const spike_trains& trains, const max_interval_options& o) {
    const char* where = "max_interval_bursts";
    detail::check_trains(trains, where);
    detail::check_positive(o.max_begin_isi_ms, "max_begin_isi_ms", where);
    detail::check_positive(o.max_end_isi_ms, "max_end_isi_ms", where);
    if (!(o.min_ibi_ms >= 0.0)) detail::fail(where, "min_ibi_ms must be >= 0, got " + detail::fmt(o.min_ibi_ms));
    if (!(o.min_duration_ms >= 0.0))
        detail::fail(where, "min_duration_ms must be >= 0, got " + detail::fmt(o.min_duration_ms));
    std::vector<burst> out;
    std::size_t longest = 0, total = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        longest = std::max(longest, r.last - r.first);
        total += r.last - r.first;
    }
    out.reserve(total / 8);  // a guess that saves most regrowth (bursts have >= 3 spikes)
    std::vector<std::uint32_t> starts(longest), ends(longest);  // scratch, reused for every unit
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        const auto s = trains.unit(u).subspan(r.first, r.last - r.first);
        check_sorted(s, u, where);
        // Phase 1 as a two-state machine over the ISIs: outside a burst an ISI <= max_begin
        // starts one at its first spike; inside, an ISI > max_end ends it at its first spike.
        // The event indices are written unconditionally and kept by advancing a counter, so the
        // loop has no data-dependent branch (ISIs near the thresholds would mispredict half the time).
        std::size_t ns = 0, ne = 0;
        bool in = false;
        for (std::size_t k = 0; k + 1 < s.size(); ++k) {
            const double isi = s[k + 1] - s[k];
            const bool next = in ? isi <= o.max_end_isi_ms : isi <= o.max_begin_isi_ms;
            starts[ns] = static_cast<std::uint32_t>(k);
            ns += static_cast<std::size_t>(!in && next);
            ends[ne] = static_cast<std::uint32_t>(k);
            ne += static_cast<std::size_t>(in && !next);
            in = next;
        }
        if (in) ends[ne++] = static_cast<std::uint32_t>(s.size() - 1);
        // Phase 2 merges runs closer than min_ibi (end to next start); phase 3 filters each merged burst.
        for (std::size_t b = 0; b < ns;) {
            const std::size_t first = starts[b];
            std::size_t last = ends[b];
            for (++b; b < ns && s[starts[b]] - s[last] < o.min_ibi_ms; ++b) last = ends[b];
            if (last - first + 1 >= o.min_spikes && s[last] - s[first] >= o.min_duration_ms)
                out.push_back(make_burst(u, r.first, s, first, last));
        }
    }
    return out;
}

double logisi_threshold(std::span<const double> unit_times, const logisi_options& options) {
    check_logisi(options, "logisi_threshold");
    check_sorted(unit_times, 0, "logisi_threshold");
    return threshold_of(unit_times, options);
}

std::vector<burst> logisi_bursts(const spike_trains& trains, const logisi_options& o) {
    const char* where = "logisi_bursts";
    detail::check_trains(trains, where);
    check_logisi(o, where);
    std::vector<burst> out;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        const auto s = trains.unit(u).subspan(r.first, r.last - r.first);
        check_sorted(s, u, where);
        const double th = threshold_of(s, o);
        if (!(th > o.isi_cutoff_ms)) {
            // Threshold below the cutoff (or none found: the cutoff itself) defines the bursts.
            isi_runs(s, std::isfinite(th) ? th : o.isi_cutoff_ms, o.min_spikes,
                     [&](std::size_t f, std::size_t l) { out.push_back(make_burst(u, r.first, s, f, l)); });
            continue;
        }
        // Threshold above the cutoff: cores at the cutoff, extended at both ends by ISIs <= th
        // ("burst-related spikes", Pasquale et al. 2010); cores that the extension links merge.
        bool open = false;
        std::size_t bf = 0, bl = 0;
        isi_runs(s, o.isi_cutoff_ms, o.min_spikes, [&](std::size_t f, std::size_t l) {
            while (f > 0 && s[f] - s[f - 1] <= th) --f;
            while (l + 1 < s.size() && s[l + 1] - s[l] <= th) ++l;
            if (open && f <= bl) {
                bl = std::max(bl, l);
                return;
            }
            if (open) out.push_back(make_burst(u, r.first, s, bf, bl));
            open = true;
            bf = f;
            bl = l;
        });
        if (open) out.push_back(make_burst(u, r.first, s, bf, bl));
    }
    return out;
}

}  // namespace lamina::analysis
