// Rate-network engine: connectivity application, reproducibility, recorders, parameter changes
// and the model-file loader's errors.
#include <lamina/error.hpp>
#include <lamina/rate_network.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace {

using namespace lamina;

rate_network_spec random_network(std::uint64_t n, double g, std::uint64_t trials = 1) {
    rate_network_spec s;
    s.settings.dt = 0.1;
    s.settings.trials = trials;
    rate_population_spec p;
    p.name = "E";
    p.size = n;
    p.tau = 10.0;
    p.x0_std = 1.0;
    s.populations.push_back(p);
    rate_connection_spec c;
    c.source = c.target = "E";
    c.g = g;
    s.connections.push_back(c);
    return s;
}

// The low-rank part is applied as m (n^T phi) / N; it must equal the dense product of the
// multiplied-out matrix (rounding only: ~1e-15 relative per term, sums of 300 terms).
TEST(RateNetwork, LowRankApplicationEqualsDenseProduct) {
    auto spec = random_network(300, 1.2);
    rate_connection_spec lr;
    lr.source = lr.target = "E";
    lr.kind = rate_connectivity::low_rank;
    lr.rank = 2;
    lr.factor_mean = {1.0, 0.0, 0.5, 0.0};
    lr.factor_covariance = {1, 0, 0.6, 0, 0, 1, 0, 0.3, 0.6, 0, 1, 0, 0, 0.3, 0, 1};
    spec.connections.push_back(lr);
    rate_connection_spec sp;
    sp.source = sp.target = "E";
    sp.kind = rate_connectivity::sparse_random;
    sp.indegree = 20;
    sp.g = 0.7;
    spec.connections.push_back(sp);
    rate_simulation sim(spec, 2);
    const auto J = sim.connectivity_matrix();
    std::vector<double> phi(300 * 3);
    for (std::size_t i = 0; i < phi.size(); ++i) phi[i] = std::sin(0.37 * static_cast<double>(i));
    const auto y = sim.apply_connectivity(phi, 3);
    for (std::size_t c = 0; c < 3; ++c)
        for (std::size_t i = 0; i < 300; ++i) {
            double ref = 0.0;
            for (std::size_t j = 0; j < 300; ++j) ref += J[i * 300 + j] * phi[c * 300 + j];
            EXPECT_NEAR(y[c * 300 + i], ref, 1e-12 * (1.0 + std::abs(ref)));
        }
}

// Drawn factors have the asked covariance: the overlap n^T m / N = tr(m n^T / N) converges to
// cov(m, n) = 0.6; with N = 2000 its SE is sqrt((1 + 0.6^2) / N) = 0.026; 4 SE.
TEST(RateNetwork, DrawnLowRankFactorsHaveTheAskedOverlap) {
    rate_network_spec spec;
    rate_population_spec p;
    p.name = "E";
    p.size = 2000;
    spec.populations.push_back(p);
    rate_connection_spec lr;
    lr.source = lr.target = "E";
    lr.kind = rate_connectivity::low_rank;
    lr.rank = 1;
    lr.factor_covariance = {1, 0.6, 0.6, 1};
    spec.connections.push_back(lr);
    rate_simulation sim(spec);
    const auto J = sim.connectivity_matrix();
    double trace = 0.0;
    for (std::size_t i = 0; i < 2000; ++i) trace += J[i * 2000 + i];
    EXPECT_NEAR(trace, 0.6, 0.104);
}

// One linear unit without input: Euler gives (1 - dt/tau)^n, exact gives e^{-t/tau}.
TEST(RateNetwork, SingleUnitDecay) {
    rate_network_spec s;
    s.settings.dt = 0.1;
    rate_population_spec p;
    p.name = "u";
    p.size = 1;
    p.tau = 10.0;
    p.phi = rate_phi::linear;
    p.x0 = {1.0};
    s.populations.push_back(p);
    rate_simulation euler(s);
    euler.run(10.0);
    EXPECT_NEAR(euler.state()[0], std::pow(0.99, 100), 1e-14);
    s.settings.integrator = rate_integrator::exact;
    rate_simulation exact(s);
    exact.run(10.0);
    EXPECT_NEAR(exact.state()[0], std::exp(-1.0), 1e-14);
}

