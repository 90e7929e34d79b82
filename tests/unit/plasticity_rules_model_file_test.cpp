// The rules stdp_triplet, vogels_istdp and anti_hebbian from a model file: parameters with their
// units reach the rule, and bad values or units are refused with the file, the key and what was
// expected.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

std::string model(const std::string& synapse) {
    return R"(
[simulation]
dt = "0.1 ms"

[populations.A]
model = "lif_cond_exp"
size = 2

[[connections]]
source = "A"
target = "A"
rule = "all_to_all"
weight = "1 nS"
delay = "1 ms"
synapse = { )" + synapse + " }\n";
}

std::string error_of(const std::string& synapse) {
    try {
        lamina::validate(lamina::parse_model(model(synapse), "rules.toml"));
    } catch (const lamina::input_error& e) {
        return e.what();
    }
    return "";
}

TEST(PlasticityRulesModelFile, ValidParametersAreAccepted) {
    EXPECT_EQ(error_of(R"(model = "stdp_triplet", tau_y = "125 ms", A3_plus = "6.2e-3 nS", w_max = "2 nS")"), "");
    EXPECT_EQ(error_of(R"(model = "vogels_istdp", eta = "1e-3 nS", rho_0 = "5 Hz", tau_stdp = "20 ms")"), "");
    EXPECT_EQ(error_of(R"(model = "anti_hebbian", alpha_pre = "1e-3 nS", beta = "5e-3 nS", tau = "50 ms")"), "");
}

TEST(PlasticityRulesModelFile, BadValuesAndUnitsNameTheKey) {
    auto expect_error = [](const std::string& synapse, const std::string& part) {
        const std::string e = error_of(synapse);
        EXPECT_NE(e.find("rules.toml"), std::string::npos) << e;
        EXPECT_NE(e.find(part), std::string::npos) << "expected \"" << part << "\" in: " << e;
    };
    expect_error(R"(model = "stdp_triplet", tau_y = "-5 ms")", "tau_y must be positive");
    expect_error(R"(model = "stdp_triplet", A3_plus = "6.2e-3 mV")", "A3_plus");      // nS expected
    expect_error(R"(model = "stdp_triplet", w_min = "3 nS", w_max = "2 nS")", "w_min");
    expect_error(R"(model = "vogels_istdp", rho_0 = "5 ms")", "rho_0");               // a frequency
    expect_error(R"(model = "vogels_istdp", tau_stdp = "0 ms")", "tau_stdp must be positive");
    expect_error(R"(model = "anti_hebbian", beta = "-1 nS")", "beta must not be negative");
    expect_error(R"(model = "anti_hebbian", tau_x = "20 ms")", "tau_x");              // not a parameter of this rule
}

}  // namespace
