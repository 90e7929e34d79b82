// model_to_json holds every field of a network_spec with its unit, so that a run's summary.json
// can be fed back as a model file: the JSON, written as TOML, parses back to the same spec.
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include "model_file_checks.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <filesystem>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using lamina::distribution;
using lamina::test::good;
using lamina::test::population;

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

/// a's resolved model (model_to_json) written as a model file and parsed again.
lamina::network_spec round_trip(const lamina::network_spec& a) {
    std::ostringstream text;
    text << to_toml_table(nlohmann::json::parse(lamina::model_to_json(a)));
    return lamina::parse_model(text.str(), "round_trip.toml");
}

void expect_same_stimuli(const lamina::network_spec& b, const lamina::network_spec& a) {
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
        EXPECT_CLOSE(sb.mean, sa.mean);
        EXPECT_CLOSE(sb.std_dev, sa.std_dev);
        EXPECT_CLOSE(sb.tau, sa.tau);
        EXPECT_EQ(sb.shared, sa.shared);
        EXPECT_EQ(sb.shared_process, sa.shared_process);
        EXPECT_CLOSE(sb.start, sa.start);
        EXPECT_EQ(sb.stop, sa.stop);
        EXPECT_EQ(sb.receptor, sa.receptor);
    }
}

TEST(model_file_json, round_trips_through_a_model_file) {
    const auto a = lamina::load_model_file(good("units_and_distributions.toml"));
    const auto b = round_trip(a);

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
    expect_same_stimuli(b, a);
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
    expect_same_stimuli(round_trip(a), a);
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
