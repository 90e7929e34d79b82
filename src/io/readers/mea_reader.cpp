// The MEA HDF5 layout of Eglen et al. (2014) GigaScience 3:3 ("A data repository and analysis
// framework for spontaneous neural activity recordings in developing retina"), as read by sjemea's
// h5.read.spikes():
//   /spikes         float, s, all spike times concatenated electrode by electrode
//   /sCount         integer, spikes per electrode (splits /spikes)
//   /names          strings, one per electrode/unit
//   /epos           float, electrode positions (um); written from R, so [2 x N] as seen from C
//                   (row 0 = x, row 1 = y); [N x 2] is accepted too
//   /array          optional layout string
//   /meta/*         optional: age (days in vitro), region, species, ...
//   /recordingtime  optional [begin, end] in s
#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <cmath>
#include <regex>

namespace lamina::io {
namespace {

std::string joined(const std::vector<std::string>& values) {
    std::string s;
    for (const auto& v : values) s += (s.empty() ? "" : ",") + v;
    return s;
}

void read_positions(hid_t file, const std::string& path, std::size_t n_units, recording& r) {
    if (!h5_exists(file, "epos")) return;
    h5_dataset epos(file, "/epos", path, "electrode positions");
    const auto& d = epos.dims();
    const std::string expected = ", expected [2 x " + std::to_string(n_units) + "] or [" + std::to_string(n_units) +
                                 " x 2] (x and y in um, one electrode per unit)";
    if (d.size() != 2) epos.fail("has shape " + h5_shape_text(d) + expected);
    const bool columns_are_units = d[0] == 2 && d[1] == n_units;  // R's N x 2 matrix, as HDF5 stores it
    const bool rows_are_units = d[0] == n_units && d[1] == 2;
    if (!columns_are_units && !rows_are_units) epos.fail("has shape " + h5_shape_text(d) + expected);
    const auto v = epos.read_all_doubles_any_shape();
    r.positions.resize(n_units);
    for (std::size_t i = 0; i < n_units; ++i)
        r.positions[i] = columns_are_units ? std::array<double, 2>{v[i], v[n_units + i]}
                                           : std::array<double, 2>{v[2 * i], v[2 * i + 1]};
}

/// The /array string names a layout such as "MCS_8x8_200um"; say so when the positions disagree with
/// its pitch (the hiPSC files say APS_64x64_42um while their electrodes sit on a 200 um grid).
void check_array_pitch(recording& r) {
    auto it = r.metadata.find("array");
    if (it == r.metadata.end() || r.positions.empty()) return;
    std::smatch m;
    static const std::regex pitch_re(R"((\d+(?:\.\d+)?)um)");
    if (!std::regex_search(it->second, m, pitch_re)) return;
    const double pitch = std::stod(m[1].str());
    for (const auto& p : r.positions)
        for (double c : p)
            if (pitch > 0 && std::abs(c / pitch - std::round(c / pitch)) > 1e-6) {
                r.metadata["array_note"] = "/array says '" + it->second + "' but the /epos positions are not on a " +
                                           m[1].str() + " um grid; positions are taken from /epos";
                return;
            }
}

}  // namespace

recording read_mea(hid_t file, const std::string& path, const read_options& options) {
    if (!options.populations.empty())
        throw unknown_name_error(path + ": an MEA recording (Eglen et al. 2014 layout) has no populations to select");
    recording r;
    h5_dataset spikes(file, "/spikes", path, "all spike times in s");
    h5_dataset counts(file, "/sCount", path, "spikes per electrode");
    const hsize_t n_spikes = spikes.require_vector("spike times in s");
    const hsize_t n_units = counts.require_vector("spike counts per electrode");
    counts.require_integer("spike counts per electrode");

    const auto c = counts.read_all<std::int64_t>();
    r.trains.offsets.assign(1, 0);
    r.trains.offsets.reserve(c.size() + 1);
    std::size_t total = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i] < 0)
            counts.fail("holds " + std::to_string(c[i]) + " at element " + std::to_string(i) +
                        ", expected a count of spikes >= 0");
        total += static_cast<std::size_t>(c[i]);
        r.trains.offsets.push_back(total);
    }
    if (total != n_spikes)
        counts.fail("sums to " + std::to_string(total) + " but /spikes holds " + std::to_string(n_spikes) +
                    " spike times; expected the counts to add up to the number of spikes");

    h5_dataset names(file, "/names", path, "one name per electrode");
    if (names.type_class() != H5T_STRING) names.fail("does not hold strings, expected one name per electrode");
    if (names.size() != n_units)
        names.fail("has " + std::to_string(names.size()) + " names but /sCount has " + std::to_string(n_units) +
                   " electrodes; expected one name per electrode");
    r.trains.names = names.read_strings();

    r.trains.times.resize(static_cast<std::size_t>(n_spikes));
    h5_for_each_block<double>(spikes, [&](std::span<const double> block, hsize_t at) {
        for (std::size_t k = 0; k < block.size(); ++k) {
            if (!std::isfinite(block[k])) spikes.fail("holds a non-finite time at element " + std::to_string(at + k));
            r.trains.times[static_cast<std::size_t>(at) + k] = block[k] * 1000.0;
        }
    });
    sort_within_units(r.trains);

    read_positions(file, path, static_cast<std::size_t>(n_units), r);
    if (h5_is_dataset(file, "array")) r.metadata["array"] = joined(h5_dataset(file, "/array", path).read_as_text());
    if (h5_is_group(file, "meta")) {
        auto meta = h5_open_group(file, "meta", path);
        for (const auto& key : h5_children(meta, "/meta", path))
            if (h5_is_dataset(meta, key)) r.metadata[key] = joined(h5_dataset(file, "/meta/" + key, path).read_as_text());
        if (r.metadata.count("age")) r.metadata["age_unit"] = "days in vitro";
    }
    check_array_pitch(r);

    if (h5_exists(file, "recordingtime")) {
        h5_dataset rt(file, "/recordingtime", path, "[begin, end] in s");
        if (rt.require_vector("[begin, end] in s") != 2)
            rt.fail("has " + std::to_string(rt.size()) + " elements, expected 2: [begin, end] in s");
        const auto be = rt.read_all<double>();
        if (!(std::isfinite(be[0]) && std::isfinite(be[1]) && be[1] >= be[0]))
            rt.fail("is [" + number_text(be[0]) + ", " + number_text(be[1]) + "], expected begin <= end (s)");
        r.trains.t_start = be[0] * 1000.0;
        r.trains.t_stop = be[1] * 1000.0;
    } else {
        window_from_spikes(r.trains);
    }
    return r;
}

}  // namespace lamina::io
