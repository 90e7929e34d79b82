#pragma once
/// @file
/// Every statistic of the analysis layer on one recording, with the parameters used: what
/// `lamina analyze` computes and reports. Statistics that cannot be computed for a recording
/// (too few spikes, no bursts to fit) are reported as missing with the reason, not as zeros.
#include <lamina/analysis/all.hpp>
#include <lamina/spike_trains.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lamina::analysis {

struct recording_summary_options {
    double rate_bin_ms = 10.0;          ///< population rate
    double smoothing_sigma_ms = 10.0;   ///< smoothed population rate
    double fano_window_ms = 100.0;
    double correlation_bin_ms = 100.0;  ///< spike-count correlation, participation ratio
    double sttc_dt_ms = 5.0;
    double chi_bin_ms = 5.0;
    std::size_t max_pairs = 2000;       ///< pairs sampled for correlation and STTC (all if fewer)
    double avalanche_bin_ms = 0.0;      ///< 0: mean inter-event interval (Beggs & Plenz 2003)
    std::size_t gof_reps = 100;         ///< bootstrap replicates of the power-law p-value (0: skip)
    double branching_bin_ms = 4.0;
    std::size_t branching_k_max = 40;
    double timescale_bin_ms = 5.0;
    double timescale_max_lag_ms = 500.0;
    double active_rate_hz = 0.1;        ///< units below this rate count as inactive (MEA convention)
    max_interval_options max_interval;
    logisi_options logisi;
    network_burst_options network;
    std::uint64_t seed = 1;
};

/// A statistic that may be missing, with the reason.
template <class T>
struct maybe {
    std::optional<T> value;
    std::string missing_because;
};

struct recording_summary {
    std::size_t units = 0, active_units = 0, spikes = 0;
    double t_start_ms = 0.0, t_stop_ms = 0.0;
    std::vector<double> rates_hz, cv_isi, cv2, lv, fano;  ///< per unit
    double mean_rate_hz = 0.0, median_rate_hz = 0.0, mean_active_rate_hz = 0.0;
    maybe<double> mean_cv_isi, mean_cv2, mean_lv, mean_fano;
    maybe<double> mean_correlation, mean_sttc, chi;
    std::size_t pairs = 0;
    time_series population_rate, smoothed_rate;
    std::vector<burst> max_interval_bursts, logisi_bursts;
    burst_summary max_interval, logisi;
    std::vector<network_burst> network_bursts;
    burst_stats network;
    maybe<avalanches> avalanche;
    maybe<crackling_noise> crackling;
    maybe<double> size_gof_p;
    maybe<likelihood_ratio> size_vs_lognormal, size_vs_exponential;
    maybe<branching_estimate> branching;
    maybe<timescale_estimate> timescale;
    maybe<double> participation_ratio;
};

/// Computes everything on `trains` within its [t_start, t_stop] window.
recording_summary summarize_recording(const spike_trains& trains, const recording_summary_options& options = {});

/// The trains of the chosen units only (by index), keeping names and window.
spike_trains select_units(const spike_trains& trains, const std::vector<std::size_t>& units);

}  // namespace lamina::analysis
