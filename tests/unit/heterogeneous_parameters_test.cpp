// Heterogeneous neuron parameters: a parameter given as a distribution in a model file is drawn
// once per neuron (population_spec::param_distributions), from a counter-based stream keyed by
// (seed, parameter, neuron's global id). Checked: the drawn values have the distribution's
// moments; each neuron then behaves as a homogeneous population with its own value would (the
// LIF firing rate of its own drive, exactly the spikes of a one-neuron population), for the
// vectorised and the per-receptor step; the values and the spikes do not depend on threads; bad
// draws and wrong units are refused naming the key.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace {

double mean_of(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0) / x.size(); }
double sd_of(const std::vector<double>& x) {
    const double m = mean_of(x);
    double ss = 0.0;
    for (double v : x) ss += (v - m) * (v - m);
    return std::sqrt(ss / (x.size() - 1));
}

lamina::population_spikes spikes_of(const lamina::simulation& sim, const std::string& pop) {
    for (auto& p : sim.spikes())
        if (p.population == pop) return p;
    ADD_FAILURE() << "no spikes recorded for " << pop;
    return {};
}

TEST(heterogeneous_parameters, drawn_values_have_the_distributions_moments) {
    constexpr int n = 20000;
    const auto spec = lamina::parse_model(R"(
[simulation]
dt = "0.1 ms"
seed = 7
[populations.E]
model = "lif_psc_delta"
size = 20000
tau_m = "20 ms"
I_e = { distribution = "normal", mean = "300 pA", std = "40 pA" }
V_th = { distribution = "uniform", low = "-56 mV", high = "-54 mV" }
C_m = { distribution = "lognormal", mean = "250 pF", std = "50 pF", min = "150 pF" }
)", "hetero.toml");
    ASSERT_EQ(spec.populations[0].param_distributions.size(), 3u);
    EXPECT_EQ(spec.populations[0].params.count("I_e"), 0u);
    lamina::simulation sim(spec, 1);

    // Moments of n independent draws: the standard error of a mean is sd/sqrt(n) (0.28 pA for
    // I_e), of an sd about sd/sqrt(2n) (0.2 pA); 5 standard errors would be exceeded by chance
    // with probability 6e-7.
    const auto I_e = sim.parameter_values("E", "I_e");
    ASSERT_EQ(I_e.size(), static_cast<std::size_t>(n));
    EXPECT_NEAR(mean_of(I_e), 300.0, 5 * 40.0 / std::sqrt(n));
    EXPECT_NEAR(sd_of(I_e), 40.0, 5 * 40.0 / std::sqrt(2.0 * n));
    // Uniform on [-56, -54] mV: sd 2/sqrt(12) = 0.577 mV, every value inside.
    const auto V_th = sim.parameter_values("E", "V_th");
    EXPECT_NEAR(mean_of(V_th), -55.0, 5 * 0.577 / std::sqrt(n));
    EXPECT_NEAR(sd_of(V_th), 0.577, 5 * 0.577 / std::sqrt(2.0 * n));
    EXPECT_GE(*std::min_element(V_th.begin(), V_th.end()), -56.0);
    EXPECT_LE(*std::max_element(V_th.begin(), V_th.end()), -54.0);
    // Lognormal with mean 250, sd 50 pF, redrawn below 150 pF (1.6% of the mass, 2.3 sd below
    // the mean): the window shifts the mean up by under 1.5 pF; the bound is checked exactly.
    const auto C_m = sim.parameter_values("E", "C_m");
    EXPECT_GE(*std::min_element(C_m.begin(), C_m.end()), 150.0);
    EXPECT_NEAR(mean_of(C_m), 250.0, 1.5 + 5 * 50.0 / std::sqrt(n));
    // A parameter not drawn is the shared value for every neuron.
    const auto tau_m = sim.parameter_values("E", "tau_m");
    EXPECT_TRUE(std::all_of(tau_m.begin(), tau_m.end(), [](double v) { return v == 20.0; }));
    // Independent streams: I_e and V_th of the same neurons are uncorrelated (|r| < 5/sqrt(n)).
    const double mI = mean_of(I_e), mV = mean_of(V_th);
    double cov = 0.0;
    for (int i = 0; i < n; ++i) cov += (I_e[i] - mI) * (V_th[i] - mV) / (n - 1);
    EXPECT_LT(std::abs(cov / (sd_of(I_e) * sd_of(V_th))), 5.0 / std::sqrt(n));
    EXPECT_THROW(sim.parameter_values("E", "tau_x"), lamina::unknown_name_error);
}

