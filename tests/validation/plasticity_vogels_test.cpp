// Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011 (Science 334:1569): a conductance-based LIF
// (lif_cond_exp) under excitatory Poisson drive, with 200 plastic inhibitory inputs (relays fed by
// independent 10 Hz Poisson trains) following vogels_istdp with rho_0 = 5 Hz, settles at rho_0
// whether its inhibitory weights start too weak (it fires at tens of Hz) or too strong (silent).
#include "plasticity_harness.hpp"

#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace {

using namespace lamina::test;

constexpr int n_post = 8;                      // target neurons per starting condition
constexpr double settle_ms = 30e3, measure_ms = 20e3;  // from 5 nS the weights need ~20 s

std::string target_population(const std::string& name) {
    // Vogels et al.'s single cell: tau_m = 20 ms (C_m / g_L = 200 pF / 10 nS), E_L = -60 mV,
    // V_th = -50 mV, reset -60 mV, E_ex = 0, E_in = -80 mV, synaptic time constants 5 / 10 ms.
    return "[populations." + name + "]\nmodel = \"lif_cond_exp\"\nsize = " + std::to_string(n_post) +
           "\nC_m = \"200 pF\"\ng_L = \"10 nS\"\nE_L = \"-60 mV\"\nV_th = \"-50 mV\"\nV_reset = \"-60 mV\"\n"
           "t_ref = \"5 ms\"\nE_ex = \"0 mV\"\nE_in = \"-80 mV\"\ntau_syn_ex = \"5 ms\"\ntau_syn_in = \"10 ms\"\n\n"
           "[[stimuli]]\ntype = \"poisson\"\ntarget = \"" + name + "\"\nrate = \"4000 Hz\"\nweight = \"0.5 nS\"\n\n";
}

std::string inhibition(const std::string& target, double w_nS) {
    return "[[connections]]\nsource = \"inh\"\ntarget = \"" + target +
           "\"\nrule = \"all_to_all\"\nweight = \"" + std::to_string(-w_nS) +
           " nS\"\ndelay = \"1 ms\"\nsynapse = { model = \"vogels_istdp\", eta = \"0.1 nS\", rho_0 = \"5 Hz\", "
           "tau_stdp = \"20 ms\", w_max = \"100 nS\" }\n\n";
}

TEST(PlasticityVogels, TargetSettlesAtRho0FromWeakAndStrongInhibition) {
    std::string m = "[simulation]\ndt = \"0.1 ms\"\nseed = 11\n\n";
    m += relay_population("inh", 200);
    m += "[[stimuli]]\ntype = \"poisson\"\ntarget = \"inh\"\nrate = \"10 Hz\"\nweight = \"100 mV\"\n\n";
    m += target_population("weak") + target_population("strong");
    m += inhibition("weak", 0.05) + inhibition("strong", 5.0);
    m += record_spikes({"weak", "strong"});
    lamina::simulation sim(lamina::parse_model(m, "vogels.toml"), 1);

    sim.run(1000.0);
    auto rate = [&](const std::string& pop, double from_ms) {
        const auto& s = spikes_of(sim.spikes(), pop).times;
        const double n = static_cast<double>(std::count_if(s.begin(), s.end(), [&](double t) { return t >= from_ms; }));
        return n / n_post / ((sim.time_ms() - from_ms) * 1e-3);
    };
    // The starting points are really on either side of rho_0.
    const double weak0 = rate("weak", 0.0), strong0 = rate("strong", 0.0);
    EXPECT_GT(weak0, 20.0);
    EXPECT_LT(strong0, 1.0);

    sim.run(settle_ms + measure_ms - 1000.0);
    const double weak = rate("weak", settle_ms), strong = rate("strong", settle_ms);
    // Tolerance. Counting: over the last 20 s, 8 neurons at ~5 Hz fire ~800 spikes; with ISI CV
    // <= 1 that is <= 3.5 % (0.18 Hz) standard error per condition (the 5 s windows scatter by as
    // much as Poisson counts do: the weights' own fluctuations add little). Bias: the rule's fixed
    // point is exactly rho_0 only for uncorrelated trains; here each inhibitory spike delays the
    // next post spike, so x_pre at post spikes is below rho_pre tau_stdp and the rate settles a
    // little above rho_0 (measured +0.2 to +0.4 Hz, from both sides). 1 Hz covers the bias plus 3.5
    // standard errors; both starts must also agree with each other within 3 standard errors of a
    // difference (0.75 Hz), i.e. the same fixed point is reached from above and below.
    EXPECT_NEAR(weak, 5.0, 1.0);
    EXPECT_NEAR(strong, 5.0, 1.0);
    EXPECT_NEAR(weak, strong, 0.75);
    std::printf("[measured] vogels_istdp: first second %.2f / %.2f Hz, last 20 s %.2f / %.2f Hz (rho_0 = 5 Hz)\n",
                weak0, strong0, weak, strong);
}

}  // namespace
