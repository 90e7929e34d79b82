// Bad input: every malformed model file in tests/data/bad_models is refused by load_model_file +
// validate with the right exception type and a message that names the file, the line and key (or
// the element) and says what was expected. A few go through the `lamina` command as well, which
// must exit with 2, print "lamina: error: <message>" and write no output files.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path bad_dir = fs::path(LAMINA_SOURCE_DIR) / "tests/data/bad_models";
const fs::path good_dir = fs::path(LAMINA_SOURCE_DIR) / "tests/data/good_models";

enum class kind { input, unknown_name };

struct bad_model {
    const char* file;   // in tests/data/bad_models
    kind type;          // the exact exception type
    const char* where;  // ":line: key" or ":line: element", right after the file name
    const char* what;   // a phrase of what was expected or what is wrong
};

// Line numbers are those of the offending key, or of the table ([[connections]], [[stimuli]],
// [[recorders]], [populations.X]) for problems the engine finds with the element as a whole.
const bad_model bad_models[] = {
    // TOML syntax (line:column of the parser)
    {"syntax_unclosed_string.toml", kind::input, ":3:23: TOML syntax error", "parsing string"},
    {"syntax_missing_equals.toml", kind::input, ":4:6: TOML syntax error", "expected '='"},
    {"syntax_unclosed_table_header.toml", kind::input, ":5:15: TOML syntax error", "expected ']'"},
    {"duplicate_key.toml", kind::input, ":6:9: TOML syntax error", "cannot redefine existing string 'tau_m'"},
    {"duplicate_population.toml", kind::input, ":6:1: TOML syntax error",
     "cannot redefine existing table 'populations.E'"},
    // structure
    {"unknown_section.toml", kind::unknown_name, ":2: model.network", "unknown key \"network\" (allowed here: simulation"},
    {"unknown_simulation_key.toml", kind::unknown_name, ":3: simulation.dt_ms", "(allowed here: dt, duration, seed, threads, min_neuron_steps_per_thread)"},
    {"no_populations.toml", kind::input, ": no [populations.<name>] section", "needs at least one population"},
    {"connections_as_table.toml", kind::input, ":6: connections", "expected [[connections]] entries"},
    // populations
    {"unknown_neuron_model.toml", kind::unknown_name, ":3: populations.E.model",
     "unknown neuron model \"lif_psc_dleta\" (known: lif_psc_delta"},
    {"missing_model.toml", kind::input, ":2: populations.E", "missing key \"model\""},
    {"population_name_with_slash.toml", kind::input, ":2: populations.L2/3",
     "the population name \"L2/3\" may contain only letters, digits, _ and -"},
    {"unknown_parameter.toml", kind::unknown_name, ":5: populations.E.tau_mem",
     "has no parameter \"tau_mem\" (its parameters and state: E_L, C_m, tau_m"},
    {"empty_population.toml", kind::input, ":4: populations.E.size", "at least one neuron"},
    {"negative_size.toml", kind::input, ":4: populations.E.size", "must not be negative, got -10"},
    {"fractional_size.toml", kind::input, ":4: populations.E.size", "expected a whole number that is not negative, got 10.5"},
    {"size_as_string.toml", kind::input, ":4: populations.E.size", "expected a whole number that is not negative, got \"10\""},
    {"missing_size.toml", kind::input, ":2: populations.E", "missing key \"size\""},
    {"absurd_population_size.toml", kind::input, ":2: population E (size = 100000000000)",
     "neurons in all exceed the supported 16777216 (2^24: synapse targets are stored in 24 bits)"},
    {"parameter_distribution_wrong_unit.toml", kind::input, ":5: populations.E.tau_m", "expected a time"},
    {"negative_tau_m.toml", kind::input, ":2: lif_psc_delta", "tau_m must be positive"},
    {"reset_above_threshold.toml", kind::input, ":2: lif_psc_delta", "V_reset (-50.000000 mV) must be below V_th"},
    // units and numbers
    {"wrong_unit.toml", kind::input, ":5: populations.E.tau_m", "\"20 mV\" is a voltage; expected a time such as \"1 ms\""},
    {"missing_unit.toml", kind::input, ":5: populations.E.tau_m", "the number 20 has no unit; write it as a string with a time unit, e.g. \"20 ms\""},
    {"missing_unit_in_string.toml", kind::input, ":5: populations.E.V_th", "\"-55\" has no unit; expected a voltage"},
    {"unknown_unit.toml", kind::input, ":5: populations.E.tau_m", "unknown unit \"msec\" in \"20 msec\" (known units: s, ms"},
    {"not_a_number.toml", kind::input, ":5: populations.E.V_th", "\"twenty mV\" does not start with a number"},
    {"infinite_quantity.toml", kind::input, ":3: simulation.duration", "\"1e307 s\" is too large"},
    // simulation
    {"dt_zero.toml", kind::input, ":3: simulation.dt", "must be positive"},
    {"dt_negative.toml", kind::input, ":3: simulation.dt", "must be positive"},
    {"threads_zero.toml", kind::input, ":3: simulation.threads", "must be at least 1"},
    {"negative_seed.toml", kind::input, ":3: simulation.seed", "must not be negative, got -1"},
    // distributions
    {"unknown_distribution.toml", kind::input, ":5: populations.E.V_m.distribution",
     "unknown distribution \"gamma\" (known: uniform, normal, lognormal, exponential)"},
    {"uniform_low_above_high.toml", kind::input, ":5: populations.E.V_m", "uniform distribution needs low < high"},
    {"normal_negative_std.toml", kind::input, ":5: populations.E.V_m", "std must not be negative"},
    {"distribution_missing_key.toml", kind::input, ":5: populations.E.V_m", "missing key \"std\""},
    {"distribution_min_above_max.toml", kind::input, ":5: populations.E.V_m", "min is above max"},
    {"distribution_window_in_far_tail.toml", kind::input, ":6: populations.E.V_m",
     "the window [min, max] holds less than 0.01% of the distribution; values outside it are redrawn"},
    // connections
    {"connection_to_missing_population.toml", kind::unknown_name, ":8: connections[0].target",
     "no population named \"I\" (populations: E)"},
    {"connection_from_missing_population.toml", kind::unknown_name, ":7: connections[0].source",
     "no population named \"X\" (populations: E)"},
    {"unknown_connection_key.toml", kind::unknown_name, ":10: connections[0].weigth", "unknown key \"weigth\" (allowed here:"},
    {"unknown_rule.toml", kind::input, ":9: connections[0].rule",
     "unknown rule \"random_sparse\" (known: fixed_indegree, fixed_outdegree, pairwise_bernoulli"},
    {"missing_rule_parameter.toml", kind::input, ":6: connections[0]", "missing key \"indegree\""},
    {"parameter_of_other_rule.toml", kind::unknown_name, ":11: connections[0].indegree", "unknown key \"indegree\""},
    {"missing_weight.toml", kind::input, ":6: connections[0]", "missing key \"weight\""},
    {"probability_above_one.toml", kind::input, ":10: connections[0].probability", "must be between 0 and 1"},
    {"indegree_exceeds_sources.toml", kind::input, ":6: connection E -> E",
     "in-degree 20 exceeds the 10 available sources and multapses are not allowed"},
    {"outdegree_exceeds_targets.toml", kind::input, ":6: connection E -> E",
     "out-degree 10 exceeds the 9 available targets"},
    {"total_number_exceeds_pairs.toml", kind::input, ":10: connection E -> I",
     "total number 60 exceeds the 50 possible pairs without multapses"},
    {"one_to_one_sizes_differ.toml", kind::input, ":10: connection E -> I",
     "one_to_one needs equal sizes, but E has 10 and I has 5 neurons"},
    {"one_to_one_without_autapses.toml", kind::input, ":6: connection E -> E", "makes only autapses"},
    {"absurd_synapse_count.toml", kind::input, ":6: connection E -> E",
     "makes about 10000000000000 of the network's 10000000000000 synapses: building needs about"},
    {"absurd_delay_buffer.toml", kind::input, ":6: connection E -> E",
     "has delays up to 60000 steps, and the input buffers of 1000000 neurons must span them"},
    {"negative_delay.toml", kind::input, ":6: connection E -> E", "delay must not be negative"},
    {"delay_below_dt.toml", kind::input, ":9: connection E -> E", "is below the time step dt = 0.100000 ms"},
    {"delay_distribution_below_dt.toml", kind::input, ":6: connection E -> E",
     "can draw values below dt = 0.100000 ms; give it a min >= dt"},
    {"delay_distribution_unbounded.toml", kind::input, ":6: connection E -> E", "unbounded above; give it a max"},
    {"delay_too_long.toml", kind::input, ":6: connection E -> E", "longer than the supported 65535 steps"},
    {"weight_unit_mismatch.toml", kind::input, ":10: connections[0].weight",
     "\"100 pA\" is a current; expected a voltage such as \"1 mV\""},
    {"excitatory_negative_weight.toml", kind::input, ":6: connection E -> E",
     "receptor \"excitatory\" is excitatory but the weight is negative"},
    {"unknown_synapse_kind.toml", kind::input, ":10: connections[0].synapse",
     "expected \"excitatory\" or \"inhibitory\", got \"modulatory\""},
    {"unknown_receptor.toml", kind::input, ":10: connections[0].receptor",
     "unknown receptor for model lif_psc_delta: expected \"excitatory\" or \"inhibitory\", got \"NMDA\""},
    {"autapses_not_boolean.toml", kind::input, ":10: connections[0].autapses", "expected true or false, got \"no\""},
    // stimuli
    {"unknown_stimulus_type.toml", kind::input, ":7: stimuli[0].type",
     "unknown stimulus type \"noise\" (known: poisson, dc, step_current, spike_times, ou_noise)"},
    {"stimulus_on_missing_population.toml", kind::unknown_name, ":8: stimuli[0].target", "no population named \"I\""},
    {"stimulus_neuron_out_of_range.toml", kind::input, ":6: stimulus neuron 10",
     "is outside population E (10 neurons)"},
    {"stimulus_neuron_listed_twice.toml", kind::input, ":9: stimuli[0].neurons", "neuron 3 is listed twice"},
    {"poisson_negative_rate.toml", kind::input, ":6: poisson stimulus on E", "rate must not be negative"},
    {"poisson_rate_absurd.toml", kind::input, ":6: poisson stimulus on E",
     "Hz means more than 1e15 input spikes per step of 0.100000 ms"},
    {"poisson_rate_wrong_unit.toml", kind::input, ":9: stimuli[0].rate", "\"8 ms\" is a time; expected a frequency"},
    {"dc_stop_before_start.toml", kind::input, ":6: dc stimulus on E", "stop must not be before start"},
    {"step_current_lengths_differ.toml", kind::input, ":6: step_current stimulus on E",
     "2 times but 3 amplitudes; expected one amplitude per time"},
    {"ou_noise_zero_tau.toml", kind::input, ":6: ou_noise stimulus on E", "tau must be positive, got 0.000000 ms"},
    {"ou_noise_negative_std.toml", kind::input, ":6: ou_noise stimulus on E", "std must not be negative"},
    {"ou_noise_std_wrong_unit.toml", kind::input, ":10: stimuli[0].std", "\"5 mV\" is a voltage; expected a current"},
    {"ou_noise_missing_tau.toml", kind::input, ":6: stimuli[0]", "missing key \"tau\""},
    {"ou_noise_shared_empty_name.toml", kind::input, ":11: stimuli[0].shared",
     "expected true, false or a process name, got an empty string"},
    {"ou_noise_shared_number.toml", kind::input, ":11: stimuli[0].shared",
     "expected true, false or a process name in quotes"},
    // Both stimuli named: the second where the file's element is, the first in the message.
    {"ou_noise_shared_tau_differs.toml", kind::input, ":17: ou_noise stimulus on I",
     "shared = \"slow\": tau 2000 ms differs from tau 5000 ms of "},
    {"ou_noise_shared_stop_differs.toml", kind::input, ":14: ou_noise stimulus on E",
     "shared = \"slow\": stop unset (until the end) differs from stop 100 ms of "},
    // recorders
    {"unknown_recorder_type.toml", kind::input, ":7: recorders[0].type",
     "unknown recorder type \"voltmeter\" (known: spikes, state, weights, mea)"},
    {"weights_recorder_unknown_connection.toml", kind::unknown_name, ":15: weights recorder",
     "no connection \"E->I\" (connections: E->E; a connection is addressed by its name, or as \"source->target\")"},
    {"weights_recorder_static_connection.toml", kind::input, ":14: weights recorder",
     "connection E->E has static synapses, whose weights never change"},
    // synapse models
    {"unknown_synapse_model.toml", kind::unknown_name, ":13: connections[0].synapse.model",
     "unknown synapse model \"stdpp\" (known: static, tsodyks_markram, stdp, stdp_nn"},
    {"unknown_synapse_parameter.toml", kind::unknown_name, ":13: connections[0].synapse.tau",
     "synapse model stdp has no parameter \"tau\" (its parameters: tau_plus, tau_minus,"},
    {"synapse_parameter_wrong_unit.toml", kind::input, ":13: connections[0].synapse.w_max",
     "expected a voltage"},
    {"synapse_negative_time_constant.toml", kind::input, ":13: connection E -> E: synapse model tsodyks_markram",
     "tau_rec must be positive, got -5"},
    {"connection_name_twice.toml", kind::input, ":21: connections[1].name",
     "the name \"EE\" is already used by the connection at"},
    {"spike_recorder_missing_population.toml", kind::unknown_name, ":6: no population named \"I\"", "(populations: E)"},
    {"state_recorder_unknown_variable.toml", kind::unknown_name, ":6: state recorder",
     "has no state variable \"w\" (its variables: V_m, refractory_steps)"},
    {"state_recorder_neuron_out_of_range.toml", kind::input, ":6: state recorder",
     "neuron 12 is outside population E (10 neurons)"},
    {"state_recorder_bad_interval.toml", kind::input, ":6: state recorder",
     "must be a positive multiple of dt = 0.100000 ms"},
};

