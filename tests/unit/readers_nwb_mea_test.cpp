// NWB units tables and the MEA layout of Eglen et al. 2014, from fixtures written in those layouts.
#include "fixtures_h5.hpp"
#include "readers_support.hpp"

using lamina::read_recording;
using lamina::test::error_of;
using lamina::test::h5_fixture;
using lamina::test::times_of;

namespace {

/// Three units: 2, 0 and 3 spikes; unit 10's times are stored out of order.
void write_nwb(const std::string& path, bool with_ids = true) {
    h5_fixture f(path);
    f.strings("/session_description", {"spontaneous activity"}, true);
    f.strings("/identifier", {"session-7"}, true);
    f.strings("/general/subject/species", {"Mus musculus"}, true);
    f.attr_string("/", "neurodata_type", "NWBFile");
    f.doubles("/units/spike_times", {0.5, 1.5, 3.0, 2.0, 2.5});
    f.uint64s("/units/spike_times_index", {2, 2, 5});
    if (with_ids) f.int64s("/units/id", {7, 8, 10});
}

/// Four electrodes in the Eglen layout, as R's rhdf5 writes it: epos [2 x N], meta as 1-element arrays.
void write_mea(const std::string& path, std::vector<std::int32_t> counts = {3, 0, 2, 1},
               std::vector<double> spikes = {0.1, 0.2, 0.3, 1.0, 1.5, 2.5}) {
    h5_fixture f(path);
    f.doubles("/spikes", spikes);
    f.int32s("/sCount", counts);
    f.strings("/names", {"ch_12A_unit_0", "ch_13A_unit_0", "ch_21A_unit_0", "ch_88A_unit_0"});
    f.doubles("/epos", {200, 200, 400, 1600, 1400, 1200, 1400, 200}, {2, 4});
    f.strings("/array", {"MCS_8x8_200um"});
    f.int32s("/meta/age", {14});
    f.strings("/meta/species", {"mouse"});
    f.strings("/meta/region", {"ctx"});
    f.doubles("/recordingtime", {0.0, 3.0});
}

}  // namespace

TEST(ReaderNwb, ReadsARaggedUnitsTable) {
    const std::string path = lamina::test::fixture_dir() + "/units.nwb";
    write_nwb(path);
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "nwb");
    ASSERT_EQ(r.trains.units(), 3u);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"7", "8", "10"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{500, 1500}));
    EXPECT_TRUE(times_of(r, 1).empty());
    EXPECT_EQ(times_of(r, 2), (std::vector<double>{2000, 2500, 3000}));  // sorted on reading
    EXPECT_DOUBLE_EQ(r.trains.t_start, 500);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 3000);
    EXPECT_EQ(r.metadata.at("session_description"), "spontaneous activity");
    EXPECT_EQ(r.metadata.at("species"), "Mus musculus");
}

TEST(ReaderNwb, NamesUnitsByRowWithoutIds) {
    const std::string path = lamina::test::fixture_dir() + "/noid.nwb";
    write_nwb(path, false);
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(ReaderNwb, RefusesAnIndexBeyondTheSpikes) {
    const std::string path = lamina::test::fixture_dir() + "/beyond.nwb";
    {
        h5_fixture f(path);
        f.doubles("/units/spike_times", {0.5, 1.5, 3.0});
        f.uint64s("/units/spike_times_index", {2, 9});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /units/spike_times_index holds 9 at element 1, expected non-decreasing "
                                    "end offsets between 2 and 3 (the length of /units/spike_times)");
}

TEST(ReaderNwb, RefusesADecreasingIndex) {
    const std::string path = lamina::test::fixture_dir() + "/decreasing.nwb";
    {
        h5_fixture f(path);
        f.doubles("/units/spike_times", {0.5, 1.5, 3.0});
        f.int64s("/units/spike_times_index", {2, 1, 3});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /units/spike_times_index holds 1 at element 1, expected non-decreasing");
}

TEST(ReaderNwb, RefusesAnIndexThatStopsShort) {
    const std::string path = lamina::test::fixture_dir() + "/short.nwb";
    {
        h5_fixture f(path);
        f.doubles("/units/spike_times", {0.5, 1.5, 3.0});
        f.uint64s("/units/spike_times_index", {1, 2});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /units/spike_times_index ends at 2 but /units/spike_times holds 3 spikes; "
                                    "expected the last end offset to equal the number of spikes");
}

TEST(ReaderNwb, RefusesAMissingIndex) {
    const std::string path = lamina::test::fixture_dir() + "/noindex.nwb";
    {
        h5_fixture f(path);
        f.doubles("/units/spike_times", {0.5});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /units/spike_times_index is missing (expected cumulative end offsets into "
                                    "/units/spike_times)");
}

TEST(ReaderNwb, RefusesIdsOfTheWrongLength) {
    const std::string path = lamina::test::fixture_dir() + "/ids.nwb";
    {
        h5_fixture f(path);
        f.doubles("/units/spike_times", {0.5, 1.0});
        f.uint64s("/units/spike_times_index", {1, 2});
        f.int64s("/units/id", {1, 2, 3});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /units/id has 3 ids but /units/spike_times_index has 2 units");
}

TEST(ReaderMea, ReadsTheEglenLayout) {
    const std::string path = lamina::test::fixture_dir() + "/mea.h5";
    write_mea(path);
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "mea");
    ASSERT_EQ(r.trains.units(), 4u);
    EXPECT_EQ(r.trains.names[2], "ch_21A_unit_0");
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{100, 200, 300}));
    EXPECT_TRUE(times_of(r, 1).empty());
    EXPECT_EQ(times_of(r, 2), (std::vector<double>{1000, 1500}));
    EXPECT_EQ(times_of(r, 3), (std::vector<double>{2500}));
    ASSERT_EQ(r.positions.size(), 4u);
    EXPECT_EQ(r.positions[1], (std::array<double, 2>{200, 1200}));  // column 1 of the [2 x N] matrix
    EXPECT_EQ(r.positions[3], (std::array<double, 2>{1600, 200}));
    EXPECT_EQ(r.metadata.at("age"), "14");
    EXPECT_EQ(r.metadata.at("age_unit"), "days in vitro");
    EXPECT_EQ(r.metadata.at("region"), "ctx");
    EXPECT_EQ(r.metadata.at("species"), "mouse");
    EXPECT_EQ(r.metadata.at("array"), "MCS_8x8_200um");
    EXPECT_EQ(r.metadata.count("array_note"), 0u);  // positions agree with the 200 um pitch
    EXPECT_DOUBLE_EQ(r.trains.t_start, 0.0);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 3000.0);
}

