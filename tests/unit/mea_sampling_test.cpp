// The virtual MEA (src/analysis/mea_sampling.cpp, src/core/layout.cpp, src/io/virtual_mea.cpp):
// electrodes where an MCS array has them, each seeing exactly the neurons within its radius,
// missed spikes thinned binomially, reproducible for a seed; regions and files round-trip.
#include <lamina/analysis/mea.hpp>
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/outputs.hpp>
#include <lamina/recordings.hpp>
#include <lamina/spatial.hpp>

#include "model_file_checks.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

namespace {

namespace an = lamina::analysis;

TEST(mea_sampling, an_8x8_grid_without_corners_is_the_60_electrodes_of_the_hipsc_recordings) {
    // The hiPSC files (Cotterill et al. 2016) name electrodes ch_<column><row> and place them at
    // x = 200 column, y = 200 (9 - row) um: a 200 um grid centred on (900, 900).
    const auto g = an::electrode_grid(8, 8, 200.0, 900.0, 900.0, true);
    ASSERT_EQ(g.names.size(), 60u);
    const std::map<std::string, std::array<double, 2>> from_d45_file{
        {"ch_23", {400, 1200}}, {"ch_24", {400, 1000}}, {"ch_51", {1000, 1600}}, {"ch_58", {1000, 200}},
        {"ch_82", {1600, 1400}}, {"ch_84", {1600, 1000}}};
    for (const auto& [name, xy] : from_d45_file) {
        const auto it = std::find(g.names.begin(), g.names.end(), name);
        ASSERT_NE(it, g.names.end()) << name;
        const auto k = static_cast<std::size_t>(it - g.names.begin());
        EXPECT_DOUBLE_EQ(g.positions[k][0], xy[0]) << name;
        EXPECT_DOUBLE_EQ(g.positions[k][1], xy[1]) << name;
    }
    for (const char* corner : {"ch_11", "ch_18", "ch_81", "ch_88"})
        EXPECT_EQ(std::find(g.names.begin(), g.names.end(), corner), g.names.end()) << corner;
}

TEST(mea_sampling, an_electrode_sees_exactly_the_neurons_within_its_radius) {
    // Neurons on a 10 um lattice around one electrode at (0, 0): those at distance <= 25 um are the
    // lattice points (i, j) with 100 (i^2 + j^2) <= 625, i.e. i^2 + j^2 <= 6.25: 21 points.
    an::electrode_array e{{"ch_11"}, {{0.0, 0.0}}};
    std::vector<std::array<double, 2>> xy;
    for (int i = -5; i <= 5; ++i)
        for (int j = -5; j <= 5; ++j) xy.push_back({10.0 * i, 10.0 * j});
    const auto near = an::neurons_near(xy, e, 25.0);
    ASSERT_EQ(near[0].size(), 21u);
    for (const auto k : near[0]) EXPECT_LE(std::hypot(xy[k][0], xy[k][1]), 25.0);
    // A neuron exactly on the circle counts (distance <= radius); one just outside does not.
    const auto on = an::neurons_near(std::vector<std::array<double, 2>>{{30.0, 40.0}, {30.0, 40.001}}, e, 50.0);
    EXPECT_EQ(on[0], (std::vector<std::size_t>{0}));

    // Sampling merges the spikes of exactly those neurons: neuron k fires once, at k ms.
    std::vector<double> t;
    std::vector<std::uint64_t> ids;
    for (std::size_t k = 0; k < xy.size(); ++k) {
        t.push_back(double(k));
        ids.push_back(k);
    }
    const auto trains = lamina::spike_trains::from_pairs(t, ids, xy.size(), 0.0, 1000.0);
    const auto rec = an::sample_electrodes(trains, xy, e, {25.0, 1.0, 1});
    ASSERT_EQ(rec.units(), 1u);
    std::vector<double> expected;
    for (const auto k : near[0]) expected.push_back(double(k));
    EXPECT_EQ(std::vector<double>(rec.unit(0).begin(), rec.unit(0).end()), expected);
}

TEST(mea_sampling, detection_probability_thins_spikes_binomially_and_reproducibly) {
    // One neuron with n = 20000 spikes under 4 electrodes, p = 0.3: each electrode keeps a
    // Binomial(n, p) count, mean 6000, sd sqrt(n p (1-p)) = 64.8; 5 sd (324) bounds a correct
    // sampler's deviation with probability 1 - 6e-7 per electrode.
    const std::size_t n = 20000;
    std::vector<double> t(n);
    for (std::size_t k = 0; k < n; ++k) t[k] = 0.5 * double(k);
    const auto trains = lamina::spike_trains::from_pairs(t, std::vector<std::uint64_t>(n, 0), 1, 0.0, 1e4);
    an::electrode_array e{{"a", "b", "c", "d"}, {{0, 0}, {1, 0}, {0, 1}, {1, 1}}};
    const std::vector<std::array<double, 2>> xy{{0.5, 0.5}};
    const auto r = an::sample_electrodes(trains, xy, e, {10.0, 0.3, 7});
    for (std::size_t u = 0; u < 4; ++u) EXPECT_NEAR(double(r.unit(u).size()), 6000.0, 5 * 64.8) << u;
    // Electrodes miss independently: the overlap of two is Binomial(n, p^2), mean 1800, sd 40.2.
    std::vector<double> both;
    std::set_intersection(r.unit(0).begin(), r.unit(0).end(), r.unit(1).begin(), r.unit(1).end(),
                          std::back_inserter(both));
    EXPECT_NEAR(double(both.size()), 1800.0, 5 * 40.2);
    // Same seed, same spikes; another seed, other spikes.
    const auto again = an::sample_electrodes(trains, xy, e, {10.0, 0.3, 7});
    EXPECT_EQ(again.times, r.times);
    EXPECT_NE(an::sample_electrodes(trains, xy, e, {10.0, 0.3, 8}).times, r.times);
    // p = 0 and p = 1 are exact.
    EXPECT_EQ(an::sample_electrodes(trains, xy, e, {10.0, 0.0, 7}).total_spikes(), 0u);
    EXPECT_EQ(an::sample_electrodes(trains, xy, e, {10.0, 1.0, 7}).total_spikes(), 4 * n);
    EXPECT_THROW(an::sample_electrodes(trains, xy, e, {10.0, 1.5, 7}), lamina::input_error);
    EXPECT_THROW(an::sample_electrodes(trains, xy, e, {0.0, 1.0, 7}), lamina::input_error);
}

const char* spatial_model = R"(
[simulation]
duration = "10 ms"
seed = 3
[populations.E]
model = "lif_psc_delta"
size = 400
layout = { kind = "uniform", width = "1.4 mm", height = "0.7 mm" }
[populations.I]
model = "lif_psc_delta"
size = 100
layout = { kind = "grid", width = "1 mm", height = "1 mm" }
[[stimuli]]
type = "dc"
target = "E"
amplitude = "10 pA"
region = { x = "700 um", y = "350 um", radius = "200 um" }
[[recorders]]
type = "mea"
populations = ["E", "I"]
radius = "60 um"
detection = 0.5
age = 45
)";