/// What load_model_file + validate threw (thrown = false when the model was accepted).
struct caught {
    bool thrown = false;
    bool unknown_name = false;
    bool exact_input_error = false;
    std::string message;
};

caught load_and_validate(const std::string& path, const std::vector<std::string>& overrides = {}) {
    caught c;
    try {
        const auto spec = lamina::load_model_file(path, overrides);
        (void)lamina::validate(spec);
    } catch (const lamina::input_error& e) {
        c.thrown = true;
        c.unknown_name = typeid(e) == typeid(lamina::unknown_name_error);
        c.exact_input_error = typeid(e) == typeid(lamina::input_error);
        c.message = e.what();
    }
    return c;
}

class bad_model_file : public testing::TestWithParam<bad_model> {};

TEST_P(bad_model_file, is_refused_with_a_message_naming_file_key_and_expectation) {
    const bad_model& m = GetParam();
    const std::string path = (bad_dir / m.file).string();
    ASSERT_TRUE(fs::exists(path)) << path;
    const caught c = load_and_validate(path);
    ASSERT_TRUE(c.thrown) << m.file << " was accepted";
    // "<path><where>": the file, then the line and the key or element right after it.
    EXPECT_NE(c.message.find(path + m.where), std::string::npos) << "message: " << c.message;
    EXPECT_NE(c.message.find(m.what), std::string::npos) << "message: " << c.message;
    if (m.type == kind::unknown_name)
        EXPECT_TRUE(c.unknown_name) << "expected lamina::unknown_name_error: " << c.message;
    else
        EXPECT_TRUE(c.exact_input_error) << "expected lamina::input_error: " << c.message;
}

