// Rate model files (TOML with units) into a rate_network_spec. Sections: [simulation],
// [rate_populations.<name>], [[rate_connections]], [[rate_inputs]], [[rate_recorders]], [meta];
// docs/model-files.md ("Rate networks") describes every key. Arrays may be given inline or as
// files (.npy, .h5 with `dataset`, .csv) relative to the model file.
#include <lamina/rate_network.hpp>

#include "io/model/array_files.hpp"
#include "io/model/model_overrides.hpp"
#include "io/model/rate_loader_detail.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace lamina {
namespace {

using io::toml_reader;

class rate_loader {
public:
    explicit rate_loader(std::string source) : r_(source), source_(std::move(source)) {}

    rate_network_spec load(const toml::table& root) {
        rate_network_spec spec;
        spec.source = source_;
        r_.only_keys(root, "model", {"simulation", "rate_populations", "rate_connections", "rate_inputs",
                                     "rate_recorders", "meta"});
        spec.settings.origin = source_;
        if (const auto* s = root.get("simulation")) spec.settings = settings(r_.table(*s, "simulation"));
        const auto* pops = root.get("rate_populations");
        if (!pops) throw input_error(source_ + ": no [rate_populations.<name>] section; a rate model needs one");
        for (const auto& [name, node] : r_.table(*pops, "rate_populations"))
            spec.populations.push_back(
                population(std::string(name.str()), r_.table(node, "rate_populations." + std::string(name.str()))));
        auto each = [&](const char* section, auto&& read) {
            const auto* n = root.get(section);
            if (!n) return;
            const auto* a = n->as_array();
            if (!a) r_.fail(*n, section, std::string("expected [[") + section + "]] entries");
            for (std::size_t k = 0; k < a->size(); ++k) {
                const std::string ctx = std::string(section) + "[" + std::to_string(k) + "]";
                read(r_.table(*a->get(k), ctx), ctx);
            }
        };
        each("rate_connections", [&](const toml::table& t, const std::string& c) {
            if (!io::read_rate_rule_connection(r_, source_, t, c, spec) && !io::read_rate_loop_connection(r_, t, c, spec))
                spec.connections.push_back(connection(t, c, spec));
        });
        each("rate_inputs", [&](const toml::table& t, const std::string& c) { spec.inputs.push_back(io::read_rate_input(r_, source_, t, c, spec)); });
        each("rate_recorders", [&](const toml::table& t, const std::string& c) { spec.recorders.push_back(io::read_rate_recorder(r_, source_, t, c, spec)); });
        return spec;
    }

private:
    rate_settings settings(const toml::table& t) {
        r_.only_keys(t, "simulation", {"dt", "duration", "seed", "threads", "trials", "integrator"});
        rate_settings s;
        s.origin = r_.line_of(t);
        if (auto* n = t.get("dt")) s.dt = r_.quantity(*n, "simulation.dt", dimension::time);
        if (auto* n = t.get("duration")) s.duration = r_.quantity(*n, "simulation.duration", dimension::time);
        if (auto* n = t.get("seed")) s.seed = r_.count(*n, "simulation.seed");
        if (auto* n = t.get("threads")) s.threads = static_cast<int>(std::min<std::uint64_t>(r_.count(*n, "simulation.threads"), 100000));
        if (auto* n = t.get("trials")) s.trials = r_.count(*n, "simulation.trials");
        if (auto* n = t.get("integrator")) {
            const std::string v = r_.text(*n, "simulation.integrator");
            if (v == "euler") s.integrator = rate_integrator::euler;
            else if (v == "rk4") s.integrator = rate_integrator::rk4;
            else if (v == "exact") s.integrator = rate_integrator::exact;
            else r_.fail(*n, "simulation.integrator", "expected \"euler\", \"rk4\" or \"exact\", got \"" + v + "\"");
        }
        if (!(s.dt > 0.0)) r_.fail(*t.get("dt"), "simulation.dt", "must be positive");
        if (!(s.duration >= 0.0)) r_.fail(*t.get("duration"), "simulation.duration", "must not be negative");
        if (s.threads < 1) r_.fail(*t.get("threads"), "simulation.threads", "must be at least 1");
        if (s.trials < 1) r_.fail(*t.get("trials"), "simulation.trials", "must be at least 1");
        return s;
    }

