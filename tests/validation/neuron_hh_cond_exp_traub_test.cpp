// Validation of hh_cond_exp_traub (Traub-Miles Hodgkin-Huxley; NEST hh_cond_exp_traub; the COBAHH
// neuron of Brette et al. 2007) and its optional sAHP current:
//  1. at rest the neuron sits at the zero of its steady-state I-V curve;
//  2. V traces and spike steps match an independent RK4 integration at 100x finer steps, for
//     current steps and for synaptic input, with and without sAHP;
//  3. f-I curve: rheobase, class-1 onset (f^2 linear in I, extrapolating to the rheobase) and a
//     monotonic rise above it; the COBAHH cell itself has no stable rest and fires without input;
//  4. the sAHP conductance jumps by delta_g_sAHP at each spike, decays as exp(-t/tau_sAHP) and
//     slows the firing (spike-frequency adaptation);
//  5. the COBAHH cell of Brian2's example, simulated by Brian2 (stored reference), is reproduced;
//  6. bad parameters are refused by name.
#include "models/neuron/hh_cond_exp_traub.hpp"

#include "neuron_test_harness.hpp"

#include <lamina/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <map>
#include <utility>

using lamina::models::hh_cond_exp_traub;
using namespace lamina::test;
using M = hh_cond_exp_traub;

namespace {

constexpr double dt = 0.1;  // ms
using input_schedule = std::map<long, std::pair<double, double>>;  // step -> (ex, in) weights, nS
using current_of_step = std::function<double(long)>;               // step k (update k-1 -> k) -> pA

run_record run_model(const M::params& p, long n, current_of_step I, const input_schedule& inputs = {},
                     std::vector<double>* g_sahp = nullptr) {
    neuron_driver<M> nd(p, dt);
    run_record r;
    for (long k = 1; k <= n; ++k) {
        const auto it = inputs.find(k);
        const auto [ex, in] = it == inputs.end() ? std::pair{0.0, 0.0} : it->second;
        if (nd.step(ex, in, I(k))) r.spikes.push_back(k);
        r.v.push_back(nd(M::V_m));
        if (g_sahp) g_sahp->push_back(nd(M::g_sAHP));
    }
    return r;
}

/// The equations written out again from Brette et al. 2007 (COBAHH, as in Brian2's example),
/// in the textbook form of the rates, integrated by classical RK4 at dt/100 with NEST's step
/// semantics: inputs are added at the end of a step, then a spike is detected when V(t + dt) >=
/// V_T + 30 mV and V(t + dt) < V(t) outside the dead time of round(t_ref/dt) steps, and the sAHP
/// conductance is incremented with it. y = (V, m, h, n, g_ex, g_in, g_sAHP).
run_record run_reference(const M::params& p, long n, current_of_step I_of, const input_schedule& inputs = {}) {
    const auto rates = [&](double V, double& am, double& bm, double& ah, double& bh, double& an, double& bn) {
        const double u = V - p.V_T;
        am = 0.32 * (13 - u) / (std::exp((13 - u) / 4) - 1);
        bm = 0.28 * (u - 40) / (std::exp((u - 40) / 5) - 1);
        ah = 0.128 * std::exp((17 - u) / 18);
        bh = 4 / (1 + std::exp((40 - u) / 5));
        an = 0.032 * (15 - u) / (std::exp((15 - u) / 5) - 1);
        bn = 0.5 * std::exp((10 - u) / 40);
    };
    double am, bm, ah, bh, an, bn;
    rates(p.E_L, am, bm, ah, bh, an, bn);
    std::array<double, 7> y{p.E_L, am / (am + bm), ah / (ah + bh), an / (an + bn), 0.0, 0.0, 0.0};
    double I = 0.0;
    const auto f = [&](const std::array<double, 7>& x, std::array<double, 7>& dx) {
        double am, bm, ah, bh, an, bn;
        rates(x[0], am, bm, ah, bh, an, bn);
        const double V = x[0];
        dx[0] = (-p.g_Na * std::pow(x[1], 3) * x[2] * (V - p.E_Na) - p.g_K * std::pow(x[3], 4) * (V - p.E_K) -
                 x[6] * (V - p.E_K) - p.g_L * (V - p.E_L) - x[4] * (V - p.E_ex) - x[5] * (V - p.E_in) + p.I_e + I) /
                p.C_m;
        dx[1] = am * (1 - x[1]) - bm * x[1];
        dx[2] = ah * (1 - x[2]) - bh * x[2];
        dx[3] = an * (1 - x[3]) - bn * x[3];
        dx[4] = -x[4] / p.tau_syn_ex;
        dx[5] = -x[5] / p.tau_syn_in;
        dx[6] = -x[6] / p.tau_sAHP;
    };
    run_record r;
    long dead = 0;
    const long R = std::lround(p.t_ref / dt);
    for (long k = 1; k <= n; ++k) {
        I = I_of(k);
        const double V0 = y[0];
        for (int s = 0; s < 100; ++s) y = rk4_one(y, dt / 100, f);
        if (const auto it = inputs.find(k); it != inputs.end()) {
            y[4] += it->second.first;
            y[5] -= it->second.second;
        }
        if (dead > 0) {
            --dead;
        } else if (y[0] >= p.V_T + 30 && y[0] < V0) {
            r.spikes.push_back(k);
            dead = R;
            y[6] += p.delta_g_sAHP;
        }
        r.v.push_back(y[0]);
    }
    return r;
}

M::params with_sahp(double delta, double tau) {
    M::params p;
    p.delta_g_sAHP = delta;
    p.tau_sAHP = tau;
    return p;
}

}  // namespace

