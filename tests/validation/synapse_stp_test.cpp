// Short-term plasticity (tsodyks_markram) through the whole engine: a parrot neuron relays a
// regular train into one lif_psc_delta target whose membrane neither leaks (tau_m so long that
// exp(-dt/tau_m) rounds to 1) nor fires (V_th out of reach), so each jump of V_m is one
// delivered weight u_n x_n w. The jumps must equal the Tsodyks-Markram recursion and its
// steady state (Tsodyks, Pawelzik & Markram 1998 Neural Comput 10:821; NEST tsodyks2_synapse).
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

struct stp_case {
    const char* name;
    double U, tau_rec, tau_fac;  // -, ms, ms
};

// A regular train of n spikes h ms apart through a synapse of weight w (mV); returns the jumps of
// V_m in arrival order.
std::vector<double> delivered(const stp_case& c, double h, int n, double w) {
    std::string times;
    for (int k = 0; k < n; ++k) times += (k ? ", \"" : "\"") + std::to_string(5.0 + k * h) + " ms\"";
    const std::string model = R"(
[simulation]
dt = "0.1 ms"
[populations.pre]
model = "parrot_neuron"
size = 1
[populations.post]
model = "lif_psc_delta"
size = 1
E_L = "0 mV"
V_reset = "0 mV"
V_th = "1e9 mV"
tau_m = "1e18 ms"
[[connections]]
source = "pre"
target = "post"
rule = "one_to_one"
weight = ")" + std::to_string(w) + R"( mV"
delay = "1 ms"
synapse = { model = "tsodyks_markram", U = )" + std::to_string(c.U) + ", tau_rec = \"" + std::to_string(c.tau_rec) +
                              " ms\", tau_fac = \"" + std::to_string(c.tau_fac) + R"( ms" }
[[stimuli]]
type = "spike_times"
target = "pre"
times = [)" + times + R"(]
weight = 1
delay = "0.1 ms"
[[recorders]]
type = "state"
population = "post"
variables = ["V_m"]
neurons = [0]
interval = "0.1 ms"
)";
    lamina::simulation sim(lamina::parse_model(model, "stp.toml"), 1);
    sim.run(5.0 + n * h + 5.0);
    const auto traces = sim.traces();
    const auto& v = traces.at(0).values;
    std::vector<double> jumps;
    double before = 0.0;
    for (double x : v) {
        if (x != before) jumps.push_back(x - before);
        before = x;
    }
    return jumps;
}

// The recursion of tsodyks_markram.hpp written out independently: u_0 = 0, x_0 = 1.
std::vector<double> expected(const stp_case& c, double h, int n, double w) {
    const double e_rec = std::exp(-h / c.tau_rec), e_fac = c.tau_fac > 0 ? std::exp(-h / c.tau_fac) : 0.0;
    double u = 0.0, x = 1.0;
    std::vector<double> out;
    for (int k = 0; k < n; ++k) {
        const double x_new = 1.0 + (x * (1.0 - u) - 1.0) * e_rec;
        u = c.U + u * (1.0 - c.U) * e_fac;
        x = x_new;
        out.push_back(u * x * w);
    }
    return out;
}

class StpRegularTrain : public ::testing::TestWithParam<stp_case> {};

TEST_P(StpRegularTrain, JumpsFollowTheRecursionAndReachTheSteadyState) {
    const auto c = GetParam();
    const double h = 10.0, w = 2.0;  // ms (100 Hz), mV
    const int n = 250;
    const auto got = delivered(c, h, n, w);
    const auto want = expected(c, h, n, w);
    ASSERT_EQ(got.size(), want.size());
    // Jumps are differences of V_m (a sum of up to 250 jumps of order 0.1-1 mV), so each carries
    // a rounding error of about eps * V_m / jump < 1e-13 relative: 1e-12 leaves a margin of 10.
    for (int k = 0; k < n; ++k) EXPECT_NEAR(got[k], want[k], 1e-12 * want[k]) << c.name << " spike " << k;
    // The first spike delivers U w (u_1 = U, x_1 = 1).
    EXPECT_NEAR(got[0], c.U * w, 1e-12 * c.U * w) << c.name;
    // Steady state: u_inf = U / (1 - (1-U) e_f), x_inf = (1 - e_r) / (1 - (1 - u_inf) e_r). The
    // recursion contracts by at most (1-U) e_f = 0.82 (facilitation) per spike, so after 250
    // spikes it is within 1e-15 of the fixed point.
    const double e_rec = std::exp(-h / c.tau_rec), e_fac = c.tau_fac > 0 ? std::exp(-h / c.tau_fac) : 0.0;
    const double u_inf = c.U / (1.0 - (1.0 - c.U) * e_fac);
    const double x_inf = (1.0 - e_rec) / (1.0 - (1.0 - u_inf) * e_rec);
    EXPECT_NEAR(got.back(), u_inf * x_inf * w, 1e-12 * u_inf * x_inf * w) << c.name;
    // Not a vacuous check: depression halves the response at least, facilitation grows it.
    if (c.tau_fac == 0.0) EXPECT_LT(got.back(), 0.5 * got.front());
    else EXPECT_GT(got[3], got[0]);
}

// Depression: cortical pyramidal synapses (Tsodyks & Markram 1997: U = 0.5, tau_rec = 800 ms).
// Facilitation: Markram et al. 1998 (pyramid to interneuron, U = 0.1, tau_rec = 100 ms,
// tau_fac shortened to 100 ms so that the steady state is reached within the train).
INSTANTIATE_TEST_SUITE_P(Parameters, StpRegularTrain,
                         ::testing::Values(stp_case{"depression", 0.5, 800.0, 0.0},
                                           stp_case{"facilitation", 0.1, 100.0, 100.0}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
