// Validation of the Ornstein-Uhlenbeck noise current (stimulus type ou_noise).
//
// The device applies the exact one-step transition of dI = (mean - I) dt/tau + std sqrt(2/tau) dW,
//   I_{k+1} = mean + (I_k - mean) a + std sqrt(1 - a^2) xi_k,   a = e^{-dt/tau},
// from a stationary start, so for any dt: I_k ~ N(mean, std^2) and corr(I_k, I_{k+m}) = a^m.
// The tests check those laws on the device itself, and then the law they imply for a passive
// membrane driven by the current (closed form below). Statistical tolerances are about 4-5
// standard errors of the estimator, computed in each test from its sample size, so that a
// correct implementation fails with probability < 1e-4 while a wrong factor (sqrt 2, dt/tau
// instead of 2 dt/tau, ...) moves an estimate by tens of standard errors. The seeds are fixed:
// these are deterministic checks whose tolerances were set before looking at the outcome.
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>

#include "engine/devices.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using lamina::stimulus_kind;
using lamina::stimulus_spec;
using lamina::engine::device_set;
using lamina::engine::partition;
using lamina::engine::target_set;

stimulus_spec ou(double mean, double std_dev, double tau) {
    stimulus_spec s;
    s.kind = stimulus_kind::ou_noise;
    s.target = "E";
    s.origin = "test";
    s.mean = mean;
    s.std_dev = std_dev;
    s.tau = tau;
    return s;
}

/// I_stim of n neurons after each of `steps` steps: row k holds the current of the update k -> k+1.
std::vector<std::vector<double>> currents(device_set& d, std::size_t n, long steps, int workers = 1) {
    std::vector<double> I(n, 0.0);
    std::vector<std::vector<double>> out;
    const partition part{workers};
    for (long k = 0; k < steps; ++k) {
        for (int w = 0; w < workers; ++w) d.apply_currents(k, part, w, I.data());
        out.push_back(I);
    }
    return out;
}

struct moments {
    double mean = 0.0, var = 0.0;
};
moments of(const std::vector<std::vector<double>>& rows, std::size_t first_row = 0) {
    double s = 0.0, s2 = 0.0, n = 0.0;
    for (std::size_t k = first_row; k < rows.size(); ++k)
        for (double x : rows[k]) s += x, s2 += x * x, n += 1.0;
    const double m = s / n;
    return {m, s2 / n - m * m};
}

// Stationary mean and variance from the first step on, and autocorrelation a^m at lags of
// tau/2, tau and 2 tau, pooled over 4000 neurons and 600 steps (12 tau).
TEST(OuNoise, StationaryLawAndExponentialAutocorrelation) {
    const double dt = 0.1, tau = 5.0, mu = 50.0, sd = 20.0;  // ms, ms, pA, pA
    const std::size_t n = 4000;
    const long steps = 600;
    device_set d(7, dt);
    d.add(ou(mu, sd, tau), target_set{0, n, {}}, 0);
    const auto I = currents(d, n, steps);

    // The first value is drawn from N(mean, std^2): its sample variance over n neurons has
    // relative standard error sqrt(2/n) = 0.022; 0.1 is 4.5 of them.
    const auto first = of({I[0]});
    std::printf("[measured] first step: mean %.3f pA (expected %.1f), var/std^2 %.4f\n", first.mean, mu,
                first.var / (sd * sd));
    EXPECT_NEAR(first.var / (sd * sd), 1.0, 0.1);
    EXPECT_NEAR(first.mean, mu, 4.5 * sd / std::sqrt(double(n)));

    // Pooled over all steps, successive values are correlated: an AR(1) series of N values with
    // coefficient a has (1+a)/(1-a) ~ 2 tau/dt = 100 times the variance of the mean of independent
    // values, and (1+a^2)/(1-a^2) ~ tau/dt = 50 times that of the variance estimate. With
    // N = 2.4e6 that gives standard errors of 0.13 pA (mean) and 0.0065 (var/std^2); the bounds
    // are about 4.5 of them.
    const auto all = of(I);
    const double a = std::exp(-dt / tau), N = double(n) * double(steps);
    const double se_mean = sd * std::sqrt((1 + a) / (1 - a) / N);
    const double se_var = std::sqrt(2.0 * (1 + a * a) / (1 - a * a) / N);
    std::printf("[measured] pooled: mean %.3f pA (se %.3f), var/std^2 %.4f (se %.4f)\n", all.mean, se_mean,
                all.var / (sd * sd), se_var);
    EXPECT_NEAR(all.mean, mu, 4.5 * se_mean);
    EXPECT_NEAR(all.var / (sd * sd), 1.0, 4.5 * se_var);

    // Autocorrelation with the known mean and std (so the estimate has no small-sample bias).
    // Its standard error is about that of the variance estimate (0.0065-0.01 for these lags);
    // 0.035 is 3.5-5 of them, and a tau off by 10% would move rho(tau) by 0.037.
    for (long m : {25L, 50L, 100L}) {
        double sum = 0.0, count = 0.0;
        for (long k = 0; k + m < steps; ++k)
            for (std::size_t i = 0; i < n; ++i) sum += (I[k][i] - mu) * (I[k + m][i] - mu), count += 1.0;
        const double rho = sum / count / (sd * sd), expected = std::exp(-double(m) * dt / tau);
        std::printf("[measured] rho(%.1f ms) = %.4f, expected e^(-t/tau) = %.4f\n", double(m) * dt, rho, expected);
        EXPECT_NEAR(rho, expected, 0.035) << "lag " << double(m) * dt << " ms";
    }
}