    rate_population_spec population(const std::string& name, const toml::table& t) {
        const std::string ctx = "rate_populations." + name;
        r_.only_keys(t, ctx, {"size", "tau", "phi", "theta", "beta", "noise_std", "bias", "x0"});
        rate_population_spec p;
        p.name = name;
        p.origin = r_.line_of(t);
        const bool ok_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
        if (!ok_name) r_.fail(t, ctx, "the name \"" + name + "\" may contain only letters, digits, _ and -");
        const auto& size_node = r_.required(t, ctx, "size");
        p.size = r_.count(size_node, ctx + ".size");
        if (p.size == 0) r_.fail(size_node, ctx + ".size", "a population needs at least one unit");
        if (auto* n = t.get("tau")) {
            p.tau = r_.quantity(*n, ctx + ".tau", dimension::time);
            if (!(p.tau > 0.0)) r_.fail(*n, ctx + ".tau", "must be a positive time");
        }
        if (auto* n = t.get("phi")) {
            const std::string v = r_.text(*n, ctx + ".phi");
            static const std::pair<const char*, rate_phi> known[] = {
                {"linear", rate_phi::linear}, {"tanh", rate_phi::tanh}, {"relu", rate_phi::relu},
                {"sigmoid", rate_phi::sigmoid}, {"threshold", rate_phi::threshold}, {"sign", rate_phi::sign}};
            const auto* it = std::find_if(std::begin(known), std::end(known), [&](const auto& k) { return v == k.first; });
            if (it == std::end(known))
                r_.fail(*n, ctx + ".phi", "unknown transfer function \"" + v + "\" (known: linear, tanh, relu, sigmoid, threshold, sign)");
            p.phi = it->second;
        }
        if (auto* n = t.get("theta")) p.theta = r_.number(*n, ctx + ".theta");
        if (auto* n = t.get("beta")) p.beta = r_.number(*n, ctx + ".beta");
        if (auto* n = t.get("bias")) p.bias = r_.number(*n, ctx + ".bias");
        if (auto* n = t.get("noise_std")) {
            p.noise_std = r_.number(*n, ctx + ".noise_std");
            if (!(p.noise_std >= 0.0)) r_.fail(*n, ctx + ".noise_std", "must not be negative");
        }
        if (auto* n = t.get("x0")) {
            if (n->is_array()) {
                p.x0 = r_.quantities(*n, ctx + ".x0", dimension::dimensionless);
                if (p.x0.size() != p.size)
                    r_.fail(*n, ctx + ".x0", std::to_string(p.x0.size()) + " values; expected one per unit (" + std::to_string(p.size) + ")");
            } else {
                const auto d = r_.distributed(*n, ctx + ".x0", dimension::dimensionless);
                if (d.type != distribution::kind::constant && d.type != distribution::kind::normal)
                    r_.fail(*n, ctx + ".x0", "expected a number, a list (one per unit) or a normal distribution");
                if (d.min || d.max) r_.fail(*n, ctx + ".x0", "min and max are not supported for x0");
                p.x0_mean = d.a;
                p.x0_std = d.type == distribution::kind::normal ? d.b : 0.0;
            }
        }
        return p;
    }

