#include "count_gram.hpp"

namespace lamina::analysis::detail {

count_moments accumulate_count_moments(const spike_trains& trains, const bin_grid& grid) {
    const auto n = static_cast<Eigen::Index>(trains.units());
    // 256 bins per chunk: the chunk (units x 256 doubles) stays in cache for the rank update,
    // which is a matrix product and runs near peak floating-point speed.
    constexpr std::size_t chunk = 256;
    count_moments m;
    m.gram = Eigen::MatrixXd::Zero(n, n);
    m.sum = Eigen::VectorXd::Zero(n);
    m.bins = grid.bins;
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(chunk));
    std::vector<std::size_t> cursor(trains.units()), end(trains.units());
    for (std::size_t u = 0; u < trains.units(); ++u) {
        const auto r = window_range(trains, u);
        cursor[u] = trains.offsets[u] + r.first;
        end[u] = trains.offsets[u] + r.last;
    }
    const double* times = trains.times.data();
    for (std::size_t b0 = 0; b0 < grid.bins; b0 += chunk) {
        const std::size_t b1 = std::min(grid.bins, b0 + chunk);
        const auto cols = static_cast<Eigen::Index>(b1 - b0);
        x.leftCols(cols).setZero();
        for (std::size_t u = 0; u < trains.units(); ++u) {
            std::size_t k = cursor[u];
            for (; k < end[u]; ++k) {
                const std::size_t b = grid.bin_of(times[k]);
                if (b >= b1) break;
                x(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(b - b0)) += 1.0;
            }
            cursor[u] = k;
        }
        m.gram.selfadjointView<Eigen::Lower>().rankUpdate(x.leftCols(cols));
        m.sum += x.leftCols(cols).rowwise().sum();
    }
    return m;
}

Eigen::MatrixXd count_covariance(const count_moments& m) {
    const double b = double(m.bins);
    Eigen::MatrixXd c = m.gram.selfadjointView<Eigen::Lower>();
    c -= (m.sum * m.sum.transpose()) / b;
    c /= (b - 1.0);
    return c;
}

}  // namespace lamina::analysis::detail
