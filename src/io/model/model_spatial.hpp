#pragma once
// Model-file keys of the spatial features: a population's `layout`, a stimulus' `region` and the
// `mea` recorder (docs/model-files.md, "Space: layouts, regions and virtual MEAs").
#include <lamina/network_spec.hpp>

#include "io/model/toml_reader.hpp"

namespace lamina::io {

layout_spec read_layout(const toml_reader& r, const toml::node& node, const std::string& key);
region_spec read_region(const toml_reader& r, const toml::node& node, const std::string& key);
/// A [[recorders]] entry with type = "mea".
recorder_spec read_mea_recorder(const toml_reader& r, const toml::table& t, const std::string& ctx);

}  // namespace lamina::io
