// The real MEA recordings in ../shared/data/mea/ (Cotterill et al. 2016 hiPSC series; Charlesworth
// et al. 2015 mouse cultures; layout of Eglen et al. 2014) load through read_recording(), and what
// it returns agrees with the files as read here independently with the HDF5 C API: per-electrode
// spike counts equal /sCount, names equal /names, the age equals /meta/age and the age in the file
// name, and spike times lie within /recordingtime where the file has one.
#include <lamina/recordings.hpp>

// The test targets do not get HDF5's include directory from CMake (lamina_io keeps it private);
// Debian and Ubuntu install the serial library's headers under hdf5/serial/.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <set>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> mea_files() {
    std::vector<std::string> out;
    const fs::path root = fs::path(LAMINA_SHARED_DATA) / "mea";
    if (!fs::exists(root)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file() && entry.path().extension() == ".h5") out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// Independent reads, straight from the HDF5 C API.
struct raw_file {
    explicit raw_file(const std::string& path) : id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
    ~raw_file() {
        if (id >= 0) H5Fclose(id);
    }
    bool has(const char* name) const { return H5Lexists(id, name, H5P_DEFAULT) > 0; }
    std::vector<double> numbers(const char* name) const {
        hid_t d = H5Dopen2(id, name, H5P_DEFAULT);
        hid_t s = H5Dget_space(d);
        std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(s)));
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        H5Sclose(s);
        H5Dclose(d);
        return v;
    }
    std::vector<std::string> strings(const char* name) const {
        hid_t d = H5Dopen2(id, name, H5P_DEFAULT);
        hid_t t = H5Dget_type(d);
        hid_t s = H5Dget_space(d);
        const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
        const std::size_t width = H5Tget_size(t);  // these files hold fixed-length strings
        std::vector<char> buffer(n * width);
        H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
        std::vector<std::string> out;
        for (std::size_t i = 0; i < n; ++i) {
            std::string v(buffer.data() + i * width, width);
            out.push_back(v.substr(0, v.find('\0')));
        }
        H5Sclose(s);
        H5Tclose(t);
        H5Dclose(d);
        return out;
    }
    hid_t id;
};

/// Age in days from the file name: "..._d108_..." (hiPSC) or "...DIV14..." (mouse).
int age_from_name(const std::string& path) {
    std::smatch m;
    const std::string name = fs::path(path).filename().string();
    static const std::regex div(R"(DIV(\d+))"), day(R"(_d(\d+)_)");
    if (std::regex_search(name, m, div) || std::regex_search(name, m, day)) return std::stoi(m[1].str());
    return -1;
}

}  // namespace

