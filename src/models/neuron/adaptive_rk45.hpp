#pragma once
// Embedded adaptive Runge-Kutta integration over one simulation step, for the nonlinear neuron
// models (lif_cond_exp, aeif_cond_exp, aeif_psc_exp, izhikevich).
//
// Scheme: Dormand & Prince 5(4) (J. Comput. Appl. Math. 6:19, 1980; Hairer, Norsett & Wanner,
// Solving ODEs I, sec. II.5), local extrapolation (the 5th-order solution is kept), FSAL.
// Error per component e_i = |y5_i - y4_i| / tol, an absolute tolerance in each state variable's
// unit (mV, nS, pA); it plays the role of NEST's gsl_error_tol (whose GSL control also allows
// tol * h |dy/dt|, so it is looser where the state moves fast). A sub-step is accepted when
// max_i e_i <= 1, and the next one is h * clamp(0.9 e^(-1/5), 0.2, 5).
// As in NEST's GSL-based models the sub-step size persists per neuron across simulation steps
// (a state variable), so quiet neurons take one sub-step per dt.
//
// Threshold events: after each accepted sub-step, if y[0] (the membrane potential) went from
// below `threshold` to at or above it, the crossing time inside the sub-step is located by
// bisection on the cubic Hermite interpolant of y[0] (built from y, y5 and the derivatives at both
// ends, which DP5 provides for free); the whole state is interpolated to that time, on_spike(y)
// applies the reset (V = V_reset, w += b, possibly entering refractoriness), and integration
// continues from there to the end of the step. The caller stamps the spike at t + dt.
// Locating the crossing (rather than resetting at the end of an arbitrary sub-step) is what makes
// the post-spike trajectory converge to the true dynamics as tol -> 0. Models that diverge in
// finite time (Izhikevich, AdEx) cannot blow up: a rejected trial step that produced inf/NaN is
// simply retried smaller, and every accepted state below threshold is finite.
//
// Termination: a sub-step shorter than h_min is accepted whatever its error, so one call makes at
// most about dt/h_min sub-steps, and a state that has become non-finite (only possible from
// non-finite input or parameters) ends the step at once: it stays NaN rather than hanging the
// simulation. No allocation, no virtual calls: the right-hand side and the reset are
// inlined lambdas.
#include <algorithm>
#include <cmath>
#include <cstddef>

