// Trained networks as rate model files (TOML + .npy arrays) and checkpoints (HDF5), both written
// under a temporary name and renamed when complete.
#include <lamina/error.hpp>
#include <lamina/training_io.hpp>

#include "io/hdf5/h5_handle.hpp"
#include "io/hdf5/h5_read.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lamina {

namespace {

void commit(const std::string& tmp, const std::string& path) {
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw file_error(path + ": cannot move the finished file into place: " + ec.message());
}

const char* phi_text(rate_phi p) {
    switch (p) {
    case rate_phi::linear: return "linear";
    case rate_phi::tanh: return "tanh";
    case rate_phi::relu: return "relu";
    case rate_phi::sigmoid: return "sigmoid";
    case rate_phi::threshold: return "threshold";
    case rate_phi::sign: return "sign";
    }
    return "tanh";
}

struct named_array {
    const char* name;
    std::vector<double> rnn_network::*field;
};
constexpr named_array arrays[] = {{"m", &rnn_network::m}, {"n", &rnn_network::n}, {"J", &rnn_network::J},
                                  {"B", &rnn_network::B}, {"W", &rnn_network::W}, {"x0", &rnn_network::x0}};

void write_network_group(hid_t file, const std::string& group, const rnn_network& net, const std::string& path) {
    auto g = io::h5_create_group(file, group, path);
    for (const auto& a : arrays) {
        const auto& v = net.*a.field;
        if (!v.empty()) io::h5_write(g, a.name, v.data(), {static_cast<hsize_t>(v.size())}, path);
    }
    io::h5_write_uint64_attribute(g, "units", net.units, path);
    io::h5_write_uint64_attribute(g, "inputs", net.inputs, path);
    io::h5_write_uint64_attribute(g, "outputs", net.outputs, path);
    io::h5_write_uint64_attribute(g, "rank", net.rank, path);
    io::h5_write_double_attribute(g, "alpha", net.alpha, path);
    io::h5_write_double_attribute(g, "noise_std", net.noise_std, path);
    io::h5_write_string_attribute(g, "phi", phi_text(net.phi), path);
}

void read_network_group(hid_t file, const std::string& group, rnn_network& net, const std::string& path) {
    auto g = io::h5_open_group(file, group, path);
    auto number = [&](const char* name) {
        const auto v = io::h5_number_attribute(g, name, group, path);
        if (!v) throw file_error(path + ": " + group + " lacks the attribute " + name + " (not a lamina checkpoint?)");
        return *v;
    };
    net.units = static_cast<std::uint64_t>(number("units"));
    net.inputs = static_cast<std::uint64_t>(number("inputs"));
    net.outputs = static_cast<std::uint64_t>(number("outputs"));
    net.rank = static_cast<std::uint64_t>(number("rank"));
    net.alpha = number("alpha");
    net.noise_std = number("noise_std");
    const auto phi = io::h5_string_attribute(g, "phi", group, path).value_or("tanh");
    net.phi = rate_phi::tanh;
    for (rate_phi p : {rate_phi::linear, rate_phi::tanh, rate_phi::relu, rate_phi::sigmoid, rate_phi::threshold,
                       rate_phi::sign})
        if (phi == phi_text(p)) net.phi = p;
    for (const auto& a : arrays) {
        auto& v = net.*a.field;
        v.clear();
        if (io::h5_exists(g, a.name)) v = io::h5_dataset(g, a.name, path).read_all<double>();
    }
    validate_rnn(net, path + ": " + group);
}

}  // namespace