// Noisy batched trials: identical to the bit for 1 and 3 threads; trial r is the same whether run
// alone or in a batch (noise keyed by trial); different trials differ.
TEST(RateNetwork, BatchedTrialsReproducibleForAnyThreadCount) {
    auto spec = random_network(600, 2.0, 3);  // 1e6 multiply-adds per step: threads engage
    spec.populations[0].noise_std = 0.3;
    rate_simulation a(spec, 1), b(spec, 3);
    a.run(50.0);
    b.run(50.0);
    for (std::uint64_t r = 0; r < 3; ++r) EXPECT_EQ(a.state(r), b.state(r));
    EXPECT_NE(a.state(0), a.state(1));
    auto two = spec;
    two.settings.trials = 2;
    rate_simulation c(two, 2);
    c.run(50.0);
    EXPECT_EQ(c.state(1), a.state(1));
}

// The noise convention: sigma is the stationary std of an isolated linear unit.
TEST(RateNetwork, NoiseGivesStationaryStd) {
    rate_network_spec s;
    s.settings.dt = 0.1;
    s.settings.trials = 2000;
    rate_population_spec p;
    p.name = "u";
    p.size = 1;
    p.tau = 5.0;
    p.phi = rate_phi::linear;
    p.noise_std = 0.5;
    s.populations.push_back(p);
    rate_simulation sim(s);
    sim.run(100.0);  // 20 tau: stationary
    double ss = 0.0;
    for (std::uint64_t r = 0; r < 2000; ++r) ss += sim.state(r)[0] * sim.state(r)[0];
    // Euler-Maruyama's stationary variance is sigma^2 / (1 - dt / 2 tau) = 1.01 sigma^2; the
    // sample variance of 2000 draws has a relative SE of sqrt(2 / 2000) = 3.2%; 4 SE.
    EXPECT_NEAR(std::sqrt(ss / 2000.0), 0.5 * std::sqrt(1.0 / (1.0 - 0.01)), 0.5 * 0.065);
    // The exact integrator's noise increment (Van Loan) keeps the stationary variance at sigma^2
    // exactly, even with steps as long as tau.
    s.settings.integrator = rate_integrator::exact;
    s.settings.dt = 5.0;
    rate_simulation ex(s);
    ex.run(100.0);
    ss = 0.0;
    for (std::uint64_t r = 0; r < 2000; ++r) ss += ex.state(r)[0] * ex.state(r)[0];
    EXPECT_NEAR(std::sqrt(ss / 2000.0), 0.5, 0.5 * 0.065);
}

TEST(RateNetwork, RecordersAndReadouts) {
    auto spec = random_network(10, 0.5, 2);
    rate_recorder_spec x;
    x.name = "x";
    x.population = "E";
    x.units = {1, 4};
    x.interval = 1.0;
    spec.recorders.push_back(x);
    rate_recorder_spec ro;
    ro.name = "y";
    ro.population = "E";
    ro.type = rate_recorder_spec::kind::readout;
    ro.outputs = 1;
    ro.readout.assign(10, 0.1);
    ro.interval = 5.0;
    spec.recorders.push_back(ro);
    rate_simulation sim(spec);
    sim.run(10.0);
    const auto recs = sim.recordings();
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].times.size(), 10u);
    EXPECT_DOUBLE_EQ(recs[0].times.back(), 10.0);
    EXPECT_EQ(recs[0].values.size(), 2u * 10u * 2u);
    EXPECT_DOUBLE_EQ(recs[0].values[(1 * 10 + 9) * 2 + 1], sim.state(1)[4]);  // trial 1, last sample, unit 4
    double y = 0.0;
    for (const double v : sim.state(0)) y += 0.1 * std::tanh(v);
    EXPECT_NEAR(recs[1].values[1], y, 1e-14);  // trial 0, sample 1 (t = 10 ms)
}

TEST(RateNetwork, ParameterChangesMidRun) {
    auto spec = random_network(5, 0.0);
    spec.populations[0].phi = rate_phi::linear;
    spec.populations[0].x0 = {1, 1, 1, 1, 1};
    rate_simulation sim(spec);
    sim.set_parameter("E", "bias", 2.0);  // x -> 2 with tau = 10 ms
    sim.run(200.0);
    EXPECT_NEAR(sim.state()[0], 2.0, 1e-8);
    EXPECT_THROW(sim.set_parameter("E", "tau", -1.0), input_error);
    EXPECT_THROW(sim.set_parameter("E", "gain", 1.0), unknown_name_error);
    EXPECT_THROW(sim.set_parameter("I", "tau", 1.0), unknown_name_error);
}

