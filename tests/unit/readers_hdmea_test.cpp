// HD-MEA spike files from fixtures in the documented layouts (docs/formats.md): MaxWell MaxOne
// legacy and MaxLab Live files (MaxOne/MaxTwo), 3Brain BrainWave 4 and 5 results.
#include "fixtures_h5.hpp"
#include "readers_support.hpp"

#include <cmath>

using lamina::read_recording;
using lamina::test::error_of;
using lamina::test::h5_fixture;
using lamina::test::times_of;

namespace {

constexpr std::int64_t first_frame = 70000;  // > 2^16, so both frame-number rows of /sig matter

/// Legacy MaxOne: /sig [1028 x 400] whose last two rows hold the frame number (low, high 16 bits).
void write_maxone_legacy(const std::string& path) {
    h5_fixture f(path);
    f.strings("/version", {"20160704"});
    const std::size_t rows = 1028, frames = 400;
    std::vector<std::uint16_t> sig(rows * frames, 512);
    for (std::size_t c = 0; c < frames; ++c) {
        const auto frame = static_cast<std::uint64_t>(first_frame) + c;
        sig[(rows - 2) * frames + c] = static_cast<std::uint16_t>(frame & 0xFFFF);
        sig[(rows - 1) * frames + c] = static_cast<std::uint16_t>(frame >> 16);
    }
    f.uint16s("/sig", sig, {rows, frames});
    f.doubles("/settings/lsb", {6.2e-6});
    f.maxwell_mapping("/mapping", {5, 9, 12, 30}, {1000, -1, 2000, 3000}, {17.5, 0, 35.0, 52.5}, {0, 0, 17.5, 35.0});
    // One spike before the first frame, one on channel 9 which has no electrode.
    f.maxwell_spikes("/proc0/spikeTimes", {69990, 70000, 70020, 70100, 70200, 70390}, {5, 5, 9, 12, 5, 30});
}

/// A MaxLab Live recording of one well, stored under /wells and linked from /recordings.
void write_maxlab_well(h5_fixture& f, const std::string& well, const std::string& rec, std::int64_t first,
                       bool frame_nos = true) {
    const std::string g = "/wells/" + well + "/" + rec;
    f.doubles(g + "/settings/sampling", {10000.0});
    f.maxwell_mapping(g + "/settings/mapping", {0, 1}, {4410, 4411}, {10.0, 27.5}, {100.0, 100.0});
    if (frame_nos) {
        std::vector<std::int64_t> fn;
        for (std::int64_t k = 0; k < 500; ++k) fn.push_back(first + k);
        f.int64s(g + "/groups/routed/frame_nos", fn);
    }
    f.maxwell_spikes(g + "/spikes", {first + 40, first + 45, first + 100}, {1, 0, 1});
}

}  // namespace

TEST(ReaderMaxwell, ReadsLegacyMaxOneRelativeToTheFirstFrame) {
    const std::string path = lamina::test::fixture_dir() + "/legacy.raw.h5";
    write_maxone_legacy(path);
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "maxwell");
    ASSERT_EQ(r.trains.units(), 3u);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"ch5_el1000", "ch12_el2000", "ch30_el3000"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{0.0, 10.0}));  // frames 70000, 70200 at 20 kHz
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{5.0}));
    EXPECT_EQ(times_of(r, 2), (std::vector<double>{19.5}));
    ASSERT_EQ(r.positions.size(), 3u);
    EXPECT_EQ(r.positions[1], (std::array<double, 2>{35.0, 17.5}));
    EXPECT_EQ(r.metadata.at("sampling_rate"), "20000");
    EXPECT_EQ(r.metadata.at("version"), "20160704");
    EXPECT_EQ(r.metadata.at("spikes_before_first_frame"), "1");
    EXPECT_EQ(r.metadata.at("spikes_on_unrouted_channels"), "1");
    EXPECT_DOUBLE_EQ(r.trains.t_start, 0.0);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 20.0);  // 400 frames
}