// The transition is exact, not an Euler step: with dt = 2 tau the stationary variance is still
// std^2 and the one-step correlation e^{-2} = 0.135 (Euler-Maruyama would give a = 1 - dt/tau = -1,
// an oscillating, non-stationary series). 2000 neurons x 200 steps, values nearly independent
// (a = 0.135): se(var/std^2) ~ sqrt(2/4e5) = 0.0022, se(rho) ~ 1/sqrt(4e5) = 0.0016; bounds 0.01.
TEST(OuNoise, ExactForStepsLongerThanTau) {
    const double dt = 1.0, tau = 0.5, sd = 30.0;
    const std::size_t n = 2000;
    const long steps = 200;
    device_set d(11, dt);
    d.add(ou(0.0, sd, tau), target_set{0, n, {}}, 3);
    const auto I = currents(d, n, steps);
    const auto all = of(I);
    double sum = 0.0, count = 0.0;
    for (long k = 0; k + 1 < steps; ++k)
        for (std::size_t i = 0; i < n; ++i) sum += I[k][i] * I[k + 1][i], count += 1.0;
    const double rho = sum / count / (sd * sd);
    std::printf("[measured] dt = 2 tau: var/std^2 %.4f, rho(dt) %.4f (expected %.4f)\n", all.var / (sd * sd), rho,
                std::exp(-2.0));
    EXPECT_NEAR(all.var / (sd * sd), 1.0, 0.01);
    EXPECT_NEAR(rho, std::exp(-2.0), 0.01);
}

// Start and stop: no current before start, none after stop (the dc current it was added to is
// restored to rounding error), and the values do not depend on how the targets are split among
// workers (each (stimulus, neuron, step) has its own random stream).
TEST(OuNoise, WindowAndIndependenceOfThePartition) {
    const double dt = 0.1;
    const std::size_t n = 101;
    auto make = [&] {
        device_set d(5, dt);
        stimulus_spec dc;
        dc.kind = stimulus_kind::dc;
        dc.amplitude = 100.0;
        d.add(dc, target_set{0, n, {}}, 0);
        auto s = ou(20.0, 40.0, 3.0);
        s.start = 2.0;
        s.stop = 5.0;
        d.add(s, target_set{0, n, {}}, 1);
        return d;
    };
    auto one = make(), three = make();
    const auto I1 = currents(one, n, 80, 1);
    const auto I3 = currents(three, n, 80, 3);
    EXPECT_EQ(I1, I3);  // bitwise
    for (long k = 0; k < 80; ++k)
        for (std::size_t i = 0; i < n; ++i) {
            if (k < 20) {
                EXPECT_EQ(I1[k][i], 100.0) << "step " << k;
            } else if (k < 50) {
                EXPECT_NE(I1[k][i], 100.0) << "step " << k;
            } else {
                // 1e-9 pA: the current is added and removed as differences of ~100 pA values,
                // each rounded to ~1e-14 pA, over 30 steps.
                EXPECT_NEAR(I1[k][i], 100.0, 1e-9) << "step " << k;
            }
        }
}

