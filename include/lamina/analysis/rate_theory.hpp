#pragma once
/// @file
/// Theory for three canonical rate-network results (docs/rate-theory.md):
///   - thalamocortical loops (Logiaco, Abbott & Escola 2021, Cell Rep 37:110097): low-rank loops
///     J + u v^T that move chosen eigenvalues of a cortical matrix J and leave the rest in place;
///   - cerebellum-like expansion (Litwin-Kumar et al. 2017, Neuron 93:1153; Babadi & Sompolinsky
///     2014, Neuron 83:1213): dimension of a thresholded sparse expansion, and the kernel theory of
///     readout generalisation (Bordelon et al. 2020 ICML; Canatar et al. 2021 Nat Commun 12:2914;
///     used for the cerebellum by Xie et al. 2023, eLife 12:e82914);
///   - electric-fish negative image (Kennedy et al. 2014, Nat Neurosci 17:416): the least-squares
///     cancellation that an anti-Hebbian output cell converges to.
/// Pure functions: no simulation here (the models that use them are in rate_models.hpp).
#include <complex>
#include <cstdint>
#include <vector>

namespace lamina::analysis {

/// A loop J -> J + U V^T (U: n x R, V: n x R, column-major per rank) that moves eigenvalues.
struct eigenvalue_loop {
    std::uint64_t size = 0, rank = 0;
    std::vector<double> u, v;  ///< u[r * size + i], v[r * size + j]
    std::vector<std::complex<double>> moved_from, moved_to;
};

/// The loop that moves the eigenvalue of J (n x n, row-major) nearest to each `from` to the
/// matching `to`, leaving every other eigenvalue and all right eigenvectors unchanged (Brauer
/// 1952): for a real eigenvalue the rank-one loop (mu - lambda) r l^T / (l^T r) with r, l its
/// right and left eigenvectors; a complex pair (give one member; its conjugate moves to the
/// conjugate target) takes a real rank-two loop. Throws when an eigenvalue is not simple or a
/// real one is sent to a complex value.
eigenvalue_loop place_eigenvalues(const std::vector<double>& J, std::uint64_t n,
                                  const std::vector<std::complex<double>>& from,
                                  const std::vector<std::complex<double>>& to);

/// Eigenvalues of a real n x n row-major matrix (Eigen's real Schur form), unsorted.
std::vector<std::complex<double>> eigenvalues(const std::vector<double>& A, std::uint64_t n);

/// Threshold theta such that P(h > theta) = f for h ~ N(0, sigma^2): sigma Phi^{-1}(1 - f).
double coding_threshold(double f, double sigma = 1.0);

/// Correlation of two binary units m = H(h - theta) at coding level f whose Gaussian inputs have
/// correlation rho: [P(h1 > a, h2 > a) - f^2] / (f (1 - f)), a = Phi^{-1}(1 - f), with the orthant
/// probability from its derivative in rho (Sheppard / Plackett): integrated over t = asin(r).
double threshold_correlation(double rho, double f);

/// Dimension (participation ratio) of N binary granule cells, each summing K of M i.i.d.
/// Gaussian inputs with equal weights and thresholded at coding level f (Litwin-Kumar et al.
/// 2017): N / (1 + (N - 1) E_s[F(s / K)^2]), s ~ Hypergeometric(M, K, K) the inputs two cells
/// share and F = threshold_correlation.
double expansion_dimension(std::uint64_t M, std::uint64_t N, std::uint64_t K, double f);

/// The same dimension with heterogeneous excitatory weights: each cell's K nonzero weights are
/// i.i.d. lognormal with coefficient of variation `weight_cv` (0: equal weights), and each cell
/// is thresholded at coding level f relative to its own input sd |w_i|. Two cells sharing s
/// inputs then have input correlation rho = sum_shared w v / (|w| |v|); E_s,w[F(rho)^2] is
/// averaged exactly over s and by Monte Carlo over `samples` weight pairs (Philox streams of
/// `seed`). Weight heterogeneity weakens the correlations that shared inputs cause and moves
/// the optimum over K up (docs/rate-theory.md).
double expansion_dimension_heterogeneous(std::uint64_t M, std::uint64_t N, std::uint64_t K, double f, double weight_cv,
                                         std::uint64_t samples = 20000, std::uint64_t seed = 1);

/// Participation ratio (sum lambda)^2 / sum lambda^2 of the covariance of P samples (rows of a
/// P x N row-major matrix) with a known mean per variable, from the unbiased U-statistics
/// sum_p |z_p|^2 / P and sum_{p != q} (z_p . z_q)^2 / (P (P - 1)), z = sample - mean; the
/// naive plug-in estimate is biased upward in tr C^2 by (tr C)^2 / P.
double participation_ratio_known_mean(const std::vector<double>& samples, std::uint64_t P, std::uint64_t N,
                                      const std::vector<double>& mean);

/// Spectrum of the kernel k(x, x') = m(x) . m(x') / N over the uniform distribution on Q inputs
/// (features: Q x N row-major), and a target's coefficients in its eigenfunctions
/// (phi_k normalised to E[phi_k^2] = 1): eigenvalues descending.
struct kernel_spectrum {
    std::vector<double> eigenvalues, coefficients;
};
kernel_spectrum kernel_spectrum_of(const std::vector<double>& features, std::uint64_t Q, std::uint64_t N,
                                   const std::vector<double>& target);

/// Generalisation error E_x[(f_hat - y)^2] of kernel ridge regression from P samples, averaged
/// over training sets, in the limit of the replica theory (Canatar et al. 2021 eqs. 3-4):
///   kappa = ridge + kappa sum_k eta_k / (P eta_k + kappa),   gamma = sum_k P eta_k^2 / (P eta_k + kappa)^2,
///   E_g = 1 / (1 - gamma) sum_k kappa^2 v_k^2 / (P eta_k + kappa)^2   (+ gamma/(1-gamma) noise_var).
struct kernel_theory_result {
    double error = 0.0, kappa = 0.0, gamma = 0.0;
};
kernel_theory_result kernel_regression_error(const kernel_spectrum& spectrum, double P, double ridge,
                                             double noise_variance = 0.0);

/// Empirical counterpart: ridge readout trained on rows `train` of features (Q x N), target y;
/// w = argmin sum_p (w.m_p - y_p)^2 + ridge N |w|^2 (the kernel ridge regression with k = m.m'/N
/// and ridge `ridge`); returns the mean squared error over all Q inputs.
double ridge_readout_error(const std::vector<double>& features, std::uint64_t Q, std::uint64_t N,
                           const std::vector<double>& target, const std::vector<std::uint64_t>& train, double ridge);

/// Least-squares cancellation of a self-generated input s(t) by a temporal basis G (T x B,
/// row-major, basis function b sampled at T times): w* = argmin |G w + s - baseline|^2, and
/// the residual output G w* + s (what the anti-Hebbian output cell converges to).
struct cancellation {
    std::vector<double> weights, image, residual;  ///< w* (B), negative image G w* (T), residual (T)
};
cancellation least_squares_cancellation(const std::vector<double>& G, std::uint64_t T, std::uint64_t B,
                                        const std::vector<double>& s, double baseline = 0.0);

}  // namespace lamina::analysis
