#pragma once
// Closed-form propagator elements for the exactly integrated current-based LIF models
// (Rotter & Diesmann 1999, Biol. Cybern. 81:381). All are written through the entire functions
// phi1 and phi2 below, so the degenerate case tau_m == tau_syn needs no special branch and
// nearly equal time constants lose no precision (no 1/(tau_m - tau_syn) cancellation).
#include <cmath>

namespace lamina::models::exact {

/// phi1(x) = (1 - e^-x) / x, phi1(0) = 1. expm1 keeps full relative precision for small |x|.
inline double phi1(double x) { return x == 0.0 ? 1.0 : -std::expm1(-x) / x; }

/// phi2(x) = (1 - e^-x (1 + x)) / x^2, phi2(0) = 1/2. For |x| < 0.1 the direct form cancels,
/// so the Taylor series sum_m (-1)^m (m+1)/(m+2)! x^m is used (12 terms: remainder < 1e-20).
inline double phi2(double x) {
    if (std::abs(x) < 0.1) {
        double term = 0.5, sum = 0.0;  // term_m = (-1)^m x^m / (m+2)!; sum += (m+1) term_m
        for (int m = 0; m < 12; ++m) {
            sum += (m + 1) * term;
            term *= -x / (m + 3);
        }
        return sum;
    }
    return (-std::expm1(-x) - x * std::exp(-x)) / (x * x);
}

/// Voltage response over h to a constant current: V += P20 * I, P20 = tau_m/C_m (1 - e^(-h/tau_m)).
inline double p_const(double h, double tau_m, double C_m) { return h / C_m * phi1(h / tau_m); }

/// Voltage response over h to a current I(s) = I0 e^(-s/tau_s):
///   (1/C_m) int_0^h e^(-(h-s)/tau_m) e^(-s/tau_s) ds = (h/C_m) e^(-h/tau_m) phi1(h d),
/// with d = 1/tau_s - 1/tau_m. Equal time constants give (h/C_m) e^(-h/tau_m).
inline double p_exp(double h, double tau_m, double tau_s, double C_m) {
    const double d = 1.0 / tau_s - 1.0 / tau_m;
    return h / C_m * std::exp(-h / tau_m) * phi1(h * d);
}

/// Voltage response over h to a current I(s) = y1 s e^(-s/tau_s) (the alpha current's derivative
/// state y1): (1/C_m) e^(-h/tau_m) int_0^h s e^(-d s) ds = (h^2/C_m) e^(-h/tau_m) phi2(h d).
inline double p_alpha(double h, double tau_m, double tau_s, double C_m) {
    const double d = 1.0 / tau_s - 1.0 / tau_m;
    return h * h / C_m * std::exp(-h / tau_m) * phi2(h * d);
}

}  // namespace lamina::models::exact
