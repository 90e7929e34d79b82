#include "io/model/toml_reader.hpp"

#include "core/distribution_quantile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace lamina::io {
namespace {

/// Nodes parsed from the file carry its path; values given with --set carry "--set", and tables
/// that --set had to create carry none (toml++ gives constructed nodes no source).
bool from_command_line(const toml::node& node) {
    const auto& src = node.source();
    return !src.path || *src.path == "--set";
}

/// A number as a user would write it: 20, not 20.000000.
std::string plain(double v) {
    std::ostringstream os;
    os.precision(10);
    os << v;
    return os.str();
}

/// What the user wrote, for "got ..." in messages.
std::string describe(const toml::node& node) {
    if (const auto* s = node.as_string()) {
        const std::string& v = s->get();
        return "\"" + (v.size() > 40 ? v.substr(0, 40) + "..." : v) + "\"";
    }
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    if (const auto* f = node.as_floating_point()) return plain(f->get());
    if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
    if (node.is_table()) return "a table";
    if (node.is_array()) return "a list";
    return "a date or time";
}


}  // namespace

std::string toml_reader::line_of(const toml::node& node) const {
    if (from_command_line(node)) return "--set";
    return file_ + ":" + std::to_string(node.source().begin.line);
}

std::string toml_reader::at(const toml::node& node, const std::string& key) const {
    if (from_command_line(node)) return "--set " + key;
    return file_ + ":" + std::to_string(node.source().begin.line) + ": " + key;
}

void toml_reader::fail(const toml::node& node, const std::string& key, const std::string& what) const {
    throw input_error(at(node, key) + ": " + what);
}

double toml_reader::quantity(const toml::node& node, const std::string& key, dimension dim) const {
    if (const auto* s = node.as_string()) return parse_quantity_as(s->get(), dim, at(node, key));
    if (node.is_number()) {
        const double v = node.is_integer() ? double(node.as_integer()->get()) : node.as_floating_point()->get();
        if (dim == dimension::dimensionless) return v;
        fail(node, key, "the number " + plain(v) + " has no unit; write it as a string with a " +
                            std::string(dimension_name(dim)) + " unit, e.g. \"" + plain(v) + " " +
                            std::string(canonical_unit(dim)) + "\"");
    }
    if (node.is_table()) fail(node, key, "a distribution is not allowed here; expected a single " +
                                             std::string(dimension_name(dim)));
    fail(node, key, "expected a " + std::string(dimension_name(dim)) + " such as \"1 " +
                        std::string(canonical_unit(dim)) + "\", got " + describe(node));
}

distribution toml_reader::distributed(const toml::node& node, const std::string& key, dimension dim) const {
    return read_distribution(node, key, dim, nullptr);
}

distribution toml_reader::distributed_parameter(const toml::node& node, const std::string& key, dimension dim,
                                                bool& quantiles) const {
    quantiles = false;
    return read_distribution(node, key, dim, &quantiles);
}

distribution toml_reader::read_distribution(const toml::node& node, const std::string& key, dimension dim,
                                            bool* quantiles) const {
    if (!node.is_table()) return distribution::constant(quantity(node, key, dim));
    const auto& t = *node.as_table();
    const auto& kind_node = required(t, key, "distribution");
    const std::string kind = text(kind_node, key + ".distribution");
    distribution d;
    auto value = [&](const char* name) { return quantity(required(t, key, name), key + "." + name, dim); };
    auto only = [&](std::vector<std::string> allowed) {
        if (quantiles) allowed.push_back("sampling");
        only_keys(t, key, allowed);
    };
    if (quantiles) {
        if (const auto* s = t.get("sampling")) {
            const std::string how = text(*s, key + ".sampling");
            if (how != "independent" && how != "quantiles")
                fail(*s, key + ".sampling",
                     "expected \"independent\" (a draw per neuron) or \"quantiles\" (the distribution's "
                     "quantiles (i + 0.5) / n in a random order), got \"" + how + "\"");
            *quantiles = how == "quantiles";
        }
    }
    if (kind == "uniform") {
        only({"distribution", "low", "high", "min", "max"});
        d = {distribution::kind::uniform, value("low"), value("high"), {}, {}};
        if (!(d.b > d.a)) fail(node, key, "uniform distribution needs low < high");
    } else if (kind == "normal" || kind == "lognormal") {
        only({"distribution", "mean", "std", "min", "max"});
        d = {kind == "normal" ? distribution::kind::normal : distribution::kind::lognormal, value("mean"),
             value("std"), {}, {}};
        if (d.b < 0.0) fail(node, key, "std must not be negative");
        if (d.type == distribution::kind::lognormal && !(d.a > 0.0))
            fail(node, key, "lognormal distribution needs a positive mean");
    } else if (kind == "exponential") {
        only({"distribution", "mean", "min", "max"});
        d = {distribution::kind::exponential, value("mean"), 0.0, {}, {}};
        if (!(d.a > 0.0)) fail(node, key, "exponential distribution needs a positive mean");
    } else {
        fail(kind_node, key + ".distribution",
             "unknown distribution \"" + kind + "\" (known: uniform, normal, lognormal, exponential)");
    }
    if (auto* lo = t.get("min")) d.min = quantity(*lo, key + ".min", dim);
    if (auto* hi = t.get("max")) d.max = quantity(*hi, key + ".max", dim);
    if (d.min && d.max && *d.min > *d.max) fail(node, key, "min is above max");
    // The same rule as the engine's (core::min_window_mass says why), here with the line.
    if (d.min || d.max) {
        try {
            core::require_window_mass(d);
        } catch (const input_error& e) {
            fail(node, key, e.what());
        }
    }
    return d;
}