    rate_connection_spec connection(const toml::table& t, const std::string& ctx, const rate_network_spec& spec) {
        rate_connection_spec c;
        c.origin = r_.line_of(t);
        c.source = r_.text(r_.required(t, ctx, "source"), ctx + ".source");
        c.target = r_.text(r_.required(t, ctx, "target"), ctx + ".target");
        const auto ns = io::rate_population_size(r_, spec, *t.get("source"), ctx + ".source", c.source);
        const auto nt = io::rate_population_size(r_, spec, *t.get("target"), ctx + ".target", c.target);
        const auto& rule_node = r_.required(t, ctx, "rule");
        const std::string rule = r_.text(rule_node, ctx + ".rule");
        std::vector<std::string> keys{"source", "target", "rule", "scale"};
        auto opt_number = [&](const char* key, double& out) {
            keys.push_back(key);
            if (auto* n = t.get(key)) out = r_.number(*n, ctx + "." + key);
        };
        if (rule == "random" || rule == "sparse") {
            c.kind = rule == "random" ? rate_connectivity::dense_random : rate_connectivity::sparse_random;
            opt_number("g", c.g);
            opt_number("mean", c.mean);
            keys.push_back("autapses");
            if (auto* n = t.get("autapses")) c.autapses = r_.boolean(*n, ctx + ".autapses");
            if (c.g < 0.0) r_.fail(*t.get("g"), ctx + ".g", "must not be negative");
            if (rule == "sparse") {
                keys.push_back("indegree");
                c.indegree = r_.count(r_.required(t, ctx, "indegree"), ctx + ".indegree");
            }
        } else if (rule == "matrix") {
            c.kind = rate_connectivity::matrix;
            keys.push_back("format");
            std::string format = "dense";
            if (auto* n = t.get("format")) format = r_.text(*n, ctx + ".format");
            if (format == "dense") {
                c.matrix = io::read_matrix_key(r_, source_, t, ctx, "weights", nt, ns, keys);
            } else if (format == "triplets") {
                // One row per synapse: target index, source index, weight.
                const auto* w = t.get("weights_file");
                if (!w) r_.fail(t, ctx, "format = \"triplets\" needs weights_file (rows: target, source, weight)");
                std::string dataset;
                keys.insert(keys.end(), {"weights_file", "weights_dataset"});
                if (auto* d = t.get("weights_dataset")) dataset = r_.text(*d, ctx + ".weights_dataset");
                io::array2d a;
                try {
                    a = io::read_array_file(io::resolve_beside(source_, r_.text(*w, ctx + ".weights_file")), dataset);
                } catch (const input_error& e) {
                    r_.fail(*w, ctx + ".weights_file", e.what());
                }
                if (a.cols != 3) r_.fail(*w, ctx + ".weights_file", "triplets need 3 columns (target, source, weight), got " + std::to_string(a.cols));
                for (std::size_t k = 0; k < a.rows; ++k) {
                    const double i = a.values[3 * k], j = a.values[3 * k + 1];
                    if (!(i >= 0 && j >= 0) || i != static_cast<double>(static_cast<std::uint64_t>(i)) ||
                        j != static_cast<double>(static_cast<std::uint64_t>(j)))
                        r_.fail(*w, ctx + ".weights_file", "row " + std::to_string(k) + ": indices must be whole numbers >= 0");
                    c.rows.push_back(static_cast<std::uint64_t>(i));
                    c.cols.push_back(static_cast<std::uint64_t>(j));
                    c.values.push_back(a.values[3 * k + 2]);
                }
                if (c.rows.empty()) r_.fail(*w, ctx + ".weights_file", "no synapses");
            } else {
                r_.fail(*t.get("format"), ctx + ".format", "expected \"dense\" or \"triplets\", got \"" + format + "\"");
            }
        } else if (rule == "identity") {
            c.kind = rate_connectivity::identity;
        } else if (rule == "low_rank") {
            c.kind = rate_connectivity::low_rank;
            keys.push_back("rank");
            c.rank = r_.count(r_.required(t, ctx, "rank"), ctx + ".rank");
            if (c.rank == 0) r_.fail(*t.get("rank"), ctx + ".rank", "must be at least 1");
            if (t.get("m") || t.get("m_file")) {
                // Given as [R x size] (one factor per row) so that files hold m.T of the math.
                c.m = io::read_matrix_key(r_, source_, t, ctx, "m", c.rank, nt, keys);
                c.n = io::read_matrix_key(r_, source_, t, ctx, "n", c.rank, ns, keys);
            } else {
                const std::size_t d = 2 * c.rank;
                keys.insert(keys.end(), {"factor_mean", "factor_covariance"});
                if (auto* n = t.get("factor_mean")) c.factor_mean = r_.quantities(*n, ctx + ".factor_mean", dimension::dimensionless);
                if (t.get("factor_covariance")) {
                    std::vector<std::string> ignored;
                    c.factor_covariance = io::read_matrix_key(r_, source_, t, ctx, "factor_covariance", d, d, ignored);
                }
                if (!c.factor_mean.empty() && c.factor_mean.size() != d)
                    r_.fail(*t.get("factor_mean"), ctx + ".factor_mean", "expected 2 rank = " + std::to_string(d) + " values");
            }
        } else {
            r_.fail(rule_node, ctx + ".rule", "unknown rule \"" + rule + "\" (known: random, sparse, matrix, identity, low_rank, hebbian, cosine_ring, eigenvalue_loop)");
        }
        if (auto* n = t.get("scale")) c.scale = r_.number(*n, ctx + ".scale");
        io::read_rate_schedule(r_, t, ctx, c, keys);
        r_.only_keys(t, ctx, keys);
        return c;
    }


    toml_reader r_;
    std::string source_;
};

}  // namespace

rate_network_spec parse_rate_model(const std::string& text, const std::string& source_name_arg,
                                   const std::vector<std::string>& overrides) {
    const std::string source_name = source_name_arg.empty() ? "<model text>" : source_name_arg;
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(source_name));
    } catch (const toml::parse_error& e) {
        throw input_error(source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                          std::to_string(e.source().begin.column) + ": TOML syntax error: " + std::string(e.description()));
    }
    for (const auto& o : overrides) io::apply_model_override(root, o);
    return rate_loader(source_name).load(root);
}

rate_network_spec load_rate_model_file(const std::string& path, const std::vector<std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the model file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_rate_model(text.str(), path, overrides);
}

bool is_rate_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const auto root = toml::parse(text.str(), std::string_view(path));
        return root.contains("rate_populations");
    } catch (const toml::parse_error&) {
        return false;  // the spiking loader reports the syntax error with its line
    }
}

}  // namespace lamina
