// Model files (TOML with units) into a network_spec. Sections: [simulation], [populations.<name>],
// [[connections]], [[stimuli]], [[recorders]]; docs/model-files.md describes every key.
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>
#include <lamina/spatial.hpp>

#include "io/model/synapse_reader.hpp"
#include "io/model/model_overrides.hpp"
#include "io/model/model_spatial.hpp"
#include "io/model/toml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace lamina {
namespace {

using io::toml_reader;


class model_loader {
public:
    explicit model_loader(std::string source) : r_(source), source_(std::move(source)) {}

    network_spec load(const toml::table& root) {
        network_spec spec;
        spec.source = source_;
        r_.only_keys(root, "model", {"simulation", "populations", "connections", "stimuli", "recorders", "meta"});
        if (const auto* s = root.get("simulation")) spec.simulation = simulation(r_.table(*s, "simulation"));
        else spec.simulation.origin = source_;
        const auto* pops = root.get("populations");
        if (!pops) throw input_error(source_ + ": no [populations.<name>] section; a model needs at least one population");
        for (const auto& [name, node] : r_.table(*pops, "populations"))
            spec.populations.push_back(population(std::string(name.str()), r_.table(node, "populations." + std::string(name.str()))));
        auto each = [&](const char* section, auto&& read) {
            const auto* n = root.get(section);
            if (!n) return;
            const auto* a = n->as_array();
            if (!a) r_.fail(*n, section, std::string("expected [[") + section + "]] entries");
            for (std::size_t k = 0; k < a->size(); ++k)
                read(r_.table(*a->get(k), std::string(section) + "[" + std::to_string(k) + "]"),
                     std::string(section) + "[" + std::to_string(k) + "]");
        };
        each("connections", [&](const toml::table& t, const std::string& ctx) { spec.connections.push_back(connection(t, ctx, spec)); });
        each("stimuli", [&](const toml::table& t, const std::string& ctx) { spec.stimuli.push_back(stimulus(t, ctx, spec)); });
        each("recorders", [&](const toml::table& t, const std::string& ctx) { spec.recorders.push_back(recorder(t, ctx)); });
        for (const auto& rec : spec.recorders)
            if (rec.type == recorder_spec::kind::mea) check_mea_recorder(spec, rec);
        return spec;
    }

private:
    simulation_spec simulation(const toml::table& t) {
        r_.only_keys(t, "simulation", {"dt", "duration", "seed", "threads", "min_neuron_steps_per_thread"});
        simulation_spec s;
        s.origin = r_.line_of(t);
        if (auto* n = t.get("dt")) s.dt = r_.quantity(*n, "simulation.dt", dimension::time);
        if (auto* n = t.get("duration")) s.duration = r_.quantity(*n, "simulation.duration", dimension::time);
        if (auto* n = t.get("seed")) s.seed = r_.count(*n, "simulation.seed");
        if (auto* n = t.get("threads")) s.threads = static_cast<int>(std::min<std::uint64_t>(r_.count(*n, "simulation.threads"), 100000));
        if (auto* n = t.get("min_neuron_steps_per_thread"))
            s.min_neuron_steps_per_thread = r_.count(*n, "simulation.min_neuron_steps_per_thread");
        if (!(s.dt > 0.0)) r_.fail(*t.get("dt"), "simulation.dt", "must be positive");
        if (s.threads < 1) r_.fail(*t.get("threads"), "simulation.threads", "must be at least 1");
        return s;
    }

