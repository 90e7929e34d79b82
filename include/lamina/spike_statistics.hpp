#pragma once
/// @file
/// Basic per-unit spike statistics used by run summaries; the rest of the analysis layer is in
/// <lamina/analysis/*.hpp> (all of it: <lamina/analysis/all.hpp>).
#include <lamina/spike_trains.hpp>

#include <vector>

namespace lamina::analysis {

/// Firing rate of each unit in Hz: its spikes in [t_start, t_stop] over the window's duration.
/// All NaN (not an error) for an empty window, so a run stopped at t = 0 still has a summary.
std::vector<double> firing_rates(const spike_trains& trains);

/// Coefficient of variation of the inter-spike intervals of each unit (std / mean, population
/// std with 1/n); NaN for units with fewer than `min_intervals` intervals. Uses the spikes in
/// [t_start, t_stop] (all spikes if that window is empty). Poisson: 1; gamma process of shape k:
/// 1/sqrt(k) (e.g. Dayan & Abbott 2001, ch. 1.4).
std::vector<double> cv_isi(const spike_trains& trains, std::size_t min_intervals = 2);

/// Mean of the finite entries (NaN when there are none).
double mean_finite(const std::vector<double>& values);

}  // namespace lamina::analysis