TEST(RateModelFile, ParsesAllSections) {
    const auto spec = parse_rate_model(R"(
[simulation]
dt = "0.05 ms"
trials = 4
integrator = "rk4"
[rate_populations.E]
size = 100
tau = "20 ms"
phi = "relu"
x0 = { distribution = "normal", mean = 0, std = 0.5 }
[[rate_connections]]
source = "E"
target = "E"
rule = "random"
g = 1.5
[[rate_connections]]
source = "E"
target = "E"
rule = "low_rank"
rank = 1
factor_covariance = [[1, 0.5], [0.5, 1]]
[[rate_inputs]]
name = "drive"
target = "E"
type = "sine"
amplitude = 0.5
frequency = "4 Hz"
weight_std = 1.0
[[rate_recorders]]
name = "act"
population = "E"
variable = "phi"
interval = "2 ms"
)", "test.toml");
    EXPECT_DOUBLE_EQ(spec.settings.dt, 0.05);
    EXPECT_EQ(spec.settings.trials, 4u);
    EXPECT_EQ(spec.settings.integrator, rate_integrator::rk4);
    EXPECT_DOUBLE_EQ(spec.populations[0].tau, 20.0);
    EXPECT_DOUBLE_EQ(spec.populations[0].x0_std, 0.5);
    EXPECT_EQ(spec.connections[1].factor_covariance.size(), 4u);
    EXPECT_DOUBLE_EQ(spec.inputs[0].frequency, 4.0);
    EXPECT_DOUBLE_EQ(spec.recorders[0].interval, 2.0);
}

void expect_error(const std::string& text, const std::string& fragment) {
    try {
        parse_rate_model(text, "bad.toml");
        FAIL() << "no error for: " << text;
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(RateModelFile, ErrorsNameTheKey) {
    const std::string pop = "[rate_populations.E]\nsize = 10\n";
    expect_error(pop + "tau = -5\n", "tau");
    expect_error("[rate_populations.E]\nsize = 10\ntau = \"-5 ms\"\n", "bad.toml:3: rate_populations.E.tau: must be a positive time");
    expect_error(pop + "tau = \"5 mV\"\n", "rate_populations.E.tau");
    expect_error(pop + "gain = 2\n", "gain");
    expect_error(pop + "phi = \"softplus\"\n", "unknown transfer function");
    expect_error(pop + "[[rate_connections]]\nsource = \"E\"\ntarget = \"I\"\nrule = \"random\"\n", "no rate population named \"I\"");
    expect_error(pop + "[[rate_connections]]\nsource = \"E\"\ntarget = \"E\"\nrule = \"random\"\nK = 3\n", "K");
    expect_error(pop + "[[rate_connections]]\nsource = \"E\"\ntarget = \"E\"\nrule = \"matrix\"\nweights = [[1, 2]]\n",
                 "expected a 10 x 10 array");
    expect_error(pop + "[simulation]\nintegrator = \"rk45\"\n", "simulation.integrator");
    expect_error(pop + "[[rate_recorders]]\nname = \"a\"\npopulation = \"E\"\nvariable = \"x\"\nunits = [10]\n", "beyond");
}

TEST(RateNetwork, ExactNeedsLinearPhi) {
    auto spec = random_network(5, 1.0);
    spec.settings.integrator = rate_integrator::exact;
    EXPECT_THROW(rate_simulation{spec}, input_error);
}

TEST(RateNetwork, KaplanYorkeDimension) {
    EXPECT_DOUBLE_EQ(kaplan_yorke_dimension({-0.1, -0.2}), 0.0);
    EXPECT_DOUBLE_EQ(kaplan_yorke_dimension({0.1, -0.2, -0.5}), 1.5);      // 1 + 0.1 / 0.2
    EXPECT_DOUBLE_EQ(kaplan_yorke_dimension({0.3, 0.0, -0.6, -1.0}), 2.5);  // 2 + 0.3 / 0.6
    EXPECT_DOUBLE_EQ(kaplan_yorke_dimension({0.3, 0.1}), 2.0);
}

}  // namespace
