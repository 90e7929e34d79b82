// The electric-fish negative image (Kennedy et al. 2014, Nat Neurosci 17:416) as a model file:
//   [simulation] dt = "0.5 ms"
//   [negative_image] chains, chain_length, tau, command, cycle, cycles, eta, baseline, and the
//   self-generated input as self_input = [...] / self_input_file (one value per step of a cycle).
// It lowers to negative_image_spec (lamina/rate_models.hpp), the same model as the Python
// lamina.rate_theory.learn_negative_image; `lamina run` writes the basis, weights and error.
#include <lamina/error.hpp>
#include <lamina/rate_models.hpp>

#include "io/model/model_overrides.hpp"
#include "io/model/rate_loader_detail.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace lamina {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the model file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

negative_image_spec parse_negative_image_model(const std::string& text, const std::string& source_arg,
                                               const std::vector<std::string>& overrides) {
    const std::string source = source_arg.empty() ? "<model text>" : source_arg;
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(source));
    } catch (const toml::parse_error& e) {
        throw input_error(source + ":" + std::to_string(e.source().begin.line) + ":" +
                          std::to_string(e.source().begin.column) + ": TOML syntax error: " + std::string(e.description()));
    }
    for (const auto& o : overrides) io::apply_model_override(root, o);
    io::toml_reader r(source);
    r.only_keys(root, "model", {"simulation", "negative_image", "meta"});
    negative_image_spec s;
    if (const auto* n = root.get("simulation")) {
        const auto& t = r.table(*n, "simulation");
        r.only_keys(t, "simulation", {"dt"});
        if (auto* d = t.get("dt")) s.dt_ms = r.quantity(*d, "simulation.dt", dimension::time);
    }
    const auto* n = root.get("negative_image");
    if (!n) throw input_error(source + ": no [negative_image] section");
    const auto& t = r.table(*n, "negative_image");
    std::vector<std::string> keys{"chains", "chain_length", "tau", "command", "cycle", "cycles", "eta", "baseline"};
    if (auto* v = t.get("chains")) s.chains = r.count(*v, "negative_image.chains");
    if (auto* v = t.get("chain_length")) s.chain_length = r.count(*v, "negative_image.chain_length");
    if (auto* v = t.get("tau")) s.tau_ms = r.quantity(*v, "negative_image.tau", dimension::time);
    if (auto* v = t.get("command")) s.command_ms = r.quantity(*v, "negative_image.command", dimension::time);
    if (auto* v = t.get("cycle")) s.cycle_ms = r.quantity(*v, "negative_image.cycle", dimension::time);
    if (auto* v = t.get("cycles")) s.cycles = r.count(*v, "negative_image.cycles");
    if (auto* v = t.get("eta")) s.eta = r.number(*v, "negative_image.eta");
    if (auto* v = t.get("baseline")) s.baseline = r.number(*v, "negative_image.baseline");
    if (t.get("self_input") || t.get("self_input_file")) {
        if (!(s.dt_ms > 0.0) || !(s.cycle_ms >= s.dt_ms))
            r.fail(t, "negative_image", "cycle must be at least one step of simulation.dt");
        const auto T = static_cast<std::size_t>(std::llround(s.cycle_ms / s.dt_ms));
        s.self_input = io::read_matrix_key(r, source, t, "negative_image", "self_input", T, 1, keys);
    } else {
        keys.insert(keys.end(), {"self_input", "self_input_file", "self_input_dataset"});
    }
    r.only_keys(t, "negative_image", keys);
    return s;
}

negative_image_spec load_negative_image_model(const std::string& path, const std::vector<std::string>& overrides) {
    return parse_negative_image_model(read_text(path), path, overrides);
}

bool is_negative_image_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return toml::parse(text.str(), std::string_view(path)).contains("negative_image");
    } catch (const toml::parse_error&) {
        return false;
    }
}

}  // namespace lamina
