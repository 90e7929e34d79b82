// CSV spike lists, format detection and its override, and damaged files: truncated, scribbled
// over, empty, not there.
#include "fixtures_h5.hpp"
#include "readers_support.hpp"

#include <lamina/outputs.hpp>

#include <filesystem>

using lamina::read_recording;
using lamina::test::error_of;
using lamina::test::h5_fixture;
using lamina::test::times_of;
using lamina::test::write_text;

namespace {

std::string lamina_report(const std::string& dir) {
    const std::string path = dir + "/report.h5";
    std::vector<lamina::population_spikes> pops(1);
    pops[0].population = "E";
    for (int k = 0; k < 5000; ++k) {  // large enough for chunked, compressed datasets
        pops[0].times.push_back(0.1 * k);
        pops[0].node_ids.push_back(static_cast<std::uint64_t>(k % 50));
    }
    lamina::write_spike_report(path, pops);
    return path;
}

}  // namespace

TEST(ReaderCsv, ReadsUnitsInOrderOfFirstAppearance) {
    const std::string path = lamina::test::fixture_dir() + "/spikes.csv";
    write_text(path, "unit,time_ms\nch_2,1.5\nch_1,0.5\nch_2,0.25\n");
    auto r = read_recording(path);
    EXPECT_EQ(r.format, "csv");
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"ch_2", "ch_1"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{0.25, 1.5}));
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{0.5}));
    EXPECT_DOUBLE_EQ(r.trains.t_start, 0.25);
    EXPECT_DOUBLE_EQ(r.trains.t_stop, 1.5);
    EXPECT_EQ(r.metadata.at("time_unit"), "ms");
}

TEST(ReaderCsv, ReadsSecondsInEitherColumnOrderWithCommentsAndCrlf) {
    const std::string path = lamina::test::fixture_dir() + "/seconds.csv";
    write_text(path, "# exported spikes\r\n\r\nTime_s, Unit\r\n0.5,\"electrode 12\"\r\n1.25, 7\r\n");
    auto r = read_recording(path);
    EXPECT_EQ(r.trains.names, (std::vector<std::string>{"electrode 12", "7"}));
    EXPECT_EQ(times_of(r, 0), (std::vector<double>{500}));
    EXPECT_EQ(times_of(r, 1), (std::vector<double>{1250}));
}

TEST(ReaderCsv, ReadsMicroseconds) {
    const std::string path = lamina::test::fixture_dir() + "/us.csv";
    write_text(path, "unit,time_us\na,2500\n");
    EXPECT_EQ(times_of(read_recording(path), 0), (std::vector<double>{2.5}));
}

TEST(ReaderCsv, RefusesAHeaderWithoutTimeUnit) {
    const std::string path = lamina::test::fixture_dir() + "/header.csv";
    write_text(path, "unit,time\na,1\n");
    EXPECT_CONTAINS(error_of(path), path + ":1: header 'unit,time': expected a CSV header naming the columns unit and "
                                           "time with its unit, e.g. 'unit,time_ms' or 'unit,time_s'");
}

TEST(ReaderCsv, RefusesAFileWithoutHeader) {
    const std::string path = lamina::test::fixture_dir() + "/noheader.csv";
    write_text(path, "# only a comment\n\n");
    EXPECT_CONTAINS(error_of(path), path + ": has no header line; expected a CSV header");
}

TEST(ReaderCsv, RefusesATimeThatIsNotANumber) {
    const std::string path = lamina::test::fixture_dir() + "/time.csv";
    write_text(path, "unit,time_ms\na,1\nb,1.5ms\n");
    EXPECT_CONTAINS(error_of(path), path + ":3: time '1.5ms' is not a finite number");
}

TEST(ReaderCsv, RefusesNonFiniteTimes) {
    const std::string path = lamina::test::fixture_dir() + "/nan.csv";
    write_text(path, "unit,time_ms\na,nan\n");
    EXPECT_CONTAINS(error_of(path), path + ":2: time 'nan' is not a finite number");
}

TEST(ReaderCsv, RefusesRowsWithExtraFields) {
    const std::string path = lamina::test::fixture_dir() + "/fields.csv";
    write_text(path, "unit,time_ms\na,1,2\n");
    EXPECT_CONTAINS(error_of(path), path + ":2: has 3 fields, expected 2 (unit, time)");
}

TEST(ReaderDetect, RefusesUnknownFormatNames) {
    const std::string path = lamina::test::fixture_dir() + "/x.csv";
    write_text(path, "unit,time_ms\na,1\n");
    lamina::read_options o;
    o.format = "plexon";
    EXPECT_THROW(read_recording(path, o), lamina::unknown_name_error);
    EXPECT_CONTAINS(error_of(path, o), "unknown recording format 'plexon'; expected one of auto, sonata, nwb, mea, "
                                       "maxwell, 3brain, csv");
    EXPECT_EQ(lamina::recording_formats().size(), 6u);
}

