// The public model catalog, generated from the registry's compile-time model descriptions.
#include <lamina/model_catalog.hpp>

#include "models/neuron/all_models.hpp"
#include "models/synapse/all_rules.hpp"

#include <cmath>
#include <limits>

namespace lamina {
namespace {

template <class M>
neuron_model_info describe() {
    neuron_model_info info;
    info.name = M::name;
    info.summary = M::summary;
    info.reference = M::reference;
    info.weight_dim = M::weight_dim;
    const typename M::params defaults{};
    for (const auto& f : M::parameters)
        info.parameters.push_back({f.name, f.dim, defaults.*(f.member), f.doc});
    double s[M::n_state];
    M::initial_state(defaults, s);
    for (std::size_t k = 0; k < M::n_state; ++k)
        info.state.push_back({M::state[k].name, M::state[k].dim, s[k], M::state[k].doc});
    constexpr const auto& receptors = models::receptors_of<M>();
    static_assert(receptors.size() >= 2 && !receptors[0].inhibitory && receptors[1].inhibitory,
                  "port 0 must be excitatory and port 1 inhibitory (the ports a weight's sign picks)");
    for (const auto& r : receptors) info.receptors.push_back({r.name, r.inhibitory, r.doc});
    return info;
}

template <class... Ms>
std::vector<neuron_model_info> describe_all(models::model_list<Ms...>) {
    return {describe<Ms>()...};
}

template <class R>
synapse_model_info describe_rule() {
    synapse_model_info info;
    info.name = R::name;
    info.summary = R::summary;
    info.reference = R::reference;
    info.short_term = models::kind_of<R>() == models::synapse_kind::short_term;
    const typename R::params defaults{};
    for (const auto& f : R::parameters) {
        synapse_parameter_info p;
        p.name = f.name;
        p.dim = f.dim;
        p.default_value = defaults.*(f.member);
        p.doc = f.doc;
        p.in_weight_unit = models::in_weight_unit(f);
        info.parameters.push_back(p);
    }
    return info;
}

template <class... Rs>
std::vector<synapse_model_info> describe_rules(models::rule_list<Rs...>) {
    return {describe_rule<Rs>()...};
}

}  // namespace

const std::vector<synapse_model_info>& synapse_models() {
    static const std::vector<synapse_model_info> all = describe_rules(models::all_synapse_rules{});
    return all;
}

const synapse_model_info* find_synapse_model(const std::string& name) {
    static const synapse_model_info static_model{"static", "fixed weight and delay", "", false, {}};
    if (name == "static") return &static_model;
    for (const auto& m : synapse_models())
        if (m.name == name) return &m;
    return nullptr;
}

std::string synapse_model_names() {
    std::string names = "static";
    for (const auto& m : synapse_models()) names += ", " + m.name;
    return names;
}

const std::vector<neuron_model_info>& neuron_models() {
    static const std::vector<neuron_model_info> all = describe_all(models::all_neuron_models{});
    return all;
}

const neuron_model_info* find_neuron_model(const std::string& name) {
    for (const auto& m : neuron_models())
        if (m.name == name) return &m;
    return nullptr;
}

int receptor_port(const neuron_model_info& model, const std::string& name) {
    for (std::size_t k = 0; k < model.receptors.size(); ++k)
        if (model.receptors[k].name == name) return static_cast<int>(k);
    if (name == "excitatory") return 0;
    if (name == "inhibitory") return 1;
    return -1;
}

std::string receptor_choices(const neuron_model_info& model) {
    const auto& r = model.receptors;
    std::string out;
    for (std::size_t k = 0; k < r.size(); ++k)
        out += (k == 0 ? "" : k + 1 == r.size() ? " or " : ", ") + ("\"" + r[k].name + "\"");
    if (r[0].name != "excitatory" || r[1].name != "inhibitory")
        out += " (\"excitatory\" = " + r[0].name + ", \"inhibitory\" = " + r[1].name + ")";
    return out;
}

const std::vector<device_model_info>& device_models() {
    using d = dimension;
    static const std::vector<device_model_info> all{
        {"poisson", "independent Poisson spike input to each target neuron",
         {{"rate", d::frequency, 0.0, "rate per target neuron"},
          {"weight", d::dimensionless, 0.0, "weight per input spike, in the target model's weight unit"},
          {"receptor", d::dimensionless, std::numeric_limits<double>::quiet_NaN(),
           "receptor name (see the target model; default: by the weight's sign)"},
          {"start", d::time, 0.0, "first active time"},
          {"stop", d::time, std::numeric_limits<double>::infinity(), "end of activity"}}},
        {"dc", "constant current injected into each target",
         {{"amplitude", d::current, 0.0, "current"},
          {"start", d::time, 0.0, "switched on"},
          {"stop", d::time, std::numeric_limits<double>::infinity(), "switched off"}}},
        {"step_current", "piecewise-constant current: amplitudes[k] from times[k] on",
         {{"times", d::time, 0.0, "change times (list)"}, {"amplitudes", d::current, 0.0, "currents (list)"}}},
        {"spike_times", "spikes at given times delivered to each target",
         {{"times", d::time, 0.0, "spike times (list)"},
          {"weight", d::dimensionless, 0.0, "weight, in the target model's weight unit"},
          {"delay", d::time, 0.1, "transmission delay (>= dt)"},
          {"receptor", d::dimensionless, std::numeric_limits<double>::quiet_NaN(),
           "receptor name (see the target model; default: by the weight's sign)"}}},
        {"ou_noise", "Ornstein-Uhlenbeck current, independent for each target (NEST's ou_noise_generator)",
         {{"mean", d::current, 0.0, "mean current"},
          {"std", d::current, 0.0, "stationary standard deviation"},
          {"tau", d::time, 0.0, "correlation time (> 0)"},
          {"start", d::time, 0.0, "switched on"},
          {"stop", d::time, std::numeric_limits<double>::infinity(), "switched off"}}},
    };
    return all;
}

}  // namespace lamina
