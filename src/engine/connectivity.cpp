#include "engine/connectivity.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"
#include "engine/distribution_sampling.hpp"
#include "engine/receptor_choice.hpp"

#include <cmath>
#include <limits>
#include <type_traits>
#include <unordered_set>

namespace lamina::engine {
namespace {

constexpr double max_delay_steps = std::numeric_limits<std::uint16_t>::max();

std::string where(const connection_plan& p) {
    return p.spec->origin + ": connection " + p.spec->source + " -> " + p.spec->target;
}

/// Converts delays to steps: max(1, round(delay / dt)) (halves away from zero), at most 65535;
/// distributions are bounded below by check_connection. Truncation and an exact fraction instead
/// of std::round, a library call that was 4% of the microcircuit's construction (one per synapse
/// and pass); the value is the same for every input, NaN included (-> 1).
std::uint16_t delay_steps(double delay_ms, double dt) {
    const double steps = delay_ms / dt;
    if (!(steps >= 1.0)) return 1;
    if (steps >= max_delay_steps) return static_cast<std::uint16_t>(max_delay_steps);
    const auto whole = static_cast<std::uint32_t>(steps);  // floor: steps is in [1, 65535)
    return static_cast<std::uint16_t>(whole + (steps - double(whole) >= 0.5 ? 1 : 0));
}

/// Lowest value a distribution can produce (its min, or the natural bound), for delay checks.
double lower_bound(const distribution& d) {
    using k = distribution::kind;
    double lo = -std::numeric_limits<double>::infinity();
    if (d.type == k::constant) lo = d.a;
    if (d.type == k::uniform) lo = d.a;
    if (d.type == k::lognormal || d.type == k::exponential) lo = 0.0;
    if (d.min) lo = std::max(lo, *d.min);
    return lo;
}

double upper_bound(const distribution& d) {
    using k = distribution::kind;
    double hi = std::numeric_limits<double>::infinity();
    if (d.type == k::constant) hi = d.a;
    if (d.type == k::uniform) hi = d.b;
    if (d.max) hi = std::min(hi, *d.max);
    return hi;
}

/// Everything needed to emit one synapse of a plan: weight sign and port, delay in steps.
struct emitter {
    const connection_plan& plan;
    double dt;
    const index_range owned;
    synapse_sink& out;
    receptor_choice receptor;