TEST(mea_sampling, layouts_are_reproducible_inside_their_rectangle_and_regions_select_by_distance) {
    const auto spec = lamina::parse_model(spatial_model, "spatial.toml");
    const auto xy = lamina::neuron_positions(spec, "E");
    ASSERT_EQ(xy.size(), 400u);
    double mean_x = 0.0;
    for (const auto& p : xy) {
        EXPECT_TRUE(p[0] > 0.0 && p[0] < 1400.0 && p[1] > 0.0 && p[1] < 700.0);
        mean_x += p[0] / 400.0;
    }
    // Uniform on (0, 1400): mean 700, sd of the mean 1400 / sqrt(12 * 400) = 20.2; 5 sd.
    EXPECT_NEAR(mean_x, 700.0, 5 * 20.2);
    EXPECT_EQ(lamina::neuron_positions(spec, "E"), xy);
    // The grid layout: 10 x 10 cells of 100 um, centres at 50, 150, ...
    const auto grid = lamina::neuron_positions(spec, "I");
    EXPECT_DOUBLE_EQ(grid[0][0], 50.0);
    EXPECT_DOUBLE_EQ(grid[99][1], 950.0);

    const auto s = lamina::resolve_region(spec, spec.stimuli[0]);
    EXPECT_FALSE(s.region);
    std::size_t inside = 0;
    for (std::size_t i = 0; i < xy.size(); ++i) {
        const bool in = std::hypot(xy[i][0] - 700.0, xy[i][1] - 350.0) <= 200.0;
        inside += in;
        EXPECT_EQ(std::count(s.neurons.begin(), s.neurons.end(), i), in ? 1 : 0);
    }
    EXPECT_EQ(s.neurons.size(), inside);
    auto far = spec.stimuli[0];
    far.region = lamina::region_spec{5000.0, 5000.0, 10.0};
    EXPECT_THROW(lamina::resolve_region(spec, far), lamina::input_error);
}

