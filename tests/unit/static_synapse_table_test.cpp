// The 8-byte static synapse table (src/engine/static_synapse_table.hpp) and its two-pass builder
// (static_synapse_builder.cpp): the table build_network makes without a list holds exactly the
// synapses, in exactly the order, of the list the rules generate sorted by source and then
// (delay, port); its runs describe every synapse's delay and port; delivering a spike adds each
// synapse's weight into the slot of its delay and its port. Everything is exact (integers and
// the float weights compared to the bit): no tolerance.
#include <lamina/network_spec.hpp>

#include "engine/connectivity.hpp"
#include "engine/delivery.hpp"
#include "engine/network.hpp"
#include "engine/static_synapse_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
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

/// Heterogeneous delays (normal, 0.1-3 ms: ~30 delays per row), weights of both signs (ports by
/// sign), an explicit inhibitory receptor, multapses, two source populations feeding one row set.
lamina::network_spec mixed_network() {
    lamina::network_spec s;
    s.source = "test";
    s.simulation.origin = "test";
    s.simulation.seed = 5;
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
            engine::synapse_list list;
            for (std::size_t k = 0; k < spec.connections.size(); ++k) {
                const auto& c = spec.connections[k];
                const engine::connection_plan plan{&c, static_cast<std::uint32_t>(k),
                                                   net.populations[net.population_index(c.source, c.origin)].get(),
                                                   net.populations[net.population_index(c.target, c.origin)].get()};
                engine::generate_connection(plan, net.dt, net.seed, net.part, w, list);
            }
            const auto reference = listed(engine::to_static_rows(std::move(list), net.n_neurons));
            const auto built = listed(net.tables[static_cast<std::size_t>(w)]);
            ASSERT_GT(reference.size(), 1000u);
            EXPECT_TRUE(built == reference) << workers << " workers, worker " << w;
        }
    }
}

TEST(static_synapse_table, runs_are_ordered_by_delay_and_port_and_tile_each_row) {
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
                EXPECT_LT(std::tie(t.runs[r - 1].delay, t.runs[r - 1].port), std::tie(t.runs[r].delay, t.runs[r].port));
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

}  // namespace
