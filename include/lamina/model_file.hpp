#pragma once
/// @file
/// Model files: TOML with units. See docs/model-files.md for the format.
#include <lamina/network_spec.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lamina {

/// Reads and validates a model file. `overrides` are "dotted.key=value" strings as given to
/// `--set` (value in TOML syntax; bare words are taken as strings, so `--set x.tau_m=20 ms` works).
/// Throws input_error naming the file, line and key of the first problem.
network_spec load_model_file(const std::string& path, const std::vector<std::string>& overrides = {});

/// The same from text; `source_name` stands for the file name in messages.
network_spec parse_model(std::string_view toml_text, const std::string& source_name,
                         const std::vector<std::string>& overrides = {});

/// The fully resolved model (defaults filled in, canonical units) as JSON text.
std::string model_to_json(const network_spec& spec);

}  // namespace lamina
