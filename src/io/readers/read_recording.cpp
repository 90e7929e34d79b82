// read_recording(): finds out what a file is from its content, then hands it to the reader of
// that format. HDF5 files are told apart by which groups and datasets they hold; anything else is
// read as CSV if its header says so.
#include <lamina/recordings.hpp>

#include "io/hdf5/h5_read.hpp"
#include "io/readers/readers.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace lamina {
namespace io {
namespace {

enum class file_kind { hdf5, hdf5_truncated, text, empty };

// The 8-byte HDF5 format signature (HDF5 File Format Specification, section "Superblock").
constexpr std::array<char, 8> hdf5_signature{'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};

file_kind sniff(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw file_error(path + ": no such file");
    if (std::filesystem::is_directory(path, ec)) throw file_error(path + ": is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the file (does it exist and is it readable?)");
    std::array<char, 8> head{};
    in.read(head.data(), head.size());
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) return file_kind::empty;
    if (n == head.size() && head == hdf5_signature) return file_kind::hdf5;
    if (n < head.size() && std::memcmp(head.data(), hdf5_signature.data(), n) == 0) return file_kind::hdf5_truncated;
    // A user block can put the signature at 512, 1024, 2048, ... bytes; HDF5 knows where to look.
    {
        h5_quiet quiet;
        if (H5Fis_hdf5(path.c_str()) > 0) return file_kind::hdf5;
    }
    return file_kind::text;
}

std::string root_listing(hid_t file, const std::string& path) {
    std::string list;
    for (const auto& name : h5_children(file, "/", path)) list += (list.empty() ? "/" : ", /") + name;
    return list.empty() ? "nothing" : list;
}

recording read_hdf5(const std::string& path, const std::string& format, const read_options& options) {
    auto file = h5_open_read(path);
    const std::string detected = detect_hdf5_layout(file, path);
    const std::string use = format == "auto" ? detected : format;
    if (use.empty())
        throw file_error(path + ": unknown HDF5 layout: found " + root_listing(file, path) +
                         "; expected one of /spikes/<population>/{timestamps,node_ids} (SONATA), "
                         "/units/{spike_times,spike_times_index} (NWB), /spikes + /sCount (MEA), "
                         "/proc0/spikeTimes, /wells/* or /recordings/* (MaxWell), "
                         "/3BResults/3BChEvents or /Well_*/SpikeTimes (3Brain)");
    recording r;
    if (use == "sonata") r = read_sonata(file, path, options);
    else if (use == "nwb") r = read_nwb(file, path, options);
    else if (use == "mea") r = read_mea(file, path, options);
    else if (use == "maxwell") r = read_maxwell(file, path, options);
    else if (use == "3brain") r = read_3brain(file, path, options);
    else throw file_error(path + ": is an HDF5 file, which the " + use + " reader cannot read");
    r.format = use;
    return r;
}

}  // namespace

std::string detect_hdf5_layout(hid_t file, const std::string& path) {
    if (h5_is_group(file, "3BResults/3BChEvents")) return "3brain";
    for (const auto& name : h5_children(file, "/", path)) {
        if (name.rfind("Well_", 0) == 0 && h5_is_dataset(file, name + "/SpikeTimes")) return "3brain";
    }
    if (h5_is_dataset(file, "proc0/spikeTimes") || h5_is_group(file, "wells") ||
        (h5_is_group(file, "recordings") && !h5_is_dataset(file, "spikes")))
        return "maxwell";
    if (h5_is_dataset(file, "units/spike_times")) return "nwb";
    if (h5_is_dataset(file, "spikes") && h5_exists(file, "sCount")) return "mea";
    if (h5_is_group(file, "spikes")) return "sonata";
    return {};
}

}  // namespace io

std::vector<std::string> recording_formats() { return {"sonata", "nwb", "mea", "maxwell", "3brain", "csv"}; }

recording read_recording(const std::string& path, const read_options& options) {
    const auto formats = recording_formats();
    if (options.format != "auto" && std::find(formats.begin(), formats.end(), options.format) == formats.end()) {
        std::string list = "auto";
        for (const auto& f : formats) list += ", " + f;
        throw unknown_name_error(path + ": unknown recording format '" + options.format + "'; expected one of " + list);
    }
    switch (io::sniff(path)) {
    case io::file_kind::empty: throw file_error(path + ": the file is empty");
    case io::file_kind::hdf5_truncated:
        throw file_error(path + ": the file is truncated: it ends inside the 8-byte HDF5 signature");
    case io::file_kind::hdf5:
        if (options.format == "csv") throw file_error(path + ": is an HDF5 file, not CSV text (format 'csv' was asked for)");
        return io::read_hdf5(path, options.format, options);
    case io::file_kind::text:
        if (options.format != "auto" && options.format != "csv")
            throw file_error(path + ": is not an HDF5 file (no HDF5 signature), but format '" + options.format +
                             "' is an HDF5 layout");
        {
            auto r = io::read_csv(path, options);
            r.format = "csv";
            return r;
        }
    }
    return {};
}

}  // namespace lamina
