// The 6-byte static synapse table (src/engine/static_synapse_table.hpp) and its two-pass builder
// (static_synapse_builder.cpp): the table build_network makes without a list holds exactly the
// synapses, in exactly the order, of the list the rules generate sorted by source and then
// (delay, port, target gid >> 16); its runs describe every synapse's delay, port and target
// high bits; delivering a spike adds each synapse's weight into the slot of its delay and its
// port, also for targets beyond 2^16; networks the 24-bit targets cannot address are refused
// before anything is allocated. Everything is exact (integers and the float weights compared to
// the bit): no tolerance.
#include <lamina/network_spec.hpp>

#include "engine/connectivity.hpp"
#include "engine/delivery.hpp"
#include "engine/network.hpp"
#include "engine/static_synapse_builder.hpp"

#include <gtest/gtest.h>

#include <lamina/error.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace {

using lamina::connection_rule;
using lamina::connection_spec;
using lamina::distribution;
namespace engine = lamina::engine;

struct synapse {
    std::uint32_t source, target;
    float weight;
    std::uint16_t delay;
    std::uint8_t port;
    friend bool operator==(const synapse&, const synapse&) = default;
};

std::vector<synapse> listed(const engine::static_synapse_table& t) {
    std::vector<synapse> out;
    t.for_each([&](std::uint32_t s, std::uint32_t tg, float w, std::uint16_t d, std::uint8_t p) {
        out.push_back({s, tg, w, d, p});
    });
    return out;
}

lamina::population_spec population(const std::string& name, std::uint64_t size) {
    lamina::population_spec p;
    p.name = name;
    p.model = "lif_psc_exp";
    p.size = size;
    p.origin = "test:" + name;
    return p;
}

connection_spec connection(const std::string& source, const std::string& target, connection_rule rule) {
    connection_spec c;
    c.source = source;
    c.target = target;
    c.rule = rule;
    c.origin = "test:connection";
    return c;
}

lamina::network_spec test_spec(std::uint64_t seed) {
    lamina::network_spec s;
    s.source = "test";
    s.simulation.origin = "test";
    s.simulation.seed = seed;
    return s;
}

/// The synapses that worker `worker` generates for every rule of spec, in generation order.
engine::synapse_list generated(const lamina::network_spec& spec, const engine::network& net, int worker) {
    engine::synapse_list list;
    for (std::size_t k = 0; k < spec.connections.size(); ++k) {
        const auto& c = spec.connections[k];
        const engine::connection_plan plan{&c, static_cast<std::uint32_t>(k),
                                           net.populations[net.population_index(c.source, c.origin)].get(),
                                           net.populations[net.population_index(c.target, c.origin)].get(),
                                           nullptr};
        engine::generate_connection(plan, net.dt, net.seed, net.part, worker, list);
    }
    return list;
}

/// Heterogeneous delays (normal, 0.1-3 ms: ~30 delays per row), weights of both signs (ports by
/// sign), an explicit inhibitory receptor, multapses, two source populations feeding one row set.
lamina::network_spec mixed_network() {
    auto s = test_spec(5);
    s.populations = {population("A", 300), population("B", 120)};
    auto ab = connection("A", "B", connection_rule::fixed_indegree);
    ab.indegree = 80;
    ab.weight = {distribution::kind::normal, 0.0, 20.0, {}, {}};  // pA: both signs
    ab.delay = {distribution::kind::normal, 1.5, 0.7, 0.1, 3.0};
    auto aa = connection("A", "A", connection_rule::fixed_total_number);
    aa.total = 20000;
    aa.weight = {distribution::kind::uniform, 10.0, 30.0, {}, {}};
    aa.delay = {distribution::kind::uniform, 0.5, 2.0, {}, {}};
    auto ba = connection("B", "A", connection_rule::pairwise_bernoulli);
    ba.probability = 0.2;
    ba.weight = distribution::constant(40.0);
    ba.receptor = "inhibitory";
    ba.delay = {distribution::kind::normal, 0.8, 0.4, 0.1, 2.0};
    auto aa_again = connection("A", "A", connection_rule::fixed_indegree);  // same rows as aa, more delays
    aa_again.indegree = 10;
    aa_again.weight = distribution::constant(-5.0);
    aa_again.delay = distribution::constant(0.3);
    s.connections = {ab, aa, ba, aa_again};
    return s;
}

TEST(static_synapse_table, two_pass_build_equals_the_sorted_list_of_generated_synapses) {
    const auto spec = mixed_network();
    for (int workers : {1, 3}) {
        const auto net = engine::build_network(spec, workers);
        for (int w = 0; w < workers; ++w) {
            const auto reference = listed(engine::to_static_rows(generated(spec, net, w), net.n_neurons));
            const auto built = listed(net.tables[static_cast<std::size_t>(w)]);
            ASSERT_GT(reference.size(), 1000u);
            EXPECT_TRUE(built == reference) << workers << " workers, worker " << w;
        }
    }
}

