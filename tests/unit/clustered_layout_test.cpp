// The clustered layout (src/core/layout.cpp, src/io/model/model_spatial.cpp): positions inside the
// rectangle, depending on the seed and the neuron only (not on threads, nor on the populations
// after it), clumps shared by the populations of one culture, and errors that name the key. The
// statistics of the cluster process are checked in tests/validation/clustered_layout_test.cpp.
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spatial.hpp>

#include "model_file_checks.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace {

std::string culture(int threads, int i_size = 100, const std::string& i_extra = "") {
    return R"(
[simulation]
duration = "60 ms"
seed = 5
threads = )" + std::to_string(threads) + R"(
[populations.E]
model = "lif_psc_delta"
size = 400
layout = { kind = "clustered", width = "1 mm", height = "0.8 mm", clusters = 12, cluster_radius = "30 um" }
[populations.I]
model = "lif_psc_delta"
size = )" + std::to_string(i_size) + R"(
layout = { kind = "clustered", width = "1 mm", height = "0.8 mm", clusters = 12, cluster_radius = "30 um")" +
           i_extra + R"( }
[[connections]]
source = "E"
target = "I"
rule = "fixed_indegree"
indegree = 20
weight = "0.5 mV"
delay = "1 ms"
[[stimuli]]
type = "dc"
target = "E"
amplitude = "2 nA"
region = { x = "500 um", y = "400 um", radius = "250 um" }
[[recorders]]
type = "mea"
populations = ["E", "I"]
rows = 4
cols = 4
radius = "60 um"
x = "500 um"
y = "400 um"
)";
}

double nearest(const std::array<double, 2>& p, const std::vector<std::array<double, 2>>& others) {
    double best = 1e300;
    for (const auto& q : others) best = std::min(best, std::hypot(p[0] - q[0], p[1] - q[1]));
    return best;
}

TEST(clustered_layout, positions_lie_in_the_rectangle_and_depend_on_seed_and_neuron_only) {
    const auto spec = lamina::parse_model(culture(1), "c.toml");
    const auto e = lamina::neuron_positions(spec, "E");
    ASSERT_EQ(e.size(), 400u);
    for (const auto& p : e) EXPECT_TRUE(p[0] >= 0.0 && p[0] < 1000.0 && p[1] >= 0.0 && p[1] < 800.0);
    // The thread count is not an input of the positions, and a later population's size is not
    // either (E's gids come first); I's positions are keyed by their gids, so they stay too.
    EXPECT_EQ(lamina::neuron_positions(lamina::parse_model(culture(4), "c.toml"), "E"), e);
    const auto i = lamina::neuron_positions(spec, "I");
    const auto bigger = lamina::neuron_positions(lamina::parse_model(culture(1, 150), "c.toml"), "I");
    EXPECT_EQ(std::vector(bigger.begin(), bigger.begin() + 100), i);
    // Clumped: a neuron has a neighbour (of 499 others in its and the other clumps) within 10 um
    // far more often than in the uniform layout, where the chance is 1 - exp(-500 pi 10^2 / 8e5)
    // = 18% (71 of 400, sd about 8); seed 5 gives 226.
    std::size_t close = 0;
    for (std::size_t k = 0; k < e.size(); ++k) {
        auto others = e;
        others.erase(others.begin() + static_cast<std::ptrdiff_t>(k));
        close += nearest(e[k], others) < 10.0;
    }
    EXPECT_GT(close, 150u);
}

TEST(clustered_layout, populations_of_one_culture_share_their_clumps_unless_cluster_seed_differs) {
    // Clumps of 1 um: every I neuron lies on a clump that E neurons occupy.
    auto tight = [](const std::string& extra) {
        auto text = culture(1, 100, extra);
        for (std::size_t at; (at = text.find("\"30 um\"")) != std::string::npos;) text.replace(at, 7, "\"1 um\"");
        return lamina::parse_model(text, "c.toml");
    };
    const auto shared = tight("");
    const auto e = lamina::neuron_positions(shared, "E");
    for (const auto& p : lamina::neuron_positions(shared, "I")) EXPECT_LT(nearest(p, e), 10.0);
    // Another cluster_seed: independent centres, so (12 clumps on 0.8 mm^2) an I clump lies within
    // 10 um of an E clump with probability about 12 x pi 10^2 / 8e5 = 0.5% per clump.
    const auto apart = tight(", cluster_seed = 7");
    std::size_t near_e = 0;
    for (const auto& p : lamina::neuron_positions(apart, "I")) near_e += nearest(p, e) < 10.0;
    EXPECT_LT(near_e, 20u);
    EXPECT_EQ(lamina::neuron_positions(apart, "E"), e);  // E keeps the default cluster_seed 0
}

