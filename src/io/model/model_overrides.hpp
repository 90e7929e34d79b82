#pragma once
// "--set a.b.c=value" overrides of a parsed model file, shared by the spiking, rate, negative-image
// and training loaders, so that every model file takes the same command-line overrides.
#include <toml++/toml.h>

#include <string>

namespace lamina::io {

/// Applies one "--set a.b=value" to a parsed document: the value is TOML if it parses as one value,
/// else the text as a string; tables on the path are created; [[array]] entries are addressed by
/// index. Throws input_error naming the assignment when the path or the value cannot be applied.
void apply_model_override(toml::table& root, const std::string& assignment);

}  // namespace lamina::io