TEST(ReaderMea, NotesAnArrayNameThatDisagreesWithThePositions) {
    const std::string path = lamina::test::fixture_dir() + "/aps.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.5, 0.7});
        f.int32s("/sCount", {1, 1});
        f.strings("/names", {"ch_47_unit_0", "ch_57_unit_0"});
        f.doubles("/epos", {800, 400, 1000, 400}, {2, 2});  // ambiguous 2 x 2: read as R writes it
        f.strings("/array", {"APS_64x64_42um"});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.positions[0], (std::array<double, 2>{800, 1000}));
    EXPECT_CONTAINS(r.metadata.at("array_note"), "/array says 'APS_64x64_42um' but the /epos positions are not on a 42 um grid");
    EXPECT_DOUBLE_EQ(r.trains.t_start, 500);  // no /recordingtime: first and last spike
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 700);
}

TEST(ReaderMea, AcceptsPositionsAsRows) {
    const std::string path = lamina::test::fixture_dir() + "/rows.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.5, 0.7, 0.9});
        f.int32s("/sCount", {1, 1, 1});
        f.strings("/names", {"a", "b", "c"}, true);
        f.doubles("/epos", {1, 2, 3, 4, 5, 6}, {3, 2});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(r.positions[2], (std::array<double, 2>{5, 6}));
}

TEST(ReaderMea, RefusesCountsThatDoNotSumToTheSpikes) {
    const std::string path = lamina::test::fixture_dir() + "/sum.h5";
    write_mea(path, {3, 0, 2, 2});
    EXPECT_CONTAINS(error_of(path), "dataset /sCount sums to 7 but /spikes holds 6 spike times; expected the counts to "
                                    "add up to the number of spikes");
}

TEST(ReaderMea, RefusesNegativeCounts) {
    const std::string path = lamina::test::fixture_dir() + "/negative.h5";
    write_mea(path, {4, -1, 2, 1});
    EXPECT_CONTAINS(error_of(path), "dataset /sCount holds -1 at element 1, expected a count of spikes >= 0");
}

TEST(ReaderMea, RefusesAMatrixOfSpikes) {
    const std::string path = lamina::test::fixture_dir() + "/matrix.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.1, 0.2, 0.3, 0.4}, {2, 2});
        f.int32s("/sCount", {2, 2});
        f.strings("/names", {"a", "b"});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /spikes has shape [2 x 2], expected a 1-D array of spike times in s");
}

TEST(ReaderMea, RefusesNamesOfTheWrongLength) {
    const std::string path = lamina::test::fixture_dir() + "/names.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.1, 0.2});
        f.int32s("/sCount", {1, 1});
        f.strings("/names", {"a", "b", "c"});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /names has 3 names but /sCount has 2 electrodes; expected one name per electrode");
}

TEST(ReaderMea, RefusesPositionsOfTheWrongShape) {
    const std::string path = lamina::test::fixture_dir() + "/epos.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.1, 0.2});
        f.int32s("/sCount", {1, 1});
        f.strings("/names", {"a", "b"});
        f.doubles("/epos", {1, 2, 3}, {3});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /epos has shape [3], expected [2 x 2] or [2 x 2] (x and y in um, one "
                                    "electrode per unit)");
}

TEST(ReaderMea, RefusesARecordingTimeThatIsNotAPair) {
    const std::string path = lamina::test::fixture_dir() + "/rt.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.1});
        f.int32s("/sCount", {1});
        f.strings("/names", {"a"});
        f.doubles("/recordingtime", {0, 100, 200});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /recordingtime has 3 elements, expected 2: [begin, end] in s");
}

TEST(ReaderMea, RefusesMissingNames) {
    const std::string path = lamina::test::fixture_dir() + "/nonames.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", {0.1});
        f.int32s("/sCount", {1});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /names is missing (expected one name per electrode)");
}