    population_spec population(const std::string& name, const toml::table& t) {
        const std::string ctx = "populations." + name;
        population_spec p;
        p.name = name;
        p.origin = r_.line_of(t);
        // Names become HDF5 group names (/spikes/<name>) and --set paths, where "/" and "." split.
        if (!valid_name(name))
            r_.fail(t, ctx, "the population name \"" + name +
                                "\" may contain only letters, digits, _ and - (it names output groups and --set keys)");
        p.model = r_.text(r_.required(t, ctx, "model"), ctx + ".model");
        const auto* info = find_neuron_model(p.model);
        if (!info) {
            std::string known;
            for (const auto& m : neuron_models()) known += (known.empty() ? "" : ", ") + m.name;
            throw unknown_name_error(r_.at(*t.get("model"), ctx + ".model") + ": unknown neuron model \"" + p.model +
                                     "\" (known: " + known + "; `lamina models` lists them with their parameters)");
        }
        const auto& size_node = r_.required(t, ctx, "size");
        p.size = r_.count(size_node, ctx + ".size");
        if (p.size == 0) r_.fail(size_node, ctx + ".size", "a population needs at least one neuron");
        for (const auto& [k, v] : t) {
            const std::string key(k.str());
            if (key == "model" || key == "size") continue;
            const std::string where = ctx + "." + key;
            if (key == "layout") {
                p.layout = io::read_layout(r_, v, where);
                continue;
            }
            if (const auto* par = find(info->parameters, key)) {
                // A table is a distribution: the parameter is drawn per neuron (heterogeneity).
                bool quantiles = false;
                const distribution d = r_.distributed_parameter(v, where, par->dim, quantiles);
                if (d.is_constant()) p.params[key] = d.a;
                else p.param_distributions[key] = d;
                if (quantiles && !d.is_constant()) p.quantile_parameters.insert(key);
            } else if (const auto* st = find(info->state, key)) {
                p.initial[key] = r_.distributed(v, where, st->dim);
            } else {
                std::string known;
                for (const auto& x : info->parameters) known += (known.empty() ? "" : ", ") + x.name;
                for (const auto& x : info->state) known += ", " + x.name;
                throw unknown_name_error(r_.at(v, where) + ": model " + p.model + " has no parameter \"" + key +
                                         "\" (its parameters and state: " + known + ")");
            }
        }
        return p;
    }

    static bool valid_name(const std::string& name) {
        return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
    }

    static const parameter_info* find(const std::vector<parameter_info>& list, const std::string& name) {
        for (const auto& x : list)
            if (x.name == name) return &x;
        return nullptr;
    }

    /// The model of a named population (for weight units); throws naming the connection.
    const neuron_model_info& model_of(const network_spec& spec, const toml::node& node, const std::string& key,
                                      const std::string& population) {
        for (const auto& p : spec.populations)
            if (p.name == population) return *find_neuron_model(p.model);
        std::string known;
        for (const auto& p : spec.populations) known += (known.empty() ? "" : ", ") + p.name;
        throw unknown_name_error(r_.at(node, key) + ": no population named \"" + population + "\" (populations: " + known + ")");
    }

    /// `receptor = "NMDA"`, or the older `synapse = "excitatory"` (only a string `synapse` names a
    /// receptor), checked against the target model's receptors. On connections a `synapse` table
    /// is the synapse model (io::read_synapse_model), not a receptor.
    std::optional<std::string> receptor(const toml::table& t, const std::string& ctx, const neuron_model_info& model,
                                        bool synapse_table_allowed = false) {
        const auto* r = t.get("receptor");
        const auto* alias = t.get("synapse");
        if (alias && alias->is_table() && synapse_table_allowed) alias = nullptr;
        if (alias && !alias->is_string())
            r_.fail(*alias, ctx + ".synapse", "expected a receptor name such as \"excitatory\"");
        if (r && alias)
            r_.fail(*alias, ctx + ".synapse", "give the receptor once: receptor = \"...\" (synapse = \"...\" is its "
                                              "older name)");
        const auto* n = r ? r : alias;
        if (!n) return std::nullopt;
        const std::string key = ctx + (r ? ".receptor" : ".synapse");
        const std::string v = r_.text(*n, key);
        if (receptor_port(model, v) < 0)
            r_.fail(*n, key, "unknown receptor for model " + model.name + ": expected " + receptor_choices(model) +
                                 ", got \"" + v + "\"");
        return v;
    }

