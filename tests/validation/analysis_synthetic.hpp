#pragma once
// Synthetic spike trains with known statistics for the analysis validation tests. std::mt19937_64
// with fixed seeds: every run sees the same numbers, so a test is either right or wrong, not flaky.
#include <lamina/spike_trains.hpp>

#include <cmath>
#include <random>
#include <vector>

namespace lamina::test {

/// Renewal process with gamma ISIs of shape k (k = 1: Poisson) and rate `rate_hz` on [0, t_ms).
/// The first spike comes after an exponential interval of the same mean (near-stationary start).
inline std::vector<double> gamma_train(std::mt19937_64& g, double rate_hz, double shape, double t_ms) {
    const double mean_isi = 1000.0 / rate_hz;
    std::gamma_distribution<double> isi(shape, mean_isi / shape);
    std::exponential_distribution<double> first(1.0 / mean_isi);
    std::vector<double> out;
    for (double t = first(g); t < t_ms; t += isi(g)) out.push_back(t);
    return out;
}

inline std::vector<double> poisson_train(std::mt19937_64& g, double rate_hz, double t_ms) {
    return gamma_train(g, rate_hz, 1.0, t_ms);
}

inline spike_trains make_trains(const std::vector<std::vector<double>>& units, double t_start, double t_stop) {
    spike_trains s;
    s.t_start = t_start;
    s.t_stop = t_stop;
    for (const auto& u : units) s.add_unit(u);
    return s;
}

/// Mean of the finite values.
inline double mean_of(const std::vector<double>& v) {
    double s = 0.0;
    std::size_t n = 0;
    for (double x : v)
        if (std::isfinite(x)) s += x, ++n;
    return n ? s / double(n) : NAN;
}

}  // namespace lamina::test