TEST(clustered_layout, spikes_and_the_virtual_mea_are_the_same_on_1_and_3_threads) {
    // The region stimulus and the MEA both read the positions inside a run.
    auto run = [](int threads) {
        const auto spec = lamina::parse_model(culture(threads), "c.toml");
        lamina::simulation sim(spec, threads);
        sim.run(60.0);
        return std::pair{sim.spikes(), lamina::virtual_mea(spec, sim.spikes(), spec.recorders[0], 60.0)};
    };
    const auto [s1, m1] = run(1);
    const auto [s3, m3] = run(3);
    ASSERT_GT(s1[0].times.size(), 0u);
    ASSERT_GT(m1.trains.total_spikes(), 0u);
    for (std::size_t p = 0; p < s1.size(); ++p) {
        EXPECT_EQ(s3[p].times, s1[p].times);
        EXPECT_EQ(s3[p].node_ids, s1[p].node_ids);
    }
    EXPECT_EQ(m3.trains.names, m1.trains.names);
    EXPECT_EQ(m3.trains.offsets, m1.trains.offsets);
    EXPECT_EQ(m3.trains.times, m1.trains.times);
}

TEST(clustered_layout, the_resolved_model_keeps_the_keys) {
    const auto j = nlohmann::json::parse(
        lamina::model_to_json(lamina::parse_model(culture(1, 100, ", cluster_seed = 3"), "c.toml")));
    const auto& l = j["populations"]["I"]["layout"];
    EXPECT_EQ(l["kind"], "clustered");
    EXPECT_EQ(l["clusters"], 12);
    EXPECT_EQ(l["cluster_radius"], "30 um");
    EXPECT_EQ(l["cluster_seed"], 3);
    EXPECT_EQ(j["populations"]["E"]["layout"]["cluster_seed"], 0);
}

TEST(clustered_layout, bad_keys_and_values_are_errors_naming_the_key) {
    auto fails = [](const std::string& layout, const std::string& expected) {
        lamina::test::expect_parse_error(
            "[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 10\nlayout = { " + layout + " }\n", expected);
    };
    const std::string rect = R"(kind = "clustered", width = "1 mm", height = "1 mm", )";
    fails(rect + R"(clusters = 0, cluster_radius = "40 um")",
          "populations.E.layout.clusters: expected a number of clusters from 1 to 10000000, got 0");
    fails(rect + R"(clusters = -2, cluster_radius = "40 um")", "populations.E.layout.clusters: must not be negative");
    fails(rect + R"(clusters = 4, cluster_radius = "0 um")", "populations.E.layout.cluster_radius: must be a positive length");
    fails(rect + R"(clusters = 4, cluster_radius = "-5 um")", "populations.E.layout.cluster_radius: must be a positive length");
    fails(rect + R"(clusters = 4, cluster_radius = "40 ms")", "populations.E.layout.cluster_radius");
    fails(rect + R"(cluster_radius = "40 um")", "populations.E.layout");
    fails(rect + R"(clusters = 4)", "cluster_radius");
    fails(rect + R"(clusters = 4, cluster_radius = "40 um", cluster_size = 3)", "cluster_size");
    fails(rect + R"(clusters = 4, cluster_radius = "40 um", cluster_seed = 5000000000)",
          "populations.E.layout.cluster_seed: expected a whole number below 2^32");
    fails(R"(kind = "uniform", width = "1 mm", height = "1 mm", clusters = 4)",
          "populations.E.layout.clusters: is a key of kind = \"clustered\" only, not of \"uniform\"");
}

}  // namespace
