// Dimension of a cerebellum-like expansion (Litwin-Kumar et al. 2017) and the participation ratio
// estimator used to check it. Model: inputs x ~ N(0, I_M); granule cell i sums K distinct inputs
// with equal weights 1/K, h_i ~ N(0, 1/K), and fires m_i = H(h_i - theta) with theta set for
// coding level f. Two cells sharing s inputs have input correlation s/K, and output covariance
// f (1 - f) F(s/K). The covariance of m over inputs then has trace N f (1 - f) and
// tr C^2 = f^2 (1 - f)^2 [N + sum_{i != j} F(s_ij / K)^2]; averaging the pair sum over the
// hypergeometric law of s gives the formula below (exact up to the O(N^-1/2) fluctuation of the
// pair sum of one network).
#include <lamina/analysis/rate_theory.hpp>

#include "analysis/detail.hpp"
#include "core/rng.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace lamina::analysis {
namespace {

// Phi^{-1}(p) by bisection on erfc: slow-ish (200 halvings at most) but exact to rounding; called
// once per threshold, never in a loop over units.
double normal_quantile(double p) {
    double lo = -40.0, hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
        const double mid = 0.5 * (lo + hi);
        (0.5 * std::erfc(-mid / std::numbers::sqrt2) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

// ln C(n, k)
double log_choose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

}  // namespace

double coding_threshold(double f, double sigma) {
    if (!(f > 0.0 && f < 1.0)) detail::fail("coding_threshold", "coding level f must be in (0, 1), got " + detail::fmt(f));
    detail::check_positive(sigma, "sigma", "coding_threshold");
    return sigma * normal_quantile(1.0 - f);
}

double threshold_correlation(double rho, double f) {
    const char* where = "threshold_correlation";
    if (!(rho >= -1.0 && rho <= 1.0)) detail::fail(where, "rho must be in [-1, 1], got " + detail::fmt(rho));
    const double a = coding_threshold(f);
    // d P(h1 > a, h2 > a) / d rho = exp(-a^2 / (1 + rho)) / (2 pi sqrt(1 - rho^2)); with rho = sin t
    // the integrand exp(-a^2 / (1 + sin t)) is smooth on [0, asin rho] (rho > -1). Gauss-Legendre
    // on 64 panels of 5 points: the integrand's derivatives are bounded, error far below 1e-12.
    // (At rho = -1 the integrand vanishes at the end point; the formula holds on all of [-1, 1].)
    static constexpr double x5[5] = {-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831,
                                     0.9061798459386640};
    static constexpr double w5[5] = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665,
                                     0.2369268850561891};
    const double T = std::asin(rho);
    const int panels = 64;
    const double h = T / panels;
    double sum = 0.0;
    for (int p = 0; p < panels; ++p)
        for (int q = 0; q < 5; ++q) {
            const double t = h * (p + 0.5 + 0.5 * x5[q]);
            sum += 0.5 * h * w5[q] * std::exp(-a * a / (1.0 + std::sin(t)));
        }
    return sum / (2.0 * std::numbers::pi) / (f * (1.0 - f));
}

double expansion_dimension(std::uint64_t M, std::uint64_t N, std::uint64_t K, double f) {
    const char* where = "expansion_dimension";
    if (K == 0 || K > M) detail::fail(where, "in-degree K must be in [1, M = " + std::to_string(M) + "], got " + std::to_string(K));
    if (N < 1) detail::fail(where, "N must be >= 1");
    double mean_F2 = 0.0;
    const double m = static_cast<double>(M), k = static_cast<double>(K);
    for (std::uint64_t s = 0; s <= K; ++s) {
        if (M - K < K - s) continue;  // impossible overlap
        const double logp = log_choose(k, static_cast<double>(s)) + log_choose(m - k, k - static_cast<double>(s)) - log_choose(m, k);
        const double F = threshold_correlation(static_cast<double>(s) / k, f);
        mean_F2 += std::exp(logp) * F * F;
    }
    const double n = static_cast<double>(N);
    return n / (1.0 + (n - 1.0) * mean_F2);
}

double expansion_dimension_heterogeneous(std::uint64_t M, std::uint64_t N, std::uint64_t K, double f, double weight_cv,
                                         std::uint64_t samples, std::uint64_t seed) {
    const char* where = "expansion_dimension_heterogeneous";
    if (K == 0 || K > M) detail::fail(where, "in-degree K must be in [1, M = " + std::to_string(M) + "], got " + std::to_string(K));
    if (N < 1) detail::fail(where, "N must be >= 1");
    if (!(weight_cv >= 0.0) || !std::isfinite(weight_cv)) detail::fail(where, "weight_cv must be >= 0, got " + detail::fmt(weight_cv));
    if (samples < 1) detail::fail(where, "samples must be >= 1");
    // F as a function of t = asin(rho) on [0, pi/2] (positive weights: rho >= 0), tabulated by
    // the exact threshold_correlation and interpolated linearly; F(sin t) is smooth in t, so 4096
    // intervals leave an error ~1e-8, far below the Monte Carlo error.
    constexpr int grid = 4096;
    const double dt = 0.5 * std::numbers::pi / grid;
    std::vector<double> table(grid + 1);
    for (int i = 0; i <= grid; ++i) table[i] = threshold_correlation(std::min(1.0, std::sin(i * dt)), f);
    const auto F = [&](double rho) {
        const double u = std::asin(std::min(1.0, rho)) / dt;
        const int i = std::min(grid - 1, static_cast<int>(u));
        return table[i] + (u - i) * (table[i + 1] - table[i]);
    };
    // P(s shared inputs), hypergeometric as in expansion_dimension.
    const double m = static_cast<double>(M), k = static_cast<double>(K);
    std::vector<double> p_shared(K + 1, 0.0);
    for (std::uint64_t s = 1; s <= K; ++s)
        if (M - K >= K - s)
            p_shared[s] = std::exp(log_choose(k, static_cast<double>(s)) + log_choose(m - k, k - static_cast<double>(s)) -
                                   log_choose(m, k));
    // Lognormal weights of unit mean and coefficient of variation cv: ln w ~ N(-s^2/2, s^2),
    // s^2 = ln(1 + cv^2). The shared inputs are the first s of each cell's K (weights are
    // exchangeable); one pair of weight vectors serves every s through the running sum.
    const double s2 = std::log1p(weight_cv * weight_cv), sd = std::sqrt(s2);
    std::vector<double> w(K), v(K);
    double mean_F2 = 0.0;
    for (std::uint64_t q = 0; q < samples; ++q) {
        core::rng_stream rng(seed, core::stream_purpose::user, K, q);
        double ww = 0.0, vv = 0.0;
        for (std::uint64_t j = 0; j < K; ++j) {
            w[j] = std::exp(-0.5 * s2 + sd * rng.normal());
            v[j] = std::exp(-0.5 * s2 + sd * rng.normal());
            ww += w[j] * w[j];
            vv += v[j] * v[j];
        }
        const double norm = 1.0 / std::sqrt(ww * vv);
        double shared = 0.0;
        for (std::uint64_t s = 1; s <= K; ++s) {
            shared += w[s - 1] * v[s - 1];
            if (p_shared[s] > 0.0) {
                const double Fs = F(shared * norm);
                mean_F2 += p_shared[s] * Fs * Fs;
            }
        }
    }
    mean_F2 /= static_cast<double>(samples);
    const double n = static_cast<double>(N);
    return n / (1.0 + (n - 1.0) * mean_F2);
}

double participation_ratio_known_mean(const std::vector<double>& samples, std::uint64_t P, std::uint64_t N,
                                      const std::vector<double>& mean) {
    const char* where = "participation_ratio_known_mean";
    if (P < 2 || N < 1 || samples.size() != P * N)
        detail::fail(where, "expected P x N samples with P >= 2 (P = " + std::to_string(P) + ", N = " + std::to_string(N) +
                                ", got " + std::to_string(samples.size()) + " values)");
    if (mean.size() != N) detail::fail(where, "mean must have N = " + std::to_string(N) + " values");
    using rowm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    rowm Z = Eigen::Map<const rowm>(samples.data(), static_cast<Eigen::Index>(P), static_cast<Eigen::Index>(N));
    Z.rowwise() -= Eigen::Map<const Eigen::RowVectorXd>(mean.data(), static_cast<Eigen::Index>(N));
    const Eigen::MatrixXd G = Z * Z.transpose();  // P x P Gram of the centred samples
    const double p = static_cast<double>(P);
    const double trC = G.trace() / p;
    const double trC2 = (G.array().square().sum() - G.diagonal().array().square().sum()) / (p * (p - 1.0));
    if (!(trC2 > 0.0)) detail::fail(where, "the samples have no covariance");
    return trC * trC / trC2;
}

cancellation least_squares_cancellation(const std::vector<double>& G, std::uint64_t T, std::uint64_t B,
                                        const std::vector<double>& s, double baseline) {
    const char* where = "least_squares_cancellation";
    if (T == 0 || B == 0 || G.size() != T * B || s.size() != T)
        detail::fail(where, "expected a T x B basis and T samples of s (T = " + std::to_string(T) + ", B = " +
                                std::to_string(B) + ")");
    using rowm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const rowm> g(G.data(), static_cast<Eigen::Index>(T), static_cast<Eigen::Index>(B));
    const Eigen::VectorXd target = baseline - Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Eigen::Index>(T)).array();
    // SVD: the minimum-norm solution; granule bases are nearly collinear (singular values over ~12
    // decades), where a rank-revealing QR cuts off too early.
    const Eigen::VectorXd w = Eigen::MatrixXd(g).jacobiSvd(Eigen::ComputeThinU | Eigen::ComputeThinV).solve(target);
    const Eigen::VectorXd img = g * w;
    cancellation c;
    c.weights.assign(w.data(), w.data() + w.size());
    c.image.assign(img.data(), img.data() + img.size());
    c.residual.resize(T);
    for (std::uint64_t t = 0; t < T; ++t) c.residual[t] = c.image[t] + s[t];
    return c;
}

}  // namespace lamina::analysis
