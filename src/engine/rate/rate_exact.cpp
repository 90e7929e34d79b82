// Exact integration of linear rate networks (phi(x) = beta (x - theta) in every population):
//   dx/dt = A x + c(t),  A = T^-1 (-I + J diag(beta)),  c = T^-1 (I - J (beta theta) + B u(t)),
// with u held over each step (zero-order hold):
//   x(t + dt) = E x(t) + G c(t),   E = e^{A dt},  G = int_0^dt e^{A s} ds,
// both read off one exponential of the block matrix [[A, I], [0, 0]] dt (Van Loan 1978, IEEE TAC
// 23:395), so A need not be invertible. The noise (diffusion Sigma = diag(2 sigma^2 / tau)) adds
// a Gaussian increment of covariance Q = int_0^dt e^{A s} Sigma e^{A^T s} ds, from the exponential
// of [[-A, Sigma], [0, A^T]] dt (Van Loan's second formula); it is drawn as V sqrt(Lambda) xi
// from Q's eigen decomposition (Q may be singular when some units have no noise).
// Cost: exponentials of 2N x 2N matrices once (O(N^3)), then a dense N x N product per step.
#include "engine/rate/rate_engine.hpp"

#include <unsupported/Eigen/MatrixFunctions>

namespace lamina {

using engine::rate::matrix;

void rate_simulation::impl::prepare_exact() {
    const auto N = static_cast<Eigen::Index>(units);
    Eigen::VectorXd beta(N), beta_theta(N), sigma2(N);
    for (const auto& p : pops) {
        beta.segment(p.offset, p.spec.size).setConstant(p.spec.beta);
        beta_theta.segment(p.offset, p.spec.size).setConstant(p.spec.beta * p.spec.theta);
        sigma2.segment(p.offset, p.spec.size).setConstant(2.0 * p.spec.noise_std * p.spec.noise_std / p.spec.tau);
    }
    const matrix Jd = J.dense();
    const matrix A = inv_tau.asDiagonal() * (Jd * beta.asDiagonal() - matrix::Identity(N, N));
    c0 = inv_tau.asDiagonal() * (bias - Jd * beta_theta);

    matrix M = matrix::Zero(2 * N, 2 * N);
    M.topLeftCorner(N, N) = A * dt;
    M.topRightCorner(N, N) = matrix::Identity(N, N) * dt;
    const matrix eM = M.exp();
    E = eM.topLeftCorner(N, N);
    G = eM.topRightCorner(N, N);

    noise_L.resize(0, 0);
    if (!sigma2.isZero(0.0)) {
        matrix C = matrix::Zero(2 * N, 2 * N);
        C.topLeftCorner(N, N) = -A * dt;
        C.topRightCorner(N, N) = matrix(sigma2.asDiagonal()) * dt;
        C.bottomRightCorner(N, N) = A.transpose() * dt;
        const matrix eC = C.exp();
        matrix Q = eC.bottomRightCorner(N, N).transpose() * eC.topRightCorner(N, N);
        Q = 0.5 * (Q + Q.transpose());
        Eigen::SelfAdjointEigenSolver<matrix> es(Q);
        noise_L = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    }
    exact_ready = true;
}

}  // namespace lamina
