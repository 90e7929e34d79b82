#include "core/distribution_quantile.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

namespace lamina::core {
namespace {

/// Acklam's approximation (P. J. Acklam 2003, "An algorithm for computing the inverse normal
/// cumulative distribution function"), lower half 0 < p <= 0.5.
double acklam_lower_half(double p) {
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                            1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01,  -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00};
    constexpr double p_tail = 0.02425;  // below it the tail formula in sqrt(-2 ln p)
    if (p < p_tail) {
        const double q = std::sqrt(-2.0 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

double standard_normal_quantile(double p) {
    // The upper half by symmetry: 1 - p is exact for p >= 0.5, and the lower tail's cdf keeps
    // its relative precision in erfc where 1 - Phi(x) would cancel.
    if (p > 0.5) return -standard_normal_quantile(1.0 - p);
    double x = acklam_lower_half(p);
    // One Halley step on f(x) = Phi(x) - p (Acklam's refinement): cubic convergence from 1e-9.
    const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    x -= u / (1.0 + 0.5 * x * u);
    return x;
}

double cdf(const distribution& d, double x) {
    using k = distribution::kind;
    switch (d.type) {
        case k::uniform: return std::clamp((x - d.a) / (d.b - d.a), 0.0, 1.0);
        case k::normal: return 0.5 * std::erfc(-(x - d.a) / (d.b * std::numbers::sqrt2));
        case k::lognormal: {
            if (!(x > 0.0)) return 0.0;
            // mean and std are those of the value; convert to those of its logarithm
            const double s2 = std::log1p((d.b * d.b) / (d.a * d.a));
            return 0.5 * std::erfc(-(std::log(x) - (std::log(d.a) - 0.5 * s2)) / std::sqrt(2.0 * s2));
        }
        case k::exponential: return x > 0.0 ? -std::expm1(-x / d.a) : 0.0;
        case k::constant: break;
    }
    return x >= d.a ? 1.0 : 0.0;
}

double quantile(const distribution& d, double p) {
    using k = distribution::kind;
    if (d.type == k::constant) return d.a;
    // A zero spread is the mean, wherever the window lies (the loader checked it holds it).
    if ((d.type == k::normal || d.type == k::lognormal) && d.b == 0.0) return d.a;
    if (d.min || d.max) {
        const double lo = d.min ? cdf(d, *d.min) : 0.0, hi = d.max ? cdf(d, *d.max) : 1.0;
        p = lo + p * (hi - lo);
    }
    switch (d.type) {
        case k::uniform: return d.a + p * (d.b - d.a);
        case k::normal: return d.a + d.b * standard_normal_quantile(p);
        case k::lognormal: {
            const double s2 = std::log1p((d.b * d.b) / (d.a * d.a));
            return std::exp(std::log(d.a) - 0.5 * s2 + std::sqrt(s2) * standard_normal_quantile(p));
        }
        case k::exponential: return -d.a * std::log1p(-p);
        case k::constant: break;
    }
    return d.a;
}

double window_mass(const distribution& d) {
    const double lo = d.min.value_or(-HUGE_VAL), hi = d.max.value_or(HUGE_VAL);
    // A zero spread (normal or lognormal with std = 0) always draws the mean.
    if ((d.type == distribution::kind::normal || d.type == distribution::kind::lognormal) && d.b == 0.0)
        return d.a >= lo && d.a <= hi ? 1.0 : 0.0;
    return cdf(d, hi) - cdf(d, lo);
}

void require_window_mass(const distribution& d) {
    if (!d.min && !d.max) return;
    const double mass = window_mass(d);
    if (mass >= min_window_mass) return;
    char pct[32] = "less than 0.01%";
    if (mass >= 1e-4) std::snprintf(pct, sizeof pct, "only %.2g%%", 100.0 * mass);
    throw input_error(std::string("the window [min, max] holds ") + pct +
                      " of the distribution; values outside it are redrawn, so it must hold at least 3%");
}

}  // namespace lamina::core