TEST(ReaderMaxwell, ReadsMaxLabLiveWellsWithoutCountingHardLinksTwice) {
    const std::string path = lamina::test::fixture_dir() + "/maxone.raw.h5";
    {
        h5_fixture f(path);
        f.strings("/version", {"20190530"});
        write_maxlab_well(f, "well000", "rec0000", 123456);
        f.hard_link("/wells/well000/rec0000", "/recordings/rec0000/well000");
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"well000:ch0_el4410", "well000:ch1_el4411"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{4.5}));  // 45 frames at 10 kHz
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{4.0, 10.0}));
    EXPECT_EQ(r.metadata.at("sampling_rate"), "10000");
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 50.0);  // 500 frames
    EXPECT_EQ(r.metadata.count("time_origin:well000"), 0u);
}

TEST(ReaderMaxwell, ReadsTheRecordingsTreeAlone) {
    const std::string only = lamina::test::fixture_dir() + "/only_recordings.raw.h5";
    {
        h5_fixture f(only);
        f.strings("/version", {"20190530"});
        const std::string g = "/recordings/rec0000/well000";
        f.doubles(g + "/settings/sampling", {20000.0});
        f.int64s(g + "/groups/routed/frame_nos", {1000, 1001, 1002});
        f.maxwell_spikes(g + "/spikes", {1000, 1020}, {3, 3});
    }
    auto r = read_recording(only);
    EXPECT_EQ(r.format, "maxwell");
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"well000:ch3"}));  // no mapping: the channels that spiked
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{0.0, 1.0}));
    EXPECT_TRUE(r.positions.empty());
}

TEST(ReaderMaxwell, ReadsEveryWellOfAMaxTwoPlate) {
    const std::string path = lamina::test::fixture_dir() + "/maxtwo.raw.h5";
    {
        h5_fixture f(path);
        f.strings("/version", {"20190530"});
        write_maxlab_well(f, "well000", "rec0000", 500);
        write_maxlab_well(f, "well001", "rec0000", 900);
    }
    auto r = read_recording(path);
    ASSERT_EQ(r.trains.units(), 4u);
    EXPECT_EQ(r.trains.names[2], "well001:ch0_el4410");
    EXPECT_EQ(times_of(r, 2), (std::vector<double>{4.5}));  // each well relative to its own first frame
    EXPECT_EQ(r.positions.size(), 4u);

    lamina::read_options one;
    one.populations = {"well001"};
    auto w1 = read_recording(path, one);
    EXPECT_EQ(w1.trains.units(), 2u);
    EXPECT_EQ(w1.trains.names[0], "well001:ch0_el4410");
}

TEST(ReaderMaxwell, AsksToChooseBetweenRecordingsOfOneWell) {
    const std::string path = lamina::test::fixture_dir() + "/tworecs.raw.h5";
    {
        h5_fixture f(path);
        f.strings("/version", {"20190530"});
        write_maxlab_well(f, "well000", "rec0000", 500);
        write_maxlab_well(f, "well000", "rec0001", 90000);
    }
    EXPECT_CONTAINS(error_of(path), "holds several recordings of well000 (/wells/well000/rec0000, /wells/well000/rec0001), "
                                    "each with its own time origin; choose one");
    lamina::read_options second;
    second.populations = {"well000/rec0001"};
    auto r = read_recording(path, second);
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{4.0, 10.0}));
    lamina::read_options wrong;
    wrong.populations = {"well007"};
    EXPECT_CONTAINS(error_of(path, wrong), "no MaxWell well/recording named 'well007'; the file has: well000/rec0000, "
                                           "well000/rec0001");
}

TEST(ReaderMaxwell, FallsBackToTheFirstSpikeWithoutRawFramesAndSaysSo) {
    const std::string path = lamina::test::fixture_dir() + "/spikeonly.raw.h5";
    {
        h5_fixture f(path);
        f.strings("/version", {"20190530"});
        write_maxlab_well(f, "well000", "rec0000", 5000, false);
    }
    auto r = read_recording(path);
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{0.0, 6.0}));
    EXPECT_CONTAINS(r.metadata.at("time_origin:well000"), "first spike");
}

