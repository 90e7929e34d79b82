// Driver of models/rate/hopfield_async.hpp: sweeps in Philox-random order until a fixed point.
#include <lamina/error.hpp>
#include <lamina/rate_hopfield.hpp>

#include "core/rng.hpp"
#include "models/rate/hopfield_async.hpp"

#include <numeric>
#include <string>

namespace lamina {

hopfield_recall hopfield_recall_async(const std::vector<double>& xi, std::uint64_t N, const std::vector<double>& start,
                                      std::uint64_t max_sweeps, std::uint64_t seed, std::uint64_t trial) {
    if (N == 0 || xi.empty() || xi.size() % N != 0)
        throw input_error("hopfield_recall_async: patterns must hold P x N values for N = " + std::to_string(N) +
                          " (got " + std::to_string(xi.size()) + ")");
    if (start.size() != N)
        throw input_error("hopfield_recall_async: start must have N = " + std::to_string(N) + " values, got " +
                          std::to_string(start.size()));
    for (const double v : xi)
        if (v != 1.0 && v != -1.0) throw input_error("hopfield_recall_async: pattern entries must be +1 or -1");
    const models::rate::hopfield_async net{xi.data(), xi.size() / N, N};
    hopfield_recall r;
    r.state.resize(N);
    for (std::uint64_t i = 0; i < N; ++i) r.state[i] = start[i] >= 0.0 ? 1.0 : -1.0;
    auto m = net.overlaps(r.state);
    std::vector<std::uint64_t> order(N);
    while (r.sweeps < max_sweeps && !r.converged) {
        core::rng_stream rng(seed, core::stream_purpose::user, trial, r.sweeps);
        std::iota(order.begin(), order.end(), std::uint64_t{0});
        for (std::uint64_t k = N; k > 1; --k) std::swap(order[k - 1], order[rng.below(k)]);  // Fisher-Yates
        bool flipped = false;
        for (const auto i : order) flipped = net.update(r.state, m, i) || flipped;
        ++r.sweeps;
        r.converged = !flipped;
    }
    return r;
}

}  // namespace lamina