TEST(heterogeneous_parameters, each_lif_neuron_fires_at_the_rate_of_its_own_drive) {
    // lif_psc_delta without input: from V_reset = E_L a constant I_e reaches V_th = E_L + 15 mV
    // after tau_m ln(R I / (R I - 15 mV)) (R = tau_m / C_m = 0.04 mV/pA), then stays t_ref
    // refractory: period T = t_ref + tau_m ln(RI / (RI - 15)). I_e from 400 to 800 pA gives
    // RI from 16 to 32 mV, periods from 8.3 down to 3.3 ms.
    const auto spec = lamina::parse_model(R"(
[simulation]
dt = "0.1 ms"
duration = "1 s"
[populations.E]
model = "lif_psc_delta"
size = 40
E_L = "-70 mV"
V_reset = "-70 mV"
V_th = "-55 mV"
tau_m = "10 ms"
C_m = "250 pF"
t_ref = "2 ms"
I_e = { distribution = "uniform", low = "400 pA", high = "800 pA" }
[[recorders]]
type = "spikes"
populations = ["E"]
)", "lif_rates.toml");
    lamina::simulation sim(spec, 1);
    sim.run(1000.0);
    const auto I_e = sim.parameter_values("E", "I_e");
    const auto sp = spikes_of(sim, "E");
    std::vector<int> count(40, 0);
    for (auto id : sp.node_ids) ++count[id];
    for (int i = 0; i < 40; ++i) {
        const double RI = 0.04 * I_e[i];
        const double T = 2.0 + 10.0 * std::log(RI / (RI - 15.0));
        // On the 0.1 ms grid a threshold crossing is seen at the end of its step: each period
        // lasts between T and T + dt, so 1000/(T + dt) - 1 <= count <= 1000/T + 1 (the +-1:
        // the partial periods at the ends).
        EXPECT_GE(count[i], std::floor(1000.0 / (T + 0.1)) - 1) << "neuron " << i << ", I_e " << I_e[i];
        EXPECT_LE(count[i], std::ceil(1000.0 / T) + 1) << "neuron " << i << ", I_e " << I_e[i];
    }
}

// One population of 6 neurons with drawn I_e and V_th (and E_L) against 6 one-neuron populations
// given the same values as constants: identical spike times, to the bit, for the vectorised step
// (lif_cond_exp) and the per-receptor step (aeif_cond_ampa_nmda, adaptive RK45). With E_L drawn
// this also checks the default initial state: each neuron's V_m starts at its own E_L.
void expect_same_as_homogeneous(const std::string& model, const std::string& extra, bool draw_E_L = false) {
    const std::string head = "[simulation]\ndt = \"0.1 ms\"\nseed = 3\n";
    const std::string E_L_line = draw_E_L ? "E_L = { distribution = \"uniform\", low = \"-75 mV\", high = \"-65 mV\" }\n"
                                          : "E_L = \"-70 mV\"\n";
    auto hetero = lamina::parse_model(head + "[populations.H]\nmodel = \"" + model + "\"\nsize = 6\n" + extra +
                                          E_L_line +
                                          "I_e = { distribution = \"uniform\", low = \"300 pA\", high = \"700 pA\" }\n"
                                          "V_th = { distribution = \"normal\", mean = \"-50 mV\", std = \"1 mV\" }\n"
                                          "[[recorders]]\ntype = \"spikes\"\npopulations = [\"H\"]\n",
                                      "hetero.toml");
    lamina::simulation a(hetero, 1);
    a.run(500.0);
    const auto I_e = a.parameter_values("H", "I_e");
    const auto V_th = a.parameter_values("H", "V_th");
    const auto E_L = a.parameter_values("H", "E_L");
    const auto sa = spikes_of(a, "H");
    ASSERT_GT(sa.times.size(), 20u);
    for (int i = 0; i < 6; ++i) {
        char values[300];
        std::snprintf(values, sizeof values, "I_e = \"%.17g pA\"\nV_th = \"%.17g mV\"\nE_L = \"%.17g mV\"\n", I_e[i],
                      V_th[i], E_L[i]);
        auto homo = lamina::parse_model(head + "[populations.P]\nmodel = \"" + model + "\"\nsize = 1\n" + extra +
                                            values + "[[recorders]]\ntype = \"spikes\"\npopulations = [\"P\"]\n",
                                        "homo.toml");
        lamina::simulation b(homo, 1);
        b.run(500.0);
        std::vector<double> ta;
        for (std::size_t k = 0; k < sa.times.size(); ++k)
            if (sa.node_ids[k] == static_cast<std::uint64_t>(i)) ta.push_back(sa.times[k]);
        EXPECT_EQ(spikes_of(b, "P").times, ta) << model << ", neuron " << i;
    }
}

TEST(heterogeneous_parameters, a_heterogeneous_population_is_a_set_of_homogeneous_neurons) {
    expect_same_as_homogeneous("lif_cond_exp", "V_reset = \"-60 mV\"\n");
    expect_same_as_homogeneous("aeif_cond_ampa_nmda", "V_reset = \"-58 mV\"\nt_ref = \"2 ms\"\ng_L = \"10 nS\"\n");
    expect_same_as_homogeneous("lif_cond_exp", "V_reset = \"-60 mV\"\n", true);
    expect_same_as_homogeneous("aeif_cond_ampa_nmda", "V_reset = \"-58 mV\"\nt_ref = \"2 ms\"\ng_L = \"10 nS\"\n", true);
}

