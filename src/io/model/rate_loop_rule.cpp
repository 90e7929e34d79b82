// Thalamic loops in a rate model file (Logiaco, Abbott & Escola 2021, Cell Rep 37:110097):
// rule = "eigenvalue_loop" lowers to the low-rank loop u v^T that moves chosen eigenvalues of
// the population's recurrent matrix (analysis::place_eigenvalues, Brauer 1952) and leaves the
// rest of the spectrum in place; `schedule` switches loops on and off in sequence. The matrix is
// the sum of the `matrix` connections of the population given before the loop (each at its
// scale): a drawn (random, sparse, low-rank) block is not known at load time and is refused.
#include <lamina/analysis/rate_theory.hpp>
#include <lamina/error.hpp>

#include "io/model/rate_loader_detail.hpp"

#include <complex>

namespace lamina::io {

void read_rate_schedule(const toml_reader& r, const toml::table& t, const std::string& ctx, rate_connection_spec& c,
                        std::vector<std::string>& keys) {
    keys.push_back("schedule");
    const auto* n = t.get("schedule");
    if (!n) return;
    const auto& s = r.table(*n, ctx + ".schedule");
    r.only_keys(s, ctx + ".schedule", {"times", "scales"});
    c.schedule_times = r.quantities(r.required(s, ctx + ".schedule", "times"), ctx + ".schedule.times", dimension::time);
    c.schedule_scales = r.quantities(r.required(s, ctx + ".schedule", "scales"), ctx + ".schedule.scales",
                                     dimension::dimensionless);
    if (c.schedule_times.size() != c.schedule_scales.size() || c.schedule_times.empty())
        r.fail(*n, ctx + ".schedule", "expected as many times as scales (at least one), got " +
                                          std::to_string(c.schedule_times.size()) + " times and " +
                                          std::to_string(c.schedule_scales.size()) + " scales");
    for (std::size_t k = 0; k < c.schedule_times.size(); ++k)
        if (!(c.schedule_times[k] >= 0.0) || (k > 0 && c.schedule_times[k] < c.schedule_times[k - 1]))
            r.fail(*n, ctx + ".schedule.times", "times must be >= 0 ms and non-decreasing");
}

namespace {

// Marks the loops in `origin`: each loop moves eigenvalues of the bare J, not of J plus the loops
// before it (they are switched in sequence, not stacked).
constexpr const char* loop_tag = " (eigenvalue_loop)";

std::vector<std::complex<double>> complex_list(const toml_reader& r, const toml::node& n, const std::string& key) {
    // [[re, im], ...] or one [re, im]
    const auto* a = n.as_array();
    if (!a || a->empty()) r.fail(n, key, "expected [re, im] pairs, e.g. [[1.0, 0.25]]");
    std::vector<std::complex<double>> out;
    const bool nested = (*a)[0].is_array();
    const std::size_t count = nested ? a->size() : 1;
    for (std::size_t k = 0; k < count; ++k) {
        const auto v = r.quantities(nested ? *a->get(k) : n, key, dimension::dimensionless);
        if (v.size() != 2) r.fail(n, key, "each eigenvalue is a pair [re, im], got " + std::to_string(v.size()) + " numbers");
        out.emplace_back(v[0], v[1]);
    }
    return out;
}

}  // namespace

bool read_rate_loop_connection(const toml_reader& r, const toml::table& t, const std::string& ctx,
                               rate_network_spec& spec) {
    const auto* rule_node = t.get("rule");
    if (!rule_node || !rule_node->is_string() || r.text(*rule_node, ctx + ".rule") != "eigenvalue_loop") return false;
    const std::string src = r.text(r.required(t, ctx, "source"), ctx + ".source");
    const std::string tgt = r.text(r.required(t, ctx, "target"), ctx + ".target");
    const auto N = rate_population_size(r, spec, *t.get("target"), ctx + ".target", tgt);
    if (src != tgt) r.fail(*t.get("source"), ctx + ".source", "rule \"eigenvalue_loop\" acts on a population's recurrent matrix; source and target must be equal");
    std::vector<std::string> keys{"source", "target", "rule", "scale", "move", "to"};
    // The recurrent matrix J as given so far (target x source, row-major).
    std::vector<double> J(N * N, 0.0);
    bool any = false;
    for (const auto& c : spec.connections) {
        if (c.source != tgt || c.target != tgt || c.origin.ends_with(loop_tag)) continue;  // other loops: not J
        if (c.kind != rate_connectivity::matrix && c.kind != rate_connectivity::identity)
            r.fail(t, ctx, "the loop needs the recurrent matrix of \"" + tgt + "\" at load time; a connection of it (" +
                               c.origin + ") is drawn when the network is built. Give J with rule = \"matrix\"");
        any = true;
        if (c.kind == rate_connectivity::identity)
            for (std::uint64_t i = 0; i < N; ++i) J[i * N + i] += c.scale;
        else if (c.rows.empty())
            for (std::size_t k = 0; k < J.size(); ++k) J[k] += c.scale * c.matrix[k];
        else
            for (std::size_t k = 0; k < c.rows.size(); ++k) J[c.rows[k] * N + c.cols[k]] += c.scale * c.values[k];
    }
    if (!any) r.fail(t, ctx, "no recurrent matrix of \"" + tgt + "\" is given before this loop (rule = \"matrix\")");
    const auto from = complex_list(r, r.required(t, ctx, "move"), ctx + ".move");
    const auto to = complex_list(r, r.required(t, ctx, "to"), ctx + ".to");
    if (from.size() != to.size())
        r.fail(*t.get("to"), ctx + ".to", "expected one target per eigenvalue in `move` (" + std::to_string(from.size()) + ")");
    analysis::eigenvalue_loop loop;
    try {
        loop = analysis::place_eigenvalues(J, N, from, to);
    } catch (const std::exception& e) {
        r.fail(t, ctx, e.what());
    }
    rate_connection_spec c;
    c.source = c.target = tgt;
    c.kind = rate_connectivity::low_rank;
    c.rank = loop.rank;
    c.m = loop.u;  // u[r * N + i]: the factor layout of rate_connection_spec
    c.n = loop.v;
    for (auto& x : c.n) x *= static_cast<double>(N);  // the engine applies m n^T / N
    c.origin = r.line_of(t) + loop_tag;
    if (auto* n = t.get("scale")) c.scale = r.number(*n, ctx + ".scale");
    read_rate_schedule(r, t, ctx, c, keys);
    r.only_keys(t, ctx, keys);
    spec.connections.push_back(std::move(c));
    return true;
}

}  // namespace lamina::io
