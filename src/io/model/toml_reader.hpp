#pragma once
// Typed reads of TOML nodes with messages that name the file, line and key.
#include <lamina/error.hpp>
#include <lamina/network_spec.hpp>
#include <lamina/units.hpp>

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace lamina::io {

class toml_reader {
public:
    explicit toml_reader(std::string file) : file_(std::move(file)) {}

    /// "file:line: key", or "--set key" for a value given on the command line.
    std::string at(const toml::node& node, const std::string& key) const;
    std::string line_of(const toml::node& node) const;

    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& what) const;

    double quantity(const toml::node& node, const std::string& key, dimension dim) const;
    distribution distributed(const toml::node& node, const std::string& key, dimension dim) const;
    /// A per-neuron parameter: as distributed(), and its table may add `sampling` = "independent"
    /// (the default: one draw per neuron) or "quantiles" (the distribution's quantiles in a random
    /// order), which sets `quantiles`.
    distribution distributed_parameter(const toml::node& node, const std::string& key, dimension dim,
                                       bool& quantiles) const;
    std::uint64_t count(const toml::node& node, const std::string& key) const;
    double number(const toml::node& node, const std::string& key) const;
    bool boolean(const toml::node& node, const std::string& key) const;
    std::string text(const toml::node& node, const std::string& key) const;
    std::vector<std::string> texts(const toml::node& node, const std::string& key) const;
    std::vector<std::uint64_t> counts(const toml::node& node, const std::string& key) const;
    std::vector<double> quantities(const toml::node& node, const std::string& key, dimension dim) const;
    const toml::table& table(const toml::node& node, const std::string& key) const;

    /// Refuses keys outside `allowed`, listing the allowed ones.
    void only_keys(const toml::table& t, const std::string& context, const std::vector<std::string>& allowed) const;
    /// The node of a required key.
    const toml::node& required(const toml::table& t, const std::string& context, const std::string& key) const;

private:
    /// `quantiles` null: no `sampling` key allowed.
    distribution read_distribution(const toml::node& node, const std::string& key, dimension dim,
                                   bool* quantiles) const;
    std::string file_;
};

}  // namespace lamina::io
