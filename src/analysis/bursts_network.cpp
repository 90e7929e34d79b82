// Network bursts and burst summaries (see include/lamina/analysis/bursts.hpp).
#include <lamina/analysis/bursts.hpp>
#include <lamina/spike_statistics.hpp>

#include "detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Running mean and variance of inter-burst intervals (Welford), for their CV (population s.d., as cv_isi).
struct ibi_accumulator {
    std::size_t n = 0;
    double mean = 0.0, m2 = 0.0;
    void add(double x) {
        ++n;
        const double d = x - mean;
        mean += d / double(n);
        m2 += d * (x - mean);
    }
    double cv() const { return n >= 2 && mean > 0.0 ? std::sqrt(m2 / double(n)) / mean : nan; }
};

std::size_t window_spike_count(const spike_trains& trains) {
    std::size_t n = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = detail::window_range(trains, u);
        n += r.last - r.first;
    }
    return n;
}

}  // namespace

std::vector<network_burst> network_bursts(const spike_trains& trains, const network_burst_options& o) {
    const char* where = "network_bursts";
    detail::check_trains(trains, where);
    detail::check_positive(o.window_ms, "window_ms", where);
    if (!(o.min_active_fraction >= 0.0 && o.min_active_fraction <= 1.0))
        detail::fail(where, "min_active_fraction must be in [0, 1], got " + detail::fmt(o.min_active_fraction));
    if (!(o.min_unit_rate_hz >= 0.0)) detail::fail(where, "min_unit_rate_hz must be >= 0, got " + detail::fmt(o.min_unit_rate_hz));
    if (!(o.merge_gap_ms >= 0.0)) detail::fail(where, "merge_gap_ms must be >= 0, got " + detail::fmt(o.merge_gap_ms));
    if (o.min_units == 0) detail::fail(where, "min_units must be >= 1");
    if (!(o.chance_p >= 0.0 && o.chance_p < 1.0)) detail::fail(where, "chance_p must be in [0, 1), got " + detail::fmt(o.chance_p));
    const detail::bin_grid grid = detail::make_grid(trains, o.step_ms, where);
    const double seconds = trains.duration() * 1e-3;

    const auto half = static_cast<std::ptrdiff_t>(std::llround(0.5 * o.window_ms / o.step_ms));
    const double covered_s = double(2 * half + 1) * o.step_ms * 1e-3;  // time a spike keeps its unit active
    std::vector<std::span<const double>> spikes(trains.units());
    std::vector<char> is_active(trains.units(), 0);
    std::size_t active = 0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        spikes[u] = detail::window_spikes(trains, u);
        const double rate = double(spikes[u].size()) / seconds;
        if (spikes[u].empty() || rate < o.min_unit_rate_hz) continue;
        is_active[u] = 1;
        ++active;
    }
    const auto base_needed = std::max(o.min_units, static_cast<std::size_t>(std::ceil(o.min_active_fraction * double(active))));
    std::vector<network_burst> out;
    if (active < base_needed) return out;

    // Units active within +-half of each grid point: each unit adds +1 over the union of the
    // grid intervals its spikes cover (a difference array), so the cost is linear in spikes.
    const auto g = static_cast<std::ptrdiff_t>(grid.bins);
    std::vector<std::int32_t> level(grid.bins + 1, 0);
    for (std::size_t u = 0; u < trains.units(); ++u) {
        if (!is_active[u]) continue;
        std::ptrdiff_t lo = -1, hi = -2;
        for (double t : spikes[u]) {
            const auto b = static_cast<std::ptrdiff_t>(std::min<std::size_t>(grid.bin_of(t), grid.bins - 1));
            const std::ptrdiff_t l = std::max<std::ptrdiff_t>(0, b - half), h = std::min(g - 1, b + half);
            if (l > hi + 1) {
                if (hi >= lo && lo >= 0) ++level[std::size_t(lo)], --level[std::size_t(hi + 1)];
                lo = l;
            }
            hi = std::max(hi, h);
        }
        if (hi >= lo && lo >= 0) ++level[std::size_t(lo)], --level[std::size_t(hi + 1)];
    }
    for (std::ptrdiff_t k = 1; k < g; ++k) level[std::size_t(k)] += level[std::size_t(k - 1)];

    // Chance-level floor: the smallest count that independent Poisson units reach at a grid point
    // with probability <= chance_p (Poisson-binomial tail), from each unit's mean rate. When the
    // mean rates are themselves dominated by bursts (e.g. under a GABA_A block, where nearly every
    // spike is in one) that floor can exceed the number of active units and would hide every burst;
    // then the rates are measured from the background between bursts: outside the spans that reach
    // the threshold, starting from the fraction threshold and raising the threshold to the floor
    // those rates give until it no longer rises. Stopping after the first step would take the
    // background of a few fast units from their quietest moments only (11 independent Poisson
    // units at 5 Hz reach 3 of them most of the time) and count chance coincidences as bursts.
    auto chance_floor = [&](auto rate_of) {
        std::vector<double> chance{1.0};
        for (std::size_t u = 0; u < trains.units(); ++u) {
            if (!is_active[u]) continue;
            const double p = -std::expm1(-rate_of(u) * covered_s);
            chance.push_back(0.0);
            for (std::size_t k = chance.size() - 1; k > 0; --k) chance[k] = chance[k] * (1.0 - p) + chance[k - 1] * p;
            chance[0] *= 1.0 - p;
        }
        double tail = 0.0;
        std::size_t k_chance = chance.size();  // unreachable by chance: never
        for (std::size_t k = chance.size(); k-- > 0;) {
            tail += chance[k];
            if (tail > o.chance_p) break;
            k_chance = k;
        }
        return k_chance;
    };
    auto floor_outside_spans_reaching = [&](std::size_t threshold) {
        const auto reaches = [&](std::size_t bin) { return level[bin] >= static_cast<std::int32_t>(threshold); };
        std::size_t quiet_bins = 0;
        for (std::size_t k = 0; k < grid.bins; ++k) quiet_bins += !reaches(k);
        const double quiet_s = double(quiet_bins) * grid.width * 1e-3;
        if (quiet_s <= 0.0) return trains.units() + 1;  // no background to measure: no burst
        return chance_floor([&](std::size_t u) {
            const auto outside = std::count_if(spikes[u].begin(), spikes[u].end(),
                                               [&](double t) { return !reaches(std::min<std::size_t>(grid.bin_of(t), grid.bins - 1)); });
            return double(outside) / quiet_s;
        });
    };
    std::size_t k_chance = 0;
    if (o.chance_p > 0.0) {
        k_chance = chance_floor([&](std::size_t u) { return double(spikes[u].size()) / seconds; });
        if (k_chance > active) {
            std::size_t threshold = base_needed;
            for (;;) {
                const std::size_t k = floor_outside_spans_reaching(threshold);
                if (k <= threshold || k > active) {
                    k_chance = std::max(k, threshold);
                    break;
                }
                threshold = k;
            }
        }
    }
    const auto needed = std::max(base_needed, k_chance);
    if (active < needed) return out;

    // Runs of grid points at or above the threshold; each becomes [first spike, last spike] of the
    // spikes inside the run's time span (the span of times whose window holds enough units). The
    // span widened by the half window would also take in background spikes from either side.
    auto spikes_in = [&](double a, double b, double& first, double& last) {
        first = std::numeric_limits<double>::infinity(), last = -first;
        for (const auto& s : spikes) {
            const auto lo = std::lower_bound(s.begin(), s.end(), a);
            const auto hi = std::lower_bound(lo, s.end(), b);
            if (lo == hi) continue;
            first = std::min(first, *lo);
            last = std::max(last, *(hi - 1));
        }
        return first <= last;
    };
    auto add_burst = [&](std::ptrdiff_t g0, std::ptrdiff_t g1) {
        double first, last;
        if (!spikes_in(grid.t0 + double(g0) * grid.width, grid.t0 + double(g1 + 1) * grid.width, first, last))
            spikes_in(grid.t0 + double(std::max<std::ptrdiff_t>(0, g0 - half)) * grid.width,
                      grid.t0 + double(std::min(g, g1 + half + 1)) * grid.width, first, last);
        if (!out.empty() && first - out.back().end_ms < o.merge_gap_ms) out.back().end_ms = std::max(out.back().end_ms, last);
        else out.push_back({first, last, 0, 0});
    };
    std::ptrdiff_t run_start = -1;
    for (std::ptrdiff_t k = 0; k < g; ++k) {
        const bool on = level[std::size_t(k)] >= static_cast<std::int32_t>(needed);
        if (on && run_start < 0) run_start = k;
        if (!on && run_start >= 0) {
            add_burst(run_start, k - 1);
            run_start = -1;
        }
    }
    if (run_start >= 0) add_burst(run_start, g - 1);
    // Bursts whose covered spans overlap can end up overlapping; join them.
    std::vector<network_burst> joined;
    for (const auto& nb : out) {
        if (!joined.empty() && nb.start_ms <= joined.back().end_ms) joined.back().end_ms = std::max(joined.back().end_ms, nb.end_ms);
        else joined.push_back(nb);
    }
    for (auto& nb : joined)
        for (const auto& s : spikes) {
            const auto lo = std::lower_bound(s.begin(), s.end(), nb.start_ms);
            const auto hi = std::upper_bound(lo, s.end(), nb.end_ms);
            if (lo == hi) continue;
            nb.spikes += static_cast<std::size_t>(hi - lo);
            ++nb.units;
        }
    return joined;
}

