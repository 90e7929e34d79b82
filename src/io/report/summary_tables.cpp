// analysis.json and the per-recording CSV row of `lamina analyze`.
#include <lamina/report.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace lamina::report {
namespace {

using json = nlohmann::ordered_json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class T, class F>
json maybe_json(const analysis::maybe<T>& m, F&& to_json) {
    if (m.value) return to_json(*m.value);
    return json{{"missing", m.missing_because}};
}
json maybe_json(const analysis::maybe<double>& m) {
    return maybe_json(m, [](double v) { return number(v); });
}

json burst_stats_json(const analysis::burst_stats& b) {
    return {{"bursts", b.bursts},
            {"rate_per_min", number(b.rate_per_min)},
            {"mean_duration_ms", number(b.mean_duration_ms)},
            {"mean_spikes_per_burst", number(b.mean_spikes)},
            {"fraction_spikes_in_bursts", number(b.fraction_spikes_in_bursts)},
            {"ibi_cv", number(b.ibi_cv)},
            {"mean_participating_units", number(b.mean_units)}};
}

json fit_json(const analysis::powerlaw_fit& f) {
    return {{"alpha", number(f.alpha)}, {"alpha_se", number(f.alpha_se)}, {"x_min", number(f.x_min)},
            {"ks_distance", number(f.ks_distance)}, {"n_tail", f.n_tail}, {"n", f.n}};
}

json lr_json(const analysis::likelihood_ratio& r) {
    return {{"log_likelihood_ratio", number(r.log_ratio)}, {"normalized_ratio", number(r.normalized_ratio)},
            {"p_value", number(r.p_value)}};
}

std::string csv_field(std::string text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_number(double v) {
    if (!std::isfinite(v)) return "";
    std::ostringstream o;
    o.precision(8);
    o << v;
    return o.str();
}

template <class T, class F>
std::string csv_maybe(const analysis::maybe<T>& m, F&& get) {
    return m.value ? csv_number(get(*m.value)) : std::string();
}

}  // namespace

std::string summary_json(const recording& rec, const std::string& path, const analysis::recording_summary& s,
                         const analysis::recording_summary_options& o) {
    json j;
    j["file"] = path;
    j["format"] = rec.format;
    j["metadata"] = rec.metadata;
    j["window_ms"] = {s.t_start_ms, s.t_stop_ms};
    j["units"] = s.units;
    j["active_units"] = s.active_units;
    j["spikes"] = s.spikes;
    j["firing"] = {{"mean_rate_hz", number(s.mean_rate_hz)},
                   {"median_rate_hz", number(s.median_rate_hz)},
                   {"mean_active_rate_hz", number(s.mean_active_rate_hz)},
                   {"mean_cv_isi", maybe_json(s.mean_cv_isi)},
                   {"mean_cv2", maybe_json(s.mean_cv2)},
                   {"mean_lv", maybe_json(s.mean_lv)},
                   {"mean_fano", maybe_json(s.mean_fano)}};
    j["synchrony"] = {{"pairs", s.pairs},
                      {"mean_spike_count_correlation", maybe_json(s.mean_correlation)},
                      {"mean_sttc", maybe_json(s.mean_sttc)},
                      {"golomb_chi", maybe_json(s.chi)}};
    j["bursts"] = {{"max_interval", burst_stats_json(s.max_interval.population)},
                   {"max_interval_bursting_units", s.max_interval.bursting_units},
                   {"logisi", burst_stats_json(s.logisi.population)},
                   {"logisi_bursting_units", s.logisi.bursting_units},
                   {"network", burst_stats_json(s.network)}};
    json aval = maybe_json(s.avalanche, [](const analysis::avalanches& a) {
        return json{{"bin_ms", a.bin_ms}, {"count", a.sizes.size()}};
    });
    aval["crackling_noise"] = maybe_json(s.crackling, [](const analysis::crackling_noise& c) {
        return json{{"size_fit", fit_json(c.size)},
                    {"duration_fit", fit_json(c.duration)},
                    {"gamma_fit", number(c.gamma_fit)},
                    {"gamma_fit_se", number(c.gamma_fit_se)},
                    {"gamma_predicted", number(c.gamma_predicted)},
                    {"durations_used", c.durations_used}};
    });
    aval["size_gof_p_value"] = maybe_json(s.size_gof_p);
    aval["size_vs_lognormal"] = maybe_json(s.size_vs_lognormal, lr_json);
    aval["size_vs_exponential"] = maybe_json(s.size_vs_exponential, lr_json);
    j["avalanches"] = aval;
    j["branching"] = maybe_json(s.branching, [](const analysis::branching_estimate& b) {
        return json{{"m", number(b.m)}, {"b", number(b.b)}, {"m_naive", number(b.m_naive)},
                    {"tau_ms", number(b.tau_ms)}, {"bin_ms", b.bin_ms}, {"r_k", b.r_k}};
    });
    j["intrinsic_timescale"] = maybe_json(s.timescale, [](const analysis::timescale_estimate& t) {
        return json{{"tau_ms", number(t.tau_ms)}, {"amplitude", number(t.amplitude)}, {"offset", number(t.offset)},
                    {"dt_ms", t.dt_ms}, {"converged", t.converged}};
    });
    j["participation_ratio"] = maybe_json(s.participation_ratio);
    j["parameters"] = {{"rate_bin_ms", o.rate_bin_ms},
                       {"smoothing_sigma_ms", o.smoothing_sigma_ms},
                       {"fano_window_ms", o.fano_window_ms},
                       {"correlation_bin_ms", o.correlation_bin_ms},
                       {"sttc_dt_ms", o.sttc_dt_ms},
                       {"chi_bin_ms", o.chi_bin_ms},
                       {"max_pairs", o.max_pairs},
                       {"avalanche_bin_ms", o.avalanche_bin_ms == 0.0 ? json("mean inter-event interval") : json(o.avalanche_bin_ms)},
                       {"gof_reps", o.gof_reps},
                       {"branching_bin_ms", o.branching_bin_ms},
                       {"branching_k_max", o.branching_k_max},
                       {"timescale_bin_ms", o.timescale_bin_ms},
                       {"timescale_max_lag_ms", o.timescale_max_lag_ms},
                       {"active_rate_hz", o.active_rate_hz},
                       {"max_interval", {{"max_begin_isi_ms", o.max_interval.max_begin_isi_ms},
                                         {"max_end_isi_ms", o.max_interval.max_end_isi_ms},
                                         {"min_ibi_ms", o.max_interval.min_ibi_ms},
                                         {"min_duration_ms", o.max_interval.min_duration_ms},
                                         {"min_spikes", o.max_interval.min_spikes}}},
                       {"logisi", {{"isi_cutoff_ms", o.logisi.isi_cutoff_ms},
                                   {"void_threshold", o.logisi.void_threshold},
                                   {"min_spikes", o.logisi.min_spikes}}},
                       {"network_bursts", {{"window_ms", o.network.window_ms},
                                           {"step_ms", o.network.step_ms},
                                           {"min_active_fraction", o.network.min_active_fraction},
                                           {"min_units", o.network.min_units},
                                           {"min_unit_rate_hz", o.network.min_unit_rate_hz},
                                           {"chance_p", o.network.chance_p}}},
                       {"seed", o.seed}};
    return j.dump(2) + "\n";
}

std::string summary_csv_header() {
    return "file,format,age,units,active_units,spikes,duration_s,mean_rate_hz,mean_cv_isi,mean_cv2,mean_lv,mean_fano,"
           "mean_correlation,mean_sttc,golomb_chi,max_interval_bursting_units,max_interval_burst_rate_per_min,"
           "max_interval_burst_duration_ms,max_interval_spikes_per_burst,max_interval_fraction_in_bursts,"
           "network_bursts,network_burst_rate_per_min,network_burst_duration_ms,network_fraction_in_bursts,"
           "network_ibi_cv,avalanche_alpha_size,avalanche_alpha_duration,crackling_gamma_fit,crackling_gamma_predicted,"
           "branching_m,branching_m_naive,timescale_ms,participation_ratio\n";
}

std::string summary_csv_row(const recording& rec, const std::string& path, const analysis::recording_summary& s) {
    const auto age = rec.metadata.find("age");
    std::vector<std::string> f{
        csv_field(path), rec.format, age == rec.metadata.end() ? "" : csv_field(age->second), std::to_string(s.units),
        std::to_string(s.active_units), std::to_string(s.spikes), csv_number((s.t_stop_ms - s.t_start_ms) * 1e-3),
        csv_number(s.mean_rate_hz), csv_maybe(s.mean_cv_isi, [](double v) { return v; }),
        csv_maybe(s.mean_cv2, [](double v) { return v; }), csv_maybe(s.mean_lv, [](double v) { return v; }),
        csv_maybe(s.mean_fano, [](double v) { return v; }), csv_maybe(s.mean_correlation, [](double v) { return v; }),
        csv_maybe(s.mean_sttc, [](double v) { return v; }), csv_maybe(s.chi, [](double v) { return v; }),
        std::to_string(s.max_interval.bursting_units), csv_number(s.max_interval.population.rate_per_min),
        csv_number(s.max_interval.population.mean_duration_ms), csv_number(s.max_interval.population.mean_spikes),
        csv_number(s.max_interval.population.fraction_spikes_in_bursts), std::to_string(s.network.bursts),
        csv_number(s.network.rate_per_min), csv_number(s.network.mean_duration_ms),
        csv_number(s.network.fraction_spikes_in_bursts), csv_number(s.network.ibi_cv),
        csv_maybe(s.crackling, [](const auto& c) { return c.size.alpha; }),
        csv_maybe(s.crackling, [](const auto& c) { return c.duration.alpha; }),
        csv_maybe(s.crackling, [](const auto& c) { return c.gamma_fit; }),
        csv_maybe(s.crackling, [](const auto& c) { return c.gamma_predicted; }),
        csv_maybe(s.branching, [](const auto& b) { return b.m; }),
        csv_maybe(s.branching, [](const auto& b) { return b.m_naive; }),
        csv_maybe(s.timescale, [](const auto& t) { return t.tau_ms; }),
        csv_maybe(s.participation_ratio, [](double v) { return v; })};
    std::string row;
    for (std::size_t k = 0; k < f.size(); ++k) row += (k ? "," : "") + f[k];
    return row + "\n";
}

}  // namespace lamina::report
