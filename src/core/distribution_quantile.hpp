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

}  // namespace lamina::core
