#pragma once
/// @file
/// What models exist, with their parameters, defaults and units: the source of truth for the
/// model-file loader, `lamina models` and the Python API.
#include <lamina/units.hpp>

#include <string>
#include <vector>

namespace lamina {

struct parameter_info {
    std::string name;
    lamina::dimension dim;
    double default_value;  ///< canonical unit
    std::string doc;
};

/// An input port of a neuron model, named for connections and stimuli (`receptor = "NMDA"`).
struct receptor_info {
    std::string name;
    bool inhibitory;  ///< weights onto it are delivered as <= 0 (NEST's convention for inhibition)
    std::string doc;
};

struct neuron_model_info {
    std::string name;
    std::string summary;    ///< one line: dynamics and synapse shape
    std::string reference;  ///< the paper(s) the equations come from
    lamina::dimension weight_dim;  ///< unit of synaptic weights onto this model
    std::vector<parameter_info> parameters;
    /// State variables; default_value is the initial value unless given (NaN: derived, e.g. E_L).
    std::vector<parameter_info> state;
    /// Receptor ports in port order; port 0 is excitatory and port 1 inhibitory (the ports a
    /// weight's sign picks when a connection names no receptor).
    std::vector<receptor_info> receptors;
};

struct device_model_info {
    std::string name;
    std::string summary;
    std::vector<parameter_info> parameters;
};

/// A parameter of a synapse model; `in_weight_unit` ones (w_max, ...) take the target model's
/// weight unit (mV, pA or nS) and have `dim` dimensionless.
struct synapse_parameter_info : parameter_info {
    bool in_weight_unit = false;
};

struct synapse_model_info {
    std::string name;
    std::string summary;
    std::string reference;
    bool short_term = false;  ///< scales each spike (efficacy) instead of changing the weights
    std::vector<synapse_parameter_info> parameters;
};

/// Every neuron model, in registration order.
const std::vector<neuron_model_info>& neuron_models();
/// Stimulus devices ([[stimuli]] kinds) and their keys.
const std::vector<device_model_info>& device_models();
/// The model named `name`, or nullptr.
const neuron_model_info* find_neuron_model(const std::string& name);
/// Synapse models other than "static" (which has no parameters), in registration order.
const std::vector<synapse_model_info>& synapse_models();
/// The synapse model named `name`, or nullptr ("static" included, with no parameters).
const synapse_model_info* find_synapse_model(const std::string& name);
/// "static, tsodyks_markram, stdp, ..." for messages.
std::string synapse_model_names();

/// The port of receptor `name` on `model`, or -1: one of its receptor names, or "excitatory" /
/// "inhibitory", which every model accepts for ports 0 and 1.
int receptor_port(const neuron_model_info& model, const std::string& name);
/// The receptor names `model` accepts, for messages: "excitatory" or "inhibitory", or
/// "AMPA", "GABA_A" or "NMDA" ("excitatory" = AMPA, "inhibitory" = GABA_A).
std::string receptor_choices(const neuron_model_info& model);

}  // namespace lamina
