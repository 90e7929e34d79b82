// Readout learning from an expansion as kernel ridge regression, and its generalisation error from
// the kernel spectrum (Bordelon, Canatar & Pehlevan 2020; Canatar, Bordelon & Pehlevan 2021; the
// cerebellar reading in Xie et al. 2023). With the input distribution uniform on Q given inputs
// the kernel operator is the Q x Q matrix K / Q, so its eigen-decomposition is exact; the theory
// is then asymptotic only in P and the number of modes (its O(1/P) corrections set the tolerance
// of the tests).
#include <lamina/analysis/rate_theory.hpp>

#include "analysis/detail.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <string>

namespace lamina::analysis {
namespace {

using rowm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::Map<const rowm> features_of(const std::vector<double>& f, std::uint64_t Q, std::uint64_t N,
                                   const std::vector<double>& target, const char* where) {
    if (Q < 1 || N < 1 || f.size() != Q * N)
        detail::fail(where, "expected Q x N features (Q = " + std::to_string(Q) + ", N = " + std::to_string(N) +
                                ", got " + std::to_string(f.size()) + " values)");
    if (target.size() != Q) detail::fail(where, "the target must have Q = " + std::to_string(Q) + " values");
    return Eigen::Map<const rowm>(f.data(), static_cast<Eigen::Index>(Q), static_cast<Eigen::Index>(N));
}

}  // namespace

kernel_spectrum kernel_spectrum_of(const std::vector<double>& features, std::uint64_t Q, std::uint64_t N,
                                   const std::vector<double>& target) {
    const auto F = features_of(features, Q, N, target, "kernel_spectrum_of");
    const double q = static_cast<double>(Q);
    const Eigen::MatrixXd K = (F * F.transpose()) / static_cast<double>(N);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(K / q);
    // phi_k(x_a) = sqrt(Q) U_ak has E[phi_k^2] = 1; v_k = E[y phi_k] = U_k . y / sqrt(Q).
    const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(target.data(), static_cast<Eigen::Index>(Q));
    const Eigen::VectorXd v = es.eigenvectors().transpose() * y / std::sqrt(q);
    kernel_spectrum s;
    for (Eigen::Index k = static_cast<Eigen::Index>(Q) - 1; k >= 0; --k) {  // ascending -> descending
        s.eigenvalues.push_back(std::max(0.0, es.eigenvalues()(k)));     // clip rounding below zero
        s.coefficients.push_back(v(k));
    }
    return s;
}

kernel_theory_result kernel_regression_error(const kernel_spectrum& s, double P, double ridge, double noise_variance) {
    const char* where = "kernel_regression_error";
    if (s.eigenvalues.size() != s.coefficients.size() || s.eigenvalues.empty())
        detail::fail(where, "eigenvalues and coefficients must be non-empty and of equal length");
    detail::check_positive(P, "P", where);
    if (!(ridge >= 0.0)) detail::fail(where, "ridge must be >= 0, got " + detail::fmt(ridge));
    // kappa solves kappa = ridge + kappa sum eta / (P eta + kappa): the right side minus the left is
    // decreasing in kappa above its root, so bisection on g(kappa) = ridge + sum(...) kappa - kappa.
    auto g = [&](double kappa) {
        double t = 0.0;
        for (const double e : s.eigenvalues) t += e / (P * e + kappa);
        return ridge + kappa * t - kappa;
    };
    double lo = ridge > 0.0 ? ridge : 1e-300, hi = ridge;
    for (const double e : s.eigenvalues) hi += e;  // kappa <= ridge + sum eta (each term < eta / kappa * kappa)
    hi = std::max(hi, 1e-300) * 2.0 + 1e-300;
    if (ridge == 0.0 && static_cast<double>(s.eigenvalues.size()) <= P)
        detail::fail(where, "ridgeless regression with P >= the number of modes interpolates exactly; give ridge > 0");
    for (int i = 0; i < 300; ++i) {
        const double mid = std::sqrt(lo * hi);  // geometric: kappa spans many decades
        (g(mid) > 0.0 ? lo : hi) = mid;
    }
    kernel_theory_result r;
    r.kappa = std::sqrt(lo * hi);
    double err = 0.0;
    for (std::size_t k = 0; k < s.eigenvalues.size(); ++k) {
        const double d = P * s.eigenvalues[k] + r.kappa;
        r.gamma += P * s.eigenvalues[k] * s.eigenvalues[k] / (d * d);
        err += r.kappa * r.kappa * s.coefficients[k] * s.coefficients[k] / (d * d);
    }
    r.error = (err + r.gamma * noise_variance) / (1.0 - r.gamma);
    return r;
}

double ridge_readout_error(const std::vector<double>& features, std::uint64_t Q, std::uint64_t N,
                           const std::vector<double>& target, const std::vector<std::uint64_t>& train, double ridge) {
    const char* where = "ridge_readout_error";
    const auto F = features_of(features, Q, N, target, where);
    if (train.empty()) detail::fail(where, "no training inputs");
    if (!(ridge > 0.0)) detail::fail(where, "ridge must be > 0 (training inputs may repeat), got " + detail::fmt(ridge));
    const auto P = static_cast<Eigen::Index>(train.size());
    Eigen::MatrixXd Ft(P, F.cols());
    Eigen::VectorXd y(P);
    for (Eigen::Index p = 0; p < P; ++p) {
        if (train[static_cast<std::size_t>(p)] >= Q) detail::fail(where, "training index beyond Q");
        Ft.row(p) = F.row(static_cast<Eigen::Index>(train[static_cast<std::size_t>(p)]));
        y(p) = target[train[static_cast<std::size_t>(p)]];
    }
    // Dual form: alpha = (K_PP + ridge I)^{-1} y with K = F F^T / N; prediction K_QP alpha.
    const double n = static_cast<double>(N);
    Eigen::MatrixXd Kpp = Ft * Ft.transpose() / n;
    Kpp.diagonal().array() += ridge;
    const Eigen::VectorXd alpha = Kpp.llt().solve(y);
    const Eigen::VectorXd pred = F * (Ft.transpose() * alpha) / n;
    const Eigen::VectorXd yq = Eigen::Map<const Eigen::VectorXd>(target.data(), static_cast<Eigen::Index>(Q));
    return (pred - yq).squaredNorm() / static_cast<double>(Q);
}

}  // namespace lamina::analysis