TEST(static_synapse_table, runs_are_ordered_by_delay_port_and_high_and_tile_each_row) {
    const auto net = engine::build_network(mixed_network(), 2);
    std::uint64_t distinct_delays = 0;
    for (const auto& t : net.tables) {
        for (std::uint64_t s = 0; s + 1 < t.row_begin.size(); ++s) {
            const std::uint64_t length = t.row_begin[s + 1] - t.row_begin[s];
            if (t.run_begin[s] == t.run_begin[s + 1]) {
                EXPECT_EQ(length, 0u);
                continue;
            }
            EXPECT_EQ(t.runs[t.run_begin[s + 1] - 1].end, length) << "row " << s;
            for (auto r = t.run_begin[s] + 1; r < t.run_begin[s + 1]; ++r) {
                EXPECT_LT(t.runs[r - 1].end, t.runs[r].end);  // no empty run
                EXPECT_LT(std::tie(t.runs[r - 1].delay, t.runs[r - 1].port, t.runs[r - 1].high),
                          std::tie(t.runs[r].delay, t.runs[r].port, t.runs[r].high));
            }
            distinct_delays = std::max(distinct_delays, t.run_begin[s + 1] - t.run_begin[s]);
        }
    }
    EXPECT_GT(distinct_delays, 10u);  // the delays are heterogeneous: many runs per row
}

TEST(static_synapse_table, delivery_adds_each_weight_at_its_delay_and_port) {
    const auto net = engine::build_network(mixed_network(), 1);
    const auto& table = net.tables[0];
    engine::ring_buffer ring(net.n_neurons, net.max_delay + net.min_delay + 1, 2);
    const std::vector<lamina::spike_event> spikes = {{7, 3}, {7, 250}, {9, 310}};
    engine::deliver_spikes(table, spikes, ring);
    // The reference sums in the same order (spikes, then stored order), so it is exact.
    std::map<std::tuple<std::int64_t, int, std::uint32_t>, double> expected;
    for (const auto& e : spikes)
        table.for_each([&](std::uint32_t s, std::uint32_t tg, float w, std::uint16_t d, std::uint8_t p) {
            if (s == e.gid) expected[{e.step + d, p, tg}] += double(w);
        });
    ASSERT_GT(expected.size(), 100u);
    for (const auto& [key, sum] : expected) {
        const auto [arrival, port, target] = key;
        EXPECT_EQ(ring.at(arrival, port)[target], sum);
    }
    double total = 0.0, expected_total = 0.0;
    for (std::int64_t slot = 0; slot < ring.slots(); ++slot)
        for (int p = 0; p < 2; ++p)
            for (std::uint64_t i = 0; i < net.n_neurons; ++i) total += std::fabs(ring.at(slot, p)[i]);
    for (const auto& kv : expected) expected_total += std::fabs(kv.second);
    // Nothing delivered anywhere else; the two totals sum the same entries in different orders
    // (rounding ~1e-16 relative per add), hence the 1e-9 relative margin.
    EXPECT_NEAR(total, expected_total, 1e-9 * expected_total);
}

/// 70,000 + 600 neurons: gids cross 2^16 inside A (targets of high 0 and 1 in one row) and B
/// lies wholly above it. Small in-degrees keep it at ~2.4e5 synapses; delays of 1-4 steps and
/// weights of both signs give several (delay, port) runs per row, each split by high.
lamina::network_spec wide_network() {
    auto s = test_spec(11);
    s.populations = {population("A", 70000), population("B", 600)};
    auto aa = connection("A", "A", connection_rule::fixed_indegree);
    aa.indegree = 2;
    aa.weight = {distribution::kind::normal, 0.0, 20.0, {}, {}};  // pA: both signs
    aa.delay = {distribution::kind::uniform, 0.1, 0.4, {}, {}};
    auto ba = connection("B", "A", connection_rule::fixed_indegree);
    ba.indegree = 1;
    ba.weight = distribution::constant(30.0);
    ba.receptor = "inhibitory";
    ba.delay = distribution::constant(0.2);
    auto ab = connection("A", "B", connection_rule::fixed_indegree);
    ab.indegree = 50;
    ab.weight = {distribution::kind::uniform, 5.0, 15.0, {}, {}};
    ab.delay = {distribution::kind::uniform, 0.1, 0.4, {}, {}};
    s.connections = {aa, ba, ab};
    return s;
}

/// The documented order, written plainly: the generated list stable-sorted by (source, delay,
/// port, target >> 16), weights rounded to float as stored.
std::vector<synapse> sorted_reference(const engine::synapse_list& list) {
    std::vector<synapse> out;
    for (std::size_t k = 0; k < list.source.size(); ++k)
        out.push_back({list.source[k], list.target[k], static_cast<float>(list.weight[k]), list.delay[k], list.port[k]});
    std::stable_sort(out.begin(), out.end(), [](const synapse& a, const synapse& b) {
        return std::tuple(a.source, a.delay, a.port, a.target >> 16) < std::tuple(b.source, b.delay, b.port, b.target >> 16);
    });
    return out;
}

