#pragma once
// Distribution functions and quantiles of lamina::distribution, for the truncation-window check
// of the model loader and for parameters sampled at quantiles (sampling = "quantiles"): a
// population's n values are then the quantiles at (i + 0.5) / n, the same sample distribution
// for every seed.
#include <lamina/network_spec.hpp>

namespace lamina::core {

/// Phi^-1(p), the standard normal quantile, for 0 < p < 1: Acklam's rational approximation
/// (relative error 1.2e-9) refined by one Halley step on erfc, which brings it to about 1e-15.
double standard_normal_quantile(double p);

/// P(X <= x) of the distribution without its [min, max] window (a step at a constant).
double cdf(const distribution& d, double x);

/// The value below which a fraction p (0 < p < 1) of the distribution lies, counting only the
/// part inside its [min, max] window (the law truncated there, as the redrawn values are).
double quantile(const distribution& d, double p);

/// Probability that one draw lands inside the [min, max] window (1 without a window).
double window_mass(const distribution& d);

/// Values outside [min, max] are redrawn, at most 1000 times (engine/distribution_sampling.hpp).
/// A window holding 3% of the law misses 1000 times with probability 0.97^1000 = 6e-14 per
/// value, so no network ever meets it; narrower windows would fail at random while building, and
/// quantiles inside a window of ~no mass round to p = 0 or 1, i.e. infinite values.
inline constexpr double min_window_mass = 0.03;

/// Throws input_error ("the window [min, max] holds only x% of the distribution ...", without
/// naming the parameter: callers prefix where it comes from) when window_mass(d) < min_window_mass.
void require_window_mass(const distribution& d);

}  // namespace lamina::core
