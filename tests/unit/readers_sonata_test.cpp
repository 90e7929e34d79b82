// SONATA spike reports: lamina's own writer round-trips through the reader; other writers' variants
// (seconds, the older /spikes/{timestamps,gids} layout, n_nodes) and broken files.
#include "fixtures_h5.hpp"
#include "readers_support.hpp"

#include <lamina/outputs.hpp>

#include <algorithm>

using lamina::read_recording;
using lamina::test::error_of;
using lamina::test::h5_fixture;
using lamina::test::times_of;

TEST(ReaderSonata, RoundTripsLaminaSpikeReport) {
    const std::string path = lamina::test::fixture_dir() + "/spikes.h5";
    std::vector<lamina::population_spikes> pops(2);
    pops[0].population = "exc";
    pops[0].size = 4;
    pops[0].times = {0.1, 0.5, 0.5, 1.25, 2.0, 7.5};
    pops[0].node_ids = {2, 0, 3, 2, 0, 2};
    pops[1].population = "inh";
    pops[1].size = 2;
    pops[1].times = {0.3, 4.0};
    pops[1].node_ids = {1, 1};
    lamina::write_spike_report(path, pops);

    auto r = read_recording(path);
    EXPECT_EQ(r.format, "sonata");
    // exc has max node id 3 -> 4 units; inh max id 1 -> 2 units (unit 0 silent but kept).
    ASSERT_EQ(r.trains.units(), 6u);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"exc:0", "exc:1", "exc:2", "exc:3", "inh:0", "inh:1"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{0.5, 2.0}));
    EXPECT_TRUE(r.trains.unit(1).empty());
    EXPECT_EQ(times_of(r, 2),
              (std::vector<double>{0.1, 1.25, 7.5}));
    EXPECT_EQ(times_of(r, 3), (std::vector<double>{0.5}));
    EXPECT_EQ(times_of(r, 5), (std::vector<double>{0.3, 4.0}));
    EXPECT_EQ(r.trains.total_spikes(), 8u);
    EXPECT_DOUBLE_EQ(r.trains.t_start, 0.1);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 7.5);
    EXPECT_TRUE(r.positions.empty());

    lamina::read_options only_inh;
    only_inh.populations = {"inh"};
    auto inh = read_recording(path, only_inh);
    EXPECT_EQ(inh.trains.names, (std::vector<std::string>{"inh:0", "inh:1"}));
    EXPECT_EQ(inh.trains.total_spikes(), 2u);

    lamina::read_options missing;
    missing.populations = {"thalamus"};
    EXPECT_THROW(read_recording(path, missing), lamina::unknown_name_error);
    EXPECT_CONTAINS(error_of(path, missing), ("no population under /spikes named 'thalamus'; the file has: exc, inh"));
}

TEST(ReaderSonata, RoundTripsAnEmptyPopulation) {
    const std::string path = lamina::test::fixture_dir() + "/empty.h5";
    std::vector<lamina::population_spikes> pops(1);
    pops[0].population = "quiet";
    lamina::write_spike_report(path, pops);
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.units(), 0u);
    EXPECT_EQ(r.trains.total_spikes(), 0u);
    EXPECT_EQ(r.trains.t_stop, 0.0);
}

TEST(ReaderSonata, ReadsSecondsAndDeclaredPopulationSize) {
    const std::string path = lamina::test::fixture_dir() + "/seconds.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {0.002, 0.001, 0.010});
        f.uint64s("/spikes/V1/node_ids", {1, 1, 0});
        f.attr_string("/spikes/V1/timestamps", "units", "s");
        f.attr_int64("/spikes/V1", "n_nodes", 5);
    }
    auto r = read_recording(path);
    ASSERT_EQ(r.trains.units(), 5u);
    EXPECT_EQ(r.trains.names.back(), "V1:4");
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{1.0, 2.0}));
    EXPECT_DOUBLE_EQ(r.trains.unit(0)[0], 10.0);
}

TEST(ReaderSonata, ReadsTheOlderGidsLayout) {
    const std::string path = lamina::test::fixture_dir() + "/gids.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/timestamps", {5.0, 1.0, 3.0});
        f.int32s("/spikes/gids", {2, 2, 0});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "sonata");
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"0", "1", "2"}));
    EXPECT_EQ(times_of(r, 2), (std::vector<double>{1.0, 5.0}));
    EXPECT_EQ(r.metadata.at("time_units"), "ms (no units attribute; SONATA's default)");
}

