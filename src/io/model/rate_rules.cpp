// Connectivity rules of the canonical rate networks (include/lamina/rate_rules.hpp) and their
// model-file form: rule = "hebbian" (Hopfield 1982) and rule = "cosine_ring" (Ben-Yishai, Bar-Or
// & Sompolinsky 1995). Both lower to low-rank factors, so a step costs O(N P) or O(3 N) instead
// of the O(N^2) of the dense matrix they stand for.
#include <lamina/error.hpp>
#include <lamina/rate_rules.hpp>

#include "core/rng.hpp"
#include "io/model/array_files.hpp"
#include "io/model/rate_loader_detail.hpp"

#include <cmath>
#include <numbers>

namespace lamina {

namespace {
// Stream purpose of pattern draws: the rate purposes start at 100 (core/rng.hpp); 120 is kept
// clear of the engine's so that patterns never share a stream with connectivity or noise.
constexpr std::uint32_t patterns_purpose = 120;
}  // namespace

std::vector<double> random_patterns(std::uint64_t P, std::uint64_t N, std::uint64_t seed) {
    if (P == 0 || N == 0) throw input_error("random_patterns: needs at least one pattern and one unit");
    std::vector<double> xi(P * N);
    for (std::uint64_t i = 0; i < N; ++i)
        for (std::uint64_t mu = 0; mu < P; ++mu)
            xi[mu * N + i] = core::rng_stream(seed, patterns_purpose, i, mu).uniform() < 0.5 ? 1.0 : -1.0;
    return xi;
}

std::vector<rate_connection_spec> hebbian_connections(const std::string& population, std::uint64_t N,
                                                      const std::vector<double>& patterns, bool self_coupling,
                                                      const std::string& origin) {
    const std::string at = (origin.empty() ? std::string("hebbian connection") : origin) + " (" + population + ")";
    if (N == 0 || patterns.empty() || patterns.size() % N != 0)
        throw input_error(at + ": patterns must hold P x N values for N = " + std::to_string(N) + " units (got " +
                          std::to_string(patterns.size()) + ")");
    for (const double v : patterns)
        if (!std::isfinite(v)) throw input_error(at + ": pattern values must be finite");
    rate_connection_spec c;
    c.source = c.target = population;
    c.kind = rate_connectivity::low_rank;
    c.rank = patterns.size() / N;
    c.m = patterns;  // m = n = xi: [R x N] is the factor layout of rate_connection_spec
    c.n = patterns;
    c.origin = origin;
    std::vector<rate_connection_spec> out{c};
    if (!self_coupling) {
        rate_connection_spec d;
        d.source = d.target = population;
        d.kind = rate_connectivity::matrix;
        d.origin = origin;
        for (std::uint64_t i = 0; i < N; ++i) {
            double diag = 0.0;
            for (std::uint64_t mu = 0; mu < c.rank; ++mu) diag += patterns[mu * N + i] * patterns[mu * N + i];
            d.rows.push_back(i);
            d.cols.push_back(i);
            d.values.push_back(-diag / static_cast<double>(N));
        }
        out.push_back(std::move(d));
    }
    return out;
}

double ring_angle(std::uint64_t i, std::uint64_t N) {
    return -std::numbers::pi / 2.0 + std::numbers::pi * static_cast<double>(i) / static_cast<double>(N);
}

rate_connection_spec cosine_ring_connection(const std::string& population, std::uint64_t N, double J0, double J2,
                                            const std::string& origin) {
    if (N == 0 || !std::isfinite(J0) || !std::isfinite(J2))
        throw input_error((origin.empty() ? std::string("cosine_ring connection") : origin) + " (" + population +
                          "): needs N >= 1 and finite J0, J2");
    rate_connection_spec c;
    c.source = c.target = population;
    c.kind = rate_connectivity::low_rank;
    c.rank = 3;
    c.origin = origin;
    c.m.resize(3 * N);
    c.n.resize(3 * N);
    for (std::uint64_t i = 0; i < N; ++i) {
        const double a = 2.0 * ring_angle(i, N);
        c.m[i] = -J0, c.n[i] = 1.0;
        c.m[N + i] = J2 * std::cos(a), c.n[N + i] = std::cos(a);
        c.m[2 * N + i] = J2 * std::sin(a), c.n[2 * N + i] = std::sin(a);
    }
    return c;
}

namespace io {

bool read_rate_rule_connection(const toml_reader& r, const std::string& source, const toml::table& t,
                               const std::string& ctx, rate_network_spec& spec) {
    const auto* rule_node = t.get("rule");
    if (!rule_node || !rule_node->is_string()) return false;
    const std::string rule = r.text(*rule_node, ctx + ".rule");
    if (rule != "hebbian" && rule != "cosine_ring") return false;
    const std::string origin = r.line_of(t);
    const std::string src = r.text(r.required(t, ctx, "source"), ctx + ".source");
    const std::string tgt = r.text(r.required(t, ctx, "target"), ctx + ".target");
    const auto N = rate_population_size(r, spec, *t.get("target"), ctx + ".target", tgt);
    if (src != tgt) r.fail(*t.get("source"), ctx + ".source", "rule \"" + rule + "\" connects a population to itself; source and target must be equal");
    std::vector<std::string> keys{"source", "target", "rule", "scale"};
    double scale = 1.0;
    if (auto* n = t.get("scale")) scale = r.number(*n, ctx + ".scale");
    std::vector<rate_connection_spec> made;
    if (rule == "hebbian") {
        keys.insert(keys.end(), {"patterns", "self_coupling", "seed"});
        bool self = false;
        if (auto* n = t.get("self_coupling")) self = r.boolean(*n, ctx + ".self_coupling");
        std::vector<double> xi;
        if (auto* n = t.get("patterns"); n && n->is_integer()) {
            // patterns = P: random +-1 patterns from the model's seed (or this entry's `seed`).
            std::uint64_t seed = spec.settings.seed;
            if (auto* s = t.get("seed")) seed = r.count(*s, ctx + ".seed");
            const auto P = r.count(*n, ctx + ".patterns");
            if (P == 0) r.fail(*n, ctx + ".patterns", "expected at least one pattern");
            xi = random_patterns(P, N, seed);
        } else {
            // patterns (inline rows) or patterns_file: [P x N]; P from the array's rows.
            const auto* f = t.get("patterns_file");
            const toml::node* where = n ? n : f;
            if (!where) r.fail(t, ctx, "rule \"hebbian\" needs patterns = P (random +-1) or patterns / patterns_file [P x N]");
            std::size_t P = 0;
            if (n && n->is_array()) {
                const auto* a = n->as_array();
                P = a->size() > 0 && (*a)[0].is_array() ? a->size() : 1;
            } else if (f) {
                std::string ds;
                if (auto* d = t.get("patterns_dataset")) ds = r.text(*d, ctx + ".patterns_dataset");
                P = read_array_file(resolve_beside(source, r.text(*f, ctx + ".patterns_file")), ds).rows;
            }
            if (P == 0) r.fail(*where, ctx + ".patterns", "expected at least one pattern of " + std::to_string(N) + " values");
            xi = read_matrix_key(r, source, t, ctx, "patterns", P, N, keys);
        }
        made = hebbian_connections(tgt, N, xi, self, origin);
    } else {
        keys.insert(keys.end(), {"J0", "J2"});
        double J0 = 0.0, J2 = 0.0;
        if (auto* n = t.get("J0")) J0 = r.number(*n, ctx + ".J0");
        J2 = r.number(r.required(t, ctx, "J2"), ctx + ".J2");
        made.push_back(cosine_ring_connection(tgt, N, J0, J2, origin));
    }
    r.only_keys(t, ctx, keys);
    for (auto& c : made) {
        c.scale = scale;
        spec.connections.push_back(std::move(c));
    }
    return true;
}

}  // namespace io
}  // namespace lamina
