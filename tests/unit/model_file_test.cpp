// Good model files parse into the network_spec a scientist wrote: units converted to ms, mV, pA,
// nS, pF, Hz; distributions and defaults as documented in docs/model-files.md; --set overrides
// applied (model_to_json: model_file_json_test.cpp).
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include "model_file_checks.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using lamina::connection_rule;
using lamina::distribution;
using lamina::stimulus_kind;
using lamina::test::good;
using lamina::test::population;

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

}  // namespace
