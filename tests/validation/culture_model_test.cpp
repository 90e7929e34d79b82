// The culture model of examples/culture/ (README there): AdEx neurons with AMPA + NMDA + GABA_A
// synapses, Tsodyks-Markram depression, a slow AHP, OU noise and a slow common drive, recorded by a
// virtual MEA. Short runs check that network bursts appear and disappear with the mechanisms the
// way development and pharmacology of cultures report. Statistics are those `lamina analyze`
// computes, on the virtual MEA the model file declares; the runs are deterministic (seeds 4 and
// 5), the bounds below say how far they are from what the longer runs of the README give.
#include <lamina/analysis/bursts.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spatial.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace {

struct mea_bursting {
    double rate_per_min = 0.0;
    double mean_duration_ms = 0.0;  // 0 without bursts
    double electrode_rate_hz = 0.0; // spikes per electrode per second, all 60 electrodes
};

// The network starts with fully recovered synapses (x = 1), which can ignite one burst in the
// first tens of ms; bursts starting in the first second are not counted.
constexpr double settle_ms = 1000.0;

mea_bursting run_culture(std::vector<std::string> sets, const char* duration, int seed = 1) {
    sets.push_back(std::string("simulation.duration=") + duration);
    sets.push_back("simulation.seed=" + std::to_string(seed));
    const auto spec = lamina::load_model_file(
        (std::filesystem::path(LAMINA_SOURCE_DIR) / "examples/culture/culture.toml").string(), sets);
    lamina::simulation sim(spec, 1);
    sim.run(spec.simulation.duration);
    const lamina::recorder_spec* mea = nullptr;
    for (const auto& r : spec.recorders)
        if (r.type == lamina::recorder_spec::kind::mea) mea = &r;
    EXPECT_NE(mea, nullptr);
    const auto rec = lamina::virtual_mea(spec, sim.spikes(), *mea, sim.time_ms());
    auto bursts = lamina::analysis::network_bursts(rec.trains);
    std::erase_if(bursts, [](const auto& b) { return b.start_ms < settle_ms; });
    mea_bursting out;
    const double T_ms = sim.time_ms();
    out.rate_per_min = bursts.size() / ((T_ms - settle_ms) / 60000.0);
    for (const auto& b : bursts) out.mean_duration_ms += (b.end_ms - b.start_ms) / bursts.size();
    out.electrode_rate_hz = rec.trains.total_spikes() / (60.0 * T_ms / 1000.0);
    return out;
}

// d21 of development.toml: in-degrees 0.12 of the source populations, weaker E -> E AMPA.
const std::vector<std::string> d21 = {
    "connections.0.indegree=48", "connections.1.indegree=48", "connections.2.indegree=48",
    "connections.3.indegree=48", "connections.4.indegree=12", "connections.5.indegree=12",
    "connections.0.weight=4.0 nS"};

TEST(culture_model, d73_bursts_in_the_recorded_range_for_two_seeds_d21_does_not_and_apv_suppresses_bursts) {
    // Recorded (Cotterill et al. 2016, the files in shared/data/mea/hipsc): d73 14.8 network
    // bursts per minute of 65 ms, on 14 active electrodes. Over seeds 1-5 (40 s each, README
    // "Robustness across seeds") the model, with heterogeneous drive (I_e at quantiles, the same
    // set for every seed) and a slow common drive, gives a median of 15.4 per minute on the MEA;
    // seed 5 samples 14 electrodes like the recording, seed 4 20; each seed sets its own network,
    // the order of the drives, noise, the slow drive, layout and electrode sampling. (Seed 3's
    // first 15 s hold only events of a few ms: 40 s runs count 1-80 bursts per seed.)
    double d73_rate_seed4 = 0.0;
    for (const int seed : {4, 5}) {
        const auto d73 = run_culture({}, "16 s", seed);
        // 15 s counted: one burst is 4 per minute, so [4, 44] is "at least one burst" up to the
        // factor-3 band of the recording (4.9-44); it refuses a silent network and the periodic,
        // recovery-limited bursting (a burst every 1-2 s, 30-120 per minute) of a too excitable
        // one. The 40 s runs give 24.6 (seed 4) and 12.3 (seed 5), the 16 s runs 16 and 4.
        EXPECT_GE(d73.rate_per_min, 4.0) << "seed " << seed;
        EXPECT_LE(d73.rate_per_min, 44.0) << "seed " << seed;
        // Durations: recorded 65 ms (d73), 32 ms (d59); the 40 s runs give 37 and 21 ms for these
        // seeds. Above 5 ms: more than a single coincidence on the detector's 10 ms grid; below
        // 200 ms: not the long, NMDA-carried bursts of a network past the transition (130-150 ms
        // under bicuculline or U = 0.5).
        EXPECT_GT(d73.mean_duration_ms, 5.0) << "seed " << seed;
        EXPECT_LT(d73.mean_duration_ms, 200.0) << "seed " << seed;
        if (seed == 4) d73_rate_seed4 = d73.rate_per_min;
    }

    // d21: fewer, AMPA-poor synapses; the recordings before d59 have no network bursts (the
    // model at d21 over seeds 1-5: README).
    const auto young = run_culture(d21, "5 s");
    EXPECT_EQ(young.rate_per_min, 0.0);
    // ... but the neurons fire: the recorded d21 electrodes average 3.9 Hz (active ones); over all
    // 60 electrodes (about 13 see a neuron) anything above 0.2 Hz is a firing culture.
    EXPECT_GT(young.electrode_rate_hz, 0.2);

    // APV (NMDA weights 0) removes the slow excitation that carries a burst: NMDA blockers
    // shorten and suppress network bursts of cortical cultures (e.g. Odawara et al. 2016,
    // Sci Rep 6:26181). In the 40 s run of the README (seed 1) APV leaves no burst against
    // 7.7 per minute; at least halving the rate leaves room for a burst the short run might count.
    const auto apv = run_culture({"connections.1.weight=0 nS", "connections.3.weight=0 nS"}, "11 s", 4);
    EXPECT_LT(apv.rate_per_min, 0.5 * d73_rate_seed4);
}

}  // namespace