namespace lamina::models::rk45 {

struct settings {
    double tol;    ///< absolute local error tolerance per sub-step, in the state variables' units
    double h_min;  ///< shortest sub-step, ms: below it sub-steps are accepted unconditionally
};

/// Integrates dy/dt = rhs(y) over [0, T] in place. `h` is the per-neuron sub-step memory (in/out;
/// <= 0 means "start with T"). Returns the number of threshold crossings handled by on_spike.
/// rhs(const double* y, double* dydt); on_spike(double* y).
template <std::size_t N, class Rhs, class OnSpike>
inline int advance(double (&y)[N], double T, double& h, const settings& s, double threshold, Rhs&& rhs,
                   OnSpike&& on_spike) {
    // Dormand-Prince tableau.
    constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
    constexpr double a21 = 1.0 / 5;
    constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
    constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
    constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
    constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                     a65 = -5103.0 / 18656;
    constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
    // e = b(5th order) - b(4th order)
    constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
                     e6 = 22.0 / 525, e7 = -1.0 / 40;
    (void)c2, (void)c3, (void)c4, (void)c5;  // autonomous systems: stage times are not needed

    double k1[N], k2[N], k3[N], k4[N], k5[N], k6[N], k7[N], tmp[N], y5[N];
    int spikes = 0;
    rhs(y, k1);
    if (y[0] >= threshold) {  // already at threshold (e.g. a state set by the user): spike now
        on_spike(y);
        ++spikes;
        rhs(y, k1);
    }
    double hh = (h > 0.0 && h < T) ? h : T;
    const double h_entry = hh;  // what worked before this step: restart from it after a reset
    double t = 0.0;
    while (t < T) {
        const double remaining = T - t;
        const bool last = hh >= remaining;
        const double dt = last ? remaining : hh;
        for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + dt * a21 * k1[j];
        rhs(tmp, k2);
        for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + dt * (a31 * k1[j] + a32 * k2[j]);
        rhs(tmp, k3);
        for (std::size_t j = 0; j < N; ++j) tmp[j] = y[j] + dt * (a41 * k1[j] + a42 * k2[j] + a43 * k3[j]);
        rhs(tmp, k4);
        for (std::size_t j = 0; j < N; ++j)
            tmp[j] = y[j] + dt * (a51 * k1[j] + a52 * k2[j] + a53 * k3[j] + a54 * k4[j]);
        rhs(tmp, k5);
        for (std::size_t j = 0; j < N; ++j)
            tmp[j] = y[j] + dt * (a61 * k1[j] + a62 * k2[j] + a63 * k3[j] + a64 * k4[j] + a65 * k5[j]);
        rhs(tmp, k6);
        for (std::size_t j = 0; j < N; ++j)
            y5[j] = y[j] + dt * (b1 * k1[j] + b3 * k3[j] + b4 * k4[j] + b5 * k5[j] + b6 * k6[j]);
        rhs(y5, k7);
        double err = 0.0;
        for (std::size_t j = 0; j < N; ++j) {
            const double ej = dt * (e1 * k1[j] + e3 * k3[j] + e4 * k4[j] + e5 * k5[j] + e6 * k6[j] + e7 * k7[j]);
            const double r = std::abs(ej) / s.tol;
            err = (r > err || r != r) ? r : err;  // propagates NaN
        }
        if (!(err <= 1.0) && dt > s.h_min) {  // reject (also when the trial produced inf/NaN)
            const double f = std::isfinite(err) ? std::max(0.2, 0.9 * std::pow(err, -0.2)) : 0.2;
            hh = std::max(dt * f, 0.5 * s.h_min);
            continue;
        }
        const double grow = (err > 0.0) ? std::min(5.0, std::max(0.2, 0.9 * std::pow(err, -0.2))) : 5.0;
        const double next = dt * grow;
        if (y[0] < threshold && y5[0] >= threshold) {
            // Crossing inside [t, t+dt]: bisection on the cubic Hermite interpolant of y[0].
            const auto hermite = [&](std::size_t j, double th) {
                const double th2 = th * th, th3 = th2 * th;
                return (2 * th3 - 3 * th2 + 1) * y[j] + (th3 - 2 * th2 + th) * dt * k1[j] +
                       (-2 * th3 + 3 * th2) * y5[j] + (th3 - th2) * dt * k7[j];
            };
            double lo = 0.0, hi = 1.0;
            for (int it = 0; it < 60 && hi - lo > 1e-15; ++it) {
                const double mid = 0.5 * (lo + hi);
                (hermite(0, mid) >= threshold ? hi : lo) = mid;
            }
            for (std::size_t j = 0; j < N; ++j) tmp[j] = hermite(j, hi);
            for (std::size_t j = 0; j < N; ++j) y[j] = tmp[j];
            t = (hi >= 1.0 && last) ? T : t + hi * dt;
            on_spike(y);
            ++spikes;
            rhs(y, k1);
            hh = std::max(next, h_entry);  // near the spike sub-steps were tiny; dynamics after the
            continue;                      // reset are as smooth as before it (one rejection at worst)
        }
        for (std::size_t j = 0; j < N; ++j) {
            y[j] = y5[j];
            k1[j] = k7[j];
        }
        if (!std::isfinite(err)) break;  // forced at h_min with a non-finite state: give up this step
        if (last) {
            t = T;
            hh = std::max(next, hh);  // a sub-step shortened to end on T says nothing against hh
        } else {
            t += dt;
            hh = next;
        }
    }
    h = std::min(hh, T);
    return spikes;
}

}  // namespace lamina::models::rk45
