#pragma once
// Internal pieces shared by the power-law fit, its bootstrap test and the likelihood-ratio tests.
#include <lamina/analysis/powerlaw.hpp>

#include <limits>
#include <span>
#include <vector>

namespace lamina::analysis::detail {

/// The data as distinct values with their counts, which is all a fit needs: the x_min scan and
/// the KS distances then cost O(distinct values), tail log-likelihoods O(1) per x_min, and integer
/// data of moderate range (avalanche sizes) are counted in O(n) instead of sorted.
struct sorted_sample {
    std::size_t n = 0;
    std::vector<double> distinct;      // ascending
    std::vector<std::size_t> run;      // run[r] = number of points below distinct[r]; run.back() = n
    std::vector<double> log_distinct;  // ln distinct[r]
    std::vector<double> prefix_log;    // prefix_log[r] = sum of ln x over the points below distinct[r]
    /// The k-th smallest point, k < n.
    double point(std::size_t k) const;
    /// Index of the first distinct value >= x.
    std::size_t run_of(double x) const;
};

/// Throws unless every value is finite and (discrete) an integer >= 1 or (continuous) > 0.
void check_values(std::span<const double> data, bool discrete, const char* where);
/// Validates and summarises `values` (which it may reorder), reusing the storage of `s`.
void prepare_sample(sorted_sample& s, std::vector<double>& values, bool discrete, const char* where);
sorted_sample prepare_sample(std::span<const double> data, bool discrete, const char* where);

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
