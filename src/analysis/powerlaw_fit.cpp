// Power-law fits (Clauset, Shalizi & Newman 2009, "CSN") and the Hurwitz zeta function they need
// (see include/lamina/analysis/powerlaw.hpp).
#include "detail.hpp"
#include "powerlaw_detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {

double hurwitz_zeta(double s, double q) {
    if (!(s > 1.0) || !std::isfinite(s))
        detail::fail("hurwitz_zeta", "s must be a finite number > 1, got " + detail::fmt(s));
    if (!(q > 0.0) || !std::isfinite(q))
        detail::fail("hurwitz_zeta", "q must be a finite number > 0, got " + detail::fmt(q));
    // Euler-Maclaurin (Abramowitz & Stegun 23.1.30): sum the first terms directly until
    // w = q + N >= max(10, 2s), then add the integral w^(1-s)/(s-1), the half term w^-s/2 and the
    // Bernoulli series sum_j B_2j/(2j)! s(s+1)..(s+2j-2) w^(-s-2j+1). Successive terms shrink by
    // about (s + 2j)^2 / (2 pi w)^2, so with w >= 2s the 12th is below 1e-20 of the sum for any s
    // (with w = 10 alone, s = 12 would leave an error of 1e-12).
    static constexpr double b2j_over_fact[12] = {
        1.0 / 12.0,                  // B2 / 2!
        -1.0 / 720.0,                // B4 / 4!
        1.0 / 30240.0,               // B6 / 6!
        -1.0 / 1209600.0,            // B8 / 8!
        1.0 / 47900160.0,            // B10 / 10!
        -691.0 / 1307674368000.0,    // B12 / 12!
        1.0 / 74724249600.0,         // B14 / 14!
        -3617.0 / 10670622842880000.0,
        43867.0 / 5109094217170944000.0,
        -174611.0 / 802857662698291200000.0,
        77683.0 / 14101100039391805440000.0,
        -236364091.0 / 1693824136731743669452800000.0,
    };
    double sum = 0.0;
    double w = q;
    const double w_min = std::max(10.0, 2.0 * s);
    while (w < w_min) {
        sum += std::pow(w, -s);
        w += 1.0;
    }
    const double ws = std::pow(w, -s);
    sum += ws * w / (s - 1.0) + 0.5 * ws;
    // term_j = B_2j/(2j)! * s(s+1)...(s+2j-2) * w^(-s-2j+1)
    double rising = s;        // s (s+1) ... (s + 2j - 2)
    double power = ws / w;    // w^(-s-2j+1) for j = 1
    const double inv_w2 = 1.0 / (w * w);
    for (int j = 0; j < 12; ++j) {
        const double term = b2j_over_fact[j] * rising * power;
        sum += term;
        if (std::fabs(term) < 1e-17 * sum) break;
        rising *= (s + 2.0 * j + 1.0) * (s + 2.0 * j + 2.0);
        power *= inv_w2;
    }
    return sum;
}

namespace detail {

void check_values(std::span<const double> data, bool discrete, const char* where) {
    for (double v : data) {
        if (!std::isfinite(v)) fail(where, "the data contain a non-finite value (" + fmt(v) + ")");
        if (discrete && (v < 1.0 || v != std::floor(v)))
            fail(where, "discrete data must be integers >= 1, got " + fmt(v) + " (use continuous fits for real values)");
        if (!discrete && !(v > 0.0)) fail(where, "continuous data must be > 0, got " + fmt(v));
    }
}

double sorted_sample::point(std::size_t k) const {
    const auto r = static_cast<std::size_t>(std::upper_bound(run.begin(), run.end(), k) - run.begin()) - 1;
    return distinct[r];
}

std::size_t sorted_sample::run_of(double x) const {
    return static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), x) - distinct.begin());
}

