// Lyapunov spectra of rate networks by Benettin's method (Benettin, Galgani, Giorgilli & Strelcyn
// 1980, Meccanica 15:9; Shimada & Nagashima 1979): k tangent vectors Q follow the trajectory
// through the exact derivative of the integration step (euler: Q += dt Jac(x) Q; rk4: the
// derivative of the RK4 map, stage by stage; exact: Q = e^{A dt} Q), and every renormalisation
// interval Q = Q' R (Householder QR); the exponents are the time averages of ln |R_ii|.
// The sum of all N exponents then equals the time average of ln |det| of the step maps, which we
// compute independently (LU of the step matrix) as a check of the QR bookkeeping.
// Kaplan & Yorke 1979 (Lecture Notes in Math. 730:204) for the dimension.
#include "engine/rate/rate_engine.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace lamina {

using engine::rate::matrix;

struct lyapunov_access {
    static rate_simulation::impl& of(rate_simulation& s) { return *s.impl_; }
};

namespace {

/// Orthonormalises Q in place; returns ln |R_ii|.
Eigen::VectorXd orthonormalise(matrix& Q) {
    const Eigen::HouseholderQR<matrix> qr(Q);
    const matrix R = qr.matrixQR().topRows(Q.cols()).triangularView<Eigen::Upper>();
    Eigen::VectorXd logs(Q.cols());
    matrix thin = qr.householderQ() * matrix::Identity(Q.rows(), Q.cols());
    for (Eigen::Index i = 0; i < Q.cols(); ++i) {
        logs(i) = std::log(std::abs(R(i, i)));
        if (R(i, i) < 0.0) thin.col(i) *= -1.0;  // keep each vector's orientation from step to step
    }
    Q = std::move(thin);
    return logs;
}

}  // namespace

double kaplan_yorke_dimension(const std::vector<double>& l) {
    if (l.empty() || l.front() < 0.0) return 0.0;
    double sum = 0.0;
    for (std::size_t j = 0; j < l.size(); ++j) {
        if (sum + l[j] < 0.0) return static_cast<double>(j) + sum / std::abs(l[j]);
        sum += l[j];
    }
    return static_cast<double>(l.size());
}

lyapunov_result lyapunov_spectrum(rate_simulation& sim, const lyapunov_options& o) {
    auto& s = lyapunov_access::of(sim);
    const auto N = static_cast<Eigen::Index>(s.units);
    const std::uint64_t k = o.exponents == 0 ? s.units : o.exponents;
    if (k > s.units)
        throw input_error("lyapunov: " + std::to_string(k) + " exponents asked of a network of " +
                          std::to_string(s.units) + " units");
    if (o.trial >= s.trials)
        throw input_error("lyapunov: trial " + std::to_string(o.trial) + " is beyond the " + std::to_string(s.trials) +
                          " trials");
    if (!(o.time_ms > 0.0) || !(o.transient_ms >= 0.0) || !(o.renormalize_ms > 0.0))
        throw input_error("lyapunov: time must be > 0, transient >= 0 and the renormalisation interval > 0 ms");
    const auto steps_of = [&](double ms) { return static_cast<std::uint64_t>(std::llround(ms / s.dt)); };
    const std::uint64_t every = std::max<std::uint64_t>(1, steps_of(o.renormalize_ms));
    const std::uint64_t transient = steps_of(o.transient_ms);
    const std::uint64_t blocks = std::max<std::uint64_t>(1, steps_of(o.time_ms) / every);

    matrix Q(N, static_cast<Eigen::Index>(k));
    for (Eigen::Index j = 0; j < Q.cols(); ++j) {
        core::rng_stream rng(o.seed, core::stream_purpose::lyapunov_tangent, static_cast<std::uint64_t>(j));
        for (Eigen::Index i = 0; i < N; ++i) Q(i, j) = rng.normal();
    }
    orthonormalise(Q);
    for (std::uint64_t st = 0; st < transient; ++st) {
        s.advance_one(&Q, o.trial);
        if ((st + 1) % every == 0) orthonormalise(Q);
    }
    orthonormalise(Q);

    // The independent ln|det| check, for the full spectrum of euler and exact steps.
    const auto integrator = s.spec.settings.integrator;
    const bool full = k == s.units && integrator != rate_integrator::rk4;
    matrix Jd;
    if (full) Jd = s.J.dense();
    double log_det_sum = 0.0;
    Eigen::VectorXd sums = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
    lyapunov_result res;
    const double block_ms = static_cast<double>(every) * s.dt;
    for (std::uint64_t b = 0; b < blocks; ++b) {
        for (std::uint64_t st = 0; st < every; ++st) {
            if (full) {
                matrix M;
                if (integrator == rate_integrator::exact) {
                    if (!s.exact_ready) s.prepare_exact();
                    M = s.E;
                } else {
                    matrix x = s.X.col(static_cast<Eigen::Index>(o.trial)), d;
                    s.phi_derivative(x, d);
                    M = matrix::Identity(N, N) +
                        s.dt * s.inv_tau.asDiagonal() * (Jd * d.col(0).asDiagonal() - matrix::Identity(N, N));
                }
                const Eigen::PartialPivLU<matrix> lu(M);  // ln|det| from U's diagonal: no overflow
                log_det_sum += lu.matrixLU().diagonal().cwiseAbs().array().log().sum();
            }
            s.advance_one(&Q, o.trial);
        }
        sums += orthonormalise(Q);
        res.running_largest.push_back(sums(0) / (static_cast<double>(b + 1) * block_ms));
    }
    res.time_ms = static_cast<double>(blocks) * block_ms;
    for (Eigen::Index i = 0; i < sums.size(); ++i) res.exponents.push_back(sums(i) / res.time_ms);
    std::sort(res.exponents.begin(), res.exponents.end(), std::greater<>());
    res.kaplan_yorke = kaplan_yorke_dimension(res.exponents);
    res.log_det_rate = full ? log_det_sum / res.time_ms : std::numeric_limits<double>::quiet_NaN();
    return res;
}

}  // namespace lamina