TEST(ReaderSonata, StreamsAReportLargerThanOneReadBlock) {
    // 1.1 M spikes: more than the readers' 2^20-element block, so the hyperslab loop runs twice.
    const std::string path = lamina::test::fixture_dir() + "/large.h5";
    const std::size_t n = 1'100'000, units = 500;
    std::vector<lamina::population_spikes> pops(1);
    pops[0].population = "net";
    for (std::size_t k = 0; k < n; ++k) {
        pops[0].times.push_back(0.1 * static_cast<double>(k));
        pops[0].node_ids.push_back((k * 7919) % units);
    }
    lamina::write_spike_report(path, pops);
    auto r = read_recording(path);
    ASSERT_EQ(r.trains.units(), units);
    EXPECT_EQ(r.trains.total_spikes(), n);
    for (std::size_t u = 0; u < units; ++u) {
        auto t = r.trains.unit(u);
        ASSERT_EQ(t.size(), n / units);
        ASSERT_TRUE(std::is_sorted(t.begin(), t.end()));
    }
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 0.1 * static_cast<double>(n - 1));
}

TEST(ReaderSonata, RefusesMismatchedLengths) {
    const std::string path = lamina::test::fixture_dir() + "/mismatch.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2, 3});
        f.uint64s("/spikes/V1/node_ids", {0, 1});
    }
    EXPECT_CONTAINS(error_of(path), ("dataset /spikes/V1/node_ids has 2 elements but /spikes/V1/timestamps has 3; "
                                          "expected one node id per spike"));
}

TEST(ReaderSonata, RefusesMissingTimestamps) {
    const std::string path = lamina::test::fixture_dir() + "/missing.h5";
    {
        h5_fixture f(path);
        f.uint64s("/spikes/V1/node_ids", {0, 1});
    }
    EXPECT_CONTAINS(error_of(path), (path + ": dataset /spikes/V1/timestamps is missing (expected spike times)"));
}

TEST(ReaderSonata, RefusesFloatingPointNodeIds) {
    const std::string path = lamina::test::fixture_dir() + "/float_ids.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2});
        f.doubles("/spikes/V1/node_ids", {0.0, 1.5});
    }
    EXPECT_CONTAINS(error_of(path), ("dataset /spikes/V1/node_ids holds floating-point numbers, expected integers (node ids)"));
}

TEST(ReaderSonata, RefusesNegativeNodeIds) {
    const std::string path = lamina::test::fixture_dir() + "/negative.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2});
        f.int64s("/spikes/V1/node_ids", {0, -3});
    }
    EXPECT_CONTAINS(error_of(path), ("dataset /spikes/V1/node_ids holds node id -3 at element 1"));
}

TEST(ReaderSonata, RefusesUnknownTimeUnits) {
    const std::string path = lamina::test::fixture_dir() + "/units.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2});
        f.uint64s("/spikes/V1/node_ids", {0, 1});
        f.attr_string("/spikes/V1/timestamps", "units", "fortnights");
    }
    EXPECT_CONTAINS(error_of(path), ("dataset /spikes/V1/timestamps has units 'fortnights' (population V1), expected 'ms' or 's'"));
}

TEST(ReaderSonata, RefusesTwoDimensionalTimestamps) {
    const std::string path = lamina::test::fixture_dir() + "/rank.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2, 3, 4, 5, 6}, {2, 3});
        f.uint64s("/spikes/V1/node_ids", {0, 1, 0, 1, 0, 1});
    }
    EXPECT_CONTAINS(error_of(path), ("dataset /spikes/V1/timestamps has shape [2 x 3], expected a 1-D array of spike times"));
}

TEST(ReaderSonata, RefusesASmallerDeclaredSize) {
    const std::string path = lamina::test::fixture_dir() + "/n_nodes.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes/V1/timestamps", {1, 2});
        f.uint64s("/spikes/V1/node_ids", {0, 7});
        f.attr_int64("/spikes/V1", "n_nodes", 3);
    }
    EXPECT_CONTAINS(error_of(path), ("attribute n_nodes of group /spikes/V1 is 3, expected a whole number of nodes "
                                          "above the largest node id (7)"));
}

TEST(ReaderSonata, RefusesAnEmptySpikesGroup) {
    const std::string path = lamina::test::fixture_dir() + "/nopop.h5";
    {
        h5_fixture f(path);
        f.group("/spikes");
    }
    EXPECT_CONTAINS(error_of(path), ("group /spikes holds no populations"));
}
