// Thalamocortical loops that place eigenvalues (Logiaco, Abbott & Escola 2021). A cortical matrix
// J with a simple eigenvalue lambda, right eigenvector r and left eigenvector l (l^T J = lambda
// l^T) becomes, with the loop (mu - lambda) r l^T / (l^T r), a matrix with eigenvalue mu in place
// of lambda: every other right eigenvector r_j satisfies l^T r_j = 0 (biorthogonality), so it and
// its eigenvalue are untouched (Brauer 1952, Duke Math J 19:75). The loop is read as a thalamic
// unit that listens to the cortex through l and projects back through r. For a complex pair the
// two complex rank-one loops add up to the real rank-two loop 2 Re[c r l^H] = U V^T.
#include <lamina/analysis/rate_theory.hpp>

#include "analysis/detail.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <string>

namespace lamina::analysis {
namespace {

using cmatrix = Eigen::MatrixXcd;
using cvector = Eigen::VectorXcd;

Eigen::MatrixXd as_matrix(const std::vector<double>& J, std::uint64_t n, const char* where) {
    if (n == 0 || J.size() != n * n)
        detail::fail(where, "expected an n x n matrix with n = " + std::to_string(n) + " (" + std::to_string(n * n) +
                                " values), got " + std::to_string(J.size()));
    for (const double v : J)
        if (!std::isfinite(v)) detail::fail(where, "the matrix contains a non-finite value");
    const auto N = static_cast<Eigen::Index>(n);
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(J.data(), N, N);
}

}  // namespace

std::vector<std::complex<double>> eigenvalues(const std::vector<double>& A, std::uint64_t n) {
    const Eigen::EigenSolver<Eigen::MatrixXd> es(as_matrix(A, n, "eigenvalues"), false);
    const auto& ev = es.eigenvalues();
    return {ev.data(), ev.data() + ev.size()};
}

eigenvalue_loop place_eigenvalues(const std::vector<double>& J, std::uint64_t n,
                                  const std::vector<std::complex<double>>& from,
                                  const std::vector<std::complex<double>>& to) {
    const char* where = "place_eigenvalues";
    if (from.size() != to.size() || from.empty())
        detail::fail(where, "`from` and `to` must be non-empty and of equal length (" + std::to_string(from.size()) +
                                " vs " + std::to_string(to.size()) + ")");
    const Eigen::EigenSolver<Eigen::MatrixXd> es(as_matrix(J, n, where), true);
    const cvector lam = es.eigenvalues();
    const cmatrix R = es.eigenvectors();
    // Rows of R^{-1} are the left eigenvectors normalised so that l_k^T r_k = 1.
    const Eigen::PartialPivLU<cmatrix> lu(R);
    const cmatrix L = lu.inverse();
    const double scale = std::max(1.0, lam.cwiseAbs().maxCoeff());

    eigenvalue_loop out;
    out.size = n;
    std::vector<Eigen::VectorXd> us, vs;
    std::vector<Eigen::Index> used;
    for (std::size_t q = 0; q < from.size(); ++q) {
        Eigen::Index k = 0;
        (lam.array() - from[q]).abs().minCoeff(&k);
        for (const auto u : used)
            if (u == k || std::abs(lam(k) - std::conj(lam(u))) < 1e-12 * scale)
                detail::fail(where, "eigenvalue " + std::to_string(q) + " was already moved by this loop");
        // A simple eigenvalue: no other eigenvalue within a relative 1e-9 (else l^T r is ill-posed).
        for (Eigen::Index j = 0; j < lam.size(); ++j)
            if (j != k && std::abs(lam(j) - lam(k)) < 1e-9 * scale)
                detail::fail(where, "eigenvalue " + detail::fmt(lam(k).real()) + (lam(k).imag() >= 0 ? "+" : "") +
                                        detail::fmt(lam(k).imag()) + "i is not simple");
        used.push_back(k);
        const bool real = std::abs(lam(k).imag()) <= 1e-12 * scale;
        const std::complex<double> c = to[q] - lam(k);
        if (real) {
            if (std::abs(to[q].imag()) > 0.0)
                detail::fail(where, "a real eigenvalue (" + detail::fmt(lam(k).real()) +
                                        ") can only move to a real value with a real loop; move a complex pair instead");
            // (mu - lambda) r l^T with l^T r = 1; both real up to rounding.
            us.emplace_back(c.real() * R.col(k).real());
            vs.emplace_back(L.row(k).transpose().real());
        } else {
            // 2 Re[c r l^T] = (2 Re(c r)) Re(l)^T - (2 Im(c r)) Im(l)^T: rank two.
            const cvector cr = c * R.col(k);
            const cvector l = L.row(k).transpose();
            us.emplace_back(2.0 * cr.real());
            vs.emplace_back(l.real());
            us.emplace_back(-2.0 * cr.imag());
            vs.emplace_back(l.imag());
        }
        out.moved_from.push_back(lam(k));
        out.moved_to.push_back(real ? std::complex<double>(to[q].real(), 0.0) : to[q]);
    }
    out.rank = us.size();
    out.u.resize(out.rank * n);
    out.v.resize(out.rank * n);
    for (std::size_t r = 0; r < us.size(); ++r)
        for (std::uint64_t i = 0; i < n; ++i) {
            out.u[r * n + i] = us[r](static_cast<Eigen::Index>(i));
            out.v[r * n + i] = vs[r](static_cast<Eigen::Index>(i));
        }
    return out;
}

}  // namespace lamina::analysis
