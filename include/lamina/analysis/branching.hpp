#pragma once
/// @file
/// Branching ratio m of population activity by multistep regression (Wilting & Priesemann 2018,
/// Nat Commun 9:2325), which stays consistent under subsampling where the lag-1 regression does not.
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace lamina::analysis {

struct branching_estimate {
    double m = 0.0;        ///< multistep estimate: r_k = b m^k fitted to k = 1 .. k_max
    double b = 0.0;        ///< its amplitude (1 without subsampling, smaller with it)
    double m_naive = 0.0;  ///< lag-1 regression slope r_1 (biased towards 0 by subsampling)
    double tau_ms = 0.0;   ///< autocorrelation time -bin / ln m (infinite for m >= 1)
    double bin_ms = 0.0;
    std::vector<double> r_k;  ///< slopes of a_{t+k} on a_t, index k - 1
};

/// From an activity series a_t (e.g. spikes per bin) sampled every `bin_ms`: r_k is the least-squares
/// slope of a_{t+k} on a_t (k = 1 .. k_max, default 40; choose k_max * bin well beyond the
/// autocorrelation time). (b, m) minimise sum_k (r_k - b m^k)^2: b in closed form for each m, m by
/// a grid over (0, 1.5) refined by golden sections. Needs at least k_max + 10 samples.
branching_estimate branching_ratio(std::span<const double> activity, double bin_ms, std::size_t k_max = 40);

/// From spike trains: population counts in bins of `bin_ms` (default 4 ms, Wilting & Priesemann's
/// choice for spike recordings).
branching_estimate branching_ratio(const spike_trains& trains, double bin_ms = 4.0, std::size_t k_max = 40);

}  // namespace lamina::analysis
