// SONATA spike reports (lamina's own output among them):
//   /spikes/<population>/timestamps  float, attribute units = "ms" or "s"
//   /spikes/<population>/node_ids    integer, one per spike, index within the population
// and the older single-population layout /spikes/{timestamps, gids}.
// Reference: SONATA data format, "Spike file" (Dai et al. 2020, PLoS Comput Biol 16:e1007696;
// github.com/AllenInstitute/sonata/blob/master/docs/SONATA_DEVELOPER_GUIDE.md).
// Units are named "<population>:<node_id>"; a population has max(node_id) + 1 units unless its
// group carries an `n_nodes` attribute.
#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <cmath>
#include <limits>

namespace lamina::io {
namespace {

/// ms per unit of the timestamps, from their `units` attribute.
double time_scale(const h5_dataset& ts, recording& r, const std::string& population) {
    auto units = h5_string_attribute(ts.id(), "units", "dataset " + ts.path(), ts.file());
    if (!units) {
        // The SONATA specification states spike times in ms; files from other tools may omit the attribute.
        r.metadata["time_units"] = "ms (no units attribute; SONATA's default)";
        return 1.0;
    }
    if (*units == "ms" || *units == "msec" || *units == "millisecond" || *units == "milliseconds") return 1.0;
    if (*units == "s" || *units == "sec" || *units == "second" || *units == "seconds") return 1000.0;
    throw file_error(ts.file() + ": dataset " + ts.path() + " has units '" + *units + "' (population " + population +
                     "), expected 'ms' or 's'");
}

/// Reads one population's spikes into trains with units 0 .. n-1 named "<prefix><id>".
spike_trains read_population(hid_t file, const std::string& group_path, const std::string& id_name,
                             const std::string& prefix, const std::string& path, recording& r) {
    h5_dataset ts(file, group_path + "/timestamps", path, "spike times");
    h5_dataset ids(file, group_path + "/" + id_name, path, "one node id per spike");
    ts.require_vector("spike times");
    ids.require_vector("node ids");
    ids.require_integer("node ids");
    const hsize_t n = ts.size();
    if (ids.size() != n)
        ids.fail("has " + std::to_string(ids.size()) + " elements but " + ts.path() + " has " + std::to_string(n) +
                 "; expected one node id per spike");
    const double scale = time_scale(ts, r, prefix.empty() ? group_path : prefix.substr(0, prefix.size() - 1));

    spike_collector spikes;
    spikes.reserve(static_cast<std::size_t>(n));
    std::vector<double> t(static_cast<std::size_t>(std::min(n, h5_block_elements)));
    std::vector<std::int64_t> id(t.size());
    for (hsize_t at = 0; at < n; at += h5_block_elements) {
        const hsize_t count = std::min(h5_block_elements, n - at);
        ts.read(at, count, t.data());
        ids.read(at, count, id.data());
        for (std::size_t k = 0; k < count; ++k) {
            if (id[k] < 0 || id[k] >= std::numeric_limits<std::uint32_t>::max())
                ids.fail("holds node id " + std::to_string(id[k]) + " at element " + std::to_string(at + k) +
                                        ", expected 0 <= id < 2^32 - 1");
            if (!std::isfinite(t[k]))
                ts.fail("holds a non-finite time at element " + std::to_string(at + k));
            spikes.add(static_cast<std::uint32_t>(id[k]), t[k] * scale);
        }
    }
    std::size_t n_units = spikes.units_seen();
    auto group = h5_open_group(file, group_path, path);
    if (auto declared = h5_number_attribute(group, "n_nodes", "group " + group_path, path)) {
        if (*declared < static_cast<double>(n_units) || *declared != std::floor(*declared) || *declared > 4e9)
            throw file_error(path + ": attribute n_nodes of group " + group_path + " is " + number_text(*declared) +
                             ", expected a whole number of nodes above the largest node id (" +
                             std::to_string(static_cast<long long>(n_units) - 1) + ")");
        n_units = static_cast<std::size_t>(*declared);
    }
    auto trains = spikes.build(n_units);
    trains.names.reserve(n_units);
    for (std::size_t u = 0; u < n_units; ++u) trains.names.push_back(prefix + std::to_string(u));
    return trains;
}

}  // namespace

recording read_sonata(hid_t file, const std::string& path, const read_options& options) {
    recording r;
    auto root = h5_open_group(file, "spikes", path);
    if (h5_exists(root, "timestamps")) {
        // Older single-population layout (e.g. BioNet before SONATA populations): /spikes/{timestamps,gids}.
        if (!options.populations.empty())
            throw unknown_name_error(path + ": the file has the single-population layout /spikes/{timestamps,gids}; "
                                            "populations cannot be selected");
        r.trains = read_population(file, "/spikes", h5_exists(root, "gids") ? "gids" : "node_ids", "", path, r);
        r.metadata["layout"] = "/spikes/{timestamps,gids}";
    } else {
        std::vector<std::string> populations;
        for (const auto& name : h5_children(root, "/spikes", path))
            if (h5_is_group(root, name)) populations.push_back(name);
        if (populations.empty())
            throw file_error(path + ": group /spikes holds no populations; expected /spikes/<population>/"
                                    "{timestamps,node_ids}");
        for (const auto& pop : select_names(options.populations, populations, path, "population under /spikes")) {
            append_units(r.trains, read_population(file, "/spikes/" + pop, "node_ids", pop + ":", path, r));
        }
        r.metadata["layout"] = "/spikes/<population>/{timestamps,node_ids}";
    }
    // lamina writes the simulated window as attributes of /spikes (ms); other reports hold no
    // window, so the spikes' own is taken.
    const auto t_start = h5_number_attribute(root, "t_start", "group /spikes", path);
    const auto t_stop = h5_number_attribute(root, "t_stop", "group /spikes", path);
    if (t_start && t_stop && *t_stop > *t_start) {
        r.trains.t_start = *t_start;
        // Simulated spikes are stamped at the end of their step, so they lie in (t_start, t_stop];
        // analysis windows are half-open, so the end moves up by one ulp to keep the last step's.
        r.trains.t_stop = std::nextafter(*t_stop, INFINITY);
        r.metadata["window"] = "from the /spikes attributes t_start, t_stop";
    } else {
        window_from_spikes(r.trains);
    }
    return r;
}

}  // namespace lamina::io
