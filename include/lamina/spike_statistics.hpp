#pragma once
/// @file
/// Basic per-unit spike statistics used by run summaries (the analysis layer extends these).
#include <lamina/spike_trains.hpp>

#include <vector>

namespace lamina::analysis {

/// Firing rate of each unit in Hz over [t_start, t_stop].
std::vector<double> firing_rates(const spike_trains& trains);

/// Coefficient of variation of the inter-spike intervals of each unit (std / mean, population
/// std with 1/n); NaN for units with fewer than `min_intervals` intervals.
std::vector<double> cv_isi(const spike_trains& trains, std::size_t min_intervals = 2);

/// Mean of the finite entries (NaN when there are none).
double mean_finite(const std::vector<double>& values);

}  // namespace lamina::analysis