    void operator()(std::uint64_t src, std::uint64_t tgt, core::rng_stream& rng) const {
        double w = 0.0, d = 0.0;
        try {  // a [min, max] window the draws keep missing: say which connection
            w = draw(plan.spec->weight, rng);
        } catch (const input_error& e) {
            throw input_error(where(plan) + ": weight: " + e.what());
        }
        try {
            d = draw(plan.spec->delay, rng);
        } catch (const input_error& e) {
            throw input_error(where(plan) + ": delay: " + e.what());
        }
        if (!owned.contains(tgt)) return;
        const auto [port, weight] = receptor.place(w);
        out.add(static_cast<std::uint32_t>(plan.source->first_gid() + src),
                 static_cast<std::uint32_t>(plan.target->first_gid() + tgt), weight, delay_steps(d, dt), port);
    }
};

/// Draws distinct indices below n, honouring the autapse/multapse flags.
class index_drawer {
public:
    index_drawer(std::uint64_t n, bool multapses, bool exclude_self)
        : n_(n), multapses_(multapses), exclude_self_(exclude_self) {
        if (!multapses_) taken_.assign(n, 0);
    }
    std::uint64_t next(core::rng_stream& rng, std::uint64_t self) {
        while (true) {
            const std::uint64_t j = rng.below(n_);
            if (exclude_self_ && j == self) continue;
            if (!multapses_) {
                if (taken_[j]) continue;
                taken_[j] = 1;
                chosen_.push_back(j);
            }
            return j;
        }
    }
    void reset() {
        for (auto j : chosen_) taken_[j] = 0;
        chosen_.clear();
    }

private:
    std::uint64_t n_;
    bool multapses_, exclude_self_;
    std::vector<std::uint8_t> taken_;
    std::vector<std::uint64_t> chosen_;
};

}  // namespace

void check_connection(const connection_plan& p, double dt) {
    const auto& c = *p.spec;
    const std::uint64_t ns = p.source->size(), nt = p.target->size();
    const bool same = p.source == p.target;
    const bool no_self = same && !c.allow_autapses;
    auto fail = [&](const std::string& why) { throw input_error(where(p) + ": " + why); };

    const double dmin = lower_bound(c.delay), dmax = upper_bound(c.delay);
    if (dmin < 0.0) fail("delay must not be negative (got a lowest possible delay of " + std::to_string(dmin) + " ms)");
    if (dmin < dt * (1.0 - 1e-9)) {
        if (c.delay.is_constant())
            fail("delay " + std::to_string(c.delay.a) + " ms is below the time step dt = " + std::to_string(dt) +
                 " ms; delays must be at least one step");
        fail("the delay distribution can draw values below dt = " + std::to_string(dt) +
             " ms; give it a min >= dt");
    }
    if (std::isfinite(dmax) && dmax / dt > max_delay_steps)
        fail("delay " + std::to_string(dmax) + " ms is longer than the supported " +
             std::to_string(static_cast<int>(max_delay_steps)) + " steps");
    if (!std::isfinite(dmax)) fail("the delay distribution is unbounded above; give it a max");
    const auto receptor = resolve_receptor(c.receptor, p.target->info(), where(p));
    // An explicit inhibitory receptor takes the weight's magnitude, as a conductance user writes
    // it; an explicit excitatory receptor with a negative weight is a contradiction.
    if (receptor.port >= 0 && !receptor.inhibitory && c.weight.is_constant() && c.weight.a < 0.0)
        fail("receptor \"" + *c.receptor + "\" is excitatory but the weight is negative (" +
             std::to_string(c.weight.a) + ")");

    switch (c.rule) {
        case connection_rule::fixed_indegree: {
            const std::uint64_t avail = ns - (no_self ? 1 : 0);
            if (c.indegree > 0 && avail == 0) fail("no source neuron available (autapses are not allowed)");
            if (!c.allow_multapses && c.indegree > avail)
                fail("in-degree " + std::to_string(c.indegree) + " exceeds the " + std::to_string(avail) +
                     " available sources and multapses are not allowed");
            break;
        }
        case connection_rule::fixed_outdegree: {
            const std::uint64_t avail = nt - (no_self ? 1 : 0);
            if (c.outdegree > 0 && avail == 0) fail("no target neuron available (autapses are not allowed)");
            if (!c.allow_multapses && c.outdegree > avail)
                fail("out-degree " + std::to_string(c.outdegree) + " exceeds the " + std::to_string(avail) +
                     " available targets and multapses are not allowed");
            break;
        }
        case connection_rule::fixed_total_number: {
            const double pairs = double(ns) * double(nt) - (no_self ? double(ns) : 0.0);
            if (c.total > 0 && pairs <= 0) fail("no (source, target) pair available");
            if (!c.allow_multapses && double(c.total) > pairs)
                fail("total number " + std::to_string(c.total) + " exceeds the " +
                     std::to_string(static_cast<std::uint64_t>(pairs)) + " possible pairs without multapses");
            break;
        }
        case connection_rule::pairwise_bernoulli:
            if (!(c.probability >= 0.0 && c.probability <= 1.0))
                fail("probability must be in [0, 1], got " + std::to_string(c.probability));
            break;
        case connection_rule::one_to_one:
            if (ns != nt)
                fail("one_to_one needs equal sizes, but " + c.source + " has " + std::to_string(ns) + " and " +
                     c.target + " has " + std::to_string(nt) + " neurons");
            if (no_self) fail("one_to_one within one population makes only autapses, but autapses are not allowed");
            break;
        case connection_rule::all_to_all: break;
    }
}

double expected_synapses(const connection_plan& p) {
    const auto& c = *p.spec;
    const double ns = double(p.source->size()), nt = double(p.target->size());
    switch (c.rule) {
        case connection_rule::fixed_indegree: return double(c.indegree) * nt;
        case connection_rule::fixed_outdegree: return double(c.outdegree) * ns;
        case connection_rule::fixed_total_number: return double(c.total);
        case connection_rule::pairwise_bernoulli: return c.probability * ns * nt;
        case connection_rule::one_to_one: return nt;
        case connection_rule::all_to_all: return ns * nt;
    }
    return 0.0;
}

delay_step_bounds delay_bounds(const connection_plan& p, double dt) {
    return {delay_steps(lower_bound(p.spec->delay), dt), delay_steps(upper_bound(p.spec->delay), dt)};
}

port_bounds receptor_ports_of(const connection_plan& p) {
    const auto receptor = resolve_receptor(p.spec->receptor, p.target->info(), where(p));
    if (receptor.port >= 0) return {receptor.port, receptor.port};
    // receptor_choice::place: port 1 for w < 0, port 0 for w >= 0.
    if (lower_bound(p.spec->weight) >= 0.0) return {0, 0};
    if (upper_bound(p.spec->weight) < 0.0) return {1, 1};
    return {0, 1};
}

std::vector<std::uint64_t> split_total_number(const connection_plan& p, std::uint64_t seed) {
    const auto& c = *p.spec;
    if (c.rule != connection_rule::fixed_total_number || !c.allow_multapses) return {};
    const std::uint64_t nt = p.target->size();
    std::vector<std::uint64_t> count(nt, 0);
    core::rng_stream split(seed, core::stream_purpose::global_draws, p.index);
    for (std::uint64_t k = 0; k < c.total; ++k) ++count[split.below(nt)];
    return count;
}

void generate_connection(const connection_plan& p, double dt, std::uint64_t seed, const partition& part, int worker,
                         synapse_sink& out) {
    const auto& c = *p.spec;
    const std::uint64_t ns = p.source->size(), nt = p.target->size();
    const bool no_self = p.source == p.target && !c.allow_autapses;
    const index_range owned = part.block(nt, worker);
    const emitter emit{p, dt, owned, out, resolve_receptor(c.receptor, p.target->info(), where(p))};
    auto target_stream = [&](std::uint64_t t) {
        return core::rng_stream(seed, core::stream_purpose::connectivity, p.target->first_gid() + t, p.index);
    };

    switch (c.rule) {
        case connection_rule::fixed_indegree: {
            index_drawer sources(ns, c.allow_multapses, no_self);
            for (std::uint64_t t = owned.begin; t < owned.end; ++t) {
                auto rng = target_stream(t);
                for (std::uint64_t k = 0; k < c.indegree; ++k) emit(sources.next(rng, t), t, rng);
                sources.reset();
            }
            break;
        }
        case connection_rule::pairwise_bernoulli: {
            if (c.probability <= 0.0) break;
            const double log_q = std::log1p(-c.probability);
            for (std::uint64_t t = owned.begin; t < owned.end; ++t) {
                auto rng = target_stream(t);
                // Geometric gaps between accepted sources: the same law as one coin per pair.
                std::uint64_t s = 0;
                while (s < ns) {
                    if (c.probability < 1.0) {
                        const double gap = std::floor(std::log(rng.uniform()) / log_q);
                        if (gap >= double(ns - s)) break;
                        s += static_cast<std::uint64_t>(gap);
                    }
                    if (!(no_self && s == t)) emit(s, t, rng);
                    ++s;
                }
            }
            break;
        }
        case connection_rule::fixed_outdegree: {
            index_drawer targets(nt, c.allow_multapses, no_self);
            for (std::uint64_t s = 0; s < ns; ++s) {
                core::rng_stream rng(seed, core::stream_purpose::connectivity_by_source, p.source->first_gid() + s,
                                     p.index);
                for (std::uint64_t k = 0; k < c.outdegree; ++k) emit(s, targets.next(rng, s), rng);
                targets.reset();
            }
            break;
        }
        case connection_rule::fixed_total_number: {
            if (c.allow_multapses) {
                // Uniform pairs with replacement = a multinomial split of the total over the
                // targets (each gets the same share: ns or ns - 1 sources), then each target's
                // sources drawn uniformly. The split (one 32-bit draw per synapse from the global
                // stream) is drawn once per network by build_network when it can; sources, weights
                // and delays come from the target's own stream, as for fixed_indegree, so the work
                // is not repeated per worker.
                std::vector<std::uint64_t> own_split;
                const std::vector<std::uint64_t>* count = p.target_counts.get();
                if (!count) {
                    own_split = split_total_number(p, seed);
                    count = &own_split;
                }
                index_drawer sources(ns, true, no_self);
                for (std::uint64_t t = owned.begin; t < owned.end; ++t) {
                    auto rng = target_stream(t);
                    for (std::uint64_t k = 0; k < (*count)[t]; ++k) emit(sources.next(rng, t), t, rng);
                }
                break;
            }
            // Without multapses the pairs are a uniform set of distinct pairs, drawn globally and
            // replayed by every worker (each keeps its own targets).
            core::rng_stream rng(seed, core::stream_purpose::global_draws, p.index);
            std::unordered_set<std::uint64_t> taken;
            for (std::uint64_t k = 0; k < c.total; ++k) {
                std::uint64_t s, t;
                do {
                    s = rng.below(ns);
                    t = rng.below(nt);
                } while ((no_self && s == t) || (!c.allow_multapses && !taken.insert(s * nt + t).second));
                emit(s, t, rng);
            }
            break;
        }
        case connection_rule::one_to_one:
            for (std::uint64_t t = owned.begin; t < owned.end; ++t) {
                auto rng = target_stream(t);
                emit(t, t, rng);
            }
            break;
        case connection_rule::all_to_all:
            for (std::uint64_t t = owned.begin; t < owned.end; ++t) {
                auto rng = target_stream(t);
                for (std::uint64_t s = 0; s < ns; ++s)
                    if (!(no_self && s == t)) emit(s, t, rng);
            }
            break;
    }
}

synapse_table to_rows(synapse_list&& list, std::uint64_t n_neurons) {
    synapse_table table;
    const std::size_t n = list.source.size();
    table.row_begin.assign(n_neurons + 1, 0);
    for (auto s : list.source) ++table.row_begin[s + 1];
    for (std::uint64_t i = 0; i < n_neurons; ++i) table.row_begin[i + 1] += table.row_begin[i];
    // One field at a time, each list field released as soon as it is placed: list and table
    // together never hold more than the 19 bytes of one synapse plus the field being copied
    // (8 for a double weight), 27 bytes per synapse instead of 34 with both whole. Every field
    // is placed in the same order, so the rows are those of a single pass.
    auto place = [&](auto& from, auto& to) {
        std::vector<std::uint64_t> fill(table.row_begin.begin(), table.row_begin.end() - 1);
        to.resize(n);
        for (std::size_t k = 0; k < n; ++k) to[fill[list.source[k]]++] = from[k];
        from = std::remove_reference_t<decltype(from)>{};
    };
    place(list.weight, table.weight);
    place(list.target, table.target);
    place(list.delay, table.delay);
    place(list.port, table.port);
    list = synapse_list{};
    return table;
}

}  // namespace lamina::engine
