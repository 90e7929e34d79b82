#pragma once
/// @file
/// Reading spike recordings from files: lamina's own output and any SONATA spike report, NWB
/// units tables, the MEA HDF5 layout of Eglen et al. 2014, MaxWell Biosystems HD-MEA files,
/// 3Brain BXR spike results and CSV. The format is detected from the content.
#include <lamina/spike_trains.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace lamina {

struct recording {
    /// One train per unit (electrode, sorted unit or neuron), times in ms; names set.
    /// t_start/t_stop: the recording's window (from the file where it says, else first/last spike).
    spike_trains trains;
    std::string format;                           ///< "sonata", "nwb", "mea", "maxwell", "3brain", "csv"
    std::map<std::string, std::string> metadata;  ///< e.g. age, region, species, sampling_rate
    std::vector<std::array<double, 2>> positions; ///< electrode positions (um), empty or one per unit
};

struct read_options {
    std::string format = "auto";  ///< or one of the names above
    /// SONATA: populations to read (empty = all, units named "<population>:<node_id>").
    std::vector<std::string> populations;
};

/// Reads a recording. Throws file_error naming the file and dataset, and what was expected,
/// for a missing, truncated or wrongly shaped file.
recording read_recording(const std::string& path, const read_options& options = {});

/// The formats read_recording understands.
std::vector<std::string> recording_formats();

}  // namespace lamina
