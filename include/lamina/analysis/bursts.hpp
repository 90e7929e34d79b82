#pragma once
/// @file
/// Burst detection in single units (MaxInterval, logISI) and in the population (network bursts),
/// with summary statistics. See rates.hpp for the conventions (ms, window, input_error).
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lamina::analysis {

/// One burst of one unit: spikes first_spike .. first_spike + spikes - 1 of trains.unit(unit).
struct burst {
    std::uint32_t unit = 0;
    std::uint32_t first_spike = 0;
    std::uint32_t spikes = 0;
    double start_ms = 0.0;  ///< time of the first spike
    double end_ms = 0.0;    ///< time of the last spike
};

/// MaxInterval parameters, as named in NeuroExplorer's manual; defaults are NeuroExplorer's, as
/// used by Cotterill et al. 2016 (J Neurophysiol 116:306, Table 2).
struct max_interval_options {
    double max_begin_isi_ms = 170.0;  ///< a burst starts at an ISI <= this
    double max_end_isi_ms = 300.0;    ///< and goes on while ISIs are <= this
    double min_ibi_ms = 200.0;        ///< bursts closer than this (end to start) are merged
    double min_duration_ms = 10.0;    ///< shorter bursts are dropped (after merging)
    std::size_t min_spikes = 3;       ///< bursts with fewer spikes are dropped (after merging)
};

/// Bursts by the MaxInterval method (NeuroExplorer; Cotterill et al. 2016): find runs that begin
/// with an ISI <= max_begin_isi and continue while ISI <= max_end_isi, merge runs separated by less
/// than min_ibi, then drop those shorter than min_duration or with fewer than min_spikes spikes.
/// Sorted by unit, then time. Linear in spikes.
std::vector<burst> max_interval_bursts(const spike_trains& trains, const max_interval_options& options = {});

/// logISI parameters (Pasquale, Martinoia & Chiappalone 2010, J Comput Neurosci 29:213).
struct logisi_options {
    double isi_cutoff_ms = 100.0;      ///< the intra-burst peak must lie below; maxISI of the paper
    double void_threshold = 0.7;       ///< separation of the two peaks required at the minimum
    std::size_t min_spikes = 3;        ///< spikes per burst
    double bins_per_decade = 10.0;     ///< histogram of log10(ISI / ms)
    double lowess_span = 0.1;          ///< fraction of histogram bins in each local linear fit
    double max_threshold_ms = 1000.0;  ///< thresholds above this are discarded (Cotterill et al. 2016)
};

/// The ISI threshold (ms) found by logISI for one train: the ISI at the first minimum of the
/// smoothed log-ISI histogram (lowess, no robustness steps) between the largest peak below
/// isi_cutoff and a later peak whose void parameter 1 - h(min) / sqrt(h(p1) h(p2)) reaches
/// void_threshold. NaN when there is no such peak pair (too few ISIs, no peak below the cutoff,
/// a single peak, no deep enough minimum) or the threshold exceeds max_threshold_ms.
double logisi_threshold(std::span<const double> unit_times, const logisi_options& options = {});

/// Bursts by the logISI method (Pasquale et al. 2010, as implemented by Cotterill et al. 2016):
/// with threshold th = logisi_threshold of the unit, bursts are runs of >= min_spikes spikes with
/// ISI <= th if th <= isi_cutoff; if th > isi_cutoff, burst cores use ISI <= isi_cutoff and are
/// extended at both ends by spikes with ISI <= th (joining cores that this links); if no threshold
/// is found, isi_cutoff is used. Sorted by unit, then time.
std::vector<burst> logisi_bursts(const spike_trains& trains, const logisi_options& options = {});

/// Network-burst parameters. A network burst is where the number of units that each spike within
/// window_ms around a time point (on a grid of step_ms) reaches the threshold
/// max(min_units, ceil(min_active_fraction * active units), k_chance), where "active units" fire at
/// least min_unit_rate_hz over the window (an MEA convention that ignores dead electrodes) and
/// k_chance is the smallest count that independent Poisson units at their mean rates reach at a grid
/// point with probability <= chance_p (the Poisson-binomial tail), so busy tonic units or many
/// units at a moderate rate do not make chance coincidences into bursts. If that floor exceeds the
/// active units (mean rates dominated by bursts), it is computed from the rates outside the spans
/// that reach the fraction threshold. Defaults suit MEA cultures, whose network bursts last 100s of ms and recruit most electrodes (Wagenaar, Pine &
/// Potter 2006, BMC Neurosci 7:11).
struct network_burst_options {
    double window_ms = 100.0;
    double step_ms = 10.0;
    double min_active_fraction = 0.25;
    std::size_t min_units = 3;
    double min_unit_rate_hz = 0.1;
    double chance_p = 1e-6;     ///< 0 disables the chance-level floor
    double merge_gap_ms = 0.0;  ///< network bursts closer than this (end to start) are merged
};

/// A network burst: from the first to the last spike of the participating activity.
struct network_burst {
    double start_ms = 0.0;
    double end_ms = 0.0;
    std::size_t spikes = 0;   ///< spikes of all units in [start, end]
    std::uint32_t units = 0;  ///< units with at least one spike in [start, end]
};

/// Network bursts of the population (method in network_burst_options). Sorted by time; linear in
/// spikes plus window / step per spike.
std::vector<network_burst> network_bursts(const spike_trains& trains, const network_burst_options& options = {});

/// Summary of a set of bursts. Rates are per minute (the MEA convention). The inter-burst interval
/// is from the end of one burst to the start of the next; its CV needs at least two intervals.
struct burst_stats {
    std::size_t bursts = 0;
    double rate_per_min = 0.0;
    double mean_duration_ms = 0.0;          ///< NaN without bursts
    double mean_spikes = 0.0;               ///< spikes per burst; NaN without bursts
    double fraction_spikes_in_bursts = 0.0; ///< NaN without spikes
    double ibi_cv = 0.0;                    ///< NaN with fewer than two intervals
    double mean_units = 0.0;                ///< participating units per burst (network bursts); 1 for single units
};

/// Single-unit burst statistics: per unit, and for the population (rates and IBI CV are means over
/// units with at least one burst; durations and spikes are means over all bursts; the fraction is
/// over all spikes). `bursting_units` counts units with at least one burst.
struct burst_summary {
    std::vector<burst_stats> units;
    burst_stats population;
    std::size_t bursting_units = 0;
};

/// Summarises single-unit bursts (from max_interval_bursts or logisi_bursts) of `trains`.
burst_summary summarize_bursts(const spike_trains& trains, std::span<const burst> bursts);

/// Summarises network bursts of `trains` (mean_units = participating units per burst).
burst_stats summarize_network_bursts(const spike_trains& trains, std::span<const network_burst> bursts);

}  // namespace lamina::analysis
