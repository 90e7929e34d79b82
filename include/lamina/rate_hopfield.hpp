#pragma once
/// @file
/// Hopfield recall with asynchronous (random sequential) updates, the alternative to the
/// synchronous update x <- J sign(x) that the rate engine does with Euler and dt = tau
/// (docs/rate-models.md). Asynchronous dynamics descends the energy to a fixed point; synchronous
/// dynamics can also end in 2-cycles.
#include <cstdint>
#include <vector>

namespace lamina {

struct hopfield_recall {
    std::vector<double> state;   ///< final s (N values, +-1)
    std::uint64_t sweeps = 0;    ///< sweeps done (the last one flipped nothing when `converged`)
    bool converged = false;
};

/// Runs random sequential sweeps over the N units from `start` (N values; their signs are used)
/// with couplings J = (1/N) sum_mu xi^mu xi^mu^T, J_ii = 0, patterns `xi` (P x N, +-1, row-major),
/// until a sweep flips no unit or `max_sweeps` are done. The order of sweep k is a random
/// permutation from the stream (seed, user, trial, k): reproducible per trial.
hopfield_recall hopfield_recall_async(const std::vector<double>& xi, std::uint64_t N, const std::vector<double>& start,
                                      std::uint64_t max_sweeps = 100, std::uint64_t seed = 1, std::uint64_t trial = 0);

}  // namespace lamina
