// The Potjans & Diesmann (2014, Cereb Cortex 24:785) cortical microcircuit of
// examples/microcircuit/ at 10% scale: per-population rates, irregularity and synchrony against
// the published model's statistics.
//
// Why 10% for 1 s: the committed file microcircuit_0.1.toml (7717 neurons, 3.0e6 synapses, in-degrees
// scaled by 0.1 with the DC and 1/sqrt(K) weight compensation of van Albada et al. 2015) costs
// about 4 s of CPU on one core for 1.1 s, within the CI budget; it keeps >= 88 neurons per population
// and >= 600 spikes per population after the warm-up, so Poisson count noise of a population rate is
// under 5%. Full scale (3e8 synapses) needs minutes and 10+ GB.
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spike_statistics.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace {

constexpr double warmup_ms = 100.0;  // the initial transient NEST's example also discards

// Full-scale rates (Hz) of NEST's reference simulation of the model (pynest/examples/Potjans_2014,
// network_params.py 'full_mean_rates'); Potjans & Diesmann 2014 Fig. 6B gives close values
// (L2/3E below 1 Hz, L5 the most active layer).
const std::map<std::string, double> reference_rate_hz{
    {"L23E", 0.971}, {"L23I", 2.868}, {"L4E", 4.746}, {"L4I", 5.396},
    {"L5E", 8.142},  {"L5I", 9.078},  {"L6E", 0.991}, {"L6I", 7.523}};

struct population_statistics {
    double rate_hz = 0.0;
    double mean_cv = 0.0;
    double synchrony = 0.0;  // variance / mean of the population spike count in 3 ms bins
};

std::map<std::string, population_statistics> run_microcircuit() {
    const auto file = std::filesystem::path(LAMINA_SOURCE_DIR) / "examples/microcircuit/microcircuit_0.1.toml";
    const auto spec = lamina::load_model_file(file.string(), {"simulation.duration=1100 ms"});
    lamina::simulation sim(spec, 1);
    sim.run(spec.simulation.duration);
    const double t_stop = sim.time_ms();
    std::map<std::string, population_statistics> out;
    for (const auto& p : sim.spikes()) {
        std::vector<double> times;
        std::vector<std::uint64_t> ids;
        for (std::size_t k = 0; k < p.times.size(); ++k)
            if (p.times[k] >= warmup_ms) times.push_back(p.times[k]), ids.push_back(p.node_ids[k]);
        const auto trains = lamina::spike_trains::from_pairs(times, ids, p.size, warmup_ms, t_stop);
        population_statistics s;
        s.rate_hz = double(times.size()) / double(p.size) / ((t_stop - warmup_ms) * 1e-3);
        // CV from neurons with at least 3 intervals: fewer make the estimate meaningless.
        s.mean_cv = lamina::analysis::mean_finite(lamina::analysis::cv_isi(trains, 3));
        // Potjans & Diesmann's synchrony: the population count in 3 ms bins (from up to 1000
        // neurons; at this scale every population has fewer, so all are counted).
        std::vector<double> counts(static_cast<std::size_t>((t_stop - warmup_ms) / 3.0), 0.0);
        for (double t : times) {
            const auto bin = static_cast<std::size_t>((t - warmup_ms) / 3.0);
            if (bin < counts.size()) counts[bin] += 1.0;
        }
        double mean = 0.0, var = 0.0;
        for (double c : counts) mean += c;
        mean /= double(counts.size());
        for (double c : counts) var += (c - mean) * (c - mean);
        var /= double(counts.size() - 1);
        s.synchrony = mean > 0.0 ? var / mean : 0.0;
        out[p.population] = s;
    }
    return out;
}

TEST(microcircuit, ten_percent_scale_reproduces_the_published_rates_irregularity_and_asynchrony) {
    const auto stats = run_microcircuit();
    ASSERT_EQ(stats.size(), 8u);
    for (const auto& [name, ref] : reference_rate_hz) {
        const auto& s = stats.at(name);
        SCOPED_TRACE(name);
        // Rates: the 10% network is another network (in-degrees / 10, weights x 3.16, DC in place of
        // the lost mean input). The compensation keeps the mean and variance of the input, not its
        // correlations, so rates shift (van Albada et al. 2015, PLoS Comput Biol 11:e1004490); over
        // seeds 1-3 the largest shift is L4I, +30%, and L2/3E, -29%. 40% of the reference covers
        // that; the extra 0.3 Hz is for L2/3E and L6E, which sit just below threshold (about 1 Hz),
        // where a small change of the mean input moves the rate by a large fraction. Count noise
        // over 1 s (< 5%, file comment) is negligible beside this.
        EXPECT_NEAR(s.rate_hz, ref, 0.4 * ref + 0.3);
        // Irregularity: the paper's Fig. 6C shows CV ISI below 1 in all populations (irregular,
        // not bursty). Our 1 s window leaves 3-10 intervals per neuron, which biases a CV low by
        // 10-20%; over seeds 1-3 each population's mean CV lies in 0.58-0.65. A clock-like regular
        // neuron would give < 0.3 and bursting > 1.
        EXPECT_GT(s.mean_cv, 0.45);
        EXPECT_LT(s.mean_cv, 1.0);
        // Synchrony: asynchronous firing, as in the paper's Fig. 6D (a Fano factor of the
        // population count of a few; 1 for independent Poisson neurons). Over seeds 1-3 the values
        // lie in 1.0-5.5; 10 would mean population bursts (a synchronous regular state).
        EXPECT_GT(s.synchrony, 0.5);
        EXPECT_LT(s.synchrony, 10.0);
    }
    // The paper's central result (Fig. 6B): rates are cell-type and layer specific. In every layer
    // the inhibitory population fires faster than the excitatory one, and L2/3E and L6E are the
    // least active populations (about 1 Hz against 4-9 Hz elsewhere). L5 is the exception at
    // this scale: its margin, 11% at full scale, is 5% here (L5I / L5E = 1.05, sd 0.05, over
    // seeds 1-6 with each of the two normal generators lamina has used, Box-Muller and the
    // ziggurat; below 1 in two of the twelve, smallest 0.98), within the realisation spread of
    // L5E (sd 5%); so L5 is held to L5I > 0.9 L5E, 3 sd below the mean ratio: an E/I inversion
    // (inhibition lost or misrouted) still fails it by far.
    for (const char* layer : {"L23", "L4", "L6"})
        EXPECT_GT(stats.at(std::string(layer) + "I").rate_hz, stats.at(std::string(layer) + "E").rate_hz) << layer;
    EXPECT_GT(stats.at("L5I").rate_hz, 0.9 * stats.at("L5E").rate_hz);
    for (const char* other : {"L23I", "L4E", "L4I", "L5E", "L5I", "L6I"}) {
        EXPECT_LT(stats.at("L23E").rate_hz, stats.at(other).rate_hz) << other;
        EXPECT_LT(stats.at("L6E").rate_hz, stats.at(other).rate_hz) << other;
    }
}

}  // namespace