TEST(MeaRecordings, EveryRecordingLoadsAndAgreesWithTheFile) {
    const auto files = mea_files();
    ASSERT_EQ(files.size(), 13u) << "expected the 11 hiPSC and 2 mouse recordings under " << LAMINA_SHARED_DATA;
    std::size_t electrodes = 0, spikes = 0;
    std::set<int> hipsc_ages;
    for (const auto& path : files) {
        SCOPED_TRACE(path);
        const auto r = lamina::read_recording(path);
        EXPECT_EQ(r.format, "mea");
        raw_file raw(path);
        ASSERT_GE(raw.id, 0);

        // Per-electrode spike counts equal /sCount; names equal /names.
        const auto counts = raw.numbers("/sCount");
        ASSERT_EQ(r.trains.units(), counts.size());
        for (std::size_t u = 0; u < counts.size(); ++u)
            EXPECT_EQ(static_cast<double>(r.trains.unit(u).size()), counts[u]) << "electrode " << u;
        EXPECT_EQ(r.trains.names, raw.strings("/names"));
        EXPECT_EQ(r.trains.total_spikes(), raw.numbers("/spikes").size());

        // Times in ms, sorted within each electrode, the same values as /spikes in s.
        const auto seconds = raw.numbers("/spikes");
        std::size_t k = 0;
        for (std::size_t u = 0; u < r.trains.units(); ++u) {
            auto t = r.trains.unit(u);
            EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
            for (double ms : t) EXPECT_DOUBLE_EQ(ms, seconds[k++] * 1000.0);  // files are sorted within electrode
        }

        // Age in days, from /meta/age, agreeing with the file name.
        ASSERT_TRUE(r.metadata.count("age"));
        const int age = std::stoi(r.metadata.at("age"));
        EXPECT_EQ(static_cast<double>(age), raw.numbers("/meta/age").at(0));
        EXPECT_EQ(age, age_from_name(path));
        EXPECT_EQ(r.metadata.at("age_unit"), "days in vitro");
        EXPECT_FALSE(r.metadata.at("species").empty());
        if (path.find("hipsc") != std::string::npos) {
            hipsc_ages.insert(age);
            EXPECT_EQ(r.metadata.at("species"), "human");
        } else {
            EXPECT_EQ(r.metadata.at("species"), "mouse");
            EXPECT_TRUE(r.metadata.at("region") == "ctx" || r.metadata.at("region") == "hpc");
        }

        // Positions: one per electrode, on the MCS 200 um grid (8 x 8 sites, 200 um pitch).
        ASSERT_EQ(r.positions.size(), r.trains.units());
        for (const auto& p : r.positions)
            for (double c : p) {
                EXPECT_GE(c, 0.0);
                EXPECT_LE(c, 1800.0);
                EXPECT_DOUBLE_EQ(std::fmod(c, 200.0), 0.0);
            }

        // The recording window: /recordingtime where present, else first to last spike.
        double first = INFINITY, last = -INFINITY;
        for (std::size_t u = 0; u < r.trains.units(); ++u)
            if (!r.trains.unit(u).empty()) {
                first = std::min(first, r.trains.unit(u).front());
                last = std::max(last, r.trains.unit(u).back());
            }
        if (raw.has("recordingtime")) {
            const auto window = raw.numbers("/recordingtime");
            EXPECT_DOUBLE_EQ(r.trains.t_start, window[0] * 1000.0);
            EXPECT_DOUBLE_EQ(r.trains.t_stop, window[1] * 1000.0);
            EXPECT_GE(first, r.trains.t_start);
            EXPECT_LE(last, r.trains.t_stop);
        } else {
            EXPECT_DOUBLE_EQ(r.trains.t_start, first);
            EXPECT_DOUBLE_EQ(r.trains.t_stop, last);
        }
        // About 300 s (hiPSC) or 15 min (mouse), as the data README says.
        EXPECT_GT(r.trains.duration(), 290e3);
        EXPECT_LT(r.trains.duration(), 950e3);

        electrodes += r.trains.units();
        spikes += r.trains.total_spikes();
    }
    // The developmental series: days 16 to 115, 11 ages.
    EXPECT_EQ(hipsc_ages, (std::set<int>{16, 21, 27, 34, 41, 45, 59, 73, 94, 108, 115}));
    // Totals over the 13 files, counted once with h5py: 290 electrodes, 329,123 spikes.
    EXPECT_EQ(electrodes, 290u);
    EXPECT_EQ(spikes, 329123u);
}

TEST(MeaRecordings, HipscArrayNameIsFlaggedAgainstItsPositions) {
    // The data README: the hiPSC files say APS_64x64_42um but the electrodes are a 60-electrode MCS array.
    for (const auto& path : mea_files()) {
        if (path.find("hipsc") == std::string::npos) continue;
        SCOPED_TRACE(path);
        const auto r = lamina::read_recording(path);
        EXPECT_EQ(r.metadata.at("array"), "APS_64x64_42um");
        ASSERT_TRUE(r.metadata.count("array_note"));
        EXPECT_NE(r.metadata.at("array_note").find("not on a 42 um grid"), std::string::npos);
    }
}