namespace {
/// Steady-state ionic current (pA) at V: g_Na m_inf^3 h_inf (V - E_Na) + g_K n_inf^4 (V - E_K) + g_L (V - E_L).
double steady_state_current(const M::params& p, double V) {
    const auto r = M::rates_at(V - p.V_T);
    const double mi = r.am / (r.am + r.bm), hi = r.ah / (r.ah + r.bh), ni = r.an / (r.an + r.bn);
    return p.g_Na * mi * mi * mi * hi * (V - p.E_Na) + p.g_K * std::pow(ni, 4) * (V - p.E_K) + p.g_L * (V - p.E_L);
}
M::params resting_cell() {
    M::params p;
    p.E_L = -70.0;  // mV: the COBAHH cell (E_L = -60 mV) has no stable rest, see below
    return p;
}
}  // namespace

// The COBAHH cell with no input: its steady-state current is inward (negative) at every V from
// -90 to -35 mV (the leak towards E_L = -60 mV cannot balance the sodium window current
// m_inf^3 h_inf, sizeable because V_T = -63 mV shifts the rates 63 mV to the left), so there is
// no resting state below the spike and the cell fires tonically without input. This is a
// property of the published parameters, confirmed by the reference integration below.
TEST(NeuronHhCondExpTraub, CobahhCellFiresWithoutInput) {
    const M::params p;
    for (double V = -90.0; V <= -35.0; V += 0.5) EXPECT_LT(steady_state_current(p, V), 0.0) << V << " mV";
    const auto m = run_model(p, 5000, [](long) { return 0.0; });
    const auto r = run_reference(p, 5000, [](long) { return 0.0; });
    std::printf("[measured] COBAHH cell, no input: %zu spikes in 500 ms (reference %zu)\n", m.spikes.size(),
                r.spikes.size());
    EXPECT_GE(m.spikes.size(), 4u);
    EXPECT_EQ(m.spikes, r.spikes);
}