    connection_spec connection(const toml::table& t, const std::string& ctx, const network_spec& spec) {
        connection_spec c;
        c.origin = r_.line_of(t);
        if (const auto* n = t.get("name")) {
            c.name = r_.text(*n, ctx + ".name");
            if (!valid_name(c.name))
                r_.fail(*n, ctx + ".name", "the connection name \"" + c.name +
                                               "\" may contain only letters, digits, _ and - (it names output groups)");
            for (const auto& other : spec.connections)
                if (other.name == c.name)
                    r_.fail(*n, ctx + ".name", "the name \"" + c.name + "\" is already used by the connection at " +
                                                   other.origin);
        }
        c.source = r_.text(r_.required(t, ctx, "source"), ctx + ".source");
        c.target = r_.text(r_.required(t, ctx, "target"), ctx + ".target");
        model_of(spec, *t.get("source"), ctx + ".source", c.source);
        const auto& target_model = model_of(spec, *t.get("target"), ctx + ".target", c.target);
        const auto& rule_node = r_.required(t, ctx, "rule");
        const std::string rule = r_.text(rule_node, ctx + ".rule");
        std::vector<std::string> keys{"name", "source", "target", "rule", "weight", "delay", "receptor", "synapse",
                                      "autapses", "multapses"};
        auto need = [&](const char* key) -> const toml::node& {
            keys.push_back(key);
            return r_.required(t, ctx, key);
        };
        if (rule == "fixed_indegree") {
            c.rule = connection_rule::fixed_indegree;
            c.indegree = r_.count(need("indegree"), ctx + ".indegree");
        } else if (rule == "fixed_outdegree") {
            c.rule = connection_rule::fixed_outdegree;
            c.outdegree = r_.count(need("outdegree"), ctx + ".outdegree");
        } else if (rule == "pairwise_bernoulli") {
            c.rule = connection_rule::pairwise_bernoulli;
            c.probability = r_.number(need("probability"), ctx + ".probability");
            if (!(c.probability >= 0.0 && c.probability <= 1.0))
                r_.fail(*t.get("probability"), ctx + ".probability", "must be between 0 and 1");
        } else if (rule == "fixed_total_number") {
            c.rule = connection_rule::fixed_total_number;
            c.total = r_.count(need("N"), ctx + ".N");
        } else if (rule == "one_to_one") {
            c.rule = connection_rule::one_to_one;
        } else if (rule == "all_to_all") {
            c.rule = connection_rule::all_to_all;
        } else {
            r_.fail(rule_node, ctx + ".rule",
                    "unknown rule \"" + rule + "\" (known: fixed_indegree, fixed_outdegree, pairwise_bernoulli, "
                    "fixed_total_number, one_to_one, all_to_all)");
        }
        r_.only_keys(t, ctx, keys);
        c.weight = r_.distributed(r_.required(t, ctx, "weight"), ctx + ".weight", target_model.weight_dim);
        c.delay = r_.distributed(r_.required(t, ctx, "delay"), ctx + ".delay", dimension::time);
        c.receptor = receptor(t, ctx, target_model, true);
        c.synapse = io::read_synapse_model(r_, t, ctx, target_model.weight_dim);
        if (auto* n = t.get("autapses")) c.allow_autapses = r_.boolean(*n, ctx + ".autapses");
        if (auto* n = t.get("multapses")) c.allow_multapses = r_.boolean(*n, ctx + ".multapses");
        return c;
    }

    /// ou_noise `shared`: true (one current for this stimulus' targets) or a process name (one
    /// unit process for every stimulus with that name).
    void read_shared(const toml::node& n, const std::string& key, stimulus_spec& s) const {
        if (const auto* name = n.as_string()) {
            if (name->get().empty()) r_.fail(n, key, "expected true, false or a process name, got an empty string");
            s.shared = true;
            s.shared_process = name->get();
        } else if (const auto* b = n.as_boolean()) {
            s.shared = b->get();
        } else {
            r_.fail(n, key, "expected true, false or a process name in quotes");
        }
    }

    stimulus_spec stimulus(const toml::table& t, const std::string& ctx, const network_spec& spec) {
        stimulus_spec s;
        s.origin = r_.line_of(t);
        const auto& type_node = r_.required(t, ctx, "type");
        const std::string type = r_.text(type_node, ctx + ".type");
        s.target = r_.text(r_.required(t, ctx, "target"), ctx + ".target");
        const auto& model = model_of(spec, *t.get("target"), ctx + ".target", s.target);
        std::vector<std::string> keys{"type", "target", "neurons", "region", "start", "stop"};
        auto q = [&](const char* key, dimension d) { return r_.quantity(r_.required(t, ctx, key), ctx + "." + key, d); };
        if (type == "poisson") {
            s.kind = stimulus_kind::poisson;
            keys.insert(keys.end(), {"rate", "weight", "receptor", "synapse"});
            s.rate = q("rate", dimension::frequency);
            s.weight = q("weight", model.weight_dim);
            s.receptor = receptor(t, ctx, model);
        } else if (type == "dc") {
            s.kind = stimulus_kind::dc;
            keys.push_back("amplitude");
            s.amplitude = q("amplitude", dimension::current);
        } else if (type == "step_current") {
            s.kind = stimulus_kind::step_current;
            keys.insert(keys.end(), {"times", "amplitudes"});
            s.times = r_.quantities(r_.required(t, ctx, "times"), ctx + ".times", dimension::time);
            s.amplitudes = r_.quantities(r_.required(t, ctx, "amplitudes"), ctx + ".amplitudes", dimension::current);
        } else if (type == "spike_times") {
            s.kind = stimulus_kind::spike_times;
            keys.insert(keys.end(), {"times", "weight", "delay", "receptor", "synapse"});
            s.times = r_.quantities(r_.required(t, ctx, "times"), ctx + ".times", dimension::time);
            s.weight = q("weight", model.weight_dim);
            s.delay = q("delay", dimension::time);
            s.receptor = receptor(t, ctx, model);
        } else if (type == "ou_noise") {
            s.kind = stimulus_kind::ou_noise;
            keys.insert(keys.end(), {"mean", "std", "tau", "shared"});
            if (auto* n = t.get("mean")) s.mean = r_.quantity(*n, ctx + ".mean", dimension::current);
            if (auto* n = t.get("shared")) read_shared(*n, ctx + ".shared", s);
            s.std_dev = q("std", dimension::current);
            s.tau = q("tau", dimension::time);
        } else {
            r_.fail(type_node, ctx + ".type",
                    "unknown stimulus type \"" + type + "\" (known: poisson, dc, step_current, spike_times, ou_noise)");
        }
        r_.only_keys(t, ctx, keys);
        if (auto* n = t.get("neurons")) s.neurons = distinct_neurons(*n, ctx + ".neurons");
        if (auto* n = t.get("start")) s.start = r_.quantity(*n, ctx + ".start", dimension::time);
        if (auto* n = t.get("stop")) s.stop = r_.quantity(*n, ctx + ".stop", dimension::time);
        if (auto* n = t.get("region")) {
            s.region = io::read_region(r_, *n, ctx + ".region");
            if (t.get("neurons")) r_.fail(*n, ctx + ".region", "a stimulus takes either neurons or a region, not both");
        }
        return s;
    }

