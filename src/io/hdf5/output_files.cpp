// SONATA spike reports and state traces, written atomically.
#include <lamina/outputs.hpp>
#include <lamina/rate_network.hpp>

#include "io/hdf5/h5_handle.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lamina {
namespace {

std::string temporary_name(const std::string& path) { return path + ".part"; }

void commit(const std::string& tmp, const std::string& path) {
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw file_error(path + ": cannot move the finished file into place: " + ec.message());
}

/// Creates an HDF5 file under a temporary name; `fill` writes its content; then it is renamed.
template <class Fill>
void write_h5_atomically(const std::string& path, Fill&& fill) {
    const std::string tmp = temporary_name(path);
    io::h5_quiet quiet;
    {
        io::h5_handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        if (!file.valid()) throw file_error(path + ": cannot create the file (does the directory exist and is it writable?)");
        try {
            fill(file.get(), path);
        } catch (...) {
            file.reset();
            std::remove(tmp.c_str());
            throw;
        }
        if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw file_error(path + ": cannot flush the file");
    }
    commit(tmp, path);
}

}  // namespace

void write_spike_report(const std::string& path, const std::vector<population_spikes>& spikes, double t_start_ms,
                        double t_stop_ms) {
    write_h5_atomically(path, [&](hid_t file, const std::string& name) {
        auto root = io::h5_create_group(file, "spikes", name);
        if (std::isfinite(t_stop_ms)) {
            io::h5_write_double_attribute(root, "t_start", t_start_ms, name);
            io::h5_write_double_attribute(root, "t_stop", t_stop_ms, name);
        }
        for (const auto& p : spikes) {
            auto g = io::h5_create_group(root, p.population, name);
            io::h5_write_string_attribute(g, "sorting", "by_time", name);
            // Silent neurons at the end of a population leave no node id: the size says they exist.
            if (p.size > 0) io::h5_write_uint64_attribute(g, "n_nodes", p.size, name);
            const std::vector<hsize_t> n{p.times.size()};
            io::h5_write(g, "timestamps", p.times.data(), n, name);
            io::h5_write(g, "node_ids", p.node_ids.data(), n, name);
            io::h5_handle ts(H5Dopen2(g, "timestamps", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(ts, "units", "ms", name);
            io::h5_handle ids(H5Dopen2(g, "node_ids", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(ids, "units", "index within the population", name);
        }
    });
}

void write_traces(const std::string& path, const std::vector<state_trace>& traces) {
    write_h5_atomically(path, [&](hid_t file, const std::string& name) {
        auto root = io::h5_create_group(file, "traces", name);
        for (const auto& t : traces) {
            if (H5Lexists(root, t.population.c_str(), H5P_DEFAULT) <= 0) io::h5_create_group(root, t.population, name);
            io::h5_handle pop(H5Gopen2(root, t.population.c_str(), H5P_DEFAULT), H5Gclose);
            auto g = io::h5_create_group(pop, t.variable, name);
            io::h5_write(g, "data", t.values.data(), {t.times.size(), t.node_ids.size()}, name);
            io::h5_write(g, "time", t.times.data(), {t.times.size()}, name);
            io::h5_write(g, "node_ids", t.node_ids.data(), {t.node_ids.size()}, name);
            io::h5_handle data(H5Dopen2(g, "data", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(data, "units", std::string(canonical_unit(t.dim)), name);
            io::h5_handle time(H5Dopen2(g, "time", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(time, "units", "ms", name);
        }
    });
}

void write_rate_recordings(const std::string& path, const std::vector<rate_recording>& recordings) {
    write_h5_atomically(path, [&](hid_t file, const std::string& name) {
        auto root = io::h5_create_group(file, "rate", name);
        for (const auto& r : recordings) {
            auto g = io::h5_create_group(root, r.name, name);
            io::h5_write_string_attribute(g, "population", r.population, name);
            io::h5_write_string_attribute(g, "variable", r.variable, name);
            io::h5_write(g, "data", r.values.data(), {r.trials, r.times.size(), r.units.size()}, name);
            io::h5_write(g, "time", r.times.data(), {r.times.size()}, name);
            io::h5_write(g, "units", r.units.data(), {r.units.size()}, name);
            io::h5_handle data(H5Dopen2(g, "data", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(data, "dimensions", "trial x sample x unit (readout: output)", name);
            io::h5_handle time(H5Dopen2(g, "time", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(time, "units", "ms", name);
        }
    });
}

void write_weights(const std::string& path, const std::vector<weight_trace>& weights) {
    write_h5_atomically(path, [&](hid_t file, const std::string& name) {
        auto root = io::h5_create_group(file, "weights", name);
        for (const auto& w : weights) {
            auto g = io::h5_create_group(root, w.connection, name);
            io::h5_write_string_attribute(g, "source", w.source, name);
            io::h5_write_string_attribute(g, "target", w.target, name);
            const std::string unit(canonical_unit(w.dim));
            io::h5_write(g, "data", w.values.data(), {w.times.size(), w.sources.size()}, name);
            io::h5_write(g, "time", w.times.data(), {w.times.size()}, name);
            io::h5_write(g, "mean", w.mean.data(), {w.mean.size()}, name);
            io::h5_write(g, "source_ids", w.sources.data(), {w.sources.size()}, name);
            io::h5_write(g, "target_ids", w.targets.data(), {w.targets.size()}, name);
            for (const char* set : {"data", "mean"}) {
                io::h5_handle d(H5Dopen2(g, set, H5P_DEFAULT), H5Dclose);
                io::h5_write_string_attribute(d, "units", unit, name);
            }
            io::h5_handle time(H5Dopen2(g, "time", H5P_DEFAULT), H5Dclose);
            io::h5_write_string_attribute(time, "units", "ms", name);
        }
    });
}

void write_mea_file(const std::string& path, const recording& rec) {
    const auto& tr = rec.trains;
    if (!rec.positions.empty() && rec.positions.size() != tr.units())
        throw input_error(path + ": " + std::to_string(rec.positions.size()) + " electrode positions for " +
                          std::to_string(tr.units()) + " units; expected one per unit or none");
    write_h5_atomically(path, [&](hid_t file, const std::string& name) {
        std::vector<double> seconds(tr.times.size());
        for (std::size_t k = 0; k < seconds.size(); ++k) seconds[k] = tr.times[k] * 1e-3;
        io::h5_write(file, "spikes", seconds.data(), {seconds.size()}, name);
        std::vector<std::uint64_t> counts(tr.units());
        for (std::size_t u = 0; u < counts.size(); ++u) counts[u] = tr.offsets[u + 1] - tr.offsets[u];
        io::h5_write(file, "sCount", counts.data(), {counts.size()}, name);
        std::vector<std::string> names = tr.names;
        for (std::size_t u = names.size(); u < tr.units(); ++u) names.push_back("unit_" + std::to_string(u));
        io::h5_write_strings(file, "names", names, name);
        if (!rec.positions.empty()) {
            // R's N x 2 matrix as HDF5 stores it, like the published files: row 0 x, row 1 y.
            std::vector<double> epos(2 * rec.positions.size());
            for (std::size_t u = 0; u < rec.positions.size(); ++u) {
                epos[u] = rec.positions[u][0];
                epos[rec.positions.size() + u] = rec.positions[u][1];
            }
            io::h5_write(file, "epos", epos.data(), {2, rec.positions.size()}, name);
        }
        const double window[2] = {tr.t_start * 1e-3, tr.t_stop * 1e-3};
        io::h5_write(file, "recordingtime", window, {2}, name);
        auto meta = io::h5_create_group(file, "meta", name);
        for (const auto& [key, value] : rec.metadata) {
            if (key == "array") io::h5_write_strings(file, "array", {value}, name);
            else if (key == "age" && !value.empty() && value.size() < 10 &&
                     value.find_first_not_of("0123456789") == std::string::npos) {
                const std::uint64_t age = std::stoull(value);
                io::h5_write(meta, "age", &age, {1}, name);
            } else if (key.find('/') == std::string::npos && !key.empty()) {
                io::h5_write_strings(meta, key, {value}, name);
            }
        }
    });
}

void write_text_file(const std::string& path, const std::string& text) {
    const std::string tmp = temporary_name(path);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw file_error(path + ": cannot create the file");
        out << text;
        out.flush();
        if (!out) throw file_error(path + ": cannot write the file");
    }
    commit(tmp, path);
}

}  // namespace lamina
