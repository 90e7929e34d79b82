#pragma once
/// @file
/// Pairwise and population synchrony: spike-count correlation, the spike time tiling coefficient
/// (STTC) and Golomb's chi. See rates.hpp for the conventions (ms, window, input_error).
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lamina::analysis {

/// A pair of unit indices, i < j.
struct unit_pair {
    std::uint32_t i = 0;
    std::uint32_t j = 0;
};

/// A value of a pairwise statistic.
struct pair_value {
    std::uint32_t i = 0;
    std::uint32_t j = 0;
    double value = 0.0;
};

/// All n (n - 1) / 2 pairs i < j, in row order.
std::vector<unit_pair> all_pairs(std::size_t n_units);

/// `n_pairs` distinct pairs drawn uniformly without replacement (all pairs if n_pairs is at least
/// their number), sorted; the same seed gives the same pairs.
std::vector<unit_pair> sample_pairs(std::size_t n_units, std::size_t n_pairs, std::uint64_t seed = 1);

/// Pearson correlation of the spike counts of two units in bins of `bin_ms` (default 100 ms;
/// "r_sc", Cohen & Kohn 2011, Nat Neurosci 14:811, who discuss its dependence on the bin). NaN for
/// a pair where a unit's count has zero variance (e.g. a silent unit).
/// With `pairs` empty, all pairs are computed from the units' count covariance matrix (cost
/// units^2 * bins); otherwise only the given pairs (cost linear in their spikes).
std::vector<pair_value> spike_count_correlation(const spike_trains& trains, double bin_ms = 100.0,
                                                std::span<const unit_pair> pairs = {});

/// Spike time tiling coefficient of two trains (Cutts & Eglen 2014, J Neurosci 34:14288):
/// STTC = 1/2 [(P_A - T_B) / (1 - P_A T_B) + (P_B - T_A) / (1 - P_B T_A)], where T_A is the fraction
/// of [t_start, t_stop] within +-dt of a spike of A and P_A the fraction of A's spikes within +-dt
/// of a spike of B. 1 for identical trains, about 0 for independent ones, -1 for anti-tiled ones.
/// `dt_ms` default 5 ms (Elephant's default; Cutts & Eglen's retinal-wave examples use up to 50 ms).
/// NaN when either train has no spike in the window. A term whose denominator is 0 (P = T = 1) is 1.
/// Cost linear in the spikes of both trains.
double sttc(std::span<const double> a, std::span<const double> b, double t_start, double t_stop,
            double dt_ms = 5.0);

/// STTC of the given pairs of units (e.g. all_pairs or sample_pairs), dt default 5 ms.
std::vector<pair_value> sttc_pairs(const spike_trains& trains, std::span<const unit_pair> pairs,
                                   double dt_ms = 5.0);

/// Golomb's synchrony measure chi (Golomb & Rinzel 1993, Physica D 72:259; Golomb 2007,
/// Scholarpedia 2:1347) on spike counts in bins of `bin_ms` (default 5 ms):
/// chi^2 = Var_t(mean_i c_i(t)) / mean_i Var_t(c_i(t)). chi = 1 for identical trains, ~1/sqrt(N)
/// for N independent ones. Returns chi (not chi^2); NaN if no unit's count varies. Linear in spikes.
double golomb_chi(const spike_trains& trains, double bin_ms = 5.0);

}  // namespace lamina::analysis