// With E_L = -70 mV the cell rests at V_rest, the zero of the steady-state current (found here by
// bisection). 500 ms is > 50 times the slowest relaxation time at rest (~5 ms), so the remaining
// distance is far below the 1e-6 mV tolerance, the integrator's per-sub-step accuracy.
TEST(NeuronHhCondExpTraub, RestsAtTheZeroOfTheSteadyStateCurrent) {
    const auto p = resting_cell();
    double lo = -90.0, hi = -60.0;  // I_ss(lo) < 0 < I_ss(hi)
    ASSERT_LT(steady_state_current(p, lo), 0.0);
    ASSERT_GT(steady_state_current(p, hi), 0.0);
    for (int it = 0; it < 100; ++it) (steady_state_current(p, 0.5 * (lo + hi)) > 0 ? hi : lo) = 0.5 * (lo + hi);
    const auto m = run_model(p, 5000, [](long) { return 0.0; });
    std::printf("[measured] V_rest %.6f mV (zero of I_ss: %.6f mV), %zu spikes\n", m.v.back(), lo, m.spikes.size());
    EXPECT_TRUE(m.spikes.empty());
    EXPECT_NEAR(m.v.back(), lo, 1e-6);
}

// Tolerances: identical spike steps; V within 2e-3 mV of the reference at every step more than
// 2 ms (20 steps) from a spike of either run. Justification: the reference (RK4 at 1 us; its
// error ~h^4 is ~1e-10 mV) is converged; the model's local error is <= error_tol = 1e-6 per
// sub-step. Between spikes the dynamics are contracting and errors stay at that level, but the
// phase of a repetitive spike train is neutrally stable, so each spike adds ~1e-7..1e-6 ms of
// timing error, which shows as |dV/dt| x drift, largest during the action potential (|dV/dt| up
// to ~400 mV/ms, hence the 2 ms guard around each peak). 2e-3 mV is far below the 1 mV at which
// two traces would visibly differ; the printed values show the actual margin.
TEST(NeuronHhCondExpTraub, CurrentStepsMatchRk4ReferenceAt100xFinerSteps) {
    struct step_case {
        const char* name;
        M::params p;
        current_of_step I;
    };
    const step_case cases[] = {
        {"300 pA from 20 ms", M::params{}, [](long k) { return k > 200 ? 300.0 : 0.0; }},
        {"1 nA from 20 ms to 150 ms", M::params{}, [](long k) { return k > 200 && k <= 1500 ? 1000.0 : 0.0; }},
        {"600 pA with sAHP (5 nS, 200 ms)", with_sahp(5.0, 200.0), [](long k) { return k > 100 ? 600.0 : 0.0; }},
    };
    for (const auto& c : cases) {
        const long n = 2500;  // 250 ms
        const auto m = run_model(c.p, n, c.I);
        const auto r = run_reference(c.p, n, c.I);
        const auto cmp = compare_runs(m, r, 20);
        std::printf("[measured] %s: %zu spikes (reference %zu), max shift %ld steps, max |dV| %.2e mV over %ld steps\n",
                    c.name, m.spikes.size(), r.spikes.size(), cmp.max_spike_shift, cmp.max_dv, cmp.compared);
        EXPECT_GE(m.spikes.size(), 3u) << c.name;
        EXPECT_TRUE(cmp.same_spike_count) << c.name;
        EXPECT_EQ(cmp.max_spike_shift, 0) << c.name;
        EXPECT_LT(cmp.max_dv, 2e-3) << c.name;
        EXPECT_GT(cmp.compared, n / 2) << c.name;
    }
}

