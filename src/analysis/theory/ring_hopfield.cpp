// Ring-attractor bump (Ben-Yishai, Bar-Or & Sompolinsky 1995, PNAS 92:3844) and Hopfield
// capacity (Amit, Gutfreund & Sompolinsky 1987, Ann Phys 173:30; the zero-temperature limit of
// their replica-symmetric equations).
//
// Ring, marginal phase (untuned input c): m(theta) = A [cos 2(theta - psi) - cos 2 theta_c]_+.
// With r2 = int m cos 2 theta dtheta/pi = (A/pi)(theta_c - sin 4 theta_c / 4) and A = J2 r2:
//   (J2/pi)(theta_c - sin(4 theta_c)/4) = 1                                          (width)
// and with r0 = int m dtheta/pi = (A/pi)(sin 2 theta_c - 2 theta_c cos 2 theta_c), the threshold
// at the bump's edge, c - J0 r0 + A cos 2 theta_c = 0, gives
//   A = c / ((J0/pi)(sin 2 theta_c - 2 theta_c cos 2 theta_c) - cos 2 theta_c).        (amplitude)
// Diffusion: the neutral (rotation) mode of tau dx/dt = -x + J [x]_+ + c has right eigenvector
// u = dx/dpsi = 2A sin 2(theta - psi) and, J being symmetric, left eigenvector v = [x]_+' u; white
// noise of variance 2 sigma^2/tau per ms per unit moves psi with variance rate
// (2 sigma^2/tau) |v|^2 / (v.u)^2 = (2 sigma^2/tau) / sum_active u_i^2, and sum_active u_i^2 =
// 4 A^2 (N/pi)(theta_c - sin 4 theta_c/4) = 4 N A^2 / J2 by the width equation.
#include <lamina/error.hpp>
#include <lamina/rate_mean_field.hpp>

#include <algorithm>
#include <cmath>

namespace lamina::theory {

namespace {
constexpr double pi = 3.14159265358979323846;
}

double ring_bump_onset() { return 2.0; }

ring_bump ring_bump_solution(double J0, double J2, double c) {
    if (!std::isfinite(J0) || !std::isfinite(J2) || !std::isfinite(c))
        throw input_error("ring bump: J0, J2 and c must be finite");
    ring_bump b;
    if (J2 <= ring_bump_onset() || c <= 0.0) return b;
    // (theta - sin(4 theta)/4) rises monotonically from 0 to pi/2 on [0, pi/2]: bisection.
    double lo = 0.0, hi = pi / 2.0;
    for (int it = 0; it < 200 && hi - lo > 1e-14; ++it) {
        const double mid = 0.5 * (lo + hi);
        ((J2 / pi) * (mid - std::sin(4.0 * mid) / 4.0) < 1.0 ? lo : hi) = mid;
    }
    b.theta_c = 0.5 * (lo + hi);
    const double tc = b.theta_c, c2 = std::cos(2.0 * tc);
    const double denom = (J0 / pi) * (std::sin(2.0 * tc) - 2.0 * tc * c2) - c2;
    if (!(denom > 0.0)) return b;  // inhibition too weak: the amplitude grows without bound
    b.amplitude = c / denom;
    b.peak = b.amplitude * (1.0 - c2);
    b.r0 = (b.amplitude / pi) * (std::sin(2.0 * tc) - 2.0 * tc * c2);
    b.r2 = b.amplitude / J2;
    b.exists = true;
    return b;
}

double ring_diffusion_rate(double J2, double amplitude, double sigma, double tau_ms, std::uint64_t N) {
    if (!(J2 > 0.0) || !(amplitude > 0.0) || !(sigma >= 0.0) || !(tau_ms > 0.0) || N == 0)
        throw input_error("ring diffusion: needs J2 > 0, amplitude > 0, sigma >= 0, tau > 0 ms and N >= 1");
    return sigma * sigma * J2 / (2.0 * tau_ms * static_cast<double>(N) * amplitude * amplitude);
}

namespace {

/// alpha(y) of the zero-temperature AGS equations, parametrised by y = m / sqrt(2 alpha r).
double ags_alpha(double y) {
    const double e = std::erf(y) - 2.0 * y * std::exp(-y * y) / std::sqrt(pi);
    return e * e / (2.0 * y * y);
}

/// y at which alpha(y) peaks (golden-section search; alpha is unimodal in y > 0).
double ags_peak_y() {
    double a = 0.5, b = 3.0;
    const double r = (std::sqrt(5.0) - 1.0) / 2.0;
    for (int it = 0; it < 200 && b - a > 1e-13; ++it) {
        const double x1 = b - r * (b - a), x2 = a + r * (b - a);
        (ags_alpha(x1) < ags_alpha(x2) ? a : b) = ags_alpha(x1) < ags_alpha(x2) ? x1 : x2;
    }
    return 0.5 * (a + b);
}

}  // namespace

hopfield_capacity_result hopfield_capacity() {
    const double y = ags_peak_y();
    return {ags_alpha(y), std::erf(y)};
}

double hopfield_retrieval_overlap(double alpha) {
    if (!(alpha >= 0.0) || !std::isfinite(alpha))
        throw input_error("hopfield_retrieval_overlap: alpha = P/N must be finite and >= 0, got " + std::to_string(alpha));
    if (alpha == 0.0) return 1.0;
    const double y_peak = ags_peak_y();
    if (alpha > ags_alpha(y_peak)) return 0.0;
    // The retrieval branch is y > y_peak, where alpha(y) falls from alpha_c to 0.
    double lo = y_peak, hi = y_peak;
    while (ags_alpha(hi) > alpha) hi *= 2.0;
    for (int it = 0; it < 200 && hi - lo > 1e-14; ++it) {
        const double mid = 0.5 * (lo + hi);
        (ags_alpha(mid) > alpha ? lo : hi) = mid;
    }
    return std::erf(0.5 * (lo + hi));
}

}  // namespace lamina::theory
