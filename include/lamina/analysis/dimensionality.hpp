#pragma once
/// @file
/// Linear dimensionality of population activity: the participation ratio of the covariance
/// spectrum, PR = (sum lambda)^2 / sum lambda^2 = tr(C)^2 / tr(C^2) (Gao & Ganguli 2015, Curr Opin
/// Neurobiol 32:148; Recanatesi et al. 2022, Patterns 3:100555). 1 when one direction carries all
/// variance, N for N independent units of equal variance.
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace lamina::analysis {

/// (sum v)^2 / sum v^2 of eigenvalues (or any non-negative spectrum). NaN if all are zero.
double participation_ratio(std::span<const double> eigenvalues);

/// PR of the sample covariance (1/(T-1)) of `samples`, a row-major n_variables x n_samples matrix
/// (one row per variable). Needs at least two samples. Computed from traces, no eigendecomposition.
/// The sample estimate is biased down by about PR^2 / T for T samples (noise adds spread to the
/// spectrum); use many more samples than variables.
double participation_ratio(std::span<const double> samples, std::size_t n_variables);

/// PR of the covariance of the units' spike counts in bins of `bin_ms` (default 100 ms). Silent
/// units contribute nothing. Cost units^2 * bins (a Gram matrix accumulated over chunks of bins).
double participation_ratio(const spike_trains& trains, double bin_ms = 100.0);

/// The covariance spectrum (eigenvalues, descending) of the binned counts, for plots.
std::vector<double> count_covariance_spectrum(const spike_trains& trains, double bin_ms = 100.0);

}  // namespace lamina::analysis