lamina::network_spec passive_network(std::size_t n, double mean, double sd, double tau, int recorded) {
    lamina::network_spec spec;
    spec.simulation.dt = 0.1;
    spec.simulation.seed = 2024;
    lamina::population_spec p;
    p.name = "E";
    p.model = "lif_psc_exp";
    p.size = n;
    p.params = {{"E_L", -70.0}, {"C_m", 250.0}, {"tau_m", 10.0}, {"V_th", 1000.0}, {"V_reset", -70.0}};
    spec.populations.push_back(p);
    spec.stimuli.push_back(ou(mean, sd, tau));
    lamina::recorder_spec r;
    r.type = lamina::recorder_spec::kind::state;
    r.populations = {"E"};
    r.variables = {"V_m"};
    for (int i = 0; i < recorded; ++i) r.neurons.push_back(static_cast<std::uint64_t>(i));
    r.interval = 50.0;
    spec.recorders.push_back(r);
    return spec;
}

// A passive membrane (threshold out of reach) driven by the OU current. With R = tau_m / C_m,
//   tau_m dV/dt = -(V - E_L) + R I(t),   <I> = mean,   Cov(I(s), I(s')) = std^2 e^{-|s-s'|/tau},
// V - <V> = (R/tau_m) int_0^inf e^{-u/tau_m} (I(t-u) - mean) du, so
//   Var(V) = (R/tau_m)^2 std^2 int int e^{-(u+v)/tau_m} e^{-|u-v|/tau} du dv
//          = (R/tau_m)^2 std^2 tau_m^2 tau / (tau + tau_m) = std^2 (tau_m/C_m)^2 tau / (tau + tau_m)
// (the double integral is 2 int_0^inf e^{-2v/tau_m} int_0^inf e^{-w (1/tau + 1/tau_m)} dw dv
//  = tau_m tau_m tau / (tau + tau_m)), and <V> = E_L + R mean.
// The simulated current is piecewise constant over each step; the same sum over the grid gives
// R^2 std^2 (1-b)^2 (1+ab) / ((1-b^2)(1-ab)) with a = e^{-dt/tau}, b = e^{-dt/tau_m}, which for
// dt = 0.1 ms differs from the continuous value by 1e-4 relative: far below the tolerance.
TEST(OuNoise, PassiveMembraneVarianceMatchesClosedForm) {
    const double mu = 100.0, sd = 100.0, tau = 5.0, tau_m = 10.0, C_m = 250.0, dt = 0.1;
    const std::size_t n = 2000;
    lamina::simulation sim(passive_network(n, mu, sd, tau, int(n)), 1);
    sim.run(1000.0);
    const auto traces = sim.traces();
    ASSERT_EQ(traces.size(), 1u);
    const auto& tr = traces[0];
    // Samples every 50 ms after a 100 ms burn-in (10 tau_m: the start from E_L has decayed to
    // e^{-10}); V's autocorrelation at 50 ms is ~e^{-5} = 0.007, so the 19 x 2000 samples are
    // independent to that accuracy.
    double s = 0.0, s2 = 0.0, count = 0.0;
    for (std::size_t k = 0; k < tr.times.size(); ++k) {
        if (tr.times[k] < 100.0) continue;
        for (std::size_t i = 0; i < n; ++i) {
            const double v = tr.values[k * n + i];
            s += v, s2 += v * v, count += 1.0;
        }
    }
    ASSERT_GE(count, 18.0 * double(n));
    const double mean_v = s / count, var_v = s2 / count - mean_v * mean_v;
    const double R = tau_m / C_m;  // GOhm = mV/pA
    const double var_exact = sd * sd * R * R * tau / (tau + tau_m);
    const double a = std::exp(-dt / tau), b = std::exp(-dt / tau_m);
    const double var_grid = R * R * sd * sd * (1 - b) * (1 - b) * (1 + a * b) / ((1 - b * b) * (1 - a * b));
    EXPECT_NEAR(var_grid / var_exact, 1.0, 1e-3);
    // Gaussian samples: se(var)/var = sqrt(2/count) = 0.0073 for 38000 samples; 0.035 is ~5 se.
    // se(mean) = sqrt(var/count) = 0.012 mV; 0.06 mV is 5 se.
    std::printf("[measured] passive V: mean %.4f mV (expected %.4f), var %.4f mV^2 (closed form %.4f, grid %.4f)\n",
                mean_v, -70.0 + R * mu, var_v, var_exact, var_grid);
    EXPECT_NEAR(var_v / var_exact, 1.0, 0.035);
    EXPECT_NEAR(mean_v, -70.0 + R * mu, 0.06);
}