// Conductance input of the COBAHH weights (6 nS excitatory, 67 nS inhibitory) and volleys strong
// enough to fire the neuron; same tolerances as above.
TEST(NeuronHhCondExpTraub, SynapticInputMatchesRk4ReferenceAt100xFinerSteps) {
    input_schedule in;
    for (long k = 50; k < 2000; k += 13) in[k].first = 6.0;
    for (long k = 300; k < 2000; k += 170) in[k].first += 60.0;  // a volley of ten synchronous inputs
    for (long k = 90; k < 2000; k += 97) in[k].second = -67.0;
    for (const auto& p : {M::params{}, with_sahp(3.0, 300.0)}) {
        const auto m = run_model(p, 2000, [](long) { return 0.0; }, in);
        const auto r = run_reference(p, 2000, [](long) { return 0.0; }, in);
        const auto cmp = compare_runs(m, r, 20);
        std::printf("[measured] synaptic input, delta_g_sAHP %.0f nS: %zu spikes (reference %zu), max shift %ld, "
                    "max |dV| %.2e mV\n",
                    p.delta_g_sAHP, m.spikes.size(), r.spikes.size(), cmp.max_spike_shift, cmp.max_dv);
        EXPECT_GE(m.spikes.size(), 3u);
        EXPECT_TRUE(cmp.same_spike_count);
        EXPECT_EQ(cmp.max_spike_shift, 0);
        EXPECT_LT(cmp.max_dv, 2e-3);
    }
}

namespace {
/// Firing rate (Hz) under a constant current: the inverse mean ISI of the spikes after `skip`
/// steps of a run of `steps` steps; 0 with fewer than two such spikes.
double rate_hz(const M::params& p, double I_pA, long steps, long skip) {
    const auto m = run_model(p, steps, [=](long) { return I_pA; });
    std::vector<long> late;
    for (long k : m.spikes)
        if (k > skip) late.push_back(k);
    if (late.size() < 2) return 0.0;
    return 1e3 / (double(late.back() - late.front()) * dt / double(late.size() - 1));
}
}  // namespace

// f-I curve of the resting cell (E_L = -70 mV): 2 s steps, rate from the ISIs after 300 ms.
// Rheobase by bisection to 1 pA. The Traub-Miles cell is class 1 (Hodgkin 1948; Ermentrout 1998,
// J Neurophysiol 79:2471, uses this model as the example): firing starts at arbitrarily low rates
// through a saddle-node on an invariant circle, where f = a sqrt(I - I_c) (Ermentrout & Kopell
// 1986). So f^2 is linear in I near onset: a straight line through 4 points from 2 to 16 pA above
// rheobase must fit to 3% (measured 0.8%; the sqrt law has corrections of relative order
// (I - I_c) / I_c, which reach ~5% for points up to 40 pA above I_c ~ 68 pA) and extrapolate to
// an I_c in the bracket, or at most 3 pA below it (the 2 s window cannot see ISIs > 1.7 s, so
// the bracket may sit a little above I_c). Above onset the rate rises monotonically up to 1 nA.
TEST(NeuronHhCondExpTraub, FICurveClass1OnsetAndMonotonicRise) {
    const auto p = resting_cell();
    const long steps = 20000, skip = 3000;
    double lo = 0.0, hi = 500.0;
    ASSERT_EQ(rate_hz(p, lo, steps, skip), 0.0);
    ASSERT_GT(rate_hz(p, hi, steps, skip), 10.0);
    while (hi - lo > 1.0) {
        const double mid = 0.5 * (lo + hi);
        (rate_hz(p, mid, steps, skip) > 0.0 ? hi : lo) = mid;
    }
    std::printf("[measured] rheobase (2 s steps) in (%.2f, %.2f] pA, rate there %.2f Hz\n", lo, hi,
                rate_hz(p, hi, steps, skip));
    EXPECT_LT(rate_hz(p, hi, steps, skip), 2.0);  // class 1: no minimum rate at onset
    // Least-squares line f^2 = a (I - I_c).
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    std::vector<std::pair<double, double>> pts;
    for (double dI : {2.0, 4.0, 8.0, 16.0}) {
        const double I = hi + dI, f = rate_hz(p, I, steps, skip);
        pts.emplace_back(I, f * f);
        std::printf("[measured] f(%.2f pA) = %.3f Hz\n", I, f);
        sx += I, sy += f * f, sxx += I * I, sxy += I * f * f;
    }
    const double n = double(pts.size()), slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const double icept = (sy - slope * sx) / n, I_c = -icept / slope;
    double worst = 0.0;
    for (auto [I, f2] : pts) worst = std::max(worst, std::abs(slope * I + icept - f2) / f2);
    std::printf("[measured] f^2 = %.3f Hz^2/pA (I - %.2f pA): worst relative misfit %.3f\n", slope, I_c, worst);
    EXPECT_LT(worst, 0.03);
    EXPECT_LE(I_c, hi);
    EXPECT_GT(I_c, lo - 3.0);
    double previous = 0.0;
    for (double I = 100.0; I <= 1000.0; I += 150.0) {
        const double f = rate_hz(p, I, 5000, 1000);
        std::printf("[measured] f(%.0f pA) = %.1f Hz\n", I, f);
        EXPECT_GT(f, previous) << I << " pA";
        previous = f;
    }
}

