#include "io/model/model_spatial.hpp"

#include <cmath>

namespace lamina::io {
namespace {

double positive_length(const toml_reader& r, const toml::node& node, const std::string& key) {
    const double v = r.quantity(node, key, dimension::length);
    if (!(v > 0.0)) r.fail(node, key, "must be a positive length, e.g. \"1.4 mm\"");
    return v;
}

}  // namespace

layout_spec read_layout(const toml_reader& r, const toml::node& node, const std::string& key) {
    const auto& t = r.table(node, key);
    r.only_keys(t, key, {"kind", "width", "height", "clusters", "cluster_radius", "cluster_seed"});
    layout_spec l;
    const std::string kind = r.text(r.required(t, key, "kind"), key + ".kind");
    if (kind == "uniform") l.type = layout_spec::kind::uniform;
    else if (kind == "grid") l.type = layout_spec::kind::grid;
    else if (kind == "clustered") l.type = layout_spec::kind::clustered;
    else r.fail(*t.get("kind"), key + ".kind", "unknown layout \"" + kind + "\" (known: uniform, grid, clustered)");
    l.width = positive_length(r, r.required(t, key, "width"), key + ".width");
    l.height = positive_length(r, r.required(t, key, "height"), key + ".height");
    if (l.type != layout_spec::kind::clustered) {
        for (const char* k : {"clusters", "cluster_radius", "cluster_seed"})
            if (const auto* n = t.get(k))
                r.fail(*n, key + "." + k, "is a key of kind = \"clustered\" only, not of \"" + kind + "\"");
        return l;
    }
    const auto& nk = r.required(t, key, "clusters");
    l.clusters = r.count(nk, key + ".clusters");
    if (l.clusters < 1 || l.clusters > 10'000'000)
        r.fail(nk, key + ".clusters", "expected a number of clusters from 1 to 10000000, got " + std::to_string(l.clusters));
    l.cluster_radius = positive_length(r, r.required(t, key, "cluster_radius"), key + ".cluster_radius");
    if (const auto* n = t.get("cluster_seed")) {
        l.cluster_seed = r.count(*n, key + ".cluster_seed");
        if (l.cluster_seed > 0xFFFFFFFFu) r.fail(*n, key + ".cluster_seed", "expected a whole number below 2^32");
    }
    return l;
}

region_spec read_region(const toml_reader& r, const toml::node& node, const std::string& key) {
    const auto& t = r.table(node, key);
    r.only_keys(t, key, {"x", "y", "radius"});
    region_spec g;
    g.x = r.quantity(r.required(t, key, "x"), key + ".x", dimension::length);
    g.y = r.quantity(r.required(t, key, "y"), key + ".y", dimension::length);
    g.radius = positive_length(r, r.required(t, key, "radius"), key + ".radius");
    return g;
}

recorder_spec read_mea_recorder(const toml_reader& r, const toml::table& t, const std::string& ctx) {
    r.only_keys(t, ctx, {"type", "populations", "rows", "cols", "pitch", "radius", "detection", "omit_corners", "x",
                         "y", "file", "age"});
    recorder_spec rec;
    rec.type = recorder_spec::kind::mea;
    rec.origin = r.line_of(t);
    rec.populations = r.texts(r.required(t, ctx, "populations"), ctx + ".populations");
    auto& m = rec.mea;
    auto grid_count = [&](const char* key, std::uint64_t& out) {
        if (const auto* n = t.get(key)) {
            out = r.count(*n, ctx + "." + key);
            if (out < 1 || out > 1024) r.fail(*n, ctx + "." + key, "expected 1 to 1024 electrodes");
        }
    };
    grid_count("rows", m.rows);
    grid_count("cols", m.cols);
    if (const auto* n = t.get("pitch")) m.pitch = positive_length(r, *n, ctx + ".pitch");
    if (const auto* n = t.get("radius")) m.radius = positive_length(r, *n, ctx + ".radius");
    if (const auto* n = t.get("detection")) {
        m.detection = r.number(*n, ctx + ".detection");
        if (!(m.detection >= 0.0 && m.detection <= 1.0))
            r.fail(*n, ctx + ".detection", "must be a probability between 0 and 1");
    }
    if (const auto* n = t.get("omit_corners")) m.omit_corners = r.boolean(*n, ctx + ".omit_corners");
    if (const auto* n = t.get("x")) m.x = r.quantity(*n, ctx + ".x", dimension::length);
    if (const auto* n = t.get("y")) m.y = r.quantity(*n, ctx + ".y", dimension::length);
    if (const auto* n = t.get("file")) {
        m.file = r.text(*n, ctx + ".file");
        if (m.file.empty() || m.file.find('/') != std::string::npos || m.file == "spikes.h5" || m.file == "traces.h5")
            r.fail(*n, ctx + ".file", "expected a plain file name other than spikes.h5 and traces.h5, e.g. \"mea.h5\"");
    }
    if (const auto* n = t.get("age")) m.age = r.count(*n, ctx + ".age");
    return rec;
}

}  // namespace lamina::io
