#pragma once
// Second moments of the units' spike counts on a bin grid, accumulated chunk by chunk of bins so the
// units x bins count matrix is never held whole (an hour at 100 ms for 1000 units would be 290 MB).
// Used by the all-pairs spike-count correlation and the participation ratio.
#include "detail.hpp"

#include <Eigen/Dense>

namespace lamina::analysis::detail {

struct count_moments {
    Eigen::MatrixXd gram;  // sum over bins of c_i c_j; lower triangle only
    Eigen::VectorXd sum;   // sum over bins of c_i
    std::size_t bins = 0;
};

count_moments accumulate_count_moments(const spike_trains& trains, const bin_grid& grid);

/// Sample covariance (1/(bins - 1)) of the counts, both triangles filled; needs bins >= 2.
Eigen::MatrixXd count_covariance(const count_moments& m);

}  // namespace lamina::analysis::detail