burst_summary summarize_bursts(const spike_trains& trains, std::span<const burst> bursts) {
    const char* where = "summarize_bursts";
    detail::check_trains(trains, where);
    const double minutes = trains.duration() / 60000.0;
    burst_summary s;
    s.units.resize(trains.units());
    std::vector<ibi_accumulator> ibi(trains.units());
    std::vector<double> last_end(trains.units(), nan), dur(trains.units(), 0.0), spk(trains.units(), 0.0);
    double all_dur = 0.0, all_spk = 0.0;
    for (std::size_t k = 0; k < bursts.size(); ++k) {
        const burst& b = bursts[k];
        if (b.unit >= trains.units())
            detail::fail(where, "burst " + std::to_string(k) + " names unit " + std::to_string(b.unit) + " of " +
                                    std::to_string(trains.units()));
        if (std::size_t(b.first_spike) + b.spikes > trains.unit(b.unit).size() || !(b.end_ms >= b.start_ms))
            detail::fail(where, "burst " + std::to_string(k) + " does not fit unit " + std::to_string(b.unit) + "'s spikes");
        if (k > 0 && (bursts[k - 1].unit > b.unit || (bursts[k - 1].unit == b.unit && bursts[k - 1].start_ms > b.start_ms)))
            detail::fail(where, "bursts must be sorted by unit, then time (as the detectors return them)");
        if (std::isfinite(last_end[b.unit])) ibi[b.unit].add(b.start_ms - last_end[b.unit]);
        last_end[b.unit] = b.end_ms;
        ++s.units[b.unit].bursts;
        dur[b.unit] += b.end_ms - b.start_ms;
        spk[b.unit] += b.spikes;
        all_dur += b.end_ms - b.start_ms;
        all_spk += b.spikes;
    }
    double total_spikes = 0.0, rate_sum = 0.0;
    std::vector<double> cvs;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        auto& st = s.units[u];
        const auto r = detail::window_range(trains, u);
        const double n_spikes = double(r.last - r.first);
        total_spikes += n_spikes;
        st.rate_per_min = double(st.bursts) / minutes;
        st.mean_duration_ms = st.bursts ? dur[u] / double(st.bursts) : nan;
        st.mean_spikes = st.bursts ? spk[u] / double(st.bursts) : nan;
        st.fraction_spikes_in_bursts = n_spikes > 0.0 ? spk[u] / n_spikes : nan;
        st.ibi_cv = ibi[u].cv();
        st.mean_units = st.bursts ? 1.0 : nan;
        if (st.bursts) {
            ++s.bursting_units;
            rate_sum += st.rate_per_min;
            cvs.push_back(st.ibi_cv);
        }
    }
    auto& p = s.population;
    p.bursts = bursts.size();
    p.rate_per_min = s.bursting_units ? rate_sum / double(s.bursting_units) : 0.0;
    p.mean_duration_ms = bursts.empty() ? nan : all_dur / double(bursts.size());
    p.mean_spikes = bursts.empty() ? nan : all_spk / double(bursts.size());
    p.fraction_spikes_in_bursts = total_spikes > 0.0 ? all_spk / total_spikes : nan;
    p.ibi_cv = mean_finite(cvs);
    p.mean_units = bursts.empty() ? nan : 1.0;
    return s;
}