std::string test_name(const testing::TestParamInfo<bad_model>& info) {
    std::string name = info.param.file;
    name = name.substr(0, name.find('.'));
    return name;
}

INSTANTIATE_TEST_SUITE_P(all, bad_model_file, testing::ValuesIn(bad_models), test_name);

TEST(bad_model_files, every_file_has_an_expectation_and_there_are_at_least_30) {
    std::set<std::string> listed;
    for (const auto& m : bad_models) EXPECT_TRUE(listed.insert(m.file).second) << "listed twice: " << m.file;
    std::set<std::string> on_disk;
    for (const auto& e : fs::directory_iterator(bad_dir))
        if (e.path().extension() == ".toml") on_disk.insert(e.path().filename().string());
    EXPECT_EQ(listed, on_disk);
    EXPECT_GE(on_disk.size(), 30u);
}

TEST(bad_model_files, a_missing_file_is_a_file_error_naming_it) {
    const std::string path = (bad_dir / "no_such_model.toml").string();
    try {
        (void)lamina::load_model_file(path);
        FAIL() << "no exception";
    } catch (const lamina::file_error& e) {
        EXPECT_NE(std::string(e.what()).find(path + ": cannot open the model file"), std::string::npos) << e.what();
    }
}

TEST(bad_model_files, a_window_the_draws_keep_missing_names_the_element_when_built_from_code) {
    // The loader refuses such windows; a spec built in code reaches the engine, whose message
    // must still say which population or connection it is.
    auto spec = lamina::parse_model("[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 10\n", "code.toml");
    spec.populations[0].initial["V_m"] = {lamina::distribution::kind::normal, -65.0, 2.0, 0.0, 10.0};
    try {
        (void)lamina::validate(spec);
        FAIL() << "no exception";
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("code.toml:1: populations.E.V_m: a distribution's [min, max] window"),
                  std::string::npos)
            << e.what();
    }
    spec.populations[0].initial.clear();
    lamina::connection_spec c;
    c.source = c.target = "E";
    c.rule = lamina::connection_rule::all_to_all;
    c.weight = {lamina::distribution::kind::exponential, 0.1, 0.0, 10.0, 20.0};
    c.origin = "code.toml:9";
    spec.connections = {c};
    try {
        lamina::simulation sim(spec);
        FAIL() << "no exception";
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("code.toml:9: connection E -> E: weight: a distribution's [min, max]"),
                  std::string::npos)
            << e.what();
    }
}

