// The public model catalog, generated from the registry's compile-time model descriptions.
#include <lamina/model_catalog.hpp>

#include "models/neuron/all_models.hpp"

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
    return info;
}

template <class... Ms>
std::vector<neuron_model_info> describe_all(models::model_list<Ms...>) {
    return {describe<Ms>()...};
}

}  // namespace

const std::vector<neuron_model_info>& neuron_models() {
    static const std::vector<neuron_model_info> all = describe_all(models::all_neuron_models{});
    return all;
}

const neuron_model_info* find_neuron_model(const std::string& name) {
    for (const auto& m : neuron_models())
        if (m.name == name) return &m;
    return nullptr;
}

const std::vector<device_model_info>& device_models() {
    using d = dimension;
    static const std::vector<device_model_info> all{
        {"poisson", "independent Poisson spike input to each target neuron",
         {{"rate", d::frequency, 0.0, "rate per target neuron"},
          {"weight", d::dimensionless, 0.0, "weight per input spike, in the target model's weight unit"},
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
          {"delay", d::time, 0.1, "transmission delay (>= dt)"}}},
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
