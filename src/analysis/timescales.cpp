// Autocorrelation and the intrinsic timescale (see include/lamina/analysis/timescales.hpp).
#include <lamina/analysis/timescales.hpp>

#include "detail.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct exp_fit {
    double amplitude, tau, offset;
    bool converged;
};

// Levenberg-Marquardt (Marquardt 1963, with the diagonal scaling of J^T J) for
// y_k = A exp(-x_k / tau) + c. tau is fitted as ln tau so it stays positive.
exp_fit fit_exponential(const std::vector<double>& x, const std::vector<double>& y, double a0, double tau0, double c0) {
    Eigen::Vector3d th(a0, std::log(tau0), c0);
    auto residuals = [&](const Eigen::Vector3d& p, Eigen::VectorXd& r) {
        const double tau = std::exp(p[1]);
        for (std::size_t k = 0; k < x.size(); ++k) r[Eigen::Index(k)] = y[k] - (p[0] * std::exp(-x[k] / tau) + p[2]);
        return r.squaredNorm();
    };
    const auto n = static_cast<Eigen::Index>(x.size());
    Eigen::VectorXd r(n), r_try(n);
    Eigen::MatrixXd j(n, 3);
    double cost = residuals(th, r);
    double lambda = 1e-3;
    bool converged = false;
    for (int it = 0; it < 500 && !converged; ++it) {
        const double tau = std::exp(th[1]);
        for (Eigen::Index k = 0; k < n; ++k) {
            const double e = std::exp(-x[std::size_t(k)] / tau);
            j(k, 0) = e;
            j(k, 1) = th[0] * e * x[std::size_t(k)] / tau;  // d/d(ln tau)
            j(k, 2) = 1.0;
        }
        const Eigen::Matrix3d jtj = j.transpose() * j;
        const Eigen::Vector3d jtr = j.transpose() * r;
        bool improved = false;
        while (lambda < 1e12) {
            Eigen::Matrix3d lhs = jtj;
            lhs.diagonal() += lambda * jtj.diagonal().cwiseMax(1e-12);
            const Eigen::Vector3d step = lhs.ldlt().solve(jtr);
            const Eigen::Vector3d trial = th + step;
            const double c = residuals(trial, r_try);
            if (std::isfinite(c) && c <= cost) {
                converged = step.cwiseAbs().maxCoeff() < 1e-10 * (1.0 + th.cwiseAbs().maxCoeff()) ||
                            cost - c <= 1e-14 * cost;
                th = trial;
                cost = c;
                r = r_try;
                lambda = std::max(lambda * 0.3, 1e-12);
                improved = true;
                break;
            }
            lambda *= 10.0;
        }
        if (!improved) converged = true;  // no downhill step left: at a minimum (to precision)
    }
    return {th[0], std::exp(th[1]), th[2], converged && std::isfinite(cost)};
}

}  // namespace

std::vector<double> autocorrelation(std::span<const double> x, std::size_t max_lag) {
    const char* where = "autocorrelation";
    if (x.size() < 2) detail::fail(where, "needs at least 2 samples, got " + std::to_string(x.size()));
    if (max_lag >= x.size())
        detail::fail(where, "max_lag = " + std::to_string(max_lag) + " must be below the " + std::to_string(x.size()) +
                                " samples");
    double mean = 0.0;
    for (double v : x) {
        if (!std::isfinite(v)) detail::fail(where, "the signal contains a non-finite value (" + detail::fmt(v) + ")");
        mean += v;
    }
    mean /= double(x.size());
    std::vector<double> d(x.size());
    for (std::size_t t = 0; t < x.size(); ++t) d[t] = x[t] - mean;
    std::vector<double> out(max_lag + 1);
    for (std::size_t k = 0; k <= max_lag; ++k) {
        double s = 0.0;
        for (std::size_t t = 0; t + k < d.size(); ++t) s += d[t] * d[t + k];
        out[k] = s;
    }
    const double c0 = out[0];
    for (double& v : out) v = c0 > 0.0 ? v / c0 : nan;
    return out;
}

timescale_estimate intrinsic_timescale(std::span<const double> signal, double dt_ms, std::size_t max_lag,
                                       std::size_t min_lag) {
    const char* where = "intrinsic_timescale";
    detail::check_positive(dt_ms, "dt_ms", where);
    if (max_lag < min_lag + 3)
        detail::fail(where, "needs at least 4 lags to fit 3 parameters: min_lag = " + std::to_string(min_lag) +
                                ", max_lag = " + std::to_string(max_lag));
    timescale_estimate e;
    e.dt_ms = dt_ms;
    e.min_lag = min_lag;
    e.autocorrelation = autocorrelation(signal, max_lag);
    e.tau_ms = e.amplitude = e.offset = nan;
    if (!std::isfinite(e.autocorrelation[0])) return e;  // constant signal
    std::vector<double> x, y;
    for (std::size_t k = min_lag; k <= max_lag; ++k) {
        x.push_back(double(k) * dt_ms);
        y.push_back(e.autocorrelation[k]);
    }
    // Start: offset from the last tenth of the lags, tau where the excess falls by 1/e.
    const std::size_t tail = std::max<std::size_t>(1, y.size() / 10);
    double c0 = 0.0;
    for (std::size_t k = y.size() - tail; k < y.size(); ++k) c0 += y[k];
    c0 /= double(tail);
    const double excess0 = y.front() - c0;
    if (!(excess0 > 0.0)) return e;  // no decay to fit
    double tau0 = 0.5 * (x.back() - x.front());
    for (std::size_t k = 1; k < y.size(); ++k)
        if (y[k] - c0 < excess0 / std::exp(1.0)) {
            tau0 = std::max(x[k] - x.front(), dt_ms);
            break;
        }
    const double a0 = excess0 * std::exp(x.front() / tau0);
    const exp_fit f = fit_exponential(x, y, a0, tau0, c0);
    e.amplitude = f.amplitude;
    e.tau_ms = f.tau;
    e.offset = f.offset;
    e.converged = f.converged && f.amplitude > 0.0;
    return e;
}

timescale_estimate intrinsic_timescale(const spike_trains& trains, double bin_ms, double max_lag_ms) {
    const char* where = "intrinsic_timescale";
    detail::check_trains(trains, where);
    detail::check_positive(max_lag_ms, "max_lag_ms", where);
    const auto grid = detail::make_grid(trains, bin_ms, where);
    const auto max_lag = static_cast<std::size_t>(std::floor(max_lag_ms / bin_ms));
    return intrinsic_timescale(detail::population_count_vector(trains, grid, where), bin_ms, max_lag, 1);
}

}  // namespace lamina::analysis