burst_stats summarize_network_bursts(const spike_trains& trains, std::span<const network_burst> bursts) {
    const char* where = "summarize_network_bursts";
    detail::check_trains(trains, where);
    burst_stats st;
    ibi_accumulator ibi;
    double dur = 0.0, spk = 0.0, units = 0.0;
    for (std::size_t k = 0; k < bursts.size(); ++k) {
        const auto& b = bursts[k];
        if (!(b.end_ms >= b.start_ms)) detail::fail(where, "network burst " + std::to_string(k) + " ends before it starts");
        if (k > 0) {
            if (b.start_ms < bursts[k - 1].end_ms) detail::fail(where, "network bursts must be sorted and disjoint");
            ibi.add(b.start_ms - bursts[k - 1].end_ms);
        }
        dur += b.end_ms - b.start_ms;
        spk += double(b.spikes);
        units += double(b.units);
    }
    const double n = double(bursts.size());
    const double total = double(window_spike_count(trains));
    st.bursts = bursts.size();
    st.rate_per_min = n / (trains.duration() / 60000.0);
    st.mean_duration_ms = n > 0 ? dur / n : nan;
    st.mean_spikes = n > 0 ? spk / n : nan;
    st.fraction_spikes_in_bursts = total > 0 ? spk / total : nan;
    st.ibi_cv = ibi.cv();
    st.mean_units = n > 0 ? units / n : nan;
    return st;
}

}  // namespace lamina::analysis
