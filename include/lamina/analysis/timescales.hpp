#pragma once
/// @file
/// Intrinsic timescale: the decay time of the autocorrelation of activity (Murray et al. 2014,
/// Nat Neurosci 17:1661), from an exponential with offset fitted by Levenberg-Marquardt.
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace lamina::analysis {

/// Autocorrelation of x at lags 0 .. max_lag: sum_t (x_t - mean)(x_{t+k} - mean) / sum_t (x_t - mean)^2
/// (the standard biased estimator, Box & Jenkins; positive semi-definite). Needs max_lag < size.
/// All NaN for a constant signal.
std::vector<double> autocorrelation(std::span<const double> x, std::size_t max_lag);

struct timescale_estimate {
    double tau_ms = 0.0;      ///< decay time of A exp(-lag / tau) + c
    double amplitude = 0.0;   ///< A
    double offset = 0.0;      ///< c (slow drifts, finite-sample bias of the estimator)
    double dt_ms = 0.0;
    std::size_t min_lag = 1;  ///< first lag fitted (in samples)
    bool converged = false;
    std::vector<double> autocorrelation;  ///< lags 0 .. max_lag
};

/// Fits A exp(-k dt / tau) + c to the autocorrelation of `signal` (sampled every dt_ms) at lags
/// k = min_lag .. max_lag. min_lag defaults to 1 because lag 0 of binned spikes carries the counting
/// noise (the Poisson "spike" at zero lag), not the timescale. Unweighted least squares.
timescale_estimate intrinsic_timescale(std::span<const double> signal, double dt_ms, std::size_t max_lag,
                                       std::size_t min_lag = 1);

/// From spike trains: population counts in bins of `bin_ms` (default 5 ms), lags up to
/// `max_lag_ms` (default 500 ms; it should span several tau).
timescale_estimate intrinsic_timescale(const spike_trains& trains, double bin_ms = 5.0, double max_lag_ms = 500.0);

}  // namespace lamina::analysis
