// Likelihood-ratio tests of a fitted power law against lognormal and exponential tails
// (Clauset, Shalizi & Newman 2009 section 5; Vuong 1989; see include/lamina/analysis/powerlaw.hpp).
#include "detail.hpp"
#include "powerlaw_detail.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>

namespace lamina::analysis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// log of the standard normal survival function Q(z) = P(Z > z), accurate far into the tail where
// erfc underflows (asymptotic series, Abramowitz & Stegun 26.2.12).
double log_q(double z) {
    if (z < 30.0) return std::log(0.5 * std::erfc(z / std::numbers::sqrt2));
    const double z2 = z * z;
    return -0.5 * z2 - std::log(z * std::sqrt(2.0 * std::numbers::pi)) + std::log1p(-1.0 / z2 + 3.0 / (z2 * z2));
}

// log(Phi(b) - Phi(a)) for a < b without cancellation: in the upper tail through Q, in the lower
// tail through Q of the mirrored arguments.
double log_normal_mass(double a, double b) {
    if (a > 0.0) return log_q(a) + std::log1p(-std::exp(log_q(b) - log_q(a)));
    if (b < 0.0) return log_q(-b) + std::log1p(-std::exp(log_q(-a) - log_q(-b)));
    return std::log(1.0 - 0.5 * std::erfc(b / std::numbers::sqrt2) - 0.5 * std::erfc(-a / std::numbers::sqrt2));
}

// Nelder-Mead simplex minimisation in two dimensions (Nelder & Mead 1965; standard coefficients).
std::array<double, 2> nelder_mead(const std::function<double(const std::array<double, 2>&)>& f, std::array<double, 2> x0,
                                  std::array<double, 2> step) {
    std::array<std::array<double, 2>, 3> p{x0, {x0[0] + step[0], x0[1]}, {x0[0], x0[1] + step[1]}};
    std::array<double, 3> v{f(p[0]), f(p[1]), f(p[2])};
    for (int it = 0; it < 2000; ++it) {
        std::array<int, 3> o{0, 1, 2};
        std::sort(o.begin(), o.end(), [&](int i, int j) { return v[std::size_t(i)] < v[std::size_t(j)]; });
        const auto& best = p[std::size_t(o[0])];
        auto& worst = p[std::size_t(o[2])];
        const double spread = std::fabs(v[std::size_t(o[2])] - v[std::size_t(o[0])]);
        if (spread <= 1e-10 * (std::fabs(v[std::size_t(o[0])]) + 1e-10)) break;
        std::array<double, 2> c{};
        for (int d = 0; d < 2; ++d) c[std::size_t(d)] = 0.5 * (best[std::size_t(d)] + p[std::size_t(o[1])][std::size_t(d)]);
        auto along = [&](double t) {
            return std::array<double, 2>{c[0] + t * (worst[0] - c[0]), c[1] + t * (worst[1] - c[1])};
        };
        const auto r = along(-1.0);
        const double fr = f(r);
        if (fr < v[std::size_t(o[0])]) {
            const auto e = along(-2.0);
            const double fe = f(e);
            if (fe < fr) worst = e, v[std::size_t(o[2])] = fe;
            else worst = r, v[std::size_t(o[2])] = fr;
        } else if (fr < v[std::size_t(o[1])]) {
            worst = r, v[std::size_t(o[2])] = fr;
        } else {
            const auto k = fr < v[std::size_t(o[2])] ? along(-0.5) : along(0.5);
            const double fk = f(k);
            if (fk < std::min(fr, v[std::size_t(o[2])])) {
                worst = k, v[std::size_t(o[2])] = fk;
            } else {  // shrink towards the best point
                for (int i = 1; i < 3; ++i) {
                    auto& q = p[std::size_t(o[std::size_t(i)])];
                    for (int d = 0; d < 2; ++d) q[std::size_t(d)] = best[std::size_t(d)] + 0.5 * (q[std::size_t(d)] - best[std::size_t(d)]);
                    v[std::size_t(o[std::size_t(i)])] = f(q);
                }
            }
        }
    }
    const auto m = std::min_element(v.begin(), v.end()) - v.begin();
    return p[std::size_t(m)];
}

struct tail_data {
    std::vector<double> x;   // x >= x_min
    std::vector<double> pl;  // power-law log-likelihood of each point
};

tail_data tail_of(std::span<const double> data, const powerlaw_fit& fit, const char* where) {
    detail::check_fit(fit, where);
    detail::check_values(data, fit.discrete, where);
    tail_data t;
    for (double v : data)
        if (v >= fit.x_min) t.x.push_back(v);
    if (t.x.size() < 2) detail::fail(where, "fewer than 2 data points are >= x_min = " + detail::fmt(fit.x_min));
    const double norm = detail::powerlaw_log_norm(fit);
    t.pl.reserve(t.x.size());
    for (double v : t.x) t.pl.push_back(detail::powerlaw_log_pdf(fit, v, norm));
    return t;
}

