// `lamina analyze` end to end: real MEA recordings and lamina's own output go through the same
// statistics, and the numbers in analysis.json agree with what is known of the input.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string temp_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("lamina_analyze_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir.string();
}

int run(const std::string& args) { return std::system((std::string(LAMINA_CLI) + " " + args + " > /dev/null 2>&1").c_str()); }

json read_json(const std::string& path) {
    std::ifstream in(path);
    return json::parse(in);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string mouse = std::string(LAMINA_SHARED_DATA) + "/mea/mouse/TC145-C57-DIV18_A.h5";

TEST(AnalyzeCommand, MouseCultureRecordingGivesItsCountsAndBursts) {
    const auto out = temp_dir("mouse");
    ASSERT_EQ(run("analyze " + mouse + " --out " + out + " --gof-reps 0"), 0);
    const auto j = read_json(out + "/analysis.json");
    // The reader's validation test checks these counts against /sCount; here they must survive
    // into the report unchanged.
    EXPECT_EQ(j["units"], 51);
    EXPECT_EQ(j["spikes"], 130942);
    EXPECT_EQ(j["metadata"]["age"], "18");
    // A DIV18 mouse hippocampal culture bursts as a network (Charlesworth et al. 2015): many
    // network bursts, most spikes inside single-unit bursts.
    EXPECT_GT(j["bursts"]["network"]["bursts"].get<int>(), 100);
    EXPECT_GT(j["bursts"]["max_interval"]["fraction_spikes_in_bursts"].get<double>(), 0.5);
    // Mean rate is spikes / (units * duration).
    const double duration_s = (j["window_ms"][1].get<double>() - j["window_ms"][0].get<double>()) * 1e-3;
    EXPECT_NEAR(j["firing"]["mean_rate_hz"].get<double>(), 130942.0 / 51.0 / duration_s, 1e-9);
    const auto html = read_text(out + "/report.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("Avalanche sizes"), std::string::npos);
    EXPECT_LT(html.size(), 8u << 20);  // figures are decimated: the page stays small enough to open
}

TEST(AnalyzeCommand, WindowAndUnitsRestrictTheAnalysis) {
    const auto out = temp_dir("window");
    ASSERT_EQ(run("analyze " + mouse + " --out " + out + " --gof-reps 0 --window 100s:400s --units 0,1,2"), 0);
    const auto j = read_json(out + "/analysis.json");
    EXPECT_EQ(j["units"], 3);
    EXPECT_DOUBLE_EQ(j["window_ms"][0].get<double>(), 100e3);
    EXPECT_DOUBLE_EQ(j["window_ms"][1].get<double>(), 400e3);
    EXPECT_LT(j["spikes"].get<int>(), 130942);
}

TEST(AnalyzeCommand, DevelopmentalSeriesGivesOneCsvRowPerFile) {
    const auto out = temp_dir("series");
    const std::string dir = std::string(LAMINA_SHARED_DATA) + "/mea/hipsc/";
    ASSERT_EQ(run("analyze " + dir + "hiPSN_tc65_d16_spikes6sd.h5 " + dir + "hiPSN_tc65_d73_spikes6sd.h5 --out " + out + " --gof-reps 0"), 0);
    std::ifstream csv(out + "/summary.csv");
    std::string header, a, b, extra;
    std::getline(csv, header);
    std::getline(csv, a);
    std::getline(csv, b);
    EXPECT_FALSE(std::getline(csv, extra));
    EXPECT_EQ(header.substr(0, 16), "file,format,age,");
    EXPECT_NE(a.find(",mea,16,"), std::string::npos);
    EXPECT_NE(b.find(",mea,73,"), std::string::npos);
    EXPECT_TRUE(fs::exists(out + "/hiPSN_tc65_d73_spikes6sd/report.html"));
}

TEST(AnalyzeCommand, SimulatedSpikesGoThroughTheSameAnalysis) {
    const auto out = temp_dir("sim");
    ASSERT_EQ(run("run " + std::string(LAMINA_SOURCE_DIR) + "/examples/brunel.toml --out " + out +
                  " --set populations.E.size=2000 --set populations.I.size=500 --set connections.0.indegree=200"
                  " --set connections.1.indegree=200 --set connections.2.indegree=50 --set connections.3.indegree=50"
                  " --set simulation.duration=300ms"),
              0);
    const auto summary = read_json(out + "/summary.json");
    ASSERT_EQ(run("analyze " + out + "/spikes.h5 --out " + out + "/analysis --population E --gof-reps 0"), 0);
    const auto j = read_json(out + "/analysis/analysis.json");
    EXPECT_EQ(j["format"], "sonata");
    EXPECT_EQ(j["units"], 2000);  // silent neurons included (n_nodes attribute)
    EXPECT_EQ(j["spikes"], summary["populations"]["E"]["spikes"]);
}

TEST(AnalyzeCommand, MissingFileIsABadInputExit) {
    const auto out = temp_dir("missing");
    EXPECT_EQ(WEXITSTATUS(run("analyze /nonexistent/file.h5 --out " + out)), 2);
    EXPECT_FALSE(fs::exists(out + "/analysis.json"));
}

}  // namespace
