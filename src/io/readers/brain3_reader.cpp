// 3Brain BrainWave spike results (.bxr, HDF5). No public specification; the layouts follow
// 3Brain's BXR documentation as used by public readers (see docs/formats.md):
//
// BrainWave 4 (BXR versions 100-300):
//   /3BResults/3BChEvents/SpikeTimes   integer, frame of each spike from the recording's start
//   /3BResults/3BChEvents/SpikeChIDs   integer, index into /3BRecInfo/3BMeaStreams/Raw/Chs
//   /3BRecInfo/3BRecVars/SamplingRate  [Hz]
//   /3BRecInfo/3BRecVars/NRecFrames    optional, recording length in frames
//   /3BRecInfo/3BMeaStreams/Raw/Chs    optional, compound {Row, Col} (1-based) per channel
// BrainWave 5 (BXR version >= 301):
//   /Well_<id>/SpikeTimes, /Well_<id>/SpikeChIdxs   as above, one group per well
//   root attribute SamplingRate [Hz] (or /ExperimentSettings JSON TimeConverter.FrameRate)
//   /Well_<id>/StoredChIdxs            optional, the channels of the well
//   /TOC                               optional [chunks x 2] frame ranges; the last end = length
#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>

namespace lamina::io {
namespace {

// Ids above this are not a channel of any 3Brain chip (4096 channels per well); refusing them keeps a
// corrupt file from asking for billions of units.
constexpr std::int64_t max_channel_id = std::int64_t{1} << 20;

struct row_col {
    std::int32_t row;
    std::int32_t col;
};

/// Channel list of a BrainWave 4 file: compound {Row, Col} or an integer [N x 2] array.
std::vector<row_col> read_channel_list(hid_t file, const std::string& path) {
    h5_dataset chs(file, "/3BRecInfo/3BMeaStreams/Raw/Chs", path, "the (Row, Col) of each channel");
    std::vector<row_col> out(static_cast<std::size_t>(chs.dims().empty() ? 0 : chs.dims()[0]));
    if (chs.type_class() == H5T_COMPOUND) {
        if (chs.rank() != 1 || !chs.has_member("Row") || !chs.has_member("Col"))
            chs.fail("has shape " + h5_shape_text(chs.dims()) + ", expected a 1-D array of records {Row, Col}");
        h5_handle type(H5Tcreate(H5T_COMPOUND, sizeof(row_col)), H5Tclose);
        H5Tinsert(type, "Row", offsetof(row_col, row), H5T_NATIVE_INT32);
        H5Tinsert(type, "Col", offsetof(row_col, col), H5T_NATIVE_INT32);
        chs.read_records(0, out.size(), type, out.data());
    } else {
        if (chs.rank() != 2 || chs.dims()[1] != 2 || chs.type_class() != H5T_INTEGER)
            chs.fail("has shape " + h5_shape_text(chs.dims()) + ", expected records {Row, Col} or integers [N x 2]");
        const auto v = chs.read_all_doubles_any_shape();
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = {static_cast<std::int32_t>(v[2 * i]), static_cast<std::int32_t>(v[2 * i + 1])};
    }
    return out;
}

double read_rate_dataset(hid_t file, const std::string& path, const std::string& name) {
    h5_dataset d(file, name, path, "the sampling rate in Hz");
    if (d.require_vector("sampling rate in Hz") < 1) d.fail("is empty, expected the sampling rate in Hz");
    double fs = 0;
    d.read(0, 1, &fs);
    if (!(fs > 0 && fs < 1e7)) d.fail("is " + number_text(fs) + ", expected a sampling rate in Hz");
    return fs;
}

double new_layout_rate(hid_t file, const std::string& path) {
    auto root = h5_open_group(file, "/", path);
    if (auto fs = h5_number_attribute(root, "SamplingRate", "the root group", path)) {
        if (!(*fs > 0 && *fs < 1e7))
            throw file_error(path + ": root attribute SamplingRate is " + number_text(*fs) +
                             ", expected a sampling rate in Hz");
        return *fs;
    }
    if (h5_is_dataset(file, "ExperimentSettings")) {
        h5_dataset d(file, "/ExperimentSettings", path, "experiment settings as JSON");
        const auto text = d.read_as_text();
        const auto json = nlohmann::json::parse(text.empty() ? std::string() : text[0], nullptr, false);
        if (json.is_discarded()) d.fail("is not valid JSON");
        const auto* p = &json;
        for (const char* key : {"TimeConverter", "FrameRate"}) {
            if (!p->is_object() || !p->contains(key)) {
                p = nullptr;
                break;
            }
            p = &(*p)[key];
        }
        if (p && p->is_number() && p->get<double>() > 0) return p->get<double>();
        d.fail("has no positive TimeConverter.FrameRate, and the root group has no SamplingRate attribute; "
               "expected the sampling rate in Hz in one of them");
    }
    throw file_error(path + ": no sampling rate: expected a root attribute SamplingRate (Hz) or "
                            "/ExperimentSettings with TimeConverter.FrameRate");
}

/// Reads frame/channel pairs; unit_of(channel, element) returns the unit index.
template <class Unit>
spike_collector read_pairs(const h5_dataset& times, const h5_dataset& channels, double fs, Unit&& unit_of) {
    times.require_vector("spike frames");
    times.require_integer("spike frames");
    channels.require_vector("channel ids");
    channels.require_integer("channel ids");
    const hsize_t n = times.size();
    if (channels.size() != n)
        channels.fail("has " + std::to_string(channels.size()) + " elements but " + times.path() + " has " +
                      std::to_string(n) + "; expected one channel per spike");
    spike_collector out;
    out.reserve(static_cast<std::size_t>(n));
    std::vector<std::int64_t> f(static_cast<std::size_t>(std::min(n, h5_block_elements))), c(f.size());
    const double ms_per_frame = 1000.0 / fs;
    for (hsize_t at = 0; at < n; at += h5_block_elements) {
        const hsize_t count = std::min(h5_block_elements, n - at);
        times.read(at, count, f.data());
        channels.read(at, count, c.data());
        for (std::size_t k = 0; k < count; ++k) {
            if (f[k] < 0)
                times.fail("holds frame " + std::to_string(f[k]) + " at element " + std::to_string(at + k) +
                           ", expected frames >= 0 from the start of the recording");
            out.add(unit_of(c[k], at + k), static_cast<double>(f[k]) * ms_per_frame);
        }
    }
    return out;
}

recording read_brainwave4(hid_t file, const std::string& path) {
    recording r;
    r.metadata["layout"] = "/3BResults/3BChEvents";
    const double fs = read_rate_dataset(file, path, "/3BRecInfo/3BRecVars/SamplingRate");
    r.metadata["sampling_rate"] = number_text(fs);
    h5_dataset times(file, "/3BResults/3BChEvents/SpikeTimes", path, "spike frames");
    h5_dataset ids(file, "/3BResults/3BChEvents/SpikeChIDs", path, "one channel id per spike");
    const bool have_list = h5_exists(file, "3BRecInfo/3BMeaStreams/Raw/Chs");
    const auto list = have_list ? read_channel_list(file, path) : std::vector<row_col>{};
    const std::int64_t bound = have_list ? static_cast<std::int64_t>(list.size()) : max_channel_id;
    auto spikes = read_pairs(times, ids, fs, [&](std::int64_t ch, hsize_t at) {
        if (ch < 0 || ch >= bound)
            ids.fail("holds channel " + std::to_string(ch) + " at element " + std::to_string(at) + ", expected 0 <= id < " +
                     std::to_string(bound) + (have_list ? " (the channels in /3BRecInfo/3BMeaStreams/Raw/Chs)" : ""));
        return static_cast<std::uint32_t>(ch);
    });
    if (have_list) {
        r.trains = spikes.build(list.size());
        for (const auto& rc : list) r.trains.names.push_back("r" + std::to_string(rc.row) + "_c" + std::to_string(rc.col));
    } else {
        r.trains = spikes.build(spikes.units_seen());
    }
    double first, last;
    const bool any = spike_range(r.trains, first, last);
    r.trains.t_start = 0.0;
    r.trains.t_stop = any ? last : 0.0;
    if (h5_exists(file, "3BRecInfo/3BRecVars/NRecFrames")) {
        h5_dataset nf(file, "/3BRecInfo/3BRecVars/NRecFrames", path, "the recording length in frames");
        if (nf.require_vector("recording length in frames") >= 1) {
            std::int64_t frames = 0;
            nf.read(0, 1, &frames);
            r.trains.t_stop = std::max(r.trains.t_stop, static_cast<double>(frames) * 1000.0 / fs);
        }
    }
    if (!have_list) {
        // Without a channel list every id up to the largest is a unit; keep those that spiked.
        std::vector<std::size_t> spiking;
        keep_units(r.trains, [&](std::size_t ch, std::size_t n_spikes) {
            const bool any = n_spikes > 0;
            if (any) spiking.push_back(ch);
            return any;
        });
        for (auto ch : spiking) r.trains.names.push_back("ch" + std::to_string(ch));
    }
    return r;
}

recording read_brainwave5(hid_t file, const std::string& path, const read_options& options) {
    recording r;
    r.metadata["layout"] = "/Well_*/{SpikeTimes,SpikeChIdxs}";
    const double fs = new_layout_rate(file, path);
    r.metadata["sampling_rate"] = number_text(fs);
    std::vector<std::string> wells;
    for (const auto& name : h5_children(file, "/", path))
        if (name.rfind("Well_", 0) == 0 && h5_is_dataset(file, name + "/SpikeTimes")) wells.push_back(name);
    if (wells.empty()) throw file_error(path + ": no /Well_*/SpikeTimes dataset (3Brain BrainWave 5 spike results)");
    double t_stop = 0;
    for (const auto& well : select_names(options.populations, wells, path, "well")) {
        h5_dataset times(file, "/" + well + "/SpikeTimes", path, "spike frames");
        h5_dataset ids(file, "/" + well + "/SpikeChIdxs", path, "one channel index per spike");
        std::vector<bool> listed;
        if (h5_exists(file, well + "/StoredChIdxs")) {
            h5_dataset stored(file, "/" + well + "/StoredChIdxs", path, "the channels of the well");
            stored.require_vector("channel indices");
            stored.require_integer("channel indices");
            for (auto ch : stored.read_all<std::int64_t>()) {
                if (ch < 0 || ch >= max_channel_id)
                    stored.fail("holds channel " + std::to_string(ch) + ", expected 0 <= index < " +
                                std::to_string(max_channel_id));
                if (listed.size() <= static_cast<std::size_t>(ch)) listed.resize(static_cast<std::size_t>(ch) + 1);
                listed[static_cast<std::size_t>(ch)] = true;
            }
        }
        auto spikes = read_pairs(times, ids, fs, [&](std::int64_t ch, hsize_t at) {
            if (ch < 0 || ch >= max_channel_id)
                ids.fail("holds channel " + std::to_string(ch) + " at element " + std::to_string(at) +
                         ", expected 0 <= index < " + std::to_string(max_channel_id));
            return static_cast<std::uint32_t>(ch);
        });
        auto kept = spikes.build(std::max(spikes.units_seen(), listed.size()));
        // Units: the well's listed channels and any channel that spiked, in channel order.
        std::vector<std::size_t> channels;
        keep_units(kept, [&](std::size_t ch, std::size_t n_spikes) {
            const bool keep = (ch < listed.size() && listed[ch]) || n_spikes > 0;
            if (keep) channels.push_back(ch);
            return keep;
        });
        for (auto ch : channels) kept.names.push_back(well + ":ch" + std::to_string(ch));
        append_units(r.trains, std::move(kept));
    }
    double first, last;
    if (spike_range(r.trains, first, last)) t_stop = last;
    if (h5_exists(file, "TOC")) {
        h5_dataset toc(file, "/TOC", path, "[chunks x 2] frame ranges");
        if (toc.rank() != 2 || toc.dims()[1] != 2)
            toc.fail("has shape " + h5_shape_text(toc.dims()) + ", expected [chunks x 2] frame ranges");
        for (double end : toc.read_all_doubles_any_shape()) t_stop = std::max(t_stop, end * 1000.0 / fs);
    }
    r.trains.t_start = 0.0;
    r.trains.t_stop = t_stop;
    return r;
}

}  // namespace

recording read_3brain(hid_t file, const std::string& path, const read_options& options) {
    if (h5_is_group(file, "3BResults/3BChEvents")) {
        if (!options.populations.empty())
            throw unknown_name_error(path + ": a BrainWave 4 result file holds one recording; nothing to select");
        return read_brainwave4(file, path);
    }
    return read_brainwave5(file, path, options);
}

}  // namespace lamina::io
