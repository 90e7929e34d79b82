#pragma once
/// @file
/// Firing rates, population rate and count variability (Fano factor).
///
/// Conventions of the whole analysis layer (lamina::analysis):
/// - Times are in ms, rates in Hz (spikes per second).
/// - A function looks only at the spikes inside the observation window [t_start, t_stop] of the
///   spike_trains; spikes outside it are ignored, so restricting an analysis to a window is a
///   matter of setting t_start/t_stop.
/// - Binned statistics use the grid t_start + k * bin, k = 0 .. floor(duration / bin) - 1, bins
///   half-open [a, b); an incomplete last bin is dropped.
/// - Every function checks its input and throws lamina::input_error naming the function, the
///   parameter, its value and what was expected (an empty window t_stop <= t_start, bin <= 0, ...).
/// - Per-unit statistics that are undefined for a unit (too few spikes) are NaN for that unit;
///   aggregate them with mean_finite().
#include <lamina/spike_statistics.hpp>
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <vector>

namespace lamina::analysis {

/// A regularly sampled signal: values[k] describes [t_start_ms + k dt_ms, t_start_ms + (k+1) dt_ms).
struct time_series {
    double t_start_ms = 0.0;
    double dt_ms = 1.0;
    std::vector<double> values;
};

/// Spikes per bin summed over all units (bin width `bin_ms` > 0).
time_series population_counts(const spike_trains& trains, double bin_ms);

/// Population rate in Hz per unit: spikes per bin summed over units / (units * bin in s).
/// Default bin 10 ms.
time_series population_rate(const spike_trains& trains, double bin_ms = 10.0);

/// Population rate (Hz per unit) smoothed with a Gaussian kernel of s.d. `sigma_ms` (default 10 ms),
/// computed on a fine grid of `bin_ms` (default 1 ms) and truncated at +-4 sigma. Near the window
/// edges the kernel is renormalised to the part inside the window, so the rate is not biased down
/// there (Nawrot, Aertsen & Rotter 1999, J Neurosci Methods 94:81, for kernel rate estimation).
time_series smoothed_population_rate(const spike_trains& trains, double sigma_ms = 10.0, double bin_ms = 1.0);

/// Fano factor of each unit: variance / mean of its spike counts in consecutive windows of
/// `window_ms` (default 100 ms; unbiased variance, 1/(n-1)). A Poisson process gives 1 for any
/// window; a renewal process tends to CV^2 for long windows (Cox 1962, Renewal Theory; Nawrot et
/// al. 2008, J Neurosci Methods 169:374). NaN for units without spikes; input_error if fewer than
/// two windows fit in the observation window.
std::vector<double> fano_factor(const spike_trains& trains, double window_ms = 100.0);

/// Mean firing rate of the population in Hz: spikes in the window / (units * duration in s).
double mean_population_rate(const spike_trains& trains);

}  // namespace lamina::analysis
