#pragma once
// Internal pieces shared by the power-law fit, its bootstrap test and the likelihood-ratio tests.
#include <lamina/analysis/powerlaw.hpp>

#include <limits>
#include <span>
#include <vector>

namespace lamina::analysis::detail {

/// Data sorted ascending with prefix sums of ln x, so a tail's log-likelihood is O(1) per x_min.
struct sorted_sample {
    std::vector<double> x;
    std::vector<double> log_x;       // ln x_i
    std::vector<double> prefix_log;  // prefix_log[k] = sum_{i<k} ln x_i; size n + 1
};

/// Validates (discrete: integers >= 1; continuous: > 0; all finite), sorts, sums logs.
sorted_sample prepare_sample(std::span<const double> data, bool discrete, const char* where);
/// Same, reusing the storage of `s` (bootstrap replicates).
void prepare_sample(sorted_sample& s, bool discrete, const char* where);

/// Fit with the x_min scan over a prepared sample.
powerlaw_fit fit_sorted(const sorted_sample& s, const powerlaw_options& options, const char* where);

/// KS distance of the tail x >= fit.x_min of a sorted sample from the fitted law. Stops early and
/// returns a value >= stop_at once the distance reaches stop_at (the x_min scan only needs to know
/// that a candidate is no better than the best so far).
double ks_sorted(const sorted_sample& s, const powerlaw_fit& fit,
                 double stop_at = std::numeric_limits<double>::infinity());

/// Discrete maximum-likelihood alpha for a tail with mean log `mean_log` above x_min.
double discrete_alpha_mle(double x_min, double mean_log);

/// log of the fitted power law's density (continuous) or probability (discrete) at x >= x_min.
double powerlaw_log_pdf(const powerlaw_fit& fit, double x, double log_norm);
/// The x-independent part: ln zeta(alpha, x_min) (discrete) or ln((alpha-1)/x_min) (continuous).
double powerlaw_log_norm(const powerlaw_fit& fit);

/// Validates a fit passed in by a user (alpha > 1, x_min > 0, discrete x_min integer).
void check_fit(const powerlaw_fit& fit, const char* where);

}  // namespace lamina::analysis::detail