// A spiking population under noise: spikes identical to the bit for 1, 2 and 3 threads, and the
// noise matters (the mean alone, 370 pA, is below the 375 pA rheobase: every spike is noise-driven).
TEST(OuNoise, SpikesIdenticalForAnyThreadCount) {
    auto spec = passive_network(300, 370.0, 60.0, 4.0, 0);
    spec.populations[0].params["V_th"] = -55.0;
    spec.recorders.clear();
    lamina::recorder_spec r;
    r.populations = {"E"};
    spec.recorders.push_back(r);
    std::vector<lamina::population_spikes> reference;
    for (int threads : {1, 2, 3}) {
        lamina::simulation sim(spec, threads);
        sim.run(40.0);
        sim.run(160.0);  // in two pieces: the noise continues across run() calls
        const auto spikes = sim.spikes();
        ASSERT_EQ(spikes.size(), 1u);
        if (threads == 1) {
            reference = spikes;
            std::printf("[measured] %zu spikes from 300 neurons in 200 ms\n", spikes[0].times.size());
            EXPECT_GT(spikes[0].times.size(), 300u);
            continue;
        }
        EXPECT_EQ(spikes[0].times, reference[0].times) << threads << " threads";
        EXPECT_EQ(spikes[0].node_ids, reference[0].node_ids) << threads << " threads";
    }
}

// shared = true: one process for all targets (a common fluctuation), so every neuron, whichever
// worker advances it, carries the same current to the bit; that one current has the stationary
// law N(mean, std^2). 20000 steps of dt = tau / 5: the variance of a time average over T with
// correlation time tau has relative standard error about sqrt(2 tau / T) = 0.02; 0.1 is 5 of them.
TEST(OuNoise, SharedCurrentIsOneProcessForAllTargets) {
    const double dt = 1.0, tau = 5.0, mu = 30.0, sd = 40.0;
    const std::size_t n = 8;
    auto s = ou(mu, sd, tau);
    s.shared = true;
    device_set d(3, dt);
    d.add(s, target_set{0, n, {}}, 0);
    const auto I = currents(d, n, 20000, 3);
    for (const auto& row : I)
        for (std::size_t i = 1; i < n; ++i) ASSERT_EQ(row[i], row[0]);
    std::vector<std::vector<double>> first_neuron;
    for (const auto& row : I) first_neuron.push_back({row[0]});
    const auto m = of(first_neuron);
    EXPECT_NEAR(m.var / (sd * sd), 1.0, 0.1);
    EXPECT_NEAR(m.mean, mu, 5 * sd * std::sqrt(2 * tau / (20000 * dt)));
    // Without `shared` the same stimulus gives each neuron its own current.
    device_set independent(3, dt);
    independent.add(ou(mu, sd, tau), target_set{0, n, {}}, 0);
    const auto J = currents(independent, n, 10, 3);
    EXPECT_NE(J[5][1], J[5][0]);
}

stimulus_spec named(const char* target, double mean, double std_dev, double tau, const char* process) {
    auto s = ou(mean, std_dev, tau);
    s.target = target;
    s.origin = std::string("test: ") + target;
    s.shared_process = process;
    return s;
}