TEST(static_synapse_table, targets_beyond_2_16_come_back_whole_from_both_builders) {
    const auto spec = wide_network();
    for (int workers : {1, 3}) {
        const auto net = engine::build_network(spec, workers);
        for (int w = 0; w < workers; ++w) {
            auto list = generated(spec, net, w);
            const auto reference = sorted_reference(list);
            EXPECT_TRUE(listed(net.tables[static_cast<std::size_t>(w)]) == reference) << workers << " workers, worker " << w;
            EXPECT_TRUE(listed(engine::to_static_rows(std::move(list), net.n_neurons)) == reference)
                << workers << " workers, worker " << w;
            // Both sides of the boundary, and the gids right at it, are present.
            std::set<std::uint32_t> targets;
            for (const auto& syn : reference) targets.insert(syn.target);
            EXPECT_LT(*targets.begin(), 65536u);
            EXPECT_GE(*targets.rbegin(), 70000u);
            if (workers == 1) {
                EXPECT_TRUE(targets.contains(65535) && targets.contains(65536));
            }
        }
        // Some row holds runs of one (delay, port) on both sides of 2^16.
        std::uint64_t split_runs = 0;
        for (const auto& t : net.tables)
            for (std::uint64_t s = 0; s + 1 < t.run_begin.size(); ++s)
                for (auto r = t.run_begin[s] + 1; r < t.run_begin[s + 1]; ++r)
                    split_runs += t.runs[r - 1].delay == t.runs[r].delay && t.runs[r - 1].port == t.runs[r].port &&
                                  t.runs[r - 1].high + 1 == t.runs[r].high;
        EXPECT_GT(split_runs, 0u) << workers << " workers";
    }
}

TEST(static_synapse_table, delivery_beyond_2_16_equals_a_naive_per_synapse_sum) {
    const auto spec = wide_network();
    const auto net = engine::build_network(spec, 2);
    const std::int64_t slots = net.max_delay + net.min_delay + 1;
    engine::ring_buffer ring(net.n_neurons, slots, 2);
    std::vector<lamina::spike_event> spikes;
    for (std::uint32_t gid : {3u, 65535u, 65536u, 69999u, 70000u, 70599u}) spikes.push_back({20, gid});
    for (std::uint32_t gid = 0; gid < net.n_neurons; gid += 97) spikes.push_back({21, gid});
    std::sort(spikes.begin(), spikes.end());
    for (const auto& table : net.tables) engine::deliver_spikes(table, spikes, ring);

    // Naive: every synapse of the reference lists, one add each into [slot][port][target], in
    // the same order as delivery (spikes, then stored order), so the sums agree to the bit.
    std::vector<double> naive(static_cast<std::size_t>(slots) * 2 * net.n_neurons, 0.0);
    std::vector<std::multimap<std::uint32_t, synapse>> by_source(2);
    for (int w = 0; w < 2; ++w)
        for (const auto& syn : sorted_reference(generated(spec, net, w))) by_source[std::size_t(w)].insert({syn.source, syn});
    std::uint64_t events = 0;
    for (const auto& e : spikes)
        for (const auto& rows : by_source)
            for (auto [it, end] = rows.equal_range(e.gid); it != end; ++it, ++events) {
                const synapse& syn = it->second;
                const auto slot = static_cast<std::uint64_t>((e.step + syn.delay) % slots);
                naive[(slot * 2 + syn.port) * net.n_neurons + syn.target] += double(syn.weight);
            }
    ASSERT_GT(events, 1000u);
    std::uint64_t differing = 0, beyond = 0;
    for (std::int64_t slot = 0; slot < slots; ++slot)
        for (int p = 0; p < 2; ++p)
            for (std::uint64_t i = 0; i < net.n_neurons; ++i) {
                const double expected = naive[(std::uint64_t(slot) * 2 + std::uint64_t(p)) * net.n_neurons + i];
                differing += ring.at(slot, p)[i] != expected;
                beyond += i >= 65536 && expected != 0.0;
            }
    EXPECT_EQ(differing, 0u);
    EXPECT_GT(beyond, 100u);  // entries above 2^16 did receive input
}

TEST(static_synapse_table, networks_beyond_2_24_neurons_are_refused_before_allocating) {
    // Refused by the neuron count alone: neither populations nor tables are allocated.
    auto spec = mixed_network();
    spec.populations[0].size = engine::max_static_neurons + 1 - spec.populations[1].size;
    try {
        engine::build_network(spec, 1);
        ADD_FAILURE() << "no error";
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("test:A: population A"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("exceed the supported 16777216"), std::string::npos) << e.what();
    }
    // The table builders check too (their callers outside build_network: tests, benchmarks).
    EXPECT_THROW(engine::to_static_rows(engine::synapse_list{}, engine::max_static_neurons + 1), lamina::input_error);
    EXPECT_THROW(engine::build_static_synapses({}, 0.1, 1, engine::partition{}, 0, engine::max_static_neurons + 1),
                 lamina::input_error);
}

}  // namespace
