// The promise across processes: `mpirun -np K lamina run` gives the same spikes and traces, to
// the bit, as one process, for 1, 2 and 4 ranks times 1 and 2 threads; and a rank that fails
// ends the whole job with a message instead of a hang.
#include <lamina/communicator.hpp>
#include <lamina/recordings.hpp>

#include <gtest/gtest.h>

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
