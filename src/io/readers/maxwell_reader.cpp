// MaxWell Biosystems HD-MEA files (MaxOne, MaxTwo). The layouts are not published as a
// specification; what is read here follows MaxWell's file versions as read by public code
// (neo's MaxwellRawIO, spikeextractors' MaxOne/MaxTwo extractors), see docs/formats.md:
//
// legacy MaxOne (/version "20160704"):
//   /proc0/spikeTimes  compound {frameno int64, channel int32, amplitude float32}, by time
//   /mapping           compound {channel, electrode, x, y}: routed channels (electrode >= 0), um
//   /sig               uint16 [channels + 4 x frames]; the last two rows hold each frame's number
//                      (low, high 16 bits), so the first frame is sig[-1][0] << 16 | sig[-2][0]
//   sampling fixed at 20 kHz
// newer files (MaxLab Live, /version > 20160704):
//   /wells/wellNNN/recNNNN/ or /recordings/recNNNN/wellNNN/ (hard links to the same data), each with
//     spikes                 compound {frameno, channel, amplitude}
//     settings/sampling      [Hz]
//     settings/mapping       compound {channel, electrode, x, y}
//     groups/routed/frame_nos  frame number of each raw sample; [0] is the recording's first frame
//
// Spike times are (frameno - first frame) / sampling rate. Spikes before the first frame (the
// spike stream can start before the raw recording) are dropped and counted in the metadata, as are
// spikes on channels the mapping does not route to an electrode.
#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <algorithm>
#include <cstddef>
#include <map>

