#pragma once
// The load at which a Hopfield network stops retrieving its patterns, from a sweep over loads:
// alpha_50, where the fraction of retrieved patterns crosses 0.5, by linear interpolation between
// the two loads that bracket the first crossing (rate_hopfield_test, rate_hopfield_async_test).
#include <cstddef>
#include <vector>

/// Point: any struct with `alpha` (load P/N) and `retrieved` (fraction of patterns retrieved).
/// Returns -1 when retrieval never fell below one half over the sweep.
template <class Point>
double load_at_half_retrieval(const std::vector<Point>& sweep) {
    for (std::size_t k = 1; k < sweep.size(); ++k) {
        const auto& a = sweep[k - 1];
        const auto& q = sweep[k];
        if (q.retrieved < 0.5) return a.alpha + (a.retrieved - 0.5) / (a.retrieved - q.retrieved) * (q.alpha - a.alpha);
    }
    return -1.0;
}
