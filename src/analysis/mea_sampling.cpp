// Virtual MEA electrodes over neuron positions (include/lamina/analysis/mea.hpp).
#include <lamina/analysis/mea.hpp>
#include <lamina/error.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>

namespace lamina::analysis {

electrode_array electrode_grid(std::uint64_t rows, std::uint64_t cols, double pitch, double x, double y,
                               bool omit_corners) {
    if (rows == 0 || cols == 0 || rows > 1024 || cols > 1024)
        throw input_error("electrode grid: rows and cols must be between 1 and 1024, got " + std::to_string(rows) +
                          " x " + std::to_string(cols));
    if (!(pitch > 0.0) || !std::isfinite(pitch))
        throw input_error("electrode grid: the pitch must be a positive length, got " + std::to_string(pitch) + " um");
    electrode_array a;
    const bool wide = rows > 9 || cols > 9;
    for (std::uint64_t c = 1; c <= cols; ++c)
        for (std::uint64_t r = 1; r <= rows; ++r) {
            const bool corner = (c == 1 || c == cols) && (r == 1 || r == rows);
            if (omit_corners && corner && rows > 1 && cols > 1) continue;
            a.names.push_back("ch_" + std::to_string(c) + (wide ? "_" : "") + std::to_string(r));
            a.positions.push_back({x + (double(c) - double(cols + 1) / 2.0) * pitch,
                                   y + (double(rows + 1) / 2.0 - double(r)) * pitch});
        }
    return a;
}

std::vector<std::vector<std::size_t>> neurons_near(std::span<const std::array<double, 2>> positions,
                                                   const electrode_array& electrodes, double radius) {
    if (!(radius > 0.0) || !std::isfinite(radius))
        throw input_error("electrode sampling: the pick-up radius must be a positive length, got " +
                          std::to_string(radius) + " um");
    std::vector<std::vector<std::size_t>> near(electrodes.positions.size());
    const double r2 = radius * radius;
    for (std::size_t e = 0; e < near.size(); ++e) {
        const auto [ex, ey] = electrodes.positions[e];
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const double dx = positions[i][0] - ex, dy = positions[i][1] - ey;
            if (dx * dx + dy * dy <= r2) near[e].push_back(i);
        }
    }
    return near;
}

spike_trains sample_electrodes(const spike_trains& neurons, std::span<const std::array<double, 2>> positions,
                               const electrode_array& electrodes, const electrode_sampling& options) {
    if (positions.size() != neurons.units())
        throw input_error("electrode sampling: " + std::to_string(neurons.units()) + " spike trains but " +
                          std::to_string(positions.size()) + " positions; expected one position per neuron");
    if (electrodes.names.size() != electrodes.positions.size())
        throw input_error("electrode sampling: the electrode array has " + std::to_string(electrodes.names.size()) +
                          " names but " + std::to_string(electrodes.positions.size()) + " positions");
    const double p = options.detection_probability;
    if (!(p >= 0.0 && p <= 1.0))
        throw input_error("electrode sampling: the detection probability must be between 0 and 1, got " +
                          std::to_string(p));
    const auto near = neurons_near(positions, electrodes, options.radius);
    spike_trains out;
    out.t_start = neurons.t_start;
    out.t_stop = neurons.t_stop;
    std::vector<double> merged;
    for (std::size_t e = 0; e < near.size(); ++e) {
        merged.clear();
        for (const std::size_t i : near[e]) {
            const auto t = neurons.unit(i);
            if (p >= 1.0) {
                merged.insert(merged.end(), t.begin(), t.end());
                continue;
            }
            // Each (electrode, neuron) pair thins its spikes with its own stream: a neuron seen by
            // two electrodes is missed independently on each, as with two real electrodes.
            core::rng_stream r(options.seed, core::stream_purpose::mea_detection, (std::uint64_t(e) << 32) | i);
            for (const double s : t)
                if (r.uniform() < p) merged.push_back(s);
        }
        std::sort(merged.begin(), merged.end());
        out.add_unit(merged, electrodes.names[e]);
    }
    return out;
}

}  // namespace lamina::analysis