void write_npy(const std::string& path, const std::vector<double>& values, const std::vector<std::size_t>& shape) {
    std::string dims;
    std::size_t total = 1;
    for (auto d : shape) {
        dims += std::to_string(d) + ", ";
        total *= d;
    }
    if (total != values.size()) throw error("write_npy: shape does not match the number of values");
    if (shape.size() > 1) dims.resize(dims.size() - 2);  // a 1-D shape keeps its trailing comma
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Version 1.0: magic, version, 2-byte header length; the header ends with '\n' and pads the
    // whole preamble to a multiple of 64 bytes (NumPy's format specification).
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw file_error(path + ": cannot create the file (does the directory exist and is it writable?)");
        const unsigned char preamble[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        out.write(reinterpret_cast<const char*>(preamble), 8);
        const auto len = static_cast<std::uint16_t>(header.size());
        const unsigned char len_bytes[2] = {static_cast<unsigned char>(len & 0xff), static_cast<unsigned char>(len >> 8)};
        out.write(reinterpret_cast<const char*>(len_bytes), 2);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double)));
        if (!out) throw file_error(path + ": write failed (disk full?)");
    }
    commit(tmp, path);
}

void write_trained_network(const std::string& toml_path, const rnn_network& net, double dt_ms,
                           const std::vector<std::string>& input_names) {
    validate_rnn(net, "trained network");
    const std::filesystem::path base(toml_path);
    const std::string stem = base.stem().string();
    auto beside = [&](const std::string& what) { return (base.parent_path() / (stem + "_" + what + ".npy")).string(); };
    auto file_name = [&](const std::string& what) { return stem + "_" + what + ".npy"; };
    const std::size_t N = net.units;
    const double root_n = std::sqrt(static_cast<double>(N));
    std::ostringstream t;
    t.precision(17);
    t << "# A rate RNN trained by lamina train (include/lamina/training.hpp):\n"
      << "#   x_{t+1} = x_t + alpha (-x_t + J tanh(x_t) + B u_t) + noise, z_t = W phi(x_{t+1})\n"
      << "# as tau dx/dt = -x + J phi(x) + B u with Euler steps dt = alpha tau.\n\n"
      << "[simulation]\ndt = \"" << dt_ms << " ms\"\nduration = \"" << 100 * dt_ms << " ms\"\nintegrator = \"euler\"\n\n"
      << "[rate_populations.rnn]\nsize = " << N << "\ntau = \"" << dt_ms / net.alpha << " ms\"\nphi = \""
      << phi_text(net.phi) << "\"\nnoise_std = " << net.noise_std / std::sqrt(2.0 * net.alpha) << "\nx0 = [";
    for (std::size_t i = 0; i < N; ++i) t << (i ? ", " : "") << net.x0[i];
    t << "]\n\n[[rate_connections]]\nsource = \"rnn\"\ntarget = \"rnn\"\n";
    if (net.rank > 0) {
        // The model file's low_rank block is m n^T / N: scale both factors by sqrt(N).
        std::vector<double> m = net.m, n = net.n;
        for (auto& v : m) v *= root_n;
        for (auto& v : n) v *= root_n;
        write_npy(beside("m"), m, {net.rank, N});
        write_npy(beside("n"), n, {net.rank, N});
        t << "rule = \"low_rank\"\nrank = " << net.rank << "\nm_file = \"" << file_name("m") << "\"\nn_file = \""
          << file_name("n") << "\"\n";
    } else {
        write_npy(beside("J"), net.J, {N, N});
        t << "rule = \"matrix\"\nweights_file = \"" << file_name("J") << "\"\n";
    }
    for (std::size_t c = 0; c < net.inputs; ++c) {
        const std::string name = c < input_names.size() ? input_names[c] : "input" + std::to_string(c);
        write_npy(beside("b_" + name), std::vector<double>(net.B.begin() + static_cast<std::ptrdiff_t>(c * N),
                                                           net.B.begin() + static_cast<std::ptrdiff_t>((c + 1) * N)),
                  {N});
        t << "\n[[rate_inputs]]\nname = \"" << name << "\"\ntarget = \"rnn\"\ntype = \"constant\"\namplitude = 0.0\n"
          << "weight_file = \"" << file_name("b_" + name) << "\"\n";
    }
    write_npy(beside("W"), net.W, {net.outputs, N});
    t << "\n[[rate_recorders]]\nname = \"output\"\npopulation = \"rnn\"\nvariable = \"readout\"\noutputs = " << net.outputs
      << "\nweights_file = \"" << file_name("W") << "\"\ninterval = \"" << dt_ms << " ms\"\n";
    const std::string tmp = toml_path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw file_error(toml_path + ": cannot create the file (does the directory exist and is it writable?)");
        out << t.str();
        if (!out) throw file_error(toml_path + ": write failed (disk full?)");
    }
    commit(tmp, toml_path);
}