// shared = "slow" on E (mean 30, std 40 pA) and I (15, 20 pA): one unit process z, so the
// normalised currents (I - mean) / std agree to the bit. The I values are halves of the E values
// and halving is exact in binary, so every rounding of the E update has its exact half in the I
// update: the test can ask for bitwise equality. A third population J with unrelated amplitudes
// (-10, 25 pA) carries the same z to rounding: its pA update rounds differently, by ~1e-16 of
// ~50 pA per step (damped by a = e^{-dt/tau} per step), and I_stim sums the changes, a random
// walk of ~sqrt(20000) x 1e-14 pA ~ 1e-12 pA, i.e. ~1e-13 in z; 1e-10 is far above that and far
// below any real difference (z is of order 1). A fourth stimulus with another name and the same
// tau is an independent process. Identical for 1, 2 and 4 workers.
TEST(OuNoise, NamedProcessIsOneUnitProcessForSeveralPopulations) {
    const double dt = 1.0, tau = 5.0;
    const std::size_t nE = 6, nI = 4, nJ = 3, nK = 2, n = nE + nI + nJ + nK;
    const long steps = 20000;
    auto make = [&] {
        device_set d(3, dt);
        d.add(named("E", 30.0, 40.0, tau, "slow"), target_set{0, nE, {}}, 0);
        d.add(named("I", 15.0, 20.0, tau, "slow"), target_set{nE, nI, {}}, 1);
        d.add(named("J", -10.0, 25.0, tau, "slow"), target_set{nE + nI, nJ, {}}, 2);
        d.add(named("K", 0.0, 40.0, tau, "other"), target_set{nE + nI + nJ, nK, {}}, 3);
        return d;
    };
    auto d1 = make(), d2 = make(), d4 = make();
    const auto I = currents(d1, n, steps, 1);
    EXPECT_EQ(currents(d2, n, steps, 2), I);  // bitwise
    EXPECT_EQ(currents(d4, n, steps, 4), I);
    std::vector<std::vector<double>> zE, zI, zK;
    double worst_J = 0.0;
    for (const auto& row : I) {
        for (std::size_t i = 1; i < n; ++i) {
            if (i == nE || i == nE + nI || i == nE + nI + nJ) continue;  // a population's first neuron
            ASSERT_EQ(row[i], row[i - 1]) << i;                          // one current per population
        }
        const double z = (row[0] - 30.0) / 40.0;
        ASSERT_EQ((row[nE] - 15.0) / 20.0, z);
        worst_J = std::max(worst_J, std::fabs((row[nE + nI] + 10.0) / 25.0 - z));
        zE.push_back({z});
        zI.push_back({(row[nE] - 15.0) / 20.0});
        zK.push_back({row[nE + nI + nJ] / 40.0});
    }
    std::printf("[measured] named process: max |z_J - z_E| = %.3g\n", worst_J);
    EXPECT_LT(worst_J, 1e-10);
    // Each stimulus' current has its own stationary law N(mean, std^2): z has variance 1. The
    // variance of a time average over T = 20000 ms with correlation time tau = 5 ms has relative
    // standard error about sqrt(2 tau / T) = 0.022; 0.1 is 4.5 of them.
    const auto mE = of(zE), mI = of(zI), mK = of(zK);
    std::printf("[measured] var z: E %.4f, I %.4f, other process %.4f\n", mE.var, mI.var, mK.var);
    EXPECT_NEAR(mE.var, 1.0, 0.1);
    EXPECT_NEAR(mI.var, 1.0, 0.1);
    EXPECT_NEAR(mK.var, 1.0, 0.1);
    // Another name, another process: the correlation of two independent AR(1) series with
    // a = e^{-0.2} over N = 20000 steps has standard error sqrt((1+a^2)/(1-a^2)/N) = 0.016; 0.08
    // is 5 of them.
    double c = 0.0;
    for (long k = 0; k < steps; ++k) c += (zE[k][0] - mE.mean) * (zK[k][0] - mK.mean);
    const double r = c / double(steps) / std::sqrt(mE.var * mK.var);
    std::printf("[measured] correlation with the process of another name: %.4f\n", r);
    EXPECT_LT(std::fabs(r), 0.08);
}

std::string refusal(device_set& d, const stimulus_spec& s, std::int64_t now_step = 0) {
    try {
        d.add(s, target_set{0, 4, {}}, 9, nullptr, now_step);
    } catch (const lamina::input_error& e) {
        return e.what();
    }
    return "";
}

// Stimuli of one process must have one tau, start and stop (the message names both stimuli and
// the key), and must join it before it starts: a later one would begin from a draw of its own.
TEST(OuNoise, NamedProcessRefusesDifferentTauStartStopAndLateJoins) {
    device_set d(3, 0.1);
    auto first = named("E", 0.0, 40.0, 5000.0, "slow");
    first.start = 100.0;
    d.add(first, target_set{0, 4, {}}, 0);

    auto s = named("I", 0.0, 20.0, 2000.0, "slow");
    s.start = 100.0;
    auto why = refusal(d, s);
    EXPECT_NE(why.find("test: I: ou_noise stimulus on I: shared = \"slow\": tau 2000 ms differs from tau 5000 ms of "
                       "test: E: ou_noise stimulus on E"),
              std::string::npos)
        << why;
    s.tau = 5000.0;
    s.start = 0.0;
    why = refusal(d, s);
    EXPECT_NE(why.find("start 0 ms differs from start 100 ms"), std::string::npos) << why;
    s.start = 100.0;
    s.stop = 900.0;
    why = refusal(d, s);
    EXPECT_NE(why.find("stop 900 ms differs from stop unset (until the end)"), std::string::npos) << why;
    s.stop.reset();
    // Step 1001 means the update of step 1000 (t = 100 ms, the start) has been applied.
    why = refusal(d, s, 1001);
    EXPECT_NE(why.find("the process has been running since 100 ms"), std::string::npos) << why;
    EXPECT_EQ(refusal(d, s, 1000), "");  // at its start, nothing has run yet
    // A name of its own starts a new process, with any tau.
    EXPECT_EQ(refusal(d, named("I", 0.0, 20.0, 2000.0, "fast"), 5000), "");
}

}  // namespace