TEST(ReaderMaxwell, LegacySigWithoutFrameRowsFallsBackToTheFirstSpikeAndSaysWhy) {
    const std::string path = lamina::test::fixture_dir() + "/cropped.raw.h5";
    {
        h5_fixture f(path);
        f.strings("/version", {"20160704"});
        f.uint16s("/sig", std::vector<std::uint16_t>(2 * 50, 512), {2, 50});  // cropped to two electrodes
        f.maxwell_spikes("/proc0/spikeTimes", {4000, 4020}, {7, 7});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"ch7"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{0.0, 1.0}));
    EXPECT_CONTAINS(r.metadata.at("time_origin"), "first spike (/sig has shape [2 x 50], not the [1028 x frames]");
}

TEST(ReaderMaxwell, RefusesSpikeRecordsWithoutChannels) {
    const std::string path = lamina::test::fixture_dir() + "/nochannel.raw.h5";
    {
        h5_fixture f(path);
        f.maxwell_spikes("/proc0/spikeTimes", {1, 2}, {0, 0}, false);
    }
    EXPECT_CONTAINS(error_of(path), "dataset /proc0/spikeTimes has no member 'channel', expected records {frameno, "
                                    "channel, amplitude}");
}

TEST(ReaderMaxwell, RefusesAWellWithoutSamplingRate) {
    const std::string path = lamina::test::fixture_dir() + "/nosampling.raw.h5";
    {
        h5_fixture f(path);
        f.maxwell_spikes("/wells/well000/rec0000/spikes", {1, 2}, {0, 0});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /wells/well000/rec0000/settings/sampling is missing (expected the sampling "
                                    "rate in Hz)");
}

TEST(ReaderMaxwell, RefusesSpikesThatAreNotRecords) {
    const std::string path = lamina::test::fixture_dir() + "/plain.raw.h5";
    {
        h5_fixture f(path);
        f.int64s("/proc0/spikeTimes", {1, 2, 3});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /proc0/spikeTimes is not a compound dataset, expected records {frameno, "
                                    "channel, amplitude}");
}

TEST(Reader3Brain, ReadsBrainWave4Results) {
    const std::string path = lamina::test::fixture_dir() + "/bw4.bxr";
    const double fs = 17855.5;
    {
        h5_fixture f(path);
        f.doubles("/3BRecInfo/3BRecVars/SamplingRate", {fs});
        f.int64s("/3BRecInfo/3BRecVars/NRecFrames", {178555});
        f.brain3_channels("/3BRecInfo/3BMeaStreams/Raw/Chs", {1, 1, 64}, {1, 2, 64});
        f.int64s("/3BResults/3BChEvents/SpikeTimes", {100, 200, 5000, 17855});
        f.int32s("/3BResults/3BChEvents/SpikeChIDs", {0, 0, 2, 2});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "3brain");
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"r1_c1", "r1_c2", "r64_c64"}));
    ASSERT_EQ(times_of(r, 0).size(), 2u);
    EXPECT_DOUBLE_EQ(times_of(r, 0)[1], 200 * 1000 / fs);
    EXPECT_TRUE(times_of(r, 1).empty());
    EXPECT_DOUBLE_EQ(times_of(r, 2)[1], 17855 * 1000 / fs);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 178555 * 1000 / fs);
    EXPECT_EQ(r.metadata.at("sampling_rate"), "17855.5");
}

