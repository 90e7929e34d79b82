// lamina analyze FILE... --out DIR: statistics of recorded or simulated spikes, analysis.json and
// an HTML report per file, and summary.csv with one row per file (e.g. a developmental series).
#include <lamina/analysis/recording_summary.hpp>
#include <lamina/error.hpp>
#include <lamina/outputs.hpp>
#include <lamina/recordings.hpp>
#include <lamina/report.hpp>
#include <lamina/units.hpp>

#include "commands.hpp"

#include <filesystem>
#include <iostream>
#include <set>

namespace lamina::cli {
namespace {

struct analyze_options_cli {
    std::vector<std::string> files;
    std::string out;
    std::string format = "auto";
    std::string window;
    std::string units;
    std::vector<std::string> populations;
    std::string bin = "10 ms";
    std::string avalanche_bin;
    std::string branching_bin = "4 ms";
    std::size_t gof_reps = 100;
    std::uint64_t seed = 1;
};

/// "100s:400s", ":400 s" or "100 s:" -> [start, stop] in ms; missing ends keep the recording's.
void apply_window(const std::string& text, spike_trains& trains) {
    if (text.empty()) return;
    const auto colon = text.find(':');
    if (colon == std::string::npos)
        throw input_error("--window " + text + ": expected START:STOP with units, e.g. 100s:400s");
    const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
    if (!a.empty()) trains.t_start = parse_quantity_as(a, dimension::time, "--window start");
    if (!b.empty()) trains.t_stop = parse_quantity_as(b, dimension::time, "--window stop");
    if (!(trains.t_stop > trains.t_start))
        throw input_error("--window " + text + ": the window is empty (stop is not after start)");
}

/// "0,3,ch_12A_unit_0" -> unit indices (numbers are indices, other words are unit names).
std::vector<std::size_t> parse_units(const std::string& text, const spike_trains& trains, const std::string& file) {
    std::vector<std::size_t> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? text.size() + 1 : comma + 1;
        if (item.empty()) continue;
        if (item.find_first_not_of("0123456789") == std::string::npos) {
            out.push_back(std::stoul(item));
            continue;
        }
        const auto it = std::find(trains.names.begin(), trains.names.end(), item);
        if (it == trains.names.end())
            throw unknown_name_error(file + ": --units: no unit named \"" + item + "\"");
        out.push_back(static_cast<std::size_t>(it - trains.names.begin()));
    }
    return out;
}

std::string unique_stem(const std::string& path, std::set<std::string>& used) {
    std::string stem = std::filesystem::path(path).stem().string();
    std::string name = stem;
    for (int k = 2; used.count(name); ++k) name = stem + "_" + std::to_string(k);
    used.insert(name);
    return name;
}

void analyze(const analyze_options_cli& o) {
    namespace fs = std::filesystem;
    analysis::recording_summary_options options;
    options.rate_bin_ms = parse_quantity_as(o.bin, dimension::time, "--bin");
    options.branching_bin_ms = parse_quantity_as(o.branching_bin, dimension::time, "--branching-bin");
    if (!o.avalanche_bin.empty())
        options.avalanche_bin_ms = parse_quantity_as(o.avalanche_bin, dimension::time, "--avalanche-bin");
    options.gof_reps = o.gof_reps;
    options.seed = o.seed;
    if (!(options.rate_bin_ms > 0.0)) throw input_error("--bin must be positive");

    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) throw file_error(o.out + ": cannot create the output directory: " + ec.message());
    std::string csv = report::summary_csv_header();
    std::set<std::string> used;
    for (const auto& path : o.files) {
        read_options ro;
        ro.format = o.format;
        ro.populations = o.populations;
        recording rec = read_recording(path, ro);
        if (!o.units.empty()) rec.trains = analysis::select_units(rec.trains, parse_units(o.units, rec.trains, path));
        try {
            apply_window(o.window, rec.trains);
        } catch (const input_error& e) {
            throw input_error(path + ": " + e.what());
        }
        const auto summary = analysis::summarize_recording(rec.trains, options);
        const std::string dir = o.files.size() == 1 ? o.out : o.out + "/" + unique_stem(path, used);
        fs::create_directories(dir, ec);
        write_text_file(dir + "/analysis.json", report::summary_json(rec, path, summary, options));
        write_text_file(dir + "/report.html", report::analysis_report_html(rec, path, summary));
        csv += report::summary_csv_row(rec, path, summary);
        std::cout << path << ": " << rec.format << ", " << summary.units << " units, " << summary.spikes
                  << " spikes, " << summary.mean_rate_hz << " Hz mean rate, " << summary.network.bursts
                  << " network bursts -> " << dir << "/{analysis.json, report.html}\n";
    }
    write_text_file(o.out + "/summary.csv", csv);
    std::cout << "wrote " << o.out << "/summary.csv (" << o.files.size() << " row" << (o.files.size() == 1 ? "" : "s")
              << ")\n";
}

}  // namespace

void add_analyze_command(CLI::App& app) {
    auto o = std::make_shared<analyze_options_cli>();
    auto* cmd = app.add_subcommand("analyze", "Statistics and an HTML report of spike recordings or simulation output");
    cmd->add_option("files", o->files, "spike files (lamina/SONATA, NWB, MEA HDF5, MaxWell, 3Brain BXR, CSV)")->required();
    cmd->add_option("--out,-o", o->out, "output directory")->required();
    cmd->add_option("--format", o->format, "file format (default: detected from the content)")->capture_default_str();
    cmd->add_option("--window", o->window, "time window START:STOP with units, e.g. 100s:400s");
    cmd->add_option("--units", o->units, "units to analyse: indices or names, comma-separated");
    cmd->add_option("--population", o->populations, "SONATA population(s) to read (default: all)");
    cmd->add_option("--bin", o->bin, "population-rate bin")->capture_default_str();
    cmd->add_option("--avalanche-bin", o->avalanche_bin, "avalanche bin (default: mean inter-event interval)");
    cmd->add_option("--branching-bin", o->branching_bin, "branching-ratio bin")->capture_default_str();
    cmd->add_option("--gof-reps", o->gof_reps, "bootstrap replicates of the power-law p-value (0: skip)")
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "seed of pair sampling and bootstrap")->capture_default_str();
    cmd->callback([o] { analyze(*o); });
}

}  // namespace lamina::cli
