#pragma once
/// @file
/// Neuron positions from a population's layout, the neurons inside a region, and virtual MEA
/// recordings of simulated spikes (the electrode sampling itself is analysis::sample_electrodes).
#include <lamina/network_spec.hpp>
#include <lamina/recordings.hpp>
#include <lamina/simulation.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lamina {

/// Positions (x, y in um) of the neurons of `population`, drawn from the counter-based stream
/// (seed, layout, gid) of each neuron (and, for a clustered layout, the clump centres from streams
/// of the seed, clump index and cluster_seed), so they depend on nothing but the seed and the neuron.
/// Throws input_error naming the population when it has no layout.
std::vector<std::array<double, 2>> neuron_positions(const network_spec& spec, const std::string& population);

/// Indices (within the population) of the neurons of `population` inside `region`, ascending.
std::vector<std::uint64_t> neurons_in_region(const network_spec& spec, const std::string& population,
                                             const region_spec& region);

/// The stimulus with its region (if any) replaced by the list of neurons inside it. Throws
/// input_error naming the stimulus when the region holds no neuron or `neurons` is given too.
stimulus_spec resolve_region(const network_spec& spec, stimulus_spec stimulus);

/// Checks an MEA recorder against the spec (its populations exist and have layouts; sane grid).
void check_mea_recorder(const network_spec& spec, const recorder_spec& recorder);

/// What a virtual MEA recorder (`recorder.type == mea`) records of simulated spikes over
/// [0, t_stop_ms]: one unit per electrode, named ch_<column><row> as on MCS arrays, with electrode
/// positions, metadata (array, age) and format "mea". `spikes` must hold the recorder's populations.
recording virtual_mea(const network_spec& spec, const std::vector<population_spikes>& spikes,
                      const recorder_spec& recorder, double t_stop_ms);

}  // namespace lamina
