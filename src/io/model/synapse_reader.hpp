#pragma once
// The `synapse` table of a [[connections]] entry: a synapse model and its parameters.
#include <lamina/network_spec.hpp>
#include <lamina/units.hpp>

#include "io/model/toml_reader.hpp"

#include <string>

namespace lamina::io {

/// synapse = { model = "stdp", tau_plus = "20 ms", w_max = "1 mV", ... } of the connection table
/// `t` (context `ctx`, e.g. "connections[0]"): the model and the parameters that differ from its
/// defaults, in canonical units; weight parameters in `weight_dim`. A missing or string `synapse`
/// (the receptor port) gives the static model. Throws unknown_name_error for an unknown model or
/// parameter, input_error for a wrong unit, naming file, line and key.
synapse_spec read_synapse_model(const toml_reader& r, const toml::table& t, const std::string& ctx,
                                dimension weight_dim);

}  // namespace lamina::io