void prepare_sample(sorted_sample& s, std::vector<double>& values, bool discrete, const char* where) {
    check_values(values, discrete, where);
    s.n = values.size();
    s.distinct.clear();
    s.run.clear();
    double max = 0.0;
    for (double v : values) max = std::max(max, v);
    if (discrete && max <= std::max(65536.0, 4.0 * double(values.size())) && values.size() < (std::size_t{1} << 32)) {
        // Counting: O(n + max) instead of O(n log n).
        std::vector<std::uint32_t> count(static_cast<std::size_t>(max) + 1, 0);
        for (double v : values) ++count[static_cast<std::size_t>(v)];
        std::size_t below = 0;
        for (std::size_t v = 1; v < count.size(); ++v)
            if (count[v] > 0) {
                s.distinct.push_back(double(v));
                s.run.push_back(below);
                below += count[v];
            }
    } else {
        std::sort(values.begin(), values.end());
        for (std::size_t i = 0; i < values.size(); ++i)
            if (i == 0 || values[i] != values[i - 1]) {
                s.distinct.push_back(values[i]);
                s.run.push_back(i);
            }
    }
    s.run.push_back(s.n);
    s.log_distinct.resize(s.distinct.size());
    s.prefix_log.resize(s.distinct.size() + 1);
    s.prefix_log[0] = 0.0;
    for (std::size_t r = 0; r < s.distinct.size(); ++r) {
        s.log_distinct[r] = std::log(s.distinct[r]);
        s.prefix_log[r + 1] = s.prefix_log[r] + double(s.run[r + 1] - s.run[r]) * s.log_distinct[r];
    }
}

sorted_sample prepare_sample(std::span<const double> data, bool discrete, const char* where) {
    sorted_sample s;
    std::vector<double> values(data.begin(), data.end());
    prepare_sample(s, values, discrete, where);
    return s;
}

double discrete_alpha_mle(double x_min, double mean_log) {
    // -log L / n = ln zeta(alpha, x_min) + alpha mean_log is convex in alpha (ln zeta is a log of a
    // sum of exponentials in alpha), so golden-section search on a bracket finds the minimum.
    auto f = [&](double a) { return std::log(hurwitz_zeta(a, x_min)) + a * mean_log; };
    // Start from CSN's approximation (3.7), alpha ~ 1 + 1 / (mean_log - ln(x_min - 1/2)).
    const double excess = mean_log - std::log(x_min - 0.5);
    double guess = excess > 0.0 ? 1.0 + 1.0 / excess : 50.0;
    guess = std::clamp(guess, 1.0 + 1e-6, 50.0);
    double lo = std::max(1.0 + 1e-9, guess - 0.5), hi = std::min(60.0, guess + 0.5);
    while (lo > 1.0 + 1e-9 && f(lo) < f(std::min(hi, lo + 1e-3))) lo = std::max(1.0 + 1e-9, 1.0 + (lo - 1.0) * 0.25);
    while (hi < 60.0 && f(hi) < f(hi - 1e-3)) hi = std::min(60.0, hi + 2.0 * (hi - lo));
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double a = lo + (1.0 - g) * (hi - lo), b = lo + g * (hi - lo);
    double fa = f(a), fb = f(b);
    while (hi - lo > 1e-9 * std::max(1.0, lo)) {
        if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = lo + (1.0 - g) * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = f(b);
        }
    }
    return 0.5 * (lo + hi);
}

namespace {

// The fitted CDF against the empirical one over the tail x >= x_min.
struct ks_model {
    const sorted_sample& s;
    const powerlaw_fit& fit;
    std::size_t first_run;  // first distinct value >= x_min
    std::size_t first;      // index of the first tail point
    double nt, z_min, log_x_min;
    ks_model(const sorted_sample& s_, const powerlaw_fit& f)
        : s(s_), fit(f),
          first_run(s_.run_of(f.x_min)), first(s_.run[first_run]), nt(double(s_.n - first)),
          z_min(f.discrete ? hurwitz_zeta(f.alpha, f.x_min) : 0.0), log_x_min(std::log(f.x_min)) {}

