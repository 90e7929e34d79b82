#pragma once
/// @file
/// Connectivity rules of the canonical rate networks, built as ordinary rate_connection_specs
/// (low-rank factors, so a step costs O(N R)); model files reach them as rule = "hebbian" and
/// rule = "cosine_ring" (docs/rate-models.md).
#include <lamina/rate_network.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina {

/// P random patterns of N units, xi = +-1 with probability 1/2 each, row-major [P x N]; entry
/// (mu, i) from the Philox stream (seed, rate_patterns, i, mu), so a pattern does not depend on P.
std::vector<double> random_patterns(std::uint64_t P, std::uint64_t N, std::uint64_t seed);

/// Hebbian couplings J = (1/N) sum_mu xi^mu xi^mu^T (Hopfield 1982) on one population of N units,
/// `patterns` row-major [P x N]: a rank-P low_rank block, and, unless `self_coupling`, a sparse
/// diagonal block -(1/N) sum_mu (xi_i^mu)^2 that makes J_ii = 0 (the convention of the capacity
/// alpha_c = 0.138, Amit, Gutfreund & Sompolinsky 1987).
std::vector<rate_connection_spec> hebbian_connections(const std::string& population, std::uint64_t N,
                                                      const std::vector<double>& patterns, bool self_coupling = false,
                                                      const std::string& origin = {});

/// Preferred angle of unit i of a ring of N units: theta_i = -pi/2 + pi i / N (rad; period pi).
double ring_angle(std::uint64_t i, std::uint64_t N);

/// Cosine ring couplings J_ij = (1/N)(-J0 + J2 cos(2(theta_i - theta_j))) (Ben-Yishai, Bar-Or &
/// Sompolinsky 1995; the sum (1/N) sum_j stands for their int dtheta'/pi): a low_rank block of
/// rank 3 with m = (-J0, J2 cos 2 theta, J2 sin 2 theta), n = (1, cos 2 theta, sin 2 theta).
/// J0 > 0 is uniform inhibition.
rate_connection_spec cosine_ring_connection(const std::string& population, std::uint64_t N, double J0, double J2,
                                            const std::string& origin = {});

}  // namespace lamina
