// Good model files parse into the network_spec a scientist wrote: units converted to ms, mV, pA,
// nS, pF, Hz; distributions and defaults as documented in docs/model-files.md; --set overrides
// applied; and model_to_json holds every field, so that a run's summary can be fed back as a model.
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <filesystem>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using lamina::connection_rule;
using lamina::distribution;
using lamina::network_spec;
using lamina::stimulus_kind;

const fs::path good_dir = fs::path(LAMINA_SOURCE_DIR) / "tests/data/good_models";

std::string good(const char* name) { return (good_dir / name).string(); }

const lamina::population_spec& population(const network_spec& s, const std::string& name) {
    for (const auto& p : s.populations)
        if (p.name == name) return p;
    throw std::runtime_error("no population " + name);
}

// Values are converted by one multiplication from what the file says, so they agree with the
// exact product to within a few ulp; 1e-12 relative leaves room for that and nothing more.
constexpr double rel = 1e-12;
#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), rel * std::max(1.0, std::fabs(b)))

TEST(model_file, units_are_converted_to_canonical_units) {
    const auto s = lamina::load_model_file(good("units_and_distributions.toml"));
    EXPECT_CLOSE(s.simulation.dt, 0.1);          // "100 us"
    EXPECT_CLOSE(s.simulation.duration, 1000.0);  // "1 s"
    EXPECT_EQ(s.simulation.seed, 12u);
    EXPECT_EQ(s.simulation.threads, 2);

    const auto& E = population(s, "E");
    EXPECT_EQ(E.model, "lif_psc_delta");
    EXPECT_EQ(E.size, 40u);
    EXPECT_CLOSE(E.params.at("C_m"), 250.0);    // "0.25 nF"
    EXPECT_CLOSE(E.params.at("tau_m"), 20.0);   // "20 ms"
    EXPECT_CLOSE(E.params.at("t_ref"), 2.0);    // "0.002 s"
    EXPECT_CLOSE(E.params.at("E_L"), -70.0);    // "-0.07 V"
    EXPECT_CLOSE(E.params.at("I_e"), 1000.0);   // "1 nA"
    EXPECT_EQ(E.params.size(), 7u);

    ASSERT_EQ(s.stimuli.size(), 4u);
    EXPECT_CLOSE(s.stimuli[0].rate, 20000.0);     // "20 kHz"
    EXPECT_CLOSE(s.stimuli[1].amplitude, 500.0);  // "0.5 nA"
    EXPECT_CLOSE(*s.stimuli[1].stop, 500.0);      // "0.5 s"
    EXPECT_CLOSE(s.stimuli[2].times.at(1), 20.0);  // "0.02 s"
    EXPECT_CLOSE(s.connections.at(1).weight.a, -0.5);  // "-500 uV"
}

TEST(model_file, distributions_are_read_with_their_kind_parameters_and_window) {
    const auto s = lamina::load_model_file(good("units_and_distributions.toml"));
    const auto& vE = population(s, "E").initial.at("V_m");
    EXPECT_EQ(vE.type, distribution::kind::uniform);
    EXPECT_CLOSE(vE.a, -70.0);
    EXPECT_CLOSE(vE.b, -55.0);
    EXPECT_FALSE(vE.min || vE.max);

    const auto& vI = population(s, "I").initial.at("V_m");
    EXPECT_EQ(vI.type, distribution::kind::normal);
    EXPECT_CLOSE(vI.a, -65.0);
    EXPECT_CLOSE(vI.b, 2.0);
    ASSERT_TRUE(vI.min && vI.max);
    EXPECT_CLOSE(*vI.min, -80.0);
    EXPECT_CLOSE(*vI.max, -56.0);
    EXPECT_TRUE(population(s, "I").params.empty());

    ASSERT_EQ(s.connections.size(), 4u);
    const auto& w = s.connections[0].weight;
    EXPECT_EQ(w.type, distribution::kind::lognormal);
    EXPECT_CLOSE(w.a, 0.2);
    EXPECT_CLOSE(w.b, 0.05);
    const auto& d0 = s.connections[0].delay;
    EXPECT_EQ(d0.type, distribution::kind::uniform);
    EXPECT_CLOSE(d0.a, 1.0);
    EXPECT_CLOSE(d0.b, 2.0);
    const auto& d1 = s.connections[1].delay;
    EXPECT_EQ(d1.type, distribution::kind::exponential);
    EXPECT_CLOSE(d1.a, 1.0);
    EXPECT_CLOSE(*d1.min, 0.5);
    EXPECT_CLOSE(*d1.max, 5.0);
}