    // Largest deviation at distinct value r: the empirical CDF jumps there from below/nt to
    // upto/nt. For discrete data the model CDF is a step function too: P(X < u) = 1 - zeta(a, u) /
    // zeta(a, x_min) and P(X <= u) = P(X < u) + u^-a / zeta(a, x_min); comparing both sides at every
    // distinct value gives the exact supremum over all integers (the same D as CSN's, who compare at
    // every integer up to the maximum).
    double at(std::size_t r) const {
        const std::size_t i = s.run[r], j = s.run[r + 1];
        const double below = double(i - first) / nt, upto = double(j - first) / nt;
        const double a = fit.alpha, u = s.distinct[r];
        double f_lt, f_le;
        if (fit.discrete) {
            const double zu = hurwitz_zeta(a, u);
            f_lt = 1.0 - zu / z_min;
            f_le = 1.0 - (zu - std::pow(u, -a)) / z_min;
        } else {
            f_lt = f_le = -std::expm1((1.0 - a) * (s.log_distinct[r] - log_x_min));
        }
        return std::max(std::fabs(below - f_lt), std::fabs(upto - f_le));
    }
};

// A lower bound of the KS distance from the deviations at every `stride`-th distinct value of the
// tail; returns as soon as it exceeds stop_at. The x_min scan uses it to discard most candidates
// cheaply.
double ks_lower_bound(const sorted_sample& s, const powerlaw_fit& fit, std::size_t stride, double stop_at) {
    const ks_model m(s, fit);
    double d = 0.0;
    for (std::size_t r = m.first_run; r < s.distinct.size(); r += stride) {
        d = std::max(d, m.at(r));
        if (d > stop_at) return d;
    }
    return d;
}

}  // namespace

double ks_sorted(const sorted_sample& s, const powerlaw_fit& fit, double stop_at) {
    const ks_model m(s, fit);
    if (m.nt == 0.0) return std::numeric_limits<double>::quiet_NaN();
    double d = 0.0;
    for (std::size_t r = m.first_run; r < s.distinct.size(); ++r) {
        d = std::max(d, m.at(r));
        if (d > stop_at) return d;
    }
    return d;
}

