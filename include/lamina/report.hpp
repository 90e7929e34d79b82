#pragma once
/// @file
/// The figures and tables of an analysis: built once here and drawn either as SVG in the HTML
/// report of `lamina analyze` or with matplotlib by `lamina.plot` (which renders these same
/// figure descriptions).
#include <lamina/analysis/recording_summary.hpp>
#include <lamina/figures.hpp>
#include <lamina/recordings.hpp>

#include <string>
#include <vector>

namespace lamina::report {

/// Raster (time in s, unit index) with single-unit bursts shaded on their row and network
/// bursts shaded at full height. At most `max_spikes` spikes are drawn: beyond that the shown
/// time range is shortened (and the title says so).
figures::figure raster_figure(const spike_trains& trains, const std::vector<analysis::burst>& bursts,
                              const std::vector<analysis::network_burst>& network_bursts,
                              std::size_t max_spikes = 50000);
/// Binned and smoothed population rate (Hz per unit) against time (s).
figures::figure population_rate_figure(const analysis::recording_summary& s);
/// Pooled ISI histogram on logarithmic bins (density per log10 unit).
figures::figure isi_histogram_figure(const spike_trains& trains);
/// Avalanche size (sizes = true) or duration distribution, log-binned density, with the fitted
/// power law drawn from x_min.
figures::figure avalanche_figure(const analysis::avalanches& aval, const analysis::powerlaw_fit& fit, bool sizes);
/// Multistep regression slopes r_k against lag with the fitted b m^k (Wilting & Priesemann 2018).
figures::figure branching_figure(const analysis::branching_estimate& b);

/// analysis.json: every statistic with the parameters used, and the recording's metadata.
std::string summary_json(const recording& rec, const std::string& path, const analysis::recording_summary& s,
                         const analysis::recording_summary_options& o);
/// One CSV row per recording (for developmental series); the header matches the row.
std::string summary_csv_header();
std::string summary_csv_row(const recording& rec, const std::string& path, const analysis::recording_summary& s);

/// The HTML report: headline statistics and the figures above.
std::string analysis_report_html(const recording& rec, const std::string& path, const analysis::recording_summary& s);

}  // namespace lamina::report