// --set overrides that are malformed, or that make a good model bad. Messages name "--set".
struct bad_override {
    const char* assignment;
    kind type;
    const char* what;  // expected in the message
};

const bad_override bad_overrides[] = {
    {"populations.E", kind::input, "--set populations.E: expected key=value, e.g. --set populations.E.size=2000"},
    {"=5", kind::input, "--set =5: expected key=value"},
    {"populations..size=3", kind::input, "empty key component in \"populations..size\""},
    {"populations.E.size=-5", kind::input, "--set populations.E.size: must not be negative, got -5"},
    {"populations.E.size=ten", kind::input, "--set populations.E.size: expected a whole number that is not negative, got \"ten\""},
    {"populations.E.tau_m=20", kind::input, "--set populations.E.tau_m: the number 20 has no unit"},
    {"populations.E.tau_m=20 mV", kind::input, "--set populations.E.tau_m: \"20 mV\" is a voltage; expected a time"},
    {"populations.E.tau_mem=20 ms", kind::unknown_name, "--set populations.E.tau_mem: model lif_psc_delta has no parameter"},
    {"populations.E.model=lif\"x", kind::unknown_name, "--set populations.E.model: unknown neuron model \"lif\"x\""},
    {"simulation.dt=0.1 ms\nx", kind::input, "--set simulation.dt: unknown unit"},
    {"simulation.dt.x=1", kind::input, "--set simulation.dt.x=1: \"simulation.dt\" is a value, not a table"},
    {"simulation=5", kind::input, "--set simulation: expected a table, got 5"},
    {"connections.5.weight=1 mV", kind::input, "\"connections.5\" is beyond the list's 1 entries"},
    {"connections.x.weight=1 mV", kind::input, "\"connections\" is a list; expected an index below 1 instead of \"x\""},
    {"connections.-1.weight=1 mV", kind::input, "expected an index below 1 instead of \"-1\""},
    {"connections.0.weight=100 pA", kind::input, "--set connections[0].weight: \"100 pA\" is a current; expected a voltage"},
    {"connections.0.rule=sparse", kind::input, "--set connections[0].rule: unknown rule \"sparse\""},
    {"populations.F.size=3", kind::input, "--set populations.F: missing key \"model\""},
    {"meta2=1", kind::unknown_name, "--set model.meta2: unknown key \"meta2\""},
};

