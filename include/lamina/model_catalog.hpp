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

struct neuron_model_info {
    std::string name;
    std::string summary;    ///< one line: dynamics and synapse shape
    std::string reference;  ///< the paper(s) the equations come from
    lamina::dimension weight_dim;  ///< unit of synaptic weights onto this model
    std::vector<parameter_info> parameters;
    /// State variables; default_value is the initial value unless given (NaN: derived, e.g. E_L).
    std::vector<parameter_info> state;
};

struct device_model_info {
    std::string name;
    std::string summary;
    std::vector<parameter_info> parameters;
};

/// Every neuron model, in registration order.
const std::vector<neuron_model_info>& neuron_models();
/// Stimulus devices ([[stimuli]] kinds) and their keys.
const std::vector<device_model_info>& device_models();
/// The model named `name`, or nullptr.
const neuron_model_info* find_neuron_model(const std::string& name);

}  // namespace lamina