TEST(heterogeneous_parameters, values_and_spikes_do_not_depend_on_threads) {
    // A recurrent network with drawn drive and thresholds (the thresholds at quantiles), noise and
    // delays: 1, 2 and 4 threads.
    const auto spec = lamina::parse_model(R"(
[simulation]
dt = "0.1 ms"
seed = 11
min_neuron_steps_per_thread = 0
[populations.E]
model = "lif_psc_exp"
size = 400
I_e = { distribution = "normal", mean = "350 pA", std = "60 pA" }
V_th = { distribution = "uniform", low = "-56 mV", high = "-54 mV", sampling = "quantiles" }
V_m = { distribution = "uniform", low = "-70 mV", high = "-55 mV" }
[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 40
weight = { distribution = "normal", mean = "30 pA", std = "5 pA" }
delay = { distribution = "uniform", low = "1 ms", high = "3 ms" }
[[stimuli]]
type = "ou_noise"
target = "E"
mean = "0 pA"
std = "50 pA"
tau = "5 ms"
[[recorders]]
type = "spikes"
populations = ["E"]
)", "threads.toml");
    std::vector<lamina::population_spikes> runs;
    for (int threads : {1, 2, 4}) {
        lamina::simulation sim(spec, threads);
        sim.run(300.0);
        runs.push_back(spikes_of(sim, "E"));
        if (threads == 4) {
            lamina::simulation one(spec, 1);
            EXPECT_EQ(sim.parameter_values("E", "I_e"), one.parameter_values("E", "I_e"));
            EXPECT_EQ(sim.parameter_values("E", "V_th"), one.parameter_values("E", "V_th"));
        }
    }
    ASSERT_GT(runs[0].times.size(), 500u);
    for (std::size_t k = 1; k < runs.size(); ++k) {
        EXPECT_EQ(runs[k].times, runs[0].times);
        EXPECT_EQ(runs[k].node_ids, runs[0].node_ids);
    }
}

TEST(heterogeneous_parameters, bad_draws_and_units_are_refused_naming_the_key) {
    const std::string head = "[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 100\nV_th = \"-55 mV\"\n";
    // A draw the model rejects names the population, the neuron and its drawn value.
    const auto spec = lamina::parse_model(
        head + "V_reset = { distribution = \"normal\", mean = \"-58 mV\", std = \"2 mV\" }\n", "reset.toml");
    try {
        lamina::simulation sim(spec, 1);
        FAIL() << "a V_reset drawn above V_th was accepted";
    } catch (const lamina::input_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("reset.toml:1"), std::string::npos) << what;
        EXPECT_NE(what.find("of population E (drawn V_reset = "), std::string::npos) << what;
        EXPECT_NE(what.find("must be below V_th"), std::string::npos) << what;
    }
    // Units: the distribution's values take the parameter's unit.
    try {
        lamina::parse_model(head + "I_e = { distribution = \"normal\", mean = \"300 mV\", std = \"4 mV\" }\n", "u.toml");
        FAIL() << "a current given in mV was accepted";
    } catch (const lamina::input_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("populations.E.I_e"), std::string::npos) << what;
        EXPECT_NE(what.find("expected a current"), std::string::npos) << what;
    }
    EXPECT_THROW(lamina::parse_model(head + "I_e = { distribution = \"gamma\", mean = \"3 pA\" }\n", "k.toml"),
                 lamina::input_error);
}

TEST(heterogeneous_parameters, set_parameter_makes_a_drawn_parameter_shared_again) {
    const auto spec = lamina::parse_model(
        "[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 50\n"
        "I_e = { distribution = \"uniform\", low = \"100 pA\", high = \"200 pA\" }\n", "set.toml");
    lamina::simulation sim(spec, 1);
    EXPECT_GT(sd_of(sim.parameter_values("E", "I_e")), 20.0);  // uniform over 100 pA: sd 28.9 pA
    sim.set_parameter("E", "I_e", 150.0);
    const auto v = sim.parameter_values("E", "I_e");
    EXPECT_TRUE(std::all_of(v.begin(), v.end(), [](double x) { return x == 150.0; }));
}

TEST(heterogeneous_parameters, the_resolved_model_keeps_the_distribution) {
    const auto spec = lamina::parse_model(
        "[populations.E]\nmodel = \"lif_psc_delta\"\nsize = 5\n"
        "I_e = { distribution = \"normal\", mean = \"0.3 nA\", std = \"40 pA\", min = \"0 pA\" }\n", "json.toml");
    const auto j = nlohmann::json::parse(lamina::model_to_json(spec));
    const auto& d = j["populations"]["E"]["I_e"];
    EXPECT_EQ(d["distribution"], "normal");
    EXPECT_EQ(d["mean"], "300 pA");
    EXPECT_EQ(d["std"], "40 pA");
    EXPECT_EQ(d["min"], "0 pA");
    EXPECT_EQ(j["populations"]["E"]["tau_m"], "10 ms");
}

}  // namespace