powerlaw_fit fit_sorted(const sorted_sample& s, const powerlaw_options& o, const char* where) {
    const std::size_t n = s.n;
    if (n < 2) fail(where, "needs at least 2 data points, got " + std::to_string(n));
    if (o.x_min < 0.0 || !std::isfinite(o.x_min)) fail(where, "x_min must be >= 0, got " + fmt(o.x_min));
    if (o.discrete && o.x_min > 0.0 && o.x_min != std::floor(o.x_min))
        fail(where, "a discrete fit needs an integer x_min, got " + fmt(o.x_min));
    const std::size_t min_tail = std::max<std::size_t>(o.min_tail, 2);

    powerlaw_fit best;
    best.n = n;
    best.discrete = o.discrete;
    best.ks_distance = std::numeric_limits<double>::infinity();
    // Fit with the tail starting at distinct value r (x_min = that value unless fixed).
    auto fit_at = [&](std::size_t r, powerlaw_fit& f) {
        const std::size_t nt = n - s.run[r];
        const double sum_log = s.prefix_log.back() - s.prefix_log[r];
        f = best;
        f.x_min = o.x_min == 0.0 ? s.distinct[r] : o.x_min;
        f.n_tail = nt;
        if (o.discrete) {
            f.alpha = discrete_alpha_mle(f.x_min, sum_log / double(nt));
            return true;
        }
        const double denom = sum_log - double(nt) * std::log(f.x_min);
        if (!(denom > 0.0)) return false;  // all tail points equal x_min: no finite alpha
        f.alpha = 1.0 + double(nt) / denom;
        return true;
    };
    // The best candidate is the smallest KS distance, ties going to the smaller x_min: exactly
    // what an exhaustive scan in ascending order finds, whatever order we evaluate in.
    auto consider = [&](std::size_t r, bool screen) {
        powerlaw_fit f;
        if (!fit_at(r, f)) return;
        if (screen && std::isfinite(best.ks_distance)) {
            const std::size_t tail_runs = s.distinct.size() - r;
            const std::size_t stride = std::max<std::size_t>(1, tail_runs / 64);
            if (ks_lower_bound(s, f, stride, best.ks_distance) > best.ks_distance) return;
        }
        f.ks_distance = ks_sorted(s, f, best.ks_distance);
        if (f.ks_distance < best.ks_distance || (f.ks_distance == best.ks_distance && f.x_min < best.x_min)) best = f;
    };
    if (o.x_min > 0.0) {
        const std::size_t r = s.run_of(o.x_min);
        if (n - s.run[r] < 2) fail(where, "fewer than 2 data points are >= x_min = " + fmt(o.x_min));
        consider(r, false);
    } else {
        // Every distinct value but the largest (CSN section 3.3), as long as the tail keeps min_tail points.
        std::vector<std::size_t> candidates;
        for (std::size_t r = 0; r + 1 < s.distinct.size(); ++r) {
            if (n - s.run[r] < min_tail || s.distinct[r] > o.x_min_max) break;
            candidates.push_back(r);
        }
        // A sparse first pass finds a good distance to beat; then every other candidate is first
        // screened by a cheap lower bound of its distance. Scans of 10^4 candidates drop from
        // O(n^2) to about O(n^1.5).
        const std::size_t coarse = std::max<std::size_t>(1, candidates.size() / 32);
        for (std::size_t c = 0; c < candidates.size(); c += coarse) consider(candidates[c], false);
        for (std::size_t c = 0; c < candidates.size(); ++c)
            if (c % coarse != 0) consider(candidates[c], true);
    }
    if (!std::isfinite(best.ks_distance))
        fail(where, "no x_min candidate leaves at least min_tail = " + std::to_string(min_tail) +
                        " points with two distinct values in the tail (" + std::to_string(n) + " data points)");
    // Standard error from the Fisher information: continuous (alpha - 1) / sqrt(n) (CSN 3.2);
    // discrete 1 / sqrt(n d^2/da^2 ln zeta(a, x_min)) (CSN 3.6), by a central difference.
    const double nt = double(best.n_tail);
    if (o.discrete) {
        const double a = best.alpha, h = 1e-4 * std::max(1.0, a - 1.0);
        const double lo = std::max(a - h, 1.0 + 0.5 * (a - 1.0));
        const double hs = a - lo;
        const double c2 = (std::log(hurwitz_zeta(a + hs, best.x_min)) - 2.0 * std::log(hurwitz_zeta(a, best.x_min)) +
                           std::log(hurwitz_zeta(lo, best.x_min))) / (hs * hs);
        best.alpha_se = c2 > 0.0 ? 1.0 / std::sqrt(nt * c2) : std::numeric_limits<double>::quiet_NaN();
    } else {
        best.alpha_se = (best.alpha - 1.0) / std::sqrt(nt);
    }
    return best;
}

double powerlaw_log_norm(const powerlaw_fit& fit) {
    return fit.discrete ? std::log(hurwitz_zeta(fit.alpha, fit.x_min)) : std::log((fit.alpha - 1.0) / fit.x_min);
}

double powerlaw_log_pdf(const powerlaw_fit& fit, double x, double log_norm) {
    return fit.discrete ? -fit.alpha * std::log(x) - log_norm : log_norm - fit.alpha * std::log(x / fit.x_min);
}

void check_fit(const powerlaw_fit& fit, const char* where) {
    if (!(fit.alpha > 1.0) || !std::isfinite(fit.alpha)) fail(where, "fit.alpha must be > 1, got " + fmt(fit.alpha));
    if (!(fit.x_min > 0.0) || !std::isfinite(fit.x_min)) fail(where, "fit.x_min must be > 0, got " + fmt(fit.x_min));
    if (fit.discrete && (fit.x_min < 1.0 || fit.x_min != std::floor(fit.x_min)))
        fail(where, "a discrete fit needs an integer x_min >= 1, got " + fmt(fit.x_min));
}

}  // namespace detail

powerlaw_fit fit_powerlaw(std::span<const double> data, const powerlaw_options& options) {
    const auto s = detail::prepare_sample(data, options.discrete, "fit_powerlaw");
    return detail::fit_sorted(s, options, "fit_powerlaw");
}

double powerlaw_ks_distance(std::span<const double> data, const powerlaw_fit& fit) {
    detail::check_fit(fit, "powerlaw_ks_distance");
    const auto s = detail::prepare_sample(data, fit.discrete, "powerlaw_ks_distance");
    return detail::ks_sorted(s, fit);
}

}  // namespace lamina::analysis
