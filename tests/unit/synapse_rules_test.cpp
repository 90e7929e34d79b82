// The synapse rules' arithmetic (src/models/synapse/) called directly, the exact spike traces of
// src/engine/spike_traces.hpp, and the memory estimate's account of plastic synapses.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include "engine/spike_traces.hpp"
#include "models/synapse/all_rules.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace lamina::models;

TEST(TsodyksMarkram, FirstSpikeDeliversUThenDepresses) {
    const auto c = tsodyks_markram::prepare({0.5, 800.0, 0.0}, 0.1);
    tsodyks_markram::state s;
    EXPECT_EQ(tsodyks_markram::efficacy(c, s, INFINITY), 0.5);  // u = U, x = 1
    // 20 ms later: x = 1 + (1 - 0.5 - 1) e^{-20/800} = 1 - 0.5 e^{-1/40}; u = U (no facilitation).
    const double x2 = 1.0 - 0.5 * std::exp(-20.0 / 800.0);
    EXPECT_DOUBLE_EQ(tsodyks_markram::efficacy(c, s, 20.0), 0.5 * x2);
    // After a long pause the resources have recovered: the efficacy is U again.
    EXPECT_NEAR(tsodyks_markram::efficacy(c, s, 1e6), 0.5, 1e-15);
}

TEST(TsodyksMarkram, FacilitationRaisesUTowardsItsSteadyState) {
    const auto c = tsodyks_markram::prepare({0.1, 100.0, 1000.0}, 0.1);
    tsodyks_markram::state s;
    tsodyks_markram::efficacy(c, s, INFINITY);
    tsodyks_markram::efficacy(c, s, 10.0);
    // u_2 = U + U (1 - U) e^{-10/1000}
    EXPECT_DOUBLE_EQ(s.u, 0.1 + 0.1 * 0.9 * std::exp(-0.01));
}

TEST(TsodyksMarkram, RefusesImpossibleParameters) {
    EXPECT_THROW(tsodyks_markram::prepare({0.0, 800.0, 0.0}, 0.1), lamina::input_error);
    EXPECT_THROW(tsodyks_markram::prepare({1.5, 800.0, 0.0}, 0.1), lamina::input_error);
    EXPECT_THROW(tsodyks_markram::prepare({0.5, 0.0, 0.0}, 0.1), lamina::input_error);
    EXPECT_THROW(tsodyks_markram::prepare({0.5, 800.0, -1.0}, 0.1), lamina::input_error);
}

TEST(Stdp, MultiplicativeAndAdditiveUpdates) {
    stdp::params p;
    p.lambda = 0.1;
    p.alpha = 2.0;
    p.w_max = 4.0;
    const auto mult = stdp::prepare(p, 0.1);
    const double k = 0.5;
    // w~ = 1/4: potentiation adds lambda (1 - w~) K, depression subtracts lambda alpha w~ K.
    EXPECT_DOUBLE_EQ(stdp::on_post(mult, 1.0, &k, &k), (0.25 + 0.1 * 0.75 * 0.5) * 4.0);
    EXPECT_DOUBLE_EQ(stdp::on_pre(mult, 1.0, &k, &k), (0.25 - 0.1 * 2.0 * 0.25 * 0.5) * 4.0);
    p.mu_plus = p.mu_minus = 0.0;
    const auto add = stdp::prepare(p, 0.1);
    EXPECT_DOUBLE_EQ(stdp::on_post(add, 1.0, &k, &k), (0.25 + 0.1 * 0.5) * 4.0);
    EXPECT_DOUBLE_EQ(stdp::on_pre(add, 1.0, &k, &k), (0.25 - 0.1 * 2.0 * 0.5) * 4.0);
    EXPECT_FALSE(mult.pre[0].nearest);
    EXPECT_TRUE(stdp_nn::prepare(stdp_nn::params{}, 0.1).post[0].nearest);
}

TEST(Stdp, RefusesImpossibleParameters) {
    auto bad = [](auto change) {
        stdp::params p;
        change(p);
        return p;
    };
    EXPECT_THROW(stdp::prepare(bad([](auto& p) { p.tau_plus = 0.0; }), 0.1), lamina::input_error);
    EXPECT_THROW(stdp::prepare(bad([](auto& p) { p.tau_minus = -1.0; }), 0.1), lamina::input_error);
    EXPECT_THROW(stdp::prepare(bad([](auto& p) { p.w_min = 200.0; }), 0.1), lamina::input_error);
    EXPECT_THROW(stdp::prepare(bad([](auto& p) { p.lambda = -0.1; }), 0.1), lamina::input_error);
}

// All-to-all: sum of exp(-(t - s) dt / tau) over spikes s <= t; nearest: the last spike only.
TEST(SpikeTraces, ReadExactlyAtAnyStepAfterFolding) {
    const double dt = 0.1, tau = 20.0;
    lamina::engine::spike_traces<2> tr(1, {trace_def{tau, false}, trace_def{tau, true}}, dt, 16);
    for (std::int64_t s : {10, 50, 300}) tr.add(0, s);
    double v[2];
    auto e = [&](std::int64_t n) { return std::exp(-(double(n) * dt) / tau); };
    tr.read(0, 300, false, v);  // before the spike at 300
    EXPECT_NEAR(v[0], e(290) + e(250), 1e-15);
    EXPECT_NEAR(v[1], e(250), 1e-15);
    tr.fold_before(0, 200);  // drops the spike at 10, keeps 50 and 300
    tr.read(0, 400, true, v);
    EXPECT_NEAR(v[0], e(390) + e(350) + e(100), 1e-15);
    EXPECT_NEAR(v[1], e(100), 1e-15);
    tr.read(0, 300, true, v);
    EXPECT_NEAR(v[1], 1.0, 0.0);
}

TEST(PlasticMemory, EstimateCountsThePlasticSynapsesExtraBytes) {
    const std::string base = R"(
[populations.E]
model = "lif_psc_delta"
size = 100
[[connections]]
source = "E"
target = "E"
rule = "fixed_indegree"
indegree = 50
weight = "0.1 mV"
delay = "1 ms"
)";
    const auto plain = lamina::validate(lamina::parse_model(base, "m.toml"));
    const auto plastic = lamina::validate(lamina::parse_model(base + "synapse = { model = \"stdp\" }\n", "m.toml"));
    EXPECT_EQ(plastic.synapses, plain.synapses);
    // 5000 synapses x 12 bytes (source and index by target) at least.
    EXPECT_GE(plastic.memory_bytes - plain.memory_bytes, 5000.0 * 12.0);
}

}  // namespace