// sAHP: delta_g_sAHP is added at each spike; between spikes g_sAHP decays as exp(-t/tau_sAHP)
// (to 1e-9 relative: the decay is integrated by RK45 with local error <= 1e-6 nS per sub-step on
// a conductance of ~10 nS, and one sub-step of a linear decay by 5th-order RK has relative error
// ~(dt/tau)^6 ~ 1e-24); the first spike is unaffected (g_sAHP = 0 before it), later ISIs
// lengthen, and the late rate is lower than without sAHP.
TEST(NeuronHhCondExpTraub, SahpDecaysExponentiallyAndAdaptsTheRate) {
    const double delta = 10.0, tau = 300.0;
    const auto p = with_sahp(delta, tau);
    // One spike from a 1 ms pulse of 3 nA, then 200 ms of free decay.
    std::vector<double> g;
    const auto one = run_model(p, 2100, [](long k) { return k > 100 && k <= 110 ? 3000.0 : 0.0; }, {}, &g);
    ASSERT_EQ(one.spikes.size(), 1u);
    const long k0 = one.spikes[0];
    EXPECT_DOUBLE_EQ(g[k0 - 1], delta);
    EXPECT_EQ(g[k0 - 2], 0.0);
    double worst = 0.0;
    for (long k = k0; k < 2100; ++k)
        worst = std::max(worst, std::abs(g[k - 1] / (delta * std::exp(-double(k - k0) * dt / tau)) - 1.0));
    std::printf("[measured] sAHP decay: max relative deviation from exp(-t/tau) %.2e over 200 ms\n", worst);
    EXPECT_LT(worst, 1e-9);

    // Adaptation under a 1 s step of 600 pA.
    const auto I = [](long k) { return k > 100 ? 600.0 : 0.0; };
    const auto adapted = run_model(p, 10000, I);
    const auto plain = run_model(M::params{}, 10000, I);
    ASSERT_GE(adapted.spikes.size(), 5u);
    EXPECT_EQ(adapted.spikes[0], plain.spikes[0]);
    const auto isi_a = isis(adapted.spike_times(dt)), isi_p = isis(plain.spike_times(dt));
    const double ai = adaptation_index(isi_a, 0);
    std::printf("[measured] 600 pA: %zu spikes with sAHP (first ISI %.1f ms, last %.1f ms, adaptation index %.3f), "
                "%zu without (last ISI %.1f ms)\n",
                adapted.spikes.size(), isi_a.front(), isi_a.back(), ai, plain.spikes.size(), isi_p.back());
    EXPECT_GT(isi_a.back(), 1.5 * isi_a.front());
    EXPECT_GT(ai, 0.0);
    EXPECT_LT(adapted.spikes.size(), plain.spikes.size());
}

