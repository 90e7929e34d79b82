// NWB units tables (Neurodata Without Borders 2.x, Rübel et al. 2022, eLife 11:e78362):
//   /units/spike_times        float, seconds, all units' spikes concatenated
//   /units/spike_times_index  integer, cumulative END offsets: unit i owns
//                             spike_times[index[i-1] .. index[i]) (index[-1] = 0)
//   /units/id                 integer unit ids (optional here; names default to the row number)
// The schema (nwb-schema core/nwb.misc.yaml, "Units") gives spike times in seconds.
#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <cmath>

namespace lamina::io {
namespace {

void copy_text_metadata(hid_t file, const std::string& path, const std::string& dataset, const std::string& key,
                        recording& r) {
    if (!h5_is_dataset(file, dataset)) return;
    h5_dataset d(file, dataset, path);
    if (d.type_class() != H5T_STRING || d.size() != 1) return;  // descriptive only; other shapes are not ours
    r.metadata[key] = d.read_strings().at(0);
}

}  // namespace

recording read_nwb(hid_t file, const std::string& path, const read_options& options) {
    if (!options.populations.empty())
        throw unknown_name_error(path + ": an NWB units table has no populations to select");
    recording r;
    h5_dataset times(file, "/units/spike_times", path, "spike times in s");
    h5_dataset index(file, "/units/spike_times_index", path, "cumulative end offsets into /units/spike_times");
    const hsize_t n_spikes = times.require_vector("spike times in s");
    const hsize_t n_units = index.require_vector("cumulative end offsets");
    index.require_integer("cumulative end offsets");

    // The index is one number per unit: small, read whole and checked before trusting it.
    const auto ends = index.read_all<std::int64_t>();
    r.trains.offsets.assign(1, 0);
    r.trains.offsets.reserve(ends.size() + 1);
    std::int64_t previous = 0;
    for (std::size_t i = 0; i < ends.size(); ++i) {
        if (ends[i] < previous || ends[i] > static_cast<std::int64_t>(n_spikes))
            index.fail("holds " + std::to_string(ends[i]) + " at element " + std::to_string(i) +
                       ", expected non-decreasing end offsets between " + std::to_string(previous) + " and " +
                       std::to_string(n_spikes) + " (the length of /units/spike_times)");
        previous = ends[i];
        r.trains.offsets.push_back(static_cast<std::size_t>(ends[i]));
    }
    if (static_cast<hsize_t>(previous) != n_spikes)
        index.fail("ends at " + std::to_string(previous) + " but /units/spike_times holds " + std::to_string(n_spikes) +
                   " spikes; expected the last end offset to equal the number of spikes");

    r.trains.times.resize(static_cast<std::size_t>(n_spikes));
    h5_for_each_block<double>(times, [&](std::span<const double> block, hsize_t at) {
        for (std::size_t k = 0; k < block.size(); ++k) {
            if (!std::isfinite(block[k])) times.fail("holds a non-finite time at element " + std::to_string(at + k));
            r.trains.times[static_cast<std::size_t>(at) + k] = block[k] * 1000.0;
        }
    });
    sort_within_units(r.trains);

    if (h5_exists(file, "units/id")) {
        h5_dataset ids(file, "/units/id", path, "one id per unit");
        ids.require_vector("unit ids");
        if (ids.size() != n_units)
            ids.fail("has " + std::to_string(ids.size()) + " ids but /units/spike_times_index has " +
                     std::to_string(n_units) + " units; expected one id per unit");
        r.trains.names = ids.read_as_text();
    } else {
        for (hsize_t u = 0; u < n_units; ++u) r.trains.names.push_back(std::to_string(u));
    }

    copy_text_metadata(file, path, "/session_description", "session_description", r);
    copy_text_metadata(file, path, "/identifier", "identifier", r);
    copy_text_metadata(file, path, "/general/subject/species", "species", r);
    copy_text_metadata(file, path, "/general/subject/age", "age", r);
    window_from_spikes(r.trains);
    return r;
}

}  // namespace lamina::io
