// The promise across processes: `mpirun -np K lamina run` gives the same spikes and traces (and
// plastic weights), to the bit, as one process, for 1, 2 and 4 ranks times 1 and 2 threads; and a rank that fails
// ends the whole job with a message instead of a hang.
#include <lamina/communicator.hpp>
#include <lamina/recordings.hpp>

#include <gtest/gtest.h>
#include <hdf5.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
const std::string model = std::string(LAMINA_SOURCE_DIR) + "/tests/distributed/mixed_network.toml";

bool have_mpirun() { return std::system("command -v mpirun > /dev/null 2>&1") == 0; }

/// OpenMPI refuses to run as root unless told; these machines run tests as root. The timeout
/// turns a hang into a failure instead of a stuck test run.
std::string mpirun(int ranks) {
    return "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 timeout 120 mpirun --oversubscribe -np " +
           std::to_string(ranks) + " ";
}

int run(const std::string& command) { return WEXITSTATUS(std::system(command.c_str())); }

std::string out_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("lamina_mpi_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir.string();
}

TEST(MpiReproducibility, SpikesIdenticalFor1To4RanksAnd1To2Threads) {
    if (!lamina::built_with_mpi() || !have_mpirun()) GTEST_SKIP() << "lamina was built without MPI or mpirun is missing";
    const auto reference_dir = out_dir("reference");
    ASSERT_EQ(run(std::string(LAMINA_CLI) + " run " + model + " --threads 1 --out " + reference_dir + " > /dev/null"), 0);
    const auto reference = lamina::read_recording(reference_dir + "/spikes.h5");
    ASSERT_GT(reference.trains.total_spikes(), 1000u);  // an active network, not an empty comparison
    for (int ranks : {1, 2, 4})
        for (int threads : {1, 2}) {
            const auto dir = out_dir(std::to_string(ranks) + "x" + std::to_string(threads));
            ASSERT_EQ(run(mpirun(ranks) + LAMINA_CLI + " run " + model + " --threads " + std::to_string(threads) +
                          " --out " + dir + " > /dev/null 2>&1"),
                      0)
                << ranks << " ranks x " << threads << " threads";
            const auto got = lamina::read_recording(dir + "/spikes.h5");
            EXPECT_EQ(got.trains.offsets, reference.trains.offsets) << ranks << " ranks x " << threads << " threads";
            EXPECT_EQ(got.trains.times, reference.trains.times) << ranks << " ranks x " << threads << " threads";
            // Only rank 0 writes: no stray temporary files from the others.
            EXPECT_FALSE(fs::exists(dir + "/spikes.h5.part"));
        }
}

/// A whole dataset of an HDF5 file as doubles (empty when missing).
std::vector<double> read_doubles(const std::string& path, const std::string& dataset) {
    std::vector<double> out;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return out;
    const hid_t set = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
    if (set >= 0) {
        const hid_t space = H5Dget_space(set);
        out.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
        H5Sclose(space);
        H5Dclose(set);
    }
    H5Fclose(file);
    return out;
}

// The same with plastic synapses: spikes and the recorded weights (all E -> E synapses, and a
// few inhibitory I -> I ones every ms) agree to the bit with one process.
TEST(MpiReproducibility, PlasticNetworkSpikesAndWeightsIdenticalFor1To4RanksAnd1To2Threads) {
    if (!lamina::built_with_mpi() || !have_mpirun()) GTEST_SKIP() << "lamina was built without MPI or mpirun is missing";
    const std::string plastic = std::string(LAMINA_SOURCE_DIR) + "/tests/distributed/plastic_network.toml";
    const auto reference_dir = out_dir("plastic_reference");
    ASSERT_EQ(run(std::string(LAMINA_CLI) + " run " + plastic + " --threads 1 --out " + reference_dir + " > /dev/null"), 0);
    const auto reference = lamina::read_recording(reference_dir + "/spikes.h5");
    ASSERT_GT(reference.trains.total_spikes(), 2000u);
    const std::vector<std::string> sets{"/weights/EE/data", "/weights/EE/mean", "/weights/II/data", "/weights/II/mean"};
    std::vector<std::vector<double>> reference_weights;
    for (const auto& set : sets) {
        reference_weights.push_back(read_doubles(reference_dir + "/weights.h5", set));
        ASSERT_FALSE(reference_weights.back().empty()) << set;
    }
    for (int ranks : {1, 2, 4})
        for (int threads : {1, 2}) {
            const std::string what = std::to_string(ranks) + " ranks x " + std::to_string(threads) + " threads";
            const auto dir = out_dir("plastic_" + std::to_string(ranks) + "x" + std::to_string(threads));
            ASSERT_EQ(run(mpirun(ranks) + LAMINA_CLI + " run " + plastic + " --threads " + std::to_string(threads) +
                          " --out " + dir + " > /dev/null 2>&1"),
                      0)
                << what;
            const auto got = lamina::read_recording(dir + "/spikes.h5");
            EXPECT_EQ(got.trains.offsets, reference.trains.offsets) << what;
            EXPECT_EQ(got.trains.times, reference.trains.times) << what;
            for (std::size_t k = 0; k < sets.size(); ++k)
                EXPECT_EQ(read_doubles(dir + "/weights.h5", sets[k]), reference_weights[k]) << what << " " << sets[k];
        }
}

TEST(MpiReproducibility, BadInputOnEveryRankEndsTheJobWithAMessage) {
    if (!lamina::built_with_mpi() || !have_mpirun()) GTEST_SKIP() << "lamina was built without MPI or mpirun is missing";
    const auto dir = out_dir("bad");
    const auto log = dir + ".log";
    const int code = run(mpirun(2) + LAMINA_CLI + " run " + model + " --set connections.0.delay=-1ms --out " + dir +
                         " > " + log + " 2>&1");
    EXPECT_NE(code, 0);
    EXPECT_NE(code, 124) << "the job hung until the timeout";
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("delay must not be negative"), std::string::npos) << text.str();
    EXPECT_FALSE(fs::exists(dir + "/spikes.h5"));
}

}  // namespace
