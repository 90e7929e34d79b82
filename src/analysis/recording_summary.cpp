#include <lamina/analysis/recording_summary.hpp>
#include <lamina/error.hpp>

#include <algorithm>
#include <cmath>

namespace lamina::analysis {
namespace {

/// Runs a statistic, turning a refusal (too few spikes, nothing to fit) into a stated absence.
template <class T, class F>
maybe<T> attempt(F&& compute) {
    try {
        return {compute(), {}};
    } catch (const input_error& e) {
        return {std::nullopt, e.what()};
    }
}

maybe<double> finite_mean(const std::vector<double>& values, const char* what) {
    const double m = mean_finite(values);
    if (std::isfinite(m)) return {m, {}};
    return {std::nullopt, std::string("no unit has enough spikes for ") + what};
}

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::size_t spikes_in_window(const spike_trains& t) {
    std::size_t n = 0;
    for (std::size_t u = 0; u < t.units(); ++u) {
        const auto s = t.unit(u);
        n += static_cast<std::size_t>(std::lower_bound(s.begin(), s.end(), t.t_stop) -
                                      std::lower_bound(s.begin(), s.end(), t.t_start));
    }
    return n;
}

void pairwise(const spike_trains& trains, const recording_summary_options& o, recording_summary& s) {
    if (trains.units() < 2) {
        s.mean_correlation = s.mean_sttc = {std::nullopt, "fewer than two units"};
        return;
    }
    const std::size_t all = trains.units() * (trains.units() - 1) / 2;
    const auto pairs = all <= o.max_pairs ? all_pairs(trains.units()) : sample_pairs(trains.units(), o.max_pairs, o.seed);
    s.pairs = pairs.size();
    auto mean_of = [](const std::vector<pair_value>& v, const char* what) -> maybe<double> {
        double sum = 0.0;
        std::size_t n = 0;
        for (const auto& p : v)
            if (std::isfinite(p.value)) sum += p.value, ++n;
        if (n) return {sum / double(n), {}};
        return {std::nullopt, std::string("no pair has a defined ") + what};
    };
    s.mean_correlation = attempt<double>([&] {
        auto m = mean_of(spike_count_correlation(trains, o.correlation_bin_ms, pairs), "correlation");
        if (!m.value) throw input_error(m.missing_because);
        return *m.value;
    });
    s.mean_sttc = attempt<double>([&] {
        auto m = mean_of(sttc_pairs(trains, pairs, o.sttc_dt_ms), "STTC");
        if (!m.value) throw input_error(m.missing_because);
        return *m.value;
    });
}

void avalanche_statistics(const spike_trains& trains, const recording_summary_options& o, recording_summary& s) {
    s.avalanche = attempt<avalanches>([&] { return detect_avalanches(trains, o.avalanche_bin_ms); });
    if (!s.avalanche.value) {
        s.crackling.missing_because = s.size_gof_p.missing_because = s.size_vs_lognormal.missing_because =
            s.size_vs_exponential.missing_because = s.avalanche.missing_because;
        return;
    }
    s.crackling = attempt<crackling_noise>([&] { return crackling_noise_relation(*s.avalanche.value); });
    if (!s.crackling.value) {
        s.size_gof_p.missing_because = s.size_vs_lognormal.missing_because = s.size_vs_exponential.missing_because =
            s.crackling.missing_because;
        return;
    }
    const std::vector<double> sizes(s.avalanche.value->sizes.begin(), s.avalanche.value->sizes.end());
    const auto& fit = s.crackling.value->size;
    s.size_vs_lognormal = attempt<likelihood_ratio>([&] { return compare_lognormal(sizes, fit); });
    s.size_vs_exponential = attempt<likelihood_ratio>([&] { return compare_exponential(sizes, fit); });
    if (o.gof_reps == 0) {
        s.size_gof_p.missing_because = "bootstrap skipped (0 replicates)";
        return;
    }
    s.size_gof_p = attempt<double>([&] { return powerlaw_gof_test(sizes, fit, {}, o.gof_reps, o.seed).p_value; });
}

}  // namespace

spike_trains select_units(const spike_trains& trains, const std::vector<std::size_t>& units) {
    spike_trains out;
    out.t_start = trains.t_start;
    out.t_stop = trains.t_stop;
    for (auto u : units) {
        if (u >= trains.units())
            throw input_error("select_units: unit " + std::to_string(u) + " is not among the " +
                              std::to_string(trains.units()) + " units");
        out.add_unit(trains.unit(u), u < trains.names.size() ? trains.names[u] : std::to_string(u));
    }
    return out;
}

recording_summary summarize_recording(const spike_trains& trains, const recording_summary_options& o) {
    if (!(trains.t_stop > trains.t_start))
        throw input_error("summarize_recording: empty window [" + std::to_string(trains.t_start) + ", " +
                          std::to_string(trains.t_stop) + "] ms");
    recording_summary s;
    s.units = trains.units();
    s.spikes = spikes_in_window(trains);
    s.t_start_ms = trains.t_start;
    s.t_stop_ms = trains.t_stop;
    s.rates_hz = firing_rates(trains);
    s.mean_rate_hz = mean_finite(s.rates_hz);
    s.median_rate_hz = median(s.rates_hz);
    std::vector<double> active;
    for (double r : s.rates_hz)
        if (r >= o.active_rate_hz) active.push_back(r);
    s.active_units = active.size();
    s.mean_active_rate_hz = mean_finite(active);
    s.cv_isi = cv_isi(trains);
    s.cv2 = cv2(trains);
    s.lv = lv(trains);
    s.mean_cv_isi = finite_mean(s.cv_isi, "an ISI CV");
    s.mean_cv2 = finite_mean(s.cv2, "CV2");
    s.mean_lv = finite_mean(s.lv, "LV");
    if (trains.duration() >= o.fano_window_ms) {
        s.fano = fano_factor(trains, o.fano_window_ms);
        s.mean_fano = finite_mean(s.fano, "a Fano factor");
    } else {
        s.mean_fano.missing_because = "the window is shorter than the Fano counting window";
    }
    pairwise(trains, o, s);
    s.chi = attempt<double>([&] {
        const double chi = golomb_chi(trains, o.chi_bin_ms);
        if (!std::isfinite(chi)) throw input_error("no unit's spike count varies");
        return chi;
    });
    if (trains.duration() >= o.rate_bin_ms) s.population_rate = population_rate(trains, o.rate_bin_ms);
    s.smoothed_rate = smoothed_population_rate(trains, o.smoothing_sigma_ms);
    s.max_interval_bursts = max_interval_bursts(trains, o.max_interval);
    s.max_interval = summarize_bursts(trains, s.max_interval_bursts);
    s.logisi_bursts = logisi_bursts(trains, o.logisi);
    s.logisi = summarize_bursts(trains, s.logisi_bursts);
    s.network_bursts = network_bursts(trains, o.network);
    s.network = summarize_network_bursts(trains, s.network_bursts);
    avalanche_statistics(trains, o, s);
    s.branching = attempt<branching_estimate>([&] {
        auto b = branching_ratio(trains, o.branching_bin_ms, o.branching_k_max);
        // A fit driven to m ~ 0 with a huge amplitude means r_k does not decay as b m^k at all
        // (seen on sparse MEA recordings: r_1 > 0, then slopes at or below zero).
        if (!(b.m > 1e-6) || !(std::fabs(b.b) < 1e3))
            throw input_error("the regression slopes r_k do not decay as b m^k (r_1 = " +
                              std::to_string(b.r_k.empty() ? NAN : b.r_k[0]) + ", fit m = " + std::to_string(b.m) +
                              ", b = " + std::to_string(b.b) + "); the naive lag-1 slope is " +
                              std::to_string(b.m_naive));
        return b;
    });
    s.timescale = attempt<timescale_estimate>([&] {
        auto t = intrinsic_timescale(trains, o.timescale_bin_ms, o.timescale_max_lag_ms);
        // A decay faster than one bin or slower than the lags fitted is not resolved by this
        // autocorrelation (seen on sparse MEA recordings: tau of 1e-35 ms or 3e6 ms).
        if (!t.converged || !(t.tau_ms >= 0.5 * o.timescale_bin_ms && t.tau_ms <= 2.0 * o.timescale_max_lag_ms))
            throw input_error("no timescale resolved between half a bin (" + std::to_string(0.5 * o.timescale_bin_ms) +
                              " ms) and twice the longest lag (" + std::to_string(2.0 * o.timescale_max_lag_ms) +
                              " ms): the fit gave tau = " + std::to_string(t.tau_ms) + " ms" +
                              (t.converged ? "" : " without converging"));
        return t;
    });
    s.participation_ratio = attempt<double>([&] { return participation_ratio(trains, o.correlation_bin_ms); });
    return s;
}

}  // namespace lamina::analysis