TEST(model_file, connection_rules_flags_and_ports) {
    const auto s = lamina::load_model_file(good("units_and_distributions.toml"));
    const auto& c = s.connections;
    EXPECT_EQ(c[0].source, "E");
    EXPECT_EQ(c[0].target, "I");
    EXPECT_EQ(c[0].rule, connection_rule::pairwise_bernoulli);
    EXPECT_CLOSE(c[0].probability, 0.2);
    EXPECT_FALSE(c[0].allow_autapses);
    EXPECT_FALSE(c[0].allow_multapses);
    EXPECT_FALSE(c[0].receptor.has_value());  // chosen by the weight's sign

    EXPECT_EQ(c[1].rule, connection_rule::fixed_total_number);
    EXPECT_EQ(c[1].total, 100u);
    EXPECT_EQ(c[1].receptor, "inhibitory");
    EXPECT_TRUE(c[1].allow_autapses);  // default
    EXPECT_TRUE(c[1].allow_multapses);  // default

    EXPECT_EQ(c[2].rule, connection_rule::fixed_outdegree);
    EXPECT_EQ(c[2].outdegree, 3u);
    EXPECT_TRUE(c[2].weight.is_constant());
    EXPECT_TRUE(c[2].delay.is_constant());
    EXPECT_CLOSE(c[2].delay.a, 1.0);

    EXPECT_EQ(c[3].rule, connection_rule::all_to_all);
    EXPECT_CLOSE(c[3].delay.a, 0.1);
}

TEST(model_file, ou_noise_stimulus) {
    const auto s = lamina::load_model_file(good("ou_noise.toml"));
    ASSERT_EQ(s.stimuli.size(), 2u);
    const auto& a = s.stimuli[0];
    EXPECT_EQ(a.kind, stimulus_kind::ou_noise);
    EXPECT_CLOSE(a.mean, 200.0);  // 0.2 nA in pA
    EXPECT_CLOSE(a.std_dev, 50.0);
    EXPECT_CLOSE(a.tau, 5.0);
    EXPECT_CLOSE(a.start, 10.0);
    EXPECT_CLOSE(*a.stop, 90.0);
    EXPECT_EQ(a.neurons, (std::vector<std::uint64_t>{1, 2}));
    const auto& b = s.stimuli[1];
    EXPECT_CLOSE(b.mean, 0.0);  // optional, 0 pA
    EXPECT_CLOSE(b.tau, 2.0);   // 0.002 s in ms
    EXPECT_NO_THROW((void)lamina::validate(s));
}