namespace lamina::io {
namespace {

constexpr double legacy_sampling_hz = 20000.0;
// MaxOne and each MaxTwo well read out 1024 channels; anything at or above this is not a channel.
constexpr std::int32_t max_channels = 1 << 16;

struct spike_record {
    std::int64_t frameno;
    std::int32_t channel;
};

struct mapping_record {
    std::int32_t channel;
    std::int32_t electrode;
    double x;
    double y;
};

h5_handle spike_record_type() {
    h5_handle t(H5Tcreate(H5T_COMPOUND, sizeof(spike_record)), H5Tclose);
    H5Tinsert(t, "frameno", offsetof(spike_record, frameno), H5T_NATIVE_INT64);
    H5Tinsert(t, "channel", offsetof(spike_record, channel), H5T_NATIVE_INT32);
    return t;
}

h5_handle mapping_record_type() {
    h5_handle t(H5Tcreate(H5T_COMPOUND, sizeof(mapping_record)), H5Tclose);
    H5Tinsert(t, "channel", offsetof(mapping_record, channel), H5T_NATIVE_INT32);
    H5Tinsert(t, "electrode", offsetof(mapping_record, electrode), H5T_NATIVE_INT32);
    H5Tinsert(t, "x", offsetof(mapping_record, x), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "y", offsetof(mapping_record, y), H5T_NATIVE_DOUBLE);
    return t;
}

void require_members(const h5_dataset& d, const std::vector<std::string>& members, const std::string& what) {
    if (d.type_class() != H5T_COMPOUND) d.fail("is not a compound dataset, expected records {" + what + "}");
    if (d.rank() != 1) d.fail("has shape " + h5_shape_text(d.dims()) + ", expected a 1-D array of records {" + what + "}");
    for (const auto& m : members)
        if (!d.has_member(m)) d.fail("has no member '" + m + "', expected records {" + what + "}");
}

/// One recording of one well (or the legacy file as a whole).
struct source {
    std::string well;       // "" for legacy files
    std::string recording;  // "rec0000", "" for legacy files
    std::string group;   // "/wells/well000/rec0000", or "" for legacy
    std::string spikes;  // dataset path
    std::string mapping; // dataset path or ""
};

struct routed_channel {
    std::int32_t electrode;
    double x, y;
};

spike_trains read_source(hid_t file, const std::string& path, const source& s, recording& r, double& t_stop_ms,
                         std::size_t& dropped_early, std::size_t& dropped_unrouted, std::vector<double>& rates) {
    const bool legacy = s.well.empty();
    // Sampling rate.
    double fs = legacy_sampling_hz;
    if (!legacy) {
        h5_dataset sampling(file, s.group + "/settings/sampling", path, "the sampling rate in Hz");
        if (sampling.require_vector("sampling rate in Hz") < 1) sampling.fail("is empty, expected the sampling rate in Hz");
        sampling.read(0, 1, &fs);
        if (!(fs > 0 && fs < 1e7)) sampling.fail("is " + number_text(fs) + ", expected a sampling rate in Hz");
    }
    const std::string prefix = legacy ? "" : s.well + ":";
    rates.push_back(fs);

    // First frame of the recording, and its length in frames where known.
    std::int64_t first = 0;
    std::int64_t frames = -1;
    bool have_first = false;
    std::string no_first_reason = "the file has no raw frame numbers to give the recording's first frame";
    if (legacy) {
        if (h5_exists(file, "sig")) {
            // MaxOne reads out 1024 channels; its /sig adds 4 rows, the last two the frame number.
            // Other shapes (e.g. /sig cropped to some electrodes by an export script) carry no frame numbers.
            h5_dataset sig(file, "/sig", path, "raw traces with frame numbers in the last two rows");
            if (sig.rank() == 2 && sig.dims()[0] == 1028 && sig.dims()[1] > 0) {
                std::int64_t low = 0, high = 0;
                sig.read_element(1026, 0, &low);
                sig.read_element(1027, 0, &high);
                first = (high << 16) | low;
                frames = static_cast<std::int64_t>(sig.dims()[1]);
                have_first = true;
            } else {
                no_first_reason = "/sig has shape " + h5_shape_text(sig.dims()) +
                                  ", not the [1028 x frames] whose last two rows hold frame numbers";
            }
        }
    } else if (h5_exists(file, s.group + "/groups/routed/frame_nos")) {
        h5_dataset fn(file, s.group + "/groups/routed/frame_nos", path, "the frame number of each raw sample");
        if (fn.require_vector("frame numbers") > 0) {
            fn.require_integer("frame numbers");
            std::int64_t last = 0;
            fn.read(0, 1, &first);
            fn.read(fn.size() - 1, 1, &last);
            if (last < first) fn.fail("ends at frame " + std::to_string(last) + " before its first frame " +
                                      std::to_string(first) + ", expected increasing frame numbers");
            frames = last - first + 1;
            have_first = true;
        }
    }

    // Routed channels.
    std::map<std::int32_t, routed_channel> routed;
    if (!s.mapping.empty()) {
        h5_dataset mapping(file, s.mapping, path, "channel to electrode mapping");
        require_members(mapping, {"channel", "electrode", "x", "y"}, "channel, electrode, x, y");
        std::vector<mapping_record> rows(static_cast<std::size_t>(mapping.size()));
        auto type = mapping_record_type();
        mapping.read_records(0, rows.size(), type, rows.data());
        for (const auto& m : rows)
            if (m.electrode >= 0 && m.channel >= 0) routed[m.channel] = {m.electrode, m.x, m.y};
    }

    h5_dataset spikes(file, s.spikes, path, "spike records {frameno, channel, amplitude}");
    require_members(spikes, {"frameno", "channel"}, "frameno, channel, amplitude");
    const hsize_t n = spikes.size();
    auto type = spike_record_type();
    std::vector<spike_record> block(static_cast<std::size_t>(std::min(n, h5_block_elements)));
    if (!have_first && n > 0) {
        // No raw frames in the file (a spike-only recording): the only origin left is the first spike.
        std::int64_t earliest = INT64_MAX;
        for (hsize_t at = 0; at < n; at += h5_block_elements) {
            const hsize_t count = std::min(h5_block_elements, n - at);
            spikes.read_records(at, count, type, block.data());
            for (std::size_t k = 0; k < count; ++k) earliest = std::min(earliest, block[k].frameno);
        }
        first = earliest;
        r.metadata[legacy ? "time_origin" : "time_origin:" + s.well] = "first spike (" + no_first_reason + ")";
    }

    // Channel -> unit: routed channels in channel order; without a mapping, every channel that spiked.
    // A lookup table over channel numbers keeps the per-spike work to an index.
    const bool all_channels = routed.empty();
    std::vector<std::int32_t> unit_of(max_channels, -1);
    std::vector<std::int32_t> channel_of;
    for (const auto& [ch, info] : routed) {
        if (ch >= max_channels) continue;  // cannot carry spikes (refused below)
        unit_of[static_cast<std::size_t>(ch)] = static_cast<std::int32_t>(channel_of.size());
        channel_of.push_back(ch);
    }
    spike_collector collector;
    collector.reserve(static_cast<std::size_t>(n));
    const double ms_per_frame = 1000.0 / fs;
    for (hsize_t at = 0; at < n; at += h5_block_elements) {
        const hsize_t count = std::min(h5_block_elements, n - at);
        spikes.read_records(at, count, type, block.data());
        for (std::size_t k = 0; k < count; ++k) {
            const auto& sp = block[k];
            if (sp.channel < 0 || sp.channel >= max_channels)
                spikes.fail("holds channel " + std::to_string(sp.channel) + " at record " + std::to_string(at + k) +
                            ", expected a channel number 0 <= channel < " + std::to_string(max_channels));
            if (sp.frameno < first) {
                ++dropped_early;
                continue;
            }
            const double t = static_cast<double>(sp.frameno - first) * ms_per_frame;
            if (all_channels) {
                collector.add(static_cast<std::uint32_t>(sp.channel), t);  // compacted below
                continue;
            }
            const auto u = unit_of[static_cast<std::size_t>(sp.channel)];
            if (u < 0) {
                ++dropped_unrouted;
                continue;
            }
            collector.add(static_cast<std::uint32_t>(u), t);
        }
    }
    spike_trains trains;
    if (all_channels) {
        trains = collector.build(collector.units_seen());
        std::vector<std::size_t> spiking;
        keep_units(trains, [&](std::size_t ch, std::size_t n_spikes) {
            const bool any = n_spikes > 0;
            if (any) spiking.push_back(ch);
            return any;
        });
        for (auto ch : spiking) trains.names.push_back(prefix + "ch" + std::to_string(ch));
    } else {
        trains = collector.build(channel_of.size());
        for (auto ch : channel_of) {
            const auto& info = routed.at(ch);
            trains.names.push_back(prefix + "ch" + std::to_string(ch) + "_el" + std::to_string(info.electrode));
            r.positions.push_back({info.x, info.y});
        }
    }
    if (frames >= 0) t_stop_ms = std::max(t_stop_ms, static_cast<double>(frames) * ms_per_frame);
    double f, l;
    if (spike_range(trains, f, l)) t_stop_ms = std::max(t_stop_ms, l);
    return trains;
}

std::vector<source> find_sources(hid_t file, const std::string& path) {
    std::vector<source> out;
    if (h5_is_dataset(file, "proc0/spikeTimes")) {
        out.push_back({"", "", "", "/proc0/spikeTimes", h5_is_dataset(file, "mapping") ? "/mapping" : ""});
        return out;
    }
    auto add = [&](const std::string& well, const std::string& rec, const std::string& group) {
        if (!h5_is_dataset(file, group + "/spikes")) return;
        out.push_back({well, rec, group, group + "/spikes",
                       h5_is_dataset(file, group + "/settings/mapping") ? group + "/settings/mapping" : ""});
    };
    // Both trees may be present (hard links to the same data): read one of them.
    if (h5_is_group(file, "wells")) {
        auto wells = h5_open_group(file, "wells", path);
        for (const auto& well : h5_children(wells, "/wells", path)) {
            if (!h5_is_group(wells, well)) continue;
            auto w = h5_open_group(wells, well, path);
            for (const auto& rec : h5_children(w, "/wells/" + well, path)) add(well, rec, "/wells/" + well + "/" + rec);
        }
    } else if (h5_is_group(file, "recordings")) {
        auto recs = h5_open_group(file, "recordings", path);
        for (const auto& rec : h5_children(recs, "/recordings", path)) {
            if (!h5_is_group(recs, rec)) continue;
            auto g = h5_open_group(recs, rec, path);
            for (const auto& well : h5_children(g, "/recordings/" + rec, path))
                add(well, rec, "/recordings/" + rec + "/" + well);
        }
    }
    return out;
}

}  // namespace

recording read_maxwell(hid_t file, const std::string& path, const read_options& options) {
    recording r;
    auto sources = find_sources(file, path);
    if (sources.empty())
        throw file_error(path + ": no MaxWell spike data: expected /proc0/spikeTimes (MaxOne legacy), "
                                "/wells/wellNNN/recNNNN/spikes or /recordings/recNNNN/wellNNN/spikes");
    if (h5_is_dataset(file, "version")) {
        auto v = h5_dataset(file, "/version", path).read_as_text();
        if (!v.empty()) r.metadata["version"] = v[0];
    }
    const bool legacy = sources.front().well.empty();
    std::vector<source> chosen;
    if (legacy) {
        if (!options.populations.empty())
            throw unknown_name_error(path + ": a legacy MaxOne file holds one recording; nothing to select");
        chosen = sources;
    } else {
        // Selections: "wellNNN/recNNNN", or "wellNNN" when that well has one recording.
        std::vector<std::string> available;
        for (const auto& s : sources) available.push_back(s.well + "/" + s.recording);
        std::vector<std::string> wanted = options.populations;
        for (auto& w : wanted)
            if (w.find('/') == std::string::npos) {
                std::vector<std::string> matches;
                for (const auto& a : available)
                    if (a.rfind(w + "/", 0) == 0) matches.push_back(a);
                if (matches.size() == 1) w = matches[0];
            }
        const auto keys = select_names(wanted, available, path, "MaxWell well/recording");
        for (const auto& k : keys)
            chosen.push_back(sources[static_cast<std::size_t>(
                std::find(available.begin(), available.end(), k) - available.begin())]);
        // Two recordings of one well have different time origins: they cannot share one set of trains.
        for (std::size_t i = 0; i < chosen.size(); ++i)
            for (std::size_t j = i + 1; j < chosen.size(); ++j)
                if (chosen[i].well == chosen[j].well)
                    throw file_error(path + ": holds several recordings of " + chosen[i].well + " (" + chosen[i].group +
                                     ", " + chosen[j].group + "), each with its own time origin; choose one with "
                                     "read_options::populations, e.g. \"" + keys[i] + "\"");
    }
    double t_stop = 0;
    std::size_t early = 0, unrouted = 0;
    std::vector<double> rates;
    std::vector<std::string> groups;
    for (const auto& s : chosen) {
        append_units(r.trains, read_source(file, path, s, r, t_stop, early, unrouted, rates));
        if (!s.well.empty()) groups.push_back(s.group);
    }
    std::sort(rates.begin(), rates.end());
    rates.erase(std::unique(rates.begin(), rates.end()), rates.end());
    std::vector<std::string> rate_texts;
    for (double fs : rates) rate_texts.push_back(number_text(fs));
    auto comma_joined = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& item : items) {
            if (!out.empty()) out.push_back(',');
            out.append(item);
        }
        return out;
    };
    r.metadata["sampling_rate"] = comma_joined(rate_texts);
    if (!groups.empty()) r.metadata["recordings"] = comma_joined(groups);
    r.metadata["spikes_before_first_frame"] = std::to_string(early);
    r.metadata["spikes_on_unrouted_channels"] = std::to_string(unrouted);
    if (r.positions.size() != r.trains.units()) r.positions.clear();  // only when every unit has one
    r.trains.t_start = 0.0;
    r.trains.t_stop = t_stop;
    return r;
}

}  // namespace lamina::io