class bad_override_test : public testing::TestWithParam<bad_override> {};

TEST_P(bad_override_test, is_refused_naming_the_override) {
    const bad_override& o = GetParam();
    const caught c = load_and_validate((good_dir / "minimal.toml").string(), {o.assignment});
    ASSERT_TRUE(c.thrown) << "--set " << o.assignment << " was accepted";
    EXPECT_NE(c.message.find(o.what), std::string::npos) << "message: " << c.message;
    if (o.type == kind::unknown_name)
        EXPECT_TRUE(c.unknown_name) << "expected lamina::unknown_name_error: " << c.message;
    else
        EXPECT_TRUE(c.exact_input_error) << "expected lamina::input_error: " << c.message;
}

INSTANTIATE_TEST_SUITE_P(all, bad_override_test, testing::ValuesIn(bad_overrides));

// ---- through the command line ----

struct cli_result {
    int exit_code = -1;
    std::string out, err;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

class cli : public testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("lamina_errors_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
                std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    cli_result lamina(const std::vector<std::string>& args) const {
        std::string cmd = quoted(LAMINA_CLI);
        for (const auto& a : args) cmd += " " + quoted(a);
        cmd += " >" + quoted((dir_ / "stdout.txt").string()) + " 2>" + quoted((dir_ / "stderr.txt").string());
        const int status = std::system(cmd.c_str());
        cli_result r;
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = slurp(dir_ / "stdout.txt");
        r.err = slurp(dir_ / "stderr.txt");
        return r;
    }

    /// Regular files under `out`, which `lamina run` may have created but must leave empty.
    static std::vector<std::string> files_under(const fs::path& out) {
        std::vector<std::string> files;
        if (!fs::exists(out)) return files;
        for (const auto& e : fs::recursive_directory_iterator(out))
            if (!e.is_directory()) files.push_back(e.path().string());
        return files;
    }

    fs::path dir_;
};

std::string bad(const char* name) { return (bad_dir / name).string(); }

TEST_F(cli, check_of_a_bad_model_exits_2_with_the_message) {
    const auto r = lamina({"check", bad("unknown_parameter.toml")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("lamina: error: " + bad("unknown_parameter.toml") + ":5: populations.E.tau_mem: ", 0), 0u)
        << r.err;
    EXPECT_EQ(r.out, "");
}

TEST_F(cli, check_finds_what_only_the_engine_can_see) {
    const auto r = lamina({"check", bad("one_to_one_sizes_differ.toml")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("lamina: error: " + bad("one_to_one_sizes_differ.toml") + ":10: connection E -> I: "
                         "one_to_one needs equal sizes"),
              std::string::npos)
        << r.err;
}

TEST_F(cli, check_of_a_missing_file_exits_2) {
    const auto r = lamina({"check", bad("no_such_model.toml")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("cannot open the model file"), std::string::npos) << r.err;
}

TEST_F(cli, check_with_a_bad_override_exits_2) {
    const auto r = lamina({"check", (good_dir / "minimal.toml").string(), "--set", "populations.E.size=-5"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("lamina: error: --set populations.E.size: must not be negative, got -5"), std::string::npos)
        << r.err;
}

TEST_F(cli, check_of_a_good_model_exits_0) {
    const auto r = lamina({"check", (good_dir / "minimal.toml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(": ok: 1 populations, 20 neurons, about 100 synapses"), std::string::npos) << r.out;
}

TEST_F(cli, run_of_a_bad_model_exits_2_and_writes_nothing) {
    // A syntax error (loader), an impossible rule (found while building) and an absurd size
    // (refused before allocating).
    for (const char* name : {"syntax_missing_equals.toml", "indegree_exceeds_sources.toml", "absurd_synapse_count.toml",
                             "absurd_delay_buffer.toml"}) {
        SCOPED_TRACE(name);
        const fs::path out = dir_ / "run_out";
        const auto r = lamina({"run", bad(name), "--out", out.string()});
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.err.rfind("lamina: error: " + bad(name) + ":", 0), 0u) << r.err;
        EXPECT_EQ(files_under(out), std::vector<std::string>{});
        fs::remove_all(out);
    }
}

TEST_F(cli, run_with_a_bad_override_exits_2_and_writes_nothing) {
    const fs::path out = dir_ / "run_out";
    const auto r = lamina({"run", (good_dir / "minimal.toml").string(), "--out", out.string(), "--set",
                           "connections.0.delay=0.01 ms"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("connection E -> E: delay 0.010000 ms is below the time step"), std::string::npos) << r.err;
    EXPECT_EQ(files_under(out), std::vector<std::string>{});
}

}  // namespace