TEST(Reader3Brain, ReadsBrainWave5WellsWithRootSamplingRate) {
    const std::string path = lamina::test::fixture_dir() + "/bw5.bxr";
    {
        h5_fixture f(path);
        f.attr_double("/", "SamplingRate", 20000.0);
        f.attr_int64("/", "Version", 301);
        f.int64s("/Well_A1/SpikeTimes", {20, 40, 60, 20000});
        f.int32s("/Well_A1/SpikeChIdxs", {3, 5, 3, 0});
        f.int32s("/Well_A1/StoredChIdxs", {0, 1, 2, 3});
        f.int64s("/TOC", {0, 100000, 100000, 200000}, {2, 2});
    }
    auto r = read_recording(path);
    // Stored channels 0-3 (1 and 2 silent), plus channel 5 which spiked without being listed.
    EXPECT_EQ(r.trains.names,
              (std::vector<std::string>{"Well_A1:ch0", "Well_A1:ch1", "Well_A1:ch2", "Well_A1:ch3", "Well_A1:ch5"}));
    EXPECT_EQ(times_of(r, 3), (std::vector<double>{1.0, 3.0}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{1000.0}));
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 10000.0);
}

TEST(Reader3Brain, TakesTheFrameRateFromExperimentSettings) {
    const std::string path = lamina::test::fixture_dir() + "/settings.bxr";
    {
        h5_fixture f(path);
        f.strings("/ExperimentSettings", {R"({"TimeConverter": {"FrameRate": 10000.0}, "MeaPlate": {}})"}, true);
        f.int64s("/Well_A1/SpikeTimes", {10});
        f.int32s("/Well_A1/SpikeChIdxs", {7});
        f.int64s("/Well_B2/SpikeTimes", {30});
        f.int32s("/Well_B2/SpikeChIdxs", {7});
    }
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"Well_A1:ch7", "Well_B2:ch7"}));
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{3.0}));
    lamina::read_options b2;
    b2.populations = {"Well_B2"};
    EXPECT_EQ(read_recording(path, b2).trains.units(), 1u);
}

TEST(Reader3Brain, RefusesMismatchedLengths) {
    const std::string path = lamina::test::fixture_dir() + "/lengths.bxr";
    {
        h5_fixture f(path);
        f.attr_double("/", "SamplingRate", 20000.0);
        f.int64s("/Well_A1/SpikeTimes", {1, 2, 3});
        f.int32s("/Well_A1/SpikeChIdxs", {0, 1});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /Well_A1/SpikeChIdxs has 2 elements but /Well_A1/SpikeTimes has 3; "
                                    "expected one channel per spike");
}

TEST(Reader3Brain, RefusesAFileWithoutSamplingRate) {
    const std::string path = lamina::test::fixture_dir() + "/norate.bxr";
    {
        h5_fixture f(path);
        f.int64s("/Well_A1/SpikeTimes", {1});
        f.int32s("/Well_A1/SpikeChIdxs", {0});
    }
    EXPECT_CONTAINS(error_of(path), "no sampling rate: expected a root attribute SamplingRate (Hz) or /ExperimentSettings");
}

TEST(Reader3Brain, RefusesFloatingPointFrames) {
    const std::string path = lamina::test::fixture_dir() + "/floatframes.bxr";
    {
        h5_fixture f(path);
        f.doubles("/3BRecInfo/3BRecVars/SamplingRate", {20000});
        f.doubles("/3BResults/3BChEvents/SpikeTimes", {1.5});
        f.int32s("/3BResults/3BChEvents/SpikeChIDs", {0});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /3BResults/3BChEvents/SpikeTimes holds floating-point numbers, expected "
                                    "integers (spike frames)");
}

TEST(Reader3Brain, RefusesAChannelOutsideTheChannelList) {
    const std::string path = lamina::test::fixture_dir() + "/channel.bxr";
    {
        h5_fixture f(path);
        f.doubles("/3BRecInfo/3BRecVars/SamplingRate", {20000});
        f.brain3_channels("/3BRecInfo/3BMeaStreams/Raw/Chs", {1, 1}, {1, 2});
        f.int64s("/3BResults/3BChEvents/SpikeTimes", {1, 2});
        f.int32s("/3BResults/3BChEvents/SpikeChIDs", {0, 2});
    }
    EXPECT_CONTAINS(error_of(path), "dataset /3BResults/3BChEvents/SpikeChIDs holds channel 2 at element 1, expected "
                                    "0 <= id < 2 (the channels in /3BRecInfo/3BMeaStreams/Raw/Chs)");
}
