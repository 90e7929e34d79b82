// The HTML report of `lamina analyze`: headline numbers, then the figures.
#include <lamina/report.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace lamina::report {
namespace {

std::string fmt(double v, const char* unit = "") {
    if (!std::isfinite(v)) return "&ndash;";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3g%s%s", v, *unit ? " " : "", unit);
    return buf;
}

template <class T, class F>
std::string fmt_maybe(const analysis::maybe<T>& m, F&& get, const char* unit = "") {
    if (!m.value) return "<span title=\"" + figures::escape_html(m.missing_because) + "\">not computed</span>";
    return fmt(get(*m.value), unit);
}

std::string fmt_maybe(const analysis::maybe<double>& m, const char* unit = "") {
    return fmt_maybe(m, [](double v) { return v; }, unit);
}

std::string row(const std::string& name, const std::string& value) {
    return "<tr><th style=\"text-align:left\">" + name + "</th><td>" + value + "</td></tr>\n";
}

}  // namespace

std::string analysis_report_html(const recording& rec, const std::string& path, const analysis::recording_summary& s) {
    std::vector<figures::section> sections;
    std::ostringstream t;
    t << "<table>\n" << row("file", figures::escape_html(path)) << row("format", rec.format);
    for (const auto& [k, v] : rec.metadata) t << row(figures::escape_html(k), figures::escape_html(v));
    t << row("window", fmt(s.t_start_ms * 1e-3, "s") + " to " + fmt(s.t_stop_ms * 1e-3, "s"))
      << row("units (active)", std::to_string(s.units) + " (" + std::to_string(s.active_units) + ")")
      << row("spikes", std::to_string(s.spikes)) << row("mean firing rate", fmt(s.mean_rate_hz, "Hz"))
      << row("ISI CV / CV2 / LV", fmt_maybe(s.mean_cv_isi) + " / " + fmt_maybe(s.mean_cv2) + " / " + fmt_maybe(s.mean_lv))
      << row("Fano factor", fmt_maybe(s.mean_fano))
      << row("spike-count correlation / STTC", fmt_maybe(s.mean_correlation) + " / " + fmt_maybe(s.mean_sttc))
      << row("synchrony (Golomb chi)", fmt_maybe(s.chi))
      << row("single-unit bursts (MaxInterval)",
             std::to_string(s.max_interval.population.bursts) + " in " + std::to_string(s.max_interval.bursting_units) +
                 " units, " + fmt(s.max_interval.population.mean_duration_ms, "ms") + ", " +
                 fmt(s.max_interval.population.fraction_spikes_in_bursts * 100.0, "% of spikes"))
      << row("network bursts",
             std::to_string(s.network.bursts) + ", " + fmt(s.network.rate_per_min, "per min") + ", " +
                 fmt(s.network.mean_duration_ms, "ms") + ", IBI CV " + fmt(s.network.ibi_cv))
      << row("avalanche exponents (size, duration)",
             fmt_maybe(s.crackling, [](const auto& c) { return c.size.alpha; }) + ", " +
                 fmt_maybe(s.crackling, [](const auto& c) { return c.duration.alpha; }))
      << row("crackling noise gamma (fit, predicted)",
             fmt_maybe(s.crackling, [](const auto& c) { return c.gamma_fit; }) + ", " +
                 fmt_maybe(s.crackling, [](const auto& c) { return c.gamma_predicted; }))
      << row("power-law p-value (sizes)", fmt_maybe(s.size_gof_p))
      << row("branching ratio m (naive lag-1)", fmt_maybe(s.branching, [](const auto& b) { return b.m; }) + " (" +
                                                   fmt_maybe(s.branching, [](const auto& b) { return b.m_naive; }) + ")")
      << row("intrinsic timescale", fmt_maybe(s.timescale, [](const auto& x) { return x.tau_ms; }, "ms"))
      << row("participation ratio", fmt_maybe(s.participation_ratio)) << "</table>\n";
    sections.push_back({"Summary", t.str()});

    // The raster marks the MaxInterval bursts (the method of Cotterill et al. 2016's comparison).
    spike_trains window = rec.trains;
    window.t_start = s.t_start_ms;
    window.t_stop = s.t_stop_ms;
    sections.push_back({"Raster", figures::to_svg(raster_figure(window, s.max_interval_bursts, s.network_bursts))});
    sections.push_back({"Population rate", figures::to_svg(population_rate_figure(s))});
    sections.push_back({"Inter-spike intervals", figures::to_svg(isi_histogram_figure(window))});
    if (s.avalanche.value && s.crackling.value) {
        sections.push_back({"Avalanche sizes", figures::to_svg(avalanche_figure(*s.avalanche.value, s.crackling.value->size, true))});
        sections.push_back({"Avalanche durations",
                            figures::to_svg(avalanche_figure(*s.avalanche.value, s.crackling.value->duration, false))});
    }
    if (s.branching.value) sections.push_back({"Branching ratio", figures::to_svg(branching_figure(*s.branching.value))});
    sections.push_back({"Details", "<p>Every statistic, with the parameters used, is in <code>analysis.json</code> "
                                   "next to this page.</p>"});
    return figures::html_page("lamina analysis: " + path, sections);
}

}  // namespace lamina::report
