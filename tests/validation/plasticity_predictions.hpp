#pragma once
// Analytic predictions for the plasticity rules (src/models/synapse/), shared by the unit tests
// of the rules' maths and the validation tests that run them in the engine.
//
// replay(): the contract of plasticity_api.hpp evaluated in continuous time, independently of
// the engine: exact exponential traces between events, events in synapse-time order, a post
// event before a pre event at the same time, clamping after each event.
#include "models/synapse/plasticity_api.hpp"
#include "models/synapse/stdp_triplet.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

namespace lamina::test {

/// Final weight magnitude after pre spikes at `pre` and post events at synapse times `post`
/// (post spike time + dendritic delay), both sorted, starting from w0.
template <class Rule>
double replay(const typename Rule::coeffs& c, double w0, const std::vector<double>& pre,
              const std::vector<double>& post) {
    std::array<double, Rule::n_pre> xpre{};
    std::array<double, Rule::n_post> xpost{};
    double t_last = 0.0;
    auto decay_to = [&](double t) {
        for (std::size_t k = 0; k < Rule::n_pre; ++k) xpre[k] *= std::exp(-(t - t_last) / c.pre[k].tau);
        for (std::size_t k = 0; k < Rule::n_post; ++k) xpost[k] *= std::exp(-(t - t_last) / c.post[k].tau);
        t_last = t;
    };
    auto bump = [](auto& x, const auto& defs) {
        for (std::size_t k = 0; k < x.size(); ++k) x[k] = defs[k].nearest ? 1.0 : x[k] + 1.0;
    };
    double w = w0;
    std::size_t i = 0, j = 0;
    while (i < pre.size() || j < post.size()) {
        if (j < post.size() && (i == pre.size() || post[j] <= pre[i])) {  // post first at ties
            decay_to(post[j++]);
            w = std::clamp(Rule::on_post(c, w, xpre.data(), xpost.data()), c.w_min, c.w_max);
            bump(xpost, c.post);
        } else {
            decay_to(pre[i++]);
            w = std::clamp(Rule::on_pre(c, w, xpre.data(), xpost.data()), c.w_min, c.w_max);
            bump(xpre, c.pre);
        }
    }
    return w;
}

/// Weight change of the all-to-all triplet rule (no bound reached) for n pairings with period T:
/// pre spikes at k T, post events at k T + s (k = 0..n-1, |s| < T; s = 0 counts as post first).
///
/// Derivation (q_a = exp(-T/tau_a), c_a = q_a/(1 - q_a), G(a) = sum_{k<n} a^k = (1-a^n)/(1-a)):
/// s > 0. At the k-th pre spike o1 = e^{s/tau_-} c_- (1 - q_-^k) (the k earlier posts) and
/// r2(t-eps) = c_x (1 - q_x^k); at the k-th post r1 = e^{-s/tau_+} (1 - q_+^{k+1})/(1 - q_+)
/// (pre spikes 0..k) and o2(t-eps) = c_y (1 - q_y^k). Summing the products over k with
/// sum_k (1 - a^k)(1 - b^k) = n - G(a) - G(b) + G(ab) gives the expressions below.
/// s <= 0 (u = -s). At the k-th pre o1 = e^{-u/tau_-} (1 - q_-^{k+1})/(1 - q_-) (posts 0..k),
/// at the k-th post r1 = e^{u/tau_+} c_+ (1 - q_+^k) (earlier pres); r2, o2 as above.
inline double triplet_periodic(const models::stdp_triplet::params& p, int n, double T, double s) {
    auto q = [T](double tau) { return std::exp(-T / tau); };
    auto G = [n](double a) { return (1.0 - std::pow(a, n)) / (1.0 - a); };
    const double qp = q(p.tau_plus), qm = q(p.tau_minus), qx = q(p.tau_x), qy = q(p.tau_y);
    const double cx = qx / (1.0 - qx), cy = qy / (1.0 - qy), N = n;
    double dpre = 0.0, dpost = 0.0;
    if (s > 0.0) {
        dpre = -std::exp(s / p.tau_minus) * qm / (1.0 - qm) *
               (p.A2_minus * (N - G(qm)) + p.A3_minus * cx * (N - G(qm) - G(qx) + G(qm * qx)));
        dpost = std::exp(-s / p.tau_plus) / (1.0 - qp) *
                (p.A2_plus * (N - qp * G(qp)) + p.A3_plus * cy * (N - qp * G(qp) - G(qy) + qp * G(qp * qy)));
    } else {
        const double u = -s;
        dpre = -std::exp(-u / p.tau_minus) / (1.0 - qm) *
               (p.A2_minus * (N - qm * G(qm)) + p.A3_minus * cx * (N - qm * G(qm) - G(qx) + qm * G(qm * qx)));
        dpost = std::exp(u / p.tau_plus) * qp / (1.0 - qp) *
                (p.A2_plus * (N - G(qp)) + p.A3_plus * cy * (N - G(qp) - G(qy) + G(qp * qy)));
    }
    return dpre + dpost;
}

/// Pfister & Gerstner 2006 Table 3 (visual cortex), all-to-all, full model.
inline models::stdp_triplet::params triplet_visual_full() {
    models::stdp_triplet::params p;
    p.tau_x = 101.0;
    p.tau_y = 125.0;
    p.A2_plus = 5e-10;
    p.A3_plus = 6.2e-3;
    p.A2_minus = 7e-3;
    p.A3_minus = 2.3e-4;
    return p;
}

/// Sjostrom, Turrigiano & Nelson 2001 (Neuron 32:1149), the frequency dependence that Pfister &
/// Gerstner 2006 fit (their Fig. 4; 60 pairings): fractional weight change, mean and SEM, for
/// pre 10 ms before post (plus) and post 10 ms before pre (minus).
struct sjostrom_point {
    double rate_hz, plus, plus_sem, minus, minus_sem;
};
inline constexpr std::array<sjostrom_point, 5> sjostrom_2001{{
    {0.1, -0.04, 0.05, -0.29, 0.08},
    {10.0, 0.14, 0.10, -0.41, 0.11},
    {20.0, 0.29, 0.14, -0.34, 0.10},
    {40.0, 0.53, 0.11, 0.56, 0.32},
    {50.0, 0.56, 0.26, 0.75, 0.19},
}};

/// Anti-Hebbian rule, pre spikes at offsets t_i and post (broad) spikes at offsets s_j in every
/// command cycle of period T (offsets in [0, T)), after many cycles: the weight change per cycle
///   alpha_pre n_pre - beta sum_j sum_i exp(-D_ij/tau) / (1 - exp(-T/tau)),
/// D_ij = (s_j - t_i) mod T in (0, T] (a pre spike at the same time as a post counts one cycle
/// later: the post event comes first).
inline double anti_hebbian_drift_per_cycle(double alpha_pre, double beta, double tau, double T,
                                           const std::vector<double>& pre, const std::vector<double>& post) {
    double window = 0.0;
    for (double s : post)
        for (double t : pre) {
            double D = std::fmod(s - t, T);
            if (D <= 0.0) D += T;
            window += std::exp(-D / tau) / (1.0 - std::exp(-T / tau));
        }
    return alpha_pre * static_cast<double>(pre.size()) - beta * window;
}

}  // namespace lamina::test
