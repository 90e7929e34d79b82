#pragma once
/// @file
/// Writing simulation output. Files are written under a temporary name and renamed when
/// complete, so a file with the final name is never half-written.
#include <lamina/recordings.hpp>
#include <lamina/simulation.hpp>

#include <limits>
#include <string>
#include <vector>

namespace lamina {

/// SONATA spike report: /spikes/<population>/{timestamps (ms), node_ids}, sorted by time, with
/// the population size as attribute n_nodes and the simulated window [t_start, t_stop] (ms) as
/// attributes of /spikes (when t_stop_ms is given), so that readers know of silent neurons and of
/// the observation time.
void write_spike_report(const std::string& path, const std::vector<population_spikes>& spikes, double t_start_ms = 0.0,
                        double t_stop_ms = std::numeric_limits<double>::quiet_NaN());

/// State traces: /traces/<population>/<variable>/{data [sample x neuron], time (ms), node_ids},
/// each data set with a `units` attribute.
void write_traces(const std::string& path, const std::vector<state_trace>& traces);

/// Weights recorders: /weights/<connection>/{data [sample x synapse], time (ms), mean (per sample),
/// source_ids, target_ids}, with `units` attributes and the source and target populations as
/// attributes of the group. Connection labels "E->I" become group names "E->I".
void write_weights(const std::string& path, const std::vector<weight_trace>& weights);

/// A recording in the MEA layout of Eglen et al. 2014 (read back as format "mea"): /spikes (s,
/// electrode by electrode), /sCount, /names, /epos [2 x units] (um; when positions are given),
/// /recordingtime [t_start, t_stop] (s), /array and /meta/<key> from metadata["array"] and the other
/// metadata (age as an integer). Simulated MEA recordings go through `lamina analyze` like real ones.
void write_mea_file(const std::string& path, const recording& rec);

/// Writes text to path atomically (temporary name, then rename).
void write_text_file(const std::string& path, const std::string& text);

}  // namespace lamina