// Brian2's COBAHH example cell (tests/validation/brian2/cobahh_neuron.py, stored output
// cobahh_neuron.csv: Brian2 2.5.1, RK4 at 1 us, V every 0.1 ms for 100 ms): the published cell
// without input, a resting cell (E_L = -70 mV) under 300 pA, and one under an initial conductance
// volley (g_ex = 60 nS, g_in = 20 nS at t = 0). Brian2's equations were written independently of
// lamina's, so this checks the model itself (rates, signs, units, initial gates), not only its
// integration. Spikes are read from Brian2's trace with NEST's rule (V >= V_T + 30 mV and
// falling, 20 steps of dead time); tolerances as for the RK4 reference (Brian2's RK4 at 1 us is
// converged to ~1e-9 mV; the CSV rounds to 1e-6 mV).
TEST(NeuronHhCondExpTraub, MatchesBrian2CobahhNeuron) {
    std::ifstream csv(std::string(LAMINA_SOURCE_DIR) + "/tests/validation/brian2/cobahh_neuron.csv");
    ASSERT_TRUE(csv) << "missing tests/validation/brian2/cobahh_neuron.csv";
    std::vector<std::array<double, 3>> brian;
    for (std::string line; std::getline(csv, line);) {
        if (line.empty() || line[0] == '#' || line[0] == 't') continue;
        std::istringstream row(line);
        std::array<double, 4> x{};
        char comma;
        row >> x[0] >> comma >> x[1] >> comma >> x[2] >> comma >> x[3];
        brian.push_back({x[1], x[2], x[3]});
    }
    ASSERT_EQ(brian.size(), 1001u);  // t = 0, 0.1, ..., 100 ms
    for (int cell = 0; cell < 3; ++cell) {
        M::params p;
        if (cell > 0) p.E_L = -70.0;
        neuron_driver<M> nd(p, dt);
        if (cell == 2) nd(M::g_ex) = 60.0, nd(M::g_in) = 20.0;
        const double I = cell == 1 ? 300.0 : 0.0;
        run_record m, b;
        EXPECT_NEAR(nd(M::V_m), brian[0][cell], 1e-6);
        long dead = 0;
        for (long k = 1; k <= 1000; ++k) {
            if (nd.step(0.0, 0.0, I)) m.spikes.push_back(k);
            m.v.push_back(nd(M::V_m));
            const double v = brian[std::size_t(k)][cell], v0 = brian[std::size_t(k) - 1][cell];
            b.v.push_back(v);
            if (dead > 0) {
                --dead;
            } else if (v >= p.V_T + 30.0 && v < v0) {
                b.spikes.push_back(k);
                dead = 20;
            }
        }
        const auto cmp = compare_runs(m, b, 20);
        std::printf("[measured] Brian2 COBAHH cell %d: %zu spikes (Brian2 %zu), max shift %ld steps, max |dV| %.2e mV "
                    "over %ld steps\n",
                    cell, m.spikes.size(), b.spikes.size(), cmp.max_spike_shift, cmp.max_dv, cmp.compared);
        EXPECT_GE(m.spikes.size(), 1u) << "cell " << cell;
        EXPECT_TRUE(cmp.same_spike_count) << "cell " << cell;
        EXPECT_EQ(cmp.max_spike_shift, 0) << "cell " << cell;
        EXPECT_LT(cmp.max_dv, 2e-3) << "cell " << cell;
    }
}

TEST(NeuronHhCondExpTraub, BadParametersAreRefusedByName) {
    const auto refused = [](M::params p, const char* what) {
        try {
            (void)M::prepare(p, dt);
        } catch (const lamina::input_error& e) {
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
            return;
        }
        ADD_FAILURE() << "accepted: " << what;
    };
    M::params p;
    p.tau_sAHP = -1.0;
    refused(p, "tau_sAHP must be positive");
    p = {};
    p.delta_g_sAHP = -2.0;
    refused(p, "delta_g_sAHP must not be negative");
    p = {};
    p.C_m = 0.0;
    refused(p, "C_m must be positive");
    p = {};
    p.g_Na = -1.0;
    refused(p, "g_Na must not be negative");
}