TEST(mea_sampling, a_virtual_mea_file_reads_back_as_an_mea_recording) {
    const auto spec = lamina::parse_model(spatial_model, "spatial.toml");
    ASSERT_EQ(spec.recorders[0].type, lamina::recorder_spec::kind::mea);
    EXPECT_DOUBLE_EQ(spec.recorders[0].mea.radius, 60.0);
    // Every neuron fires at 1 ms and 2 ms.
    std::vector<lamina::population_spikes> spikes{{"E", 400, {}, {}}, {"I", 100, {}, {}}};
    for (auto& p : spikes)
        for (double t : {1.0, 2.0})
            for (std::uint64_t i = 0; i < p.size; ++i) {
                p.times.push_back(t);
                p.node_ids.push_back(i);
            }
    const auto rec = lamina::virtual_mea(spec, spikes, spec.recorders[0], 10.0);
    ASSERT_EQ(rec.trains.units(), 60u);
    const auto path = (std::filesystem::temp_directory_path() / "lamina_virtual_mea_test.h5").string();
    lamina::write_mea_file(path, rec);
    const auto back = lamina::read_recording(path);
    std::filesystem::remove(path);
    EXPECT_EQ(back.format, "mea");
    EXPECT_EQ(back.trains.names, rec.trains.names);
    EXPECT_EQ(back.trains.offsets, rec.trains.offsets);
    for (std::size_t k = 0; k < rec.trains.times.size(); ++k) EXPECT_NEAR(back.trains.times[k], rec.trains.times[k], 1e-9);
    EXPECT_EQ(back.positions, rec.positions);
    EXPECT_EQ(back.metadata.at("age"), "45");
    EXPECT_DOUBLE_EQ(back.trains.t_stop, 10.0);
}

TEST(mea_sampling, model_file_errors_name_the_key) {
    const auto fails = lamina::test::expect_parse_error;
    const std::string pop = "[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 10\n";
    fails(pop + "layout = { kind = \"hexagonal\", width = \"1 mm\", height = \"1 mm\" }\n",
          "populations.E.layout.kind: unknown layout \"hexagonal\" (known: uniform, grid, clustered)");
    fails(pop + "layout = { kind = \"uniform\", width = \"1 ms\", height = \"1 mm\" }\n", "populations.E.layout.width");
    fails(pop + "[[recorders]]\ntype = \"mea\"\npopulations = [\"E\"]\n", "population E has no layout");
    fails(pop + "layout = { kind = \"uniform\", width = \"1 mm\", height = \"1 mm\" }\n[[recorders]]\ntype = \"mea\"\n"
                "populations = [\"E\"]\ndetection = 1.5\n",
          "recorders[0].detection: must be a probability between 0 and 1");
    fails(pop + "[[stimuli]]\ntype = \"dc\"\ntarget = \"E\"\namplitude = \"1 pA\"\nneurons = [0]\n"
                "region = { x = \"0 um\", y = \"0 um\", radius = \"10 um\" }\n",
          "a stimulus takes either neurons or a region, not both");
}

}  // namespace
