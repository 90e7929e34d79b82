// Rate model files: arrays (inline or from files), [[rate_inputs]] and [[rate_recorders]].
#include "io/model/rate_loader_detail.hpp"

#include "io/model/array_files.hpp"

#include <algorithm>
#include <cmath>

namespace lamina::io {

std::uint64_t rate_population_size(const toml_reader& r, const rate_network_spec& spec, const toml::node& node,
                                   const std::string& key, const std::string& name) {
    for (const auto& p : spec.populations)
        if (p.name == name) return p.size;
    std::string known;
    for (const auto& p : spec.populations) known += (known.empty() ? "" : ", ") + p.name;
    throw unknown_name_error(r.at(node, key) + ": no rate population named \"" + name + "\" (populations: " + known + ")");
}

std::vector<double> read_matrix_key(const toml_reader& r, const std::string& source, const toml::table& t,
                                    const std::string& ctx, const std::string& key, std::size_t rows, std::size_t cols,
                                    std::vector<std::string>& keys) {
    keys.insert(keys.end(), {key, key + "_file", key + "_dataset"});
    const auto* inline_node = t.get(key);
    const auto* file_node = t.get(key + "_file");
    if (!!inline_node == !!file_node) r.fail(t, ctx, "give exactly one of " + key + " (inline) and " + key + "_file");
    array2d a;
    std::string from;  // " in <file>" for messages about a file's shape
    const toml::node& at = inline_node ? *inline_node : *file_node;
    if (inline_node) {
        const auto* outer = inline_node->as_array();
        if (!outer) r.fail(*inline_node, ctx + "." + key, "expected a list of numbers or a list of rows");
        if (!outer->empty() && outer->get(0)->is_array()) {
            for (std::size_t i = 0; i < outer->size(); ++i) {
                const auto row = r.quantities(*outer->get(i), ctx + "." + key + "[" + std::to_string(i) + "]",
                                              dimension::dimensionless);
                if (i == 0) a.cols = row.size();
                else if (row.size() != a.cols) r.fail(*outer->get(i), ctx + "." + key, "rows of unequal length");
                a.values.insert(a.values.end(), row.begin(), row.end());
                ++a.rows;
            }
        } else {
            a.values = r.quantities(*inline_node, ctx + "." + key, dimension::dimensionless);
            a.rows = a.values.size();
            a.cols = 1;
        }
    } else {
        std::string dataset;
        if (auto* d = t.get(key + "_dataset")) dataset = r.text(*d, ctx + "." + key + "_dataset");
        const std::string path = resolve_beside(source, r.text(*file_node, ctx + "." + key + "_file"));
        try {
            a = read_array_file(path, dataset);
        } catch (const input_error& e) {
            r.fail(*file_node, ctx + "." + key + "_file", e.what());
        }
        from = " in " + path;
    }
    if (rows == 0 && cols == 0) return a.values;  // any shape (series)
    const bool vector_ok = (a.cols == 1 || a.rows == 1) && (rows == 1 || cols == 1) && a.values.size() == rows * cols;
    if (!vector_ok && (a.rows != rows || a.cols != cols))
        r.fail(at, ctx + "." + key, "expected a " + std::to_string(rows) + " x " + std::to_string(cols) + " array, got " +
                                        std::to_string(a.rows) + " x " + std::to_string(a.cols) + from);
    return a.values;
}

rate_input_spec read_rate_input(const toml_reader& r, const std::string& source, const toml::table& t,
                                const std::string& ctx, const rate_network_spec& spec) {
    rate_input_spec in;
    in.origin = r.line_of(t);
    in.name = r.text(r.required(t, ctx, "name"), ctx + ".name");
    for (const auto& other : spec.inputs)
        if (other.name == in.name) r.fail(*t.get("name"), ctx + ".name", "a second input named \"" + in.name + "\"");
    in.target = r.text(r.required(t, ctx, "target"), ctx + ".target");
    const auto n = rate_population_size(r, spec, *t.get("target"), ctx + ".target", in.target);
    const auto& type_node = r.required(t, ctx, "type");
    const std::string type = r.text(type_node, ctx + ".type");
    std::vector<std::string> keys{"name", "target", "type", "start", "stop", "weight", "weight_std"};
    auto q = [&](const char* key, dimension d, bool required) {
        keys.push_back(key);
        const auto* node = t.get(key);
        if (!node && required) node = &r.required(t, ctx, key);
        return node ? r.quantity(*node, ctx + "." + key, d) : 0.0;
    };
    using k = rate_input_spec::kind;
    if (type == "constant") {
        in.type = k::constant;
        in.amplitude = q("amplitude", dimension::dimensionless, true);
    } else if (type == "sine") {
        in.type = k::sine;
        in.amplitude = q("amplitude", dimension::dimensionless, true);
        in.frequency = q("frequency", dimension::frequency, true);
        in.phase = q("phase", dimension::dimensionless, false);
        in.offset = q("offset", dimension::dimensionless, false);
    } else if (type == "white_noise") {
        in.type = k::white_noise;
        in.amplitude = q("amplitude", dimension::dimensionless, true);
        in.offset = q("offset", dimension::dimensionless, false);
        if (in.amplitude < 0.0) r.fail(*t.get("amplitude"), ctx + ".amplitude", "must not be negative");
    } else if (type == "step") {
        in.type = k::step;
        keys.insert(keys.end(), {"times", "amplitudes"});
        in.times = r.quantities(r.required(t, ctx, "times"), ctx + ".times", dimension::time);
        in.amplitudes = r.quantities(r.required(t, ctx, "amplitudes"), ctx + ".amplitudes", dimension::dimensionless);
        if (in.times.size() != in.amplitudes.size() || in.times.empty())
            r.fail(t, ctx, "times and amplitudes need the same, non-zero length");
        if (!std::is_sorted(in.times.begin(), in.times.end())) r.fail(*t.get("times"), ctx + ".times", "must increase");
    } else if (type == "series") {
        in.type = k::series;
        in.series_dt = q("dt", dimension::time, true);
        if (!(in.series_dt > 0.0)) r.fail(*t.get("dt"), ctx + ".dt", "must be positive");
        keys.push_back("column");
        const auto* col_node = t.get("column");
        std::vector<std::string> ignored;
        auto values = read_matrix_key(r, source, t, ctx, "values", 0, 0, keys);
        // A 2-D file holds one channel per column; `column` picks it.
        if (const auto* f = t.get("values_file")) {
            array2d a = read_array_file(resolve_beside(source, r.text(*f, ctx + ".values_file")),
                                        t.get("values_dataset") ? r.text(*t.get("values_dataset"), ctx) : std::string());
            const std::uint64_t column = col_node ? r.count(*col_node, ctx + ".column") : 0;
            if (column >= a.cols)
                r.fail(col_node ? *col_node : *f, ctx + ".column",
                       "column " + std::to_string(column) + " is beyond the file's " + std::to_string(a.cols) + " columns");
            values.clear();
            for (std::size_t i = 0; i < a.rows; ++i) values.push_back(a.values[i * a.cols + column]);
        } else if (col_node) {
            r.fail(*col_node, ctx + ".column", "column applies to values_file only");
        }
        if (values.empty()) r.fail(t, ctx, "a series needs at least one value");
        in.series = std::move(values);
    } else {
        r.fail(type_node, ctx + ".type", "unknown input type \"" + type + "\" (known: constant, step, sine, white_noise, series)");
    }
    in.start = q("start", dimension::time, false);
    in.stop = t.get("stop") ? q("stop", dimension::time, false) : -1.0;
    if (t.get("stop") && !(in.stop > in.start)) r.fail(*t.get("stop"), ctx + ".stop", "must be after start");
    // The weight vector b: a number for all units, a list/file of one per unit, or random.
    if (const auto* w = t.get("weight"); w && !w->is_number()) {
        std::vector<std::string> ignored;
        in.b = read_matrix_key(r, source, t, ctx, "weight", n, 1, ignored);
    } else if (w) {
        in.weight = r.number(*w, ctx + ".weight");
    }
    keys.insert(keys.end(), {"weight_file", "weight_dataset"});
    if (t.get("weight_file")) {
        std::vector<std::string> ignored;
        in.b = read_matrix_key(r, source, t, ctx, "weight", n, 1, ignored);
    }
    if (const auto* ws = t.get("weight_std")) {
        if (t.get("weight") || t.get("weight_file"))
            r.fail(*ws, ctx + ".weight_std", "give weight (fixed) or weight_std (random N(0, weight_std^2)), not both");
        in.weight_std = r.number(*ws, ctx + ".weight_std");
        if (!(in.weight_std > 0.0)) r.fail(*ws, ctx + ".weight_std", "must be positive");
    }
    r.only_keys(t, ctx, keys);
    return in;
}

rate_recorder_spec read_rate_recorder(const toml_reader& r, const std::string& source, const toml::table& t,
                                      const std::string& ctx, const rate_network_spec& spec) {
    rate_recorder_spec rec;
    rec.origin = r.line_of(t);
    rec.name = r.text(r.required(t, ctx, "name"), ctx + ".name");
    const bool ok_name = !rec.name.empty() && std::all_of(rec.name.begin(), rec.name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (!ok_name) r.fail(*t.get("name"), ctx + ".name", "may contain only letters, digits, _ and - (it names an HDF5 group)");
    for (const auto& other : spec.recorders)
        if (other.name == rec.name) r.fail(*t.get("name"), ctx + ".name", "a second recorder named \"" + rec.name + "\"");
    rec.population = r.text(r.required(t, ctx, "population"), ctx + ".population");
    const auto n = rate_population_size(r, spec, *t.get("population"), ctx + ".population", rec.population);
    const auto& var_node = r.required(t, ctx, "variable");
    const std::string var = r.text(var_node, ctx + ".variable");
    std::vector<std::string> keys{"name", "population", "variable", "interval"};
    if (var == "x" || var == "phi") {
        rec.type = var == "x" ? rate_recorder_spec::kind::x : rate_recorder_spec::kind::phi;
        keys.push_back("units");
        if (auto* u = t.get("units")) {
            rec.units = r.counts(*u, ctx + ".units");
            for (const auto i : rec.units)
                if (i >= n) r.fail(*u, ctx + ".units", "unit " + std::to_string(i) + " is beyond the " + std::to_string(n) + " units");
        }
    } else if (var == "readout") {
        rec.type = rate_recorder_spec::kind::readout;
        keys.push_back("outputs");
        rec.outputs = r.count(r.required(t, ctx, "outputs"), ctx + ".outputs");
        if (rec.outputs == 0) r.fail(*t.get("outputs"), ctx + ".outputs", "must be at least 1");
        rec.readout = read_matrix_key(r, source, t, ctx, "weights", rec.outputs, n, keys);
    } else {
        r.fail(var_node, ctx + ".variable", "expected \"x\", \"phi\" or \"readout\", got \"" + var + "\"");
    }
    if (auto* i = t.get("interval")) {
        rec.interval = r.quantity(*i, ctx + ".interval", dimension::time);
        if (!(rec.interval > 0.0)) r.fail(*i, ctx + ".interval", "must be positive");
    }
    r.only_keys(t, ctx, keys);
    return rec;
}

}  // namespace lamina::io