// Vuong's normalized log-likelihood ratio of the pointwise differences pl - alt.
likelihood_ratio vuong(const tail_data& t, const std::vector<double>& alt, std::string name) {
    const double n = double(t.x.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < t.x.size(); ++i) sum += t.pl[i] - alt[i];
    const double mean = sum / n;
    double var = 0.0;
    for (std::size_t i = 0; i < t.x.size(); ++i) var += (t.pl[i] - alt[i] - mean) * (t.pl[i] - alt[i] - mean);
    const double sd = std::sqrt(var / n);
    likelihood_ratio r;
    r.alternative = std::move(name);
    r.log_ratio = sum;
    r.normalized_ratio = sd > 0.0 ? sum / (sd * std::sqrt(n)) : 0.0;
    r.p_value = std::erfc(std::fabs(r.normalized_ratio) / std::numbers::sqrt2);
    return r;
}

}  // namespace

likelihood_ratio compare_lognormal(std::span<const double> data, const powerlaw_fit& fit) {
    const tail_data t = tail_of(data, fit, "compare_lognormal");
    const bool discrete = fit.discrete;
    // Discrete: the lognormal's mass on [x - 1/2, x + 1/2), normalised over x >= x_min (i.e. over
    // [x_min - 1/2, inf)). Continuous: the density truncated to x >= x_min.
    const double lo_edge = discrete ? fit.x_min - 0.5 : fit.x_min;
    auto log_pdf = [&](double x, double mu, double sigma, double log_norm) {
        if (discrete) return log_normal_mass((std::log(x - 0.5) - mu) / sigma, (std::log(x + 0.5) - mu) / sigma) - log_norm;
        const double z = (std::log(x) - mu) / sigma;
        return -0.5 * z * z - std::log(x * sigma * std::sqrt(2.0 * std::numbers::pi)) - log_norm;
    };
    auto nll = [&](const std::array<double, 2>& th) {
        const double mu = th[0], sigma = std::exp(th[1]);
        if (!std::isfinite(mu) || !(sigma > 1e-6) || !(sigma < 1e6)) return inf;
        const double log_norm = log_q((std::log(lo_edge) - mu) / sigma);
        double s = 0.0;
        for (double x : t.x) s -= log_pdf(x, mu, sigma, log_norm);
        return std::isfinite(s) ? s : inf;
    };
    // Start at the moments of ln x of the tail; the truncated MLE may move mu far below them.
    double m = 0.0, m2 = 0.0;
    for (double x : t.x) m += std::log(x);
    m /= double(t.x.size());
    for (double x : t.x) m2 += (std::log(x) - m) * (std::log(x) - m);
    const double sd = std::max(std::sqrt(m2 / double(t.x.size())), 0.1);
    auto th = nelder_mead(nll, {m, std::log(sd)}, {0.5 * sd, 0.3});
    th = nelder_mead(nll, th, {0.1 * sd, 0.05});  // restart: guards against a collapsed simplex
    const double mu = th[0], sigma = std::exp(th[1]);
    const double log_norm = log_q((std::log(lo_edge) - mu) / sigma);
    std::vector<double> alt;
    alt.reserve(t.x.size());
    for (double x : t.x) alt.push_back(log_pdf(x, mu, sigma, log_norm));
    auto r = vuong(t, alt, "lognormal");
    r.param1 = mu;
    r.param2 = sigma;
    return r;
}

likelihood_ratio compare_exponential(std::span<const double> data, const powerlaw_fit& fit) {
    const tail_data t = tail_of(data, fit, "compare_exponential");
    double mean_excess = 0.0;
    for (double x : t.x) mean_excess += x - fit.x_min;
    mean_excess /= double(t.x.size());
    if (!(mean_excess > 0.0)) detail::fail("compare_exponential", "all tail points equal x_min");
    // Maximum likelihood: continuous lambda = 1 / mean excess; discrete (geometric)
    // lambda = ln(1 + 1 / mean excess).
    const double lambda = fit.discrete ? std::log1p(1.0 / mean_excess) : 1.0 / mean_excess;
    const double log_norm = fit.discrete ? std::log(-std::expm1(-lambda)) : std::log(lambda);
    std::vector<double> alt;
    alt.reserve(t.x.size());
    for (double x : t.x) alt.push_back(log_norm - lambda * (x - fit.x_min));
    auto r = vuong(t, alt, "exponential");
    r.param1 = lambda;
    return r;
}

}  // namespace lamina::analysis