TEST(model_file, stimuli_and_recorders) {
    const auto s = lamina::load_model_file(good("units_and_distributions.toml"));
    const auto& st = s.stimuli;
    EXPECT_EQ(st[0].kind, stimulus_kind::poisson);
    EXPECT_EQ(st[0].target, "E");
    EXPECT_TRUE(st[0].neurons.empty());  // all neurons
    EXPECT_CLOSE(st[0].weight, 0.1);
    EXPECT_EQ(st[0].receptor, "excitatory");
    EXPECT_CLOSE(st[0].start, 0.0);  // default
    EXPECT_FALSE(st[0].stop.has_value());  // default: to the end

    EXPECT_EQ(st[1].kind, stimulus_kind::dc);
    EXPECT_EQ(st[1].neurons, (std::vector<std::uint64_t>{0, 9}));
    EXPECT_CLOSE(st[1].start, 100.0);

    EXPECT_EQ(st[2].kind, stimulus_kind::step_current);
    ASSERT_EQ(st[2].amplitudes.size(), 2u);
    EXPECT_CLOSE(st[2].times[0], 10.0);
    EXPECT_CLOSE(st[2].amplitudes[0], 100.0);
    EXPECT_CLOSE(st[2].amplitudes[1], 0.0);

    EXPECT_EQ(st[3].kind, stimulus_kind::spike_times);
    EXPECT_EQ(st[3].times, (std::vector<double>{5.0, 7.5}));
    EXPECT_CLOSE(st[3].weight, 1.0);
    EXPECT_CLOSE(st[3].delay, 1.0);

    ASSERT_EQ(s.recorders.size(), 2u);
    EXPECT_EQ(s.recorders[0].type, lamina::recorder_spec::kind::spikes);
    EXPECT_EQ(s.recorders[0].populations, std::vector<std::string>{"E"});  // a single string is a list of one
    const auto& r = s.recorders[1];
    EXPECT_EQ(r.type, lamina::recorder_spec::kind::state);
    EXPECT_EQ(r.populations, std::vector<std::string>{"I"});
    EXPECT_EQ(r.variables, (std::vector<std::string>{"V_m", "refractory_steps"}));
    EXPECT_EQ(r.neurons, (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_CLOSE(r.interval, 0.5);
}

TEST(model_file, every_element_remembers_where_it_was_written) {
    const std::string path = good("units_and_distributions.toml");
    const auto s = lamina::load_model_file(path);
    EXPECT_EQ(s.source, path);
    EXPECT_EQ(s.simulation.origin, path + ":2");
    EXPECT_EQ(population(s, "E").origin, path + ":8");
    EXPECT_EQ(s.connections[0].origin, path + ":25");
    EXPECT_EQ(s.stimuli[0].origin, path + ":59");
    EXPECT_EQ(s.recorders[1].origin, path + ":91");
}

TEST(model_file, defaults_fill_what_is_not_written) {
    const auto s = lamina::load_model_file(good("defaults.toml"));
    EXPECT_DOUBLE_EQ(s.simulation.dt, 0.1);
    EXPECT_DOUBLE_EQ(s.simulation.duration, 1000.0);
    EXPECT_EQ(s.simulation.seed, 1u);
    EXPECT_EQ(s.simulation.threads, 1);
    ASSERT_EQ(s.populations.size(), 1u);
    EXPECT_TRUE(s.populations[0].params.empty());  // the model's defaults apply
    EXPECT_TRUE(s.populations[0].initial.empty());
    EXPECT_TRUE(s.connections.empty() && s.stimuli.empty() && s.recorders.empty());
    // ... and are spelled out in the resolved model.
    const auto j = nlohmann::json::parse(lamina::model_to_json(s));
    const auto& P = j["populations"]["P"];
    for (const auto& par : lamina::find_neuron_model("lif_psc_delta")->parameters)
        EXPECT_TRUE(P.contains(par.name)) << par.name;
    EXPECT_EQ(P["C_m"], "250 pF");
    EXPECT_EQ(P["tau_m"], "10 ms");
    EXPECT_EQ(P["V_th"], "-55 mV");
}

TEST(model_file, parse_model_names_its_source_in_origins) {
    const auto s = lamina::parse_model("[populations.A]\nmodel = \"lif_psc_delta\"\nsize = 3\n", "inline.toml");
    EXPECT_EQ(s.source, "inline.toml");
    EXPECT_EQ(s.populations.at(0).origin, "inline.toml:1");
}

TEST(model_file, times_beyond_any_run_mean_never) {
    // Before clamping, 1e300 ms overflowed to the most negative step: the Poisson input that
    // stops "never" was silent from the start, and the state interval overflowed.
    lamina::simulation sim(lamina::load_model_file(good("far_future_times.toml")));
    sim.run(sim.spec().simulation.duration);
    const auto spikes = sim.spikes().at(0);
    // Only neuron 1 gets input (10 kHz of 1 mV jumps against a threshold 0.1 mV above rest).
    EXPECT_GT(spikes.times.size(), 5u);
    for (auto id : spikes.node_ids) EXPECT_EQ(id, 1u);
    const auto traces = sim.traces();
    ASSERT_EQ(traces.size(), 1u);
    EXPECT_TRUE(traces[0].times.empty());
}

// ---- --set ----

TEST(model_file_set, overrides_replace_values_from_the_file) {
    const auto s = lamina::load_model_file(
        good("minimal.toml"), {"populations.E.size=2000", "simulation.seed=7", "populations.E.tau_m=15 ms",
                               "connections.0.weight=0.25 mV", "connections.0.indegree=7"});
    EXPECT_EQ(population(s, "E").size, 2000u);
    EXPECT_EQ(s.simulation.seed, 7u);
    EXPECT_DOUBLE_EQ(population(s, "E").params.at("tau_m"), 15.0);  // a bare "15 ms" is a string
    EXPECT_DOUBLE_EQ(s.connections.at(0).weight.a, 0.25);
    EXPECT_EQ(s.connections.at(0).indegree, 7u);
    // untouched keys keep their file values
    EXPECT_DOUBLE_EQ(s.simulation.duration, 100.0);
    EXPECT_DOUBLE_EQ(s.connections.at(0).delay.a, 1.5);
}

TEST(model_file_set, values_in_toml_syntax_and_in_other_units) {
    const auto s = lamina::load_model_file(
        good("minimal.toml"),
        {"populations.E.tau_m=\"0.03 s\"", "simulation.duration=2 s", "stimuli.0.rate=1.5 kHz",
         "populations.E.V_m={ distribution = \"normal\", mean = \"-65 mV\", std = \"1 mV\" }",
         "recorders.1.neurons=[3, 4, 5]", "connections.0.multapses=false"});
    EXPECT_DOUBLE_EQ(population(s, "E").params.at("tau_m"), 30.0);
    EXPECT_DOUBLE_EQ(s.simulation.duration, 2000.0);
    EXPECT_DOUBLE_EQ(s.stimuli.at(0).rate, 1500.0);
    const auto& v = population(s, "E").initial.at("V_m");
    EXPECT_EQ(v.type, distribution::kind::normal);
    EXPECT_DOUBLE_EQ(v.a, -65.0);
    EXPECT_DOUBLE_EQ(v.b, 1.0);
    EXPECT_EQ(s.recorders.at(1).neurons, (std::vector<std::uint64_t>{3, 4, 5}));
    EXPECT_FALSE(s.connections.at(0).allow_multapses);
}

TEST(model_file_set, adds_keys_and_sections_the_file_lacks_and_the_last_one_wins) {
    const auto s = lamina::load_model_file(good("defaults.toml"), {"simulation.dt=0.05 ms", "populations.P.t_ref=3 ms",
                                                                   "simulation.seed=5", "simulation.seed=6"});
    EXPECT_DOUBLE_EQ(s.simulation.dt, 0.05);
    EXPECT_DOUBLE_EQ(population(s, "P").params.at("t_ref"), 3.0);
    EXPECT_EQ(s.simulation.seed, 6u);
}

TEST(model_file_set, an_overridden_model_validates_like_a_written_one) {
    // The estimate follows the override: 2000 targets x in-degree 5.
    const auto s = lamina::load_model_file(good("minimal.toml"), {"populations.E.size=2000"});
    const auto e = lamina::validate(s);
    EXPECT_EQ(e.neurons, 2000u);
    EXPECT_DOUBLE_EQ(e.synapses, 10000.0);
}

// ---- model_to_json ----

TEST(model_file_json, holds_every_field_with_units) {
    const auto s = lamina::load_model_file(good("units_and_distributions.toml"));
    const auto j = nlohmann::json::parse(lamina::model_to_json(s));
    EXPECT_EQ(j["simulation"]["dt"], "0.1 ms");
    EXPECT_EQ(j["simulation"]["duration"], "1000 ms");
    EXPECT_EQ(j["simulation"]["seed"], 12);
    EXPECT_EQ(j["simulation"]["threads"], 2);
    const auto& E = j["populations"]["E"];
    EXPECT_EQ(E["model"], "lif_psc_delta");
    EXPECT_EQ(E["size"], 40);
    EXPECT_EQ(E["C_m"], "250 pF");
    EXPECT_EQ(E["I_e"], "1000 pA");
    EXPECT_EQ(E["V_m"]["distribution"], "uniform");
    EXPECT_EQ(E["V_m"]["low"], "-70 mV");
    EXPECT_EQ(j["populations"]["I"]["V_m"]["max"], "-56 mV");
    const auto& c0 = j["connections"][0];
    EXPECT_EQ(c0["rule"], "pairwise_bernoulli");
    EXPECT_EQ(c0["probability"], 0.2);
    EXPECT_EQ(c0["weight"]["distribution"], "lognormal");
    EXPECT_EQ(c0["weight"]["mean"], "0.2 mV");
    EXPECT_EQ(c0["autapses"], false);
    EXPECT_EQ(j["connections"][1]["N"], 100);
    EXPECT_EQ(j["connections"][1]["receptor"], "inhibitory");
    EXPECT_EQ(j["connections"][2]["outdegree"], 3);
    EXPECT_EQ(j["stimuli"][0]["rate"], "20000 Hz");
    EXPECT_EQ(j["stimuli"][1]["amplitude"], "500 pA");
    EXPECT_EQ(j["stimuli"][1]["stop"], "500 ms");
    EXPECT_EQ(j["stimuli"][3]["times"][1], "7.5 ms");
    EXPECT_EQ(j["recorders"][1]["variables"][1], "refractory_steps");
    EXPECT_EQ(j["recorders"][1]["interval"], "0.5 ms");
}

/// The resolved model written back as TOML (the JSON's layout is the model file's).
toml::table to_toml_table(const nlohmann::json& j);

toml::array to_toml_array(const nlohmann::json& j) {
    toml::array a;
    for (const auto& e : j) {
        if (e.is_object()) a.push_back(to_toml_table(e));
        else if (e.is_string()) a.push_back(e.get<std::string>());
        else if (e.is_boolean()) a.push_back(e.get<bool>());
        else if (e.is_number_integer()) a.push_back(e.get<std::int64_t>());
        else a.push_back(e.get<double>());
    }
    return a;
}

toml::table to_toml_table(const nlohmann::json& j) {
    toml::table t;
    for (const auto& [k, v] : j.items()) {
        if (v.is_object()) t.insert(k, to_toml_table(v));
        else if (v.is_array()) t.insert(k, to_toml_array(v));
        else if (v.is_string()) t.insert(k, v.get<std::string>());
        else if (v.is_boolean()) t.insert(k, v.get<bool>());
        else if (v.is_number_integer()) t.insert(k, v.get<std::int64_t>());
        else t.insert(k, v.get<double>());
    }
    return t;
}

void expect_same_distribution(const distribution& a, const distribution& b, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(a.type, b.type);
    EXPECT_CLOSE(a.a, b.a);
    EXPECT_CLOSE(a.b, b.b);
    EXPECT_EQ(a.min.has_value(), b.min.has_value());
    EXPECT_EQ(a.max.has_value(), b.max.has_value());
    if (a.min && b.min) {
        EXPECT_CLOSE(*a.min, *b.min);
    }
    if (a.max && b.max) {
        EXPECT_CLOSE(*a.max, *b.max);
    }
}

TEST(model_file_json, round_trips_through_a_model_file) {
    const auto a = lamina::load_model_file(good("units_and_distributions.toml"));
    std::ostringstream text;
    text << to_toml_table(nlohmann::json::parse(lamina::model_to_json(a)));
    const auto b = lamina::parse_model(text.str(), "round_trip.toml");

    EXPECT_CLOSE(b.simulation.dt, a.simulation.dt);
    EXPECT_CLOSE(b.simulation.duration, a.simulation.duration);
    EXPECT_EQ(b.simulation.seed, a.simulation.seed);
    EXPECT_EQ(b.simulation.threads, a.simulation.threads);
    ASSERT_EQ(b.populations.size(), a.populations.size());
    for (const auto& pa : a.populations) {
        const auto& pb = population(b, pa.name);
        EXPECT_EQ(pb.model, pa.model);
        EXPECT_EQ(pb.size, pa.size);
        // b has every parameter spelled out; those a wrote must agree, the rest are defaults.
        for (const auto& par : lamina::find_neuron_model(pa.model)->parameters) {
            const auto it = pa.params.find(par.name);
            EXPECT_CLOSE(pb.params.at(par.name), it != pa.params.end() ? it->second : par.default_value);
        }
        ASSERT_EQ(pb.initial.size(), pa.initial.size());
        for (const auto& [k, d] : pa.initial) expect_same_distribution(pb.initial.at(k), d, pa.name + "." + k);
    }
    ASSERT_EQ(b.connections.size(), a.connections.size());
    for (std::size_t k = 0; k < a.connections.size(); ++k) {
        const auto &ca = a.connections[k], &cb = b.connections[k];
        SCOPED_TRACE("connection " + std::to_string(k));
        EXPECT_EQ(cb.source, ca.source);
        EXPECT_EQ(cb.target, ca.target);
        EXPECT_EQ(cb.rule, ca.rule);
        EXPECT_EQ(cb.indegree, ca.indegree);
        EXPECT_EQ(cb.outdegree, ca.outdegree);
        EXPECT_EQ(cb.total, ca.total);
        EXPECT_CLOSE(cb.probability, ca.probability);
        EXPECT_EQ(cb.allow_autapses, ca.allow_autapses);
        EXPECT_EQ(cb.allow_multapses, ca.allow_multapses);
        EXPECT_EQ(cb.receptor, ca.receptor);
        expect_same_distribution(cb.weight, ca.weight, "weight");
        expect_same_distribution(cb.delay, ca.delay, "delay");
    }
    ASSERT_EQ(b.stimuli.size(), a.stimuli.size());
    for (std::size_t k = 0; k < a.stimuli.size(); ++k) {
        const auto &sa = a.stimuli[k], &sb = b.stimuli[k];
        SCOPED_TRACE("stimulus " + std::to_string(k));
        EXPECT_EQ(sb.kind, sa.kind);
        EXPECT_EQ(sb.target, sa.target);
        EXPECT_EQ(sb.neurons, sa.neurons);
        EXPECT_CLOSE(sb.rate, sa.rate);
        EXPECT_CLOSE(sb.weight, sa.weight);
        EXPECT_CLOSE(sb.delay, sa.delay);
        EXPECT_CLOSE(sb.amplitude, sa.amplitude);
        EXPECT_EQ(sb.times, sa.times);
        EXPECT_EQ(sb.amplitudes, sa.amplitudes);
        EXPECT_CLOSE(sb.start, sa.start);
        EXPECT_EQ(sb.stop, sa.stop);
        EXPECT_EQ(sb.receptor, sa.receptor);
    }
    ASSERT_EQ(b.recorders.size(), a.recorders.size());
    for (std::size_t k = 0; k < a.recorders.size(); ++k) {
        EXPECT_EQ(b.recorders[k].type, a.recorders[k].type);
        EXPECT_EQ(b.recorders[k].populations, a.recorders[k].populations);
        EXPECT_EQ(b.recorders[k].variables, a.recorders[k].variables);
        EXPECT_EQ(b.recorders[k].neurons, a.recorders[k].neurons);
        EXPECT_CLOSE(b.recorders[k].interval, a.recorders[k].interval);
    }
}

// shared = "name": one process for the stimuli of two populations (tau given in s and in ms);
// the resolved model keeps the name, and parses back to the same spec.
TEST(model_file_json, a_named_ou_process_round_trips) {
    const auto a = lamina::load_model_file(good("ou_noise_shared.toml"));
    ASSERT_EQ(a.stimuli.size(), 3u);
    for (int k : {0, 1}) {
        EXPECT_TRUE(a.stimuli[k].shared);
        EXPECT_EQ(a.stimuli[k].shared_process, "slow");
        EXPECT_CLOSE(a.stimuli[k].tau, 5000.0);
    }
    EXPECT_TRUE(a.stimuli[2].shared);
    EXPECT_EQ(a.stimuli[2].shared_process, "");
    EXPECT_NO_THROW((void)lamina::validate(a));
    const auto j = nlohmann::json::parse(lamina::model_to_json(a));
    EXPECT_EQ(j["stimuli"][0]["shared"], "slow");
    EXPECT_EQ(j["stimuli"][1]["shared"], "slow");
    EXPECT_EQ(j["stimuli"][2]["shared"], true);
    std::ostringstream text;
    text << to_toml_table(j);
    const auto b = lamina::parse_model(text.str(), "round_trip.toml");
    ASSERT_EQ(b.stimuli.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(b.stimuli[k].shared, a.stimuli[k].shared) << k;
        EXPECT_EQ(b.stimuli[k].shared_process, a.stimuli[k].shared_process) << k;
        EXPECT_CLOSE(b.stimuli[k].std_dev, a.stimuli[k].std_dev);
        EXPECT_CLOSE(b.stimuli[k].mean, a.stimuli[k].mean);
        EXPECT_CLOSE(b.stimuli[k].tau, a.stimuli[k].tau);
    }
}

TEST(model_file_json, the_brunel_example_parses_and_validates) {
    const auto s = lamina::load_model_file((fs::path(LAMINA_SOURCE_DIR) / "examples/brunel.toml").string());
    ASSERT_EQ(s.populations.size(), 2u);
    EXPECT_EQ(population(s, "E").size, 10000u);
    EXPECT_EQ(population(s, "I").size, 2500u);
    EXPECT_DOUBLE_EQ(s.stimuli.at(0).rate, 20000.0);  // CE * 2 * nu_thr = 1000 * 2 * 10 Hz
    const auto e = lamina::validate(s);
    // CE + CI = 1250 inputs to each of 12500 neurons.
    EXPECT_DOUBLE_EQ(e.synapses, 12500.0 * 1250.0);
}

}  // namespace
