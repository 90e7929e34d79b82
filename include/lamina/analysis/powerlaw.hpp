#pragma once
/// @file
/// Power-law fits to heavy-tailed data by maximum likelihood, with x_min chosen by minimising the
/// Kolmogorov-Smirnov distance, a bootstrap goodness-of-fit test and likelihood-ratio comparisons
/// with other tails (Clauset, Shalizi & Newman 2009, SIAM Review 51:661, "CSN" below).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

namespace lamina::analysis {

/// Hurwitz zeta function zeta(s, q) = sum_{k>=0} (k + q)^-s for s > 1, q > 0, by Euler-Maclaurin
/// summation (a direct sum up to q + N >= max(10, 2s), then the integral, half-term and 12
/// Bernoulli corrections; Abramowitz & Stegun 23.1.30). Relative error ~1e-15.
double hurwitz_zeta(double s, double q);

struct powerlaw_options {
    /// Discrete (integer data >= 1, p(x) = x^-alpha / zeta(alpha, x_min)) or continuous
    /// (x > 0, p(x) = (alpha - 1) / x_min (x / x_min)^-alpha).
    bool discrete = true;
    /// > 0: use this x_min; 0: scan the distinct data values as candidates (CSN section 3.3).
    double x_min = 0.0;
    /// Largest candidate x_min of the scan (infinity: no bound).
    double x_min_max = std::numeric_limits<double>::infinity();
    /// Candidates leaving fewer data points in the tail are not scanned (tiny tails have noisy KS
    /// distances; CSN scan all values but the largest).
    std::size_t min_tail = 10;
};

struct powerlaw_fit {
    double alpha = 0.0;
    double alpha_se = 0.0;     ///< from the Fisher information (CSN eq. 3.2 continuous; 3.6 discrete)
    double x_min = 0.0;
    double ks_distance = 0.0;  ///< sup |F_data - F_fit| over the tail
    std::size_t n_tail = 0;    ///< data points >= x_min
    std::size_t n = 0;         ///< all data points
    bool discrete = true;
};

/// Fits a power law to the tail of `data` (any order). Discrete data must be integers >= 1;
/// continuous data must be > 0. Throws input_error for other data, or with fewer than 2 points
/// (or fewer than min_tail above every candidate x_min). The discrete alpha maximises the exact
/// likelihood (Brent's method on the convex -log L), not CSN's approximation (3.7).
powerlaw_fit fit_powerlaw(std::span<const double> data, const powerlaw_options& options = {});

/// Kolmogorov-Smirnov distance between the tail of `data` (>= fit.x_min) and the fitted law.
double powerlaw_ks_distance(std::span<const double> data, const powerlaw_fit& fit);

/// Bootstrap goodness of fit (CSN section 4.1): `reps` synthetic data sets of the same size, each
/// point drawn with probability n_tail / n from the fitted power law and otherwise from the data
/// below x_min, are fitted the same way (x_min scan included); p is the fraction whose KS distance
/// is at least the data's. p < 0.1 rules the power law out. The p-value's own sampling error is
/// sqrt(p (1 - p) / reps): CSN recommend reps >= 2500 for +-0.01. Deterministic for a seed, and
/// independent of `threads` (each replicate has its own counter-based random stream).
struct powerlaw_gof {
    double p_value = 0.0;
    std::size_t reps = 0;
};
powerlaw_gof powerlaw_gof_test(std::span<const double> data, const powerlaw_fit& fit, const powerlaw_options& options = {},
                               std::size_t reps = 1000, std::uint64_t seed = 1, unsigned threads = 1);

/// Draws a sample of a fitted power law (discrete or continuous) into `out`.
void sample_powerlaw(const powerlaw_fit& law, std::span<double> out, std::uint64_t seed, std::uint64_t stream = 0);

/// Vuong's likelihood-ratio test of the power law against an alternative, both fitted by maximum
/// likelihood to the same tail (x >= x_min; CSN section 5.1, Vuong 1989 Econometrica 57:307).
/// log_ratio R = sum log(p_pl / p_alt); normalized_ratio = R / (sigma sqrt(n)) with sigma the
/// standard deviation of the pointwise log ratios; p_value = erfc(|normalized| / sqrt 2), two-sided.
/// R > 0 with small p favours the power law, R < 0 the alternative; large p decides nothing.
struct likelihood_ratio {
    std::string alternative;
    double log_ratio = 0.0;
    double normalized_ratio = 0.0;
    double p_value = 1.0;
    double param1 = 0.0;  ///< fitted alternative: lognormal mu (of ln x); exponential lambda (1/unit of x)
    double param2 = 0.0;  ///< lognormal sigma (of ln x); unused for the exponential
};

/// Against a lognormal truncated to x >= x_min (discrete: the lognormal's mass of [x - 1/2, x + 1/2),
/// normalised over x >= x_min), fitted by Nelder-Mead on (mu, log sigma).
likelihood_ratio compare_lognormal(std::span<const double> data, const powerlaw_fit& fit);

/// Against an exponential on x >= x_min (discrete: geometric, p(x) = (1 - e^-lambda) e^-lambda (x - x_min));
/// closed-form maximum likelihood.
likelihood_ratio compare_exponential(std::span<const double> data, const powerlaw_fit& fit);

}  // namespace lamina::analysis