    recorder_spec recorder(const toml::table& t, const std::string& ctx) {
        recorder_spec rec;
        rec.origin = r_.line_of(t);
        const auto& type_node = r_.required(t, ctx, "type");
        const std::string type = r_.text(type_node, ctx + ".type");
        if (type == "spikes") {
            r_.only_keys(t, ctx, {"type", "populations"});
            rec.populations = r_.texts(r_.required(t, ctx, "populations"), ctx + ".populations");
        } else if (type == "state") {
            r_.only_keys(t, ctx, {"type", "population", "variables", "neurons", "interval"});
            rec.type = recorder_spec::kind::state;
            rec.populations = {r_.text(r_.required(t, ctx, "population"), ctx + ".population")};
            rec.variables = r_.texts(r_.required(t, ctx, "variables"), ctx + ".variables");
            rec.neurons = distinct_neurons(r_.required(t, ctx, "neurons"), ctx + ".neurons");
            if (auto* n = t.get("interval")) rec.interval = r_.quantity(*n, ctx + ".interval", dimension::time);
        } else if (type == "weights") {
            r_.only_keys(t, ctx, {"type", "connection", "targets", "interval"});
            rec.type = recorder_spec::kind::weights;
            rec.connection = r_.text(r_.required(t, ctx, "connection"), ctx + ".connection");
            if (auto* n = t.get("targets")) rec.neurons = distinct_neurons(*n, ctx + ".targets");
            rec.interval = 1.0;
            if (auto* n = t.get("interval")) rec.interval = r_.quantity(*n, ctx + ".interval", dimension::time);
        } else if (type == "mea") {
            rec = io::read_mea_recorder(r_, t, ctx);
        } else {
            r_.fail(type_node, ctx + ".type", "unknown recorder type \"" + type + "\" (known: spikes, state, weights, mea)");
        }
        return rec;
    }

    /// A list of neuron indices, each at most once: a stimulus listing a neuron twice would give it
    /// twice the current, or the same Poisson count twice (one stream per neuron and step).
    std::vector<std::uint64_t> distinct_neurons(const toml::node& node, const std::string& key) {
        auto list = r_.counts(node, key);
        auto sorted = list;
        std::sort(sorted.begin(), sorted.end());
        const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
        if (dup != sorted.end()) r_.fail(node, key, "neuron " + std::to_string(*dup) + " is listed twice");
        return list;
    }

    toml_reader r_;
    std::string source_;
};

}  // namespace

network_spec parse_model(std::string_view text, const std::string& source_name_arg,
                         const std::vector<std::string>& overrides) {
    // An empty name would leave the parsed nodes without a source, which marks --set values.
    const std::string source_name = source_name_arg.empty() ? "<model text>" : source_name_arg;
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(source_name));
    } catch (const toml::parse_error& e) {
        throw input_error(source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                          std::to_string(e.source().begin.column) + ": TOML syntax error: " + std::string(e.description()));
    }
    for (const auto& o : overrides) io::apply_model_override(root, o);
    return model_loader(source_name).load(root);
}

network_spec load_model_file(const std::string& path, const std::vector<std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the model file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_model(text.str(), path, overrides);
}

}  // namespace lamina
