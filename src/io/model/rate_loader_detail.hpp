#pragma once
// Pieces of the rate model-file loader shared between its files.
#include <lamina/rate_network.hpp>

#include "io/model/toml_reader.hpp"

#include <string>
#include <vector>

namespace lamina::io {

/// Size of a named rate population; unknown_name_error naming the key otherwise.
std::uint64_t rate_population_size(const toml_reader& r, const rate_network_spec& spec, const toml::node& node,
                                   const std::string& key, const std::string& name);

/// A [rows x cols] array given inline (`key` = list or list of rows) or as a file (`key_file`,
/// with `key_dataset` for HDF5), row-major; a vector fits n x 1 and 1 x n. Appends the keys it
/// accepts to `keys` (for only_keys).
std::vector<double> read_matrix_key(const toml_reader& r, const std::string& source, const toml::table& t,
                                    const std::string& ctx, const std::string& key, std::size_t rows, std::size_t cols,
                                    std::vector<std::string>& keys);

rate_input_spec read_rate_input(const toml_reader& r, const std::string& source, const toml::table& t,
                                const std::string& ctx, const rate_network_spec& spec);
rate_recorder_spec read_rate_recorder(const toml_reader& r, const std::string& source, const toml::table& t,
                                      const std::string& ctx, const rate_network_spec& spec);

/// rule = "hebbian" or "cosine_ring" (rate_rules.cpp): appends the connections the rule lowers
/// to and returns true; false for every other rule.
bool read_rate_rule_connection(const toml_reader& r, const std::string& source, const toml::table& t,
                               const std::string& ctx, rate_network_spec& spec);

/// schedule = { times = [...], scales = [...] } of a connection (rate_loop_rule.cpp); appends
/// "schedule" to `keys`.
void read_rate_schedule(const toml_reader& r, const toml::table& t, const std::string& ctx, rate_connection_spec& c,
                        std::vector<std::string>& keys);
/// rule = "eigenvalue_loop" (rate_loop_rule.cpp): appends the thalamic loop and returns true.
bool read_rate_loop_connection(const toml_reader& r, const toml::table& t, const std::string& ctx,
                               rate_network_spec& spec);

}  // namespace lamina::io
