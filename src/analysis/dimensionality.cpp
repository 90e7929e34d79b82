// Participation ratio of covariance spectra (see include/lamina/analysis/dimensionality.hpp).
#include <lamina/analysis/dimensionality.hpp>

#include "count_gram.hpp"
#include "detail.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

// tr(C)^2 / tr(C^2); tr(C^2) is the squared Frobenius norm for a symmetric C.
double pr_of_covariance(const Eigen::MatrixXd& c) {
    const double tr = c.trace(), tr2 = c.squaredNorm();
    return tr2 > 0.0 ? tr * tr / tr2 : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double participation_ratio(std::span<const double> eigenvalues) {
    double s = 0.0, s2 = 0.0;
    for (double v : eigenvalues) {
        if (!std::isfinite(v))
            detail::fail("participation_ratio", "the spectrum contains a non-finite value (" + detail::fmt(v) + ")");
        s += v;
        s2 += v * v;
    }
    return s2 > 0.0 ? s * s / s2 : std::numeric_limits<double>::quiet_NaN();
}

double participation_ratio(std::span<const double> samples, std::size_t n_variables) {
    const char* where = "participation_ratio";
    if (n_variables == 0) detail::fail(where, "n_variables must be >= 1");
    if (samples.size() % n_variables != 0)
        detail::fail(where, std::to_string(samples.size()) + " values are not a whole number of samples of " +
                                std::to_string(n_variables) + " variables");
    const std::size_t t = samples.size() / n_variables;
    if (t < 2) detail::fail(where, "needs at least 2 samples, got " + std::to_string(t));
    for (double v : samples)
        if (!std::isfinite(v)) detail::fail(where, "the samples contain a non-finite value (" + detail::fmt(v) + ")");
    using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const row_major> x(samples.data(), Eigen::Index(n_variables), Eigen::Index(t));
    const Eigen::MatrixXd centred = x.colwise() - x.rowwise().mean();
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(Eigen::Index(n_variables), Eigen::Index(n_variables));
    c.selfadjointView<Eigen::Lower>().rankUpdate(centred, 1.0 / double(t - 1));
    c = c.selfadjointView<Eigen::Lower>();
    return pr_of_covariance(c);
}

double participation_ratio(const spike_trains& trains, double bin_ms) {
    const char* where = "participation_ratio";
    detail::check_trains(trains, where);
    const auto grid = detail::make_grid(trains, bin_ms, where);
    if (grid.bins < 2) detail::fail(where, "bin_ms = " + detail::fmt(bin_ms) + " leaves fewer than two bins");
    return pr_of_covariance(detail::count_covariance(detail::accumulate_count_moments(trains, grid)));
}

std::vector<double> count_covariance_spectrum(const spike_trains& trains, double bin_ms) {
    const char* where = "count_covariance_spectrum";
    detail::check_trains(trains, where);
    const auto grid = detail::make_grid(trains, bin_ms, where);
    if (grid.bins < 2) detail::fail(where, "bin_ms = " + detail::fmt(bin_ms) + " leaves fewer than two bins");
    const auto c = detail::count_covariance(detail::accumulate_count_moments(trains, grid));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c, Eigen::EigenvaluesOnly);
    std::vector<double> out(solver.eigenvalues().data(), solver.eigenvalues().data() + solver.eigenvalues().size());
    std::sort(out.rbegin(), out.rend());
    return out;
}

}  // namespace lamina::analysis