void write_checkpoint(const std::string& path, const rnn_network& net, const rnn_optimizer_state& state) {
    const std::string tmp = path + ".part";
    io::h5_quiet quiet;
    {
        io::h5_handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        if (!file.valid()) throw file_error(path + ": cannot create the file (does the directory exist and is it writable?)");
        try {
            write_network_group(file, "network", net, path);
            auto adam = io::h5_create_group(file, "adam", path);
            write_network_group(adam, "first", state.first_moment, path);
            write_network_group(adam, "second", state.second_moment, path);
            io::h5_write_uint64_attribute(adam, "updates", state.updates, path);
            io::h5_write_uint64_attribute(adam, "epochs_done", state.epochs_done, path);
            // The position inside an unfinished epoch (0 at an epoch boundary).
            io::h5_write_uint64_attribute(adam, "batches_done", state.batches_done, path);
            io::h5_write_uint64_attribute(adam, "trials_done", state.trials_done, path);
            io::h5_write_double_attribute(adam, "loss_sum", state.loss_sum, path);
        } catch (...) {
            file.reset();
            std::remove(tmp.c_str());
            throw;
        }
        if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) throw file_error(path + ": cannot flush the file");
    }
    commit(tmp, path);
}

void read_checkpoint(const std::string& path, rnn_network& net, rnn_optimizer_state& state) {
    io::h5_quiet quiet;
    auto file = io::h5_open_read(path);
    read_network_group(file, "network", net, path);
    read_network_group(file, "adam/first", state.first_moment, path);
    read_network_group(file, "adam/second", state.second_moment, path);
    auto adam = io::h5_open_group(file, "adam", path);
    const auto updates = io::h5_number_attribute(adam, "updates", "adam", path);
    const auto epochs = io::h5_number_attribute(adam, "epochs_done", "adam", path);
    if (!updates || !epochs) throw file_error(path + ": /adam lacks its counters (not a lamina checkpoint?)");
    state.updates = static_cast<std::uint64_t>(*updates);
    state.epochs_done = static_cast<std::uint64_t>(*epochs);
    // Checkpoints written before runs could stop inside an epoch lack the position: a boundary.
    const auto batches = io::h5_number_attribute(adam, "batches_done", "adam", path).value_or(0.0);
    const auto trials = io::h5_number_attribute(adam, "trials_done", "adam", path).value_or(0.0);
    const auto loss_sum = io::h5_number_attribute(adam, "loss_sum", "adam", path).value_or(0.0);
    const bool boundary = batches == 0.0 && trials == 0.0 && loss_sum == 0.0;
    const bool inside = batches >= 1.0 && trials >= batches && batches == std::floor(batches) &&
                        trials == std::floor(trials) && std::isfinite(loss_sum);
    if (!boundary && !inside)
        throw file_error(path + ": /adam's batches_done (" + std::to_string(batches) + "), trials_done (" +
                         std::to_string(trials) + ") and loss_sum (" + std::to_string(loss_sum) +
                         ") are not a position inside an epoch (expected all 0, or whole numbers with "
                         "1 <= batches_done <= trials_done and a finite loss_sum)");
    state.batches_done = static_cast<std::uint64_t>(batches);
    state.trials_done = static_cast<std::uint64_t>(trials);
    state.loss_sum = loss_sum;
}

}  // namespace lamina