TEST(ReaderDetect, ForcedFormatReadsWithThatLayoutsExpectations) {
    const std::string path = lamina_report(lamina::test::fixture_dir());
    lamina::read_options mea;
    mea.format = "mea";
    EXPECT_CONTAINS(error_of(path, mea), "dataset /spikes is a group, expected a dataset (expected all spike times in s)");
    lamina::read_options csv;
    csv.format = "csv";
    EXPECT_CONTAINS(error_of(path, csv), "is an HDF5 file, not CSV text");
    lamina::read_options sonata;
    sonata.format = "sonata";
    EXPECT_EQ(read_recording(path, sonata).trains.total_spikes(), 5000u);

    const std::string text = lamina::test::fixture_dir() + "/spikes.csv";
    write_text(text, "unit,time_ms\na,1\n");
    EXPECT_CONTAINS(error_of(text, sonata), "is not an HDF5 file (no HDF5 signature), but format 'sonata' is an HDF5 layout");
}

TEST(ReaderDetect, RefusesAnUnknownHdf5Layout) {
    const std::string path = lamina::test::fixture_dir() + "/other.h5";
    {
        h5_fixture f(path);
        f.doubles("/traces/V_m", {1, 2, 3});
        f.doubles("/time", {0, 1, 2});
    }
    EXPECT_CONTAINS(error_of(path), path + ": unknown HDF5 layout: found /time, /traces; expected one of "
                                           "/spikes/<population>/{timestamps,node_ids} (SONATA)");
}

TEST(ReaderDetect, RefusesMissingEmptyAndDirectoryPaths) {
    const std::string dir = lamina::test::fixture_dir();
    EXPECT_CONTAINS(error_of(dir + "/absent.h5"), dir + "/absent.h5: no such file");
    EXPECT_CONTAINS(error_of(dir), dir + ": is a directory, expected a file");
    write_text(dir + "/empty.h5", "");
    EXPECT_CONTAINS(error_of(dir + "/empty.h5"), "the file is empty");
}

TEST(ReaderDetect, RefusesAFileCutInsideTheSignature) {
    const std::string path = lamina_report(lamina::test::fixture_dir());
    lamina::test::truncate_file(path, 5);
    EXPECT_CONTAINS(error_of(path), path + ": the file is truncated: it ends inside the 8-byte HDF5 signature");
}

TEST(ReaderDetect, RefusesTruncatedFilesWhereverTheyAreCut) {
    // Write a valid file, then keep only its first bytes: at 20 points from the superblock to the last byte.
    const std::string dir = lamina::test::fixture_dir();
    const std::string original = lamina_report(dir);
    const auto size = lamina::test::file_size(original);
    for (int i = 0; i <= 20; ++i) {
        const std::uint64_t keep = i == 20 ? size - 1 : 8 + (size - 8) * static_cast<std::uint64_t>(i) / 20;
        const std::string path = dir + "/cut_" + std::to_string(i) + ".h5";
        std::filesystem::copy_file(original, path);
        lamina::test::truncate_file(path, keep);
        EXPECT_CONTAINS(error_of(path), path + ": cannot open as HDF5: the file is truncated or corrupt")
            << "kept " << keep << " of " << size << " bytes";
    }
}

TEST(ReaderDetect, TruncatedMeaFileNamesTheProblem) {
    const std::string path = lamina::test::fixture_dir() + "/mea.h5";
    {
        h5_fixture f(path);
        f.doubles("/spikes", std::vector<double>(3000, 0.5), {}, 500);
        f.int32s("/sCount", {3000});
        f.strings("/names", {"ch_1"});
    }
    lamina::test::truncate_file(path, lamina::test::file_size(path) / 2);
    const auto message = error_of(path);
    EXPECT_CONTAINS(message, "truncated");
    EXPECT_CONTAINS(message, "(HDF5: truncated file");  // HDF5's own diagnosis is passed on
}

TEST(ReaderDetect, CorruptCompressedDataIsAnErrorNamingTheDataset) {
    // Spike times in compressed chunks; scribbling over the middle of the file hits chunk data,
    // which then fails to inflate.
    const std::string path = lamina::test::fixture_dir() + "/scribbled.h5";
    std::vector<double> times(200000);
    for (std::size_t k = 0; k < times.size(); ++k) times[k] = 1e-3 * static_cast<double>(k) + 1e-7 * static_cast<double>(k % 13);
    {
        h5_fixture f(path);
        f.doubles("/spikes", times, {}, 4096);
        f.int32s("/sCount", {200000});
        f.strings("/names", {"ch_1"});
    }
    const auto size = lamina::test::file_size(path);
    lamina::test::scribble(path, size / 2, 256);
    EXPECT_CONTAINS(error_of(path), "dataset /spikes cannot be read at elements");
}

TEST(ReaderDetect, ScribbledFilesNeverCrash) {
    // Damage a valid report at many places; every read must end in a value or a lamina error.
    const std::string dir = lamina::test::fixture_dir();
    const std::string original = lamina_report(dir);
    const auto size = lamina::test::file_size(original);
    int errors = 0;
    for (int i = 0; i < 40; ++i) {
        const std::string path = dir + "/scribble_" + std::to_string(i) + ".h5";
        std::filesystem::copy_file(original, path);
        lamina::test::scribble(path, 8 + (size - 72) * static_cast<std::uint64_t>(i) / 40, 64);
        try {
            auto r = read_recording(path);
            EXPECT_LE(r.trains.units(), 100000u);
        } catch (const lamina::error& e) {
            ++errors;
            EXPECT_CONTAINS(e.what(), path);
        }
    }
    EXPECT_GT(errors, 0);
}