std::uint64_t toml_reader::count(const toml::node& node, const std::string& key) const {
    if (const auto* i = node.as_integer()) {
        if (i->get() < 0) fail(node, key, "must not be negative, got " + std::to_string(i->get()));
        return static_cast<std::uint64_t>(i->get());
    }
    if (const auto* f = node.as_floating_point()) {
        const double v = f->get();
        if (v >= 0.0 && v < 9.2e18 && v == std::floor(v)) return static_cast<std::uint64_t>(v);
    }
    fail(node, key, "expected a whole number that is not negative, got " + describe(node));
}

double toml_reader::number(const toml::node& node, const std::string& key) const {
    return quantity(node, key, dimension::dimensionless);
}

bool toml_reader::boolean(const toml::node& node, const std::string& key) const {
    if (const auto* b = node.as_boolean()) return b->get();
    fail(node, key, "expected true or false, got " + describe(node));
}

std::string toml_reader::text(const toml::node& node, const std::string& key) const {
    if (const auto* s = node.as_string()) return s->get();
    fail(node, key, "expected a string in quotes, got " + describe(node));
}

std::vector<std::string> toml_reader::texts(const toml::node& node, const std::string& key) const {
    if (node.is_string()) return {text(node, key)};
    const auto* a = node.as_array();
    if (!a) fail(node, key, "expected a string or a list of strings");
    std::vector<std::string> out;
    for (const auto& e : *a) out.push_back(text(e, key));
    return out;
}

std::vector<std::uint64_t> toml_reader::counts(const toml::node& node, const std::string& key) const {
    const auto* a = node.as_array();
    if (!a) fail(node, key, "expected a list of whole numbers, e.g. [0, 1, 2]");
    std::vector<std::uint64_t> out;
    for (const auto& e : *a) out.push_back(count(e, key));
    return out;
}

std::vector<double> toml_reader::quantities(const toml::node& node, const std::string& key, dimension dim) const {
    const auto* a = node.as_array();
    if (!a) fail(node, key, "expected a list of quantities, e.g. [\"10 ms\", \"20 ms\"]");
    std::vector<double> out;
    for (const auto& e : *a) out.push_back(quantity(e, key, dim));
    return out;
}

const toml::table& toml_reader::table(const toml::node& node, const std::string& key) const {
    if (const auto* t = node.as_table()) return *t;
    fail(node, key, "expected a table, got " + describe(node));
}

void toml_reader::only_keys(const toml::table& t, const std::string& context,
                            const std::vector<std::string>& allowed) const {
    for (const auto& [k, v] : t) {
        const std::string key(k.str());
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw unknown_name_error(at(v, context + "." + key) + ": unknown key \"" + key + "\" (allowed here: " +
                                 list + ")");
    }
}

const toml::node& toml_reader::required(const toml::table& t, const std::string& context,
                                        const std::string& key) const {
    if (const auto* n = t.get(key)) return *n;
    throw input_error(at(t, context) + ": missing key \"" + key + "\"");
}

}  // namespace lamina::io
