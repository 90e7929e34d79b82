#pragma once
/// @file
/// Sampling neuron spike trains the way a multi-electrode array records them: each electrode picks
/// up the spikes of the neurons within a radius of it, optionally missing each spike with a fixed
/// probability. Positions in um. Pure functions: no simulator needed.
#include <lamina/spike_trains.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lamina::analysis {

struct electrode_array {
    std::vector<std::string> names;
    std::vector<std::array<double, 2>> positions;  ///< um
};

/// A rows x cols grid at `pitch` um centred on (x, y). Electrode (column c, row r), both from 1,
/// lies at x + (c - (cols + 1) / 2) pitch, y + ((rows + 1) / 2 - r) pitch (row 1 at the top, as in
/// MCS's numbering) and is named ch_<c><r> (ch_<c>_<r> when either exceeds 9). With omit_corners the
/// four corners are left out (8 x 8 -> the 60 electrodes of an MCS 60MEA). Ordered by column, then row.
electrode_array electrode_grid(std::uint64_t rows, std::uint64_t cols, double pitch, double x, double y,
                               bool omit_corners);

/// For each electrode, the neurons (indices into positions) at distance <= radius, ascending.
std::vector<std::vector<std::size_t>> neurons_near(std::span<const std::array<double, 2>> positions,
                                                   const electrode_array& electrodes, double radius);

struct electrode_sampling {
    double radius = 50.0;             ///< um
    double detection_probability = 1.0;  ///< each spike of a neuron within the radius is kept with it
    std::uint64_t seed = 1;           ///< of the detection draws
};

/// One unit per electrode: the merged, sorted spikes of the neurons near it (a neuron near two
/// electrodes appears on both), each kept with detection_probability by an independent draw from the
/// stream (seed, mea detection, electrode << 32 | neuron), so results depend only on the seed.
/// `neurons` has one unit per position. Names are the electrodes'; the window is the neurons'.
/// Throws input_error for mismatched sizes, a radius <= 0 or a probability outside [0, 1].
spike_trains sample_electrodes(const spike_trains& neurons, std::span<const std::array<double, 2>> positions,
                               const electrode_array& electrodes, const electrode_sampling& options);

}  // namespace lamina::analysis
