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
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

namespace {

struct mea_bursting {
    double rate_per_min = 0.0;      // network bursts starting after settle_ms, per minute
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

// The overrides of an age in development.toml, read from the file so that the test runs the ages
// the README's tables show (d21 and d45: in-degrees 0.12 and 0.16 of the source populations,
// weaker E -> E AMPA, and no slow common drive).
std::vector<std::string> age_overrides(const std::string& age) {
    const auto file = std::filesystem::path(LAMINA_SOURCE_DIR) / "examples/culture/development.toml";
    const auto dev = toml::parse_file(file.string());
    std::vector<std::string> sets;
    if (const auto* list = dev["ages"][age]["set"].as_array())
        for (const auto& v : *list) sets.push_back(v.value_or(std::string{}));
    EXPECT_FALSE(sets.empty()) << age << " has no overrides in " << file;
    return sets;
}

TEST(culture_model, d73_bursts_in_the_recorded_range_for_two_seeds_d21_and_d45_do_not_and_apv_suppresses_bursts) {
    // Recorded (Cotterill et al. 2016, the files in shared/data/mea/hipsc): d73 14.8 network
    // bursts per minute of 65 ms, on 14 active electrodes. Over seeds 1-5 (40 s each, README
    // "Robustness across seeds") the model, with heterogeneous drive (I_e at quantiles, the same
    // set for every seed), a slow common drive, the burst-size revision (I->E 6.5 nS, E noise
    // mean 180 pA) and E->E AMPA 6.2 nS, gives a median of 13.8 per minute of 73 ms on the MEA
    // (range 9.2-38.5 per minute, every seed within a factor 3); seed 5 samples 14 electrodes like
    // the recording, seed 4 21; each seed sets its own network, the order of the drives, noise,
    // the slow drive, layout and electrode sampling.
    double d73_rate_seed4 = 0.0;
    for (const int seed : {4, 5}) {
        const auto d73 = run_culture({}, "40 s", seed);
        // 39 s counted, as in the README's tables: 38.5 (seed 4) and 27.7 (seed 5) per minute.
        // Both must lie in the factor-3 band of the recording (4.9-44.4 per minute, 4-28 bursts
        // in 39 s), the README's criterion for a seed. The upper end also refuses the periodic,
        // recovery-limited bursting (a burst every 1-2 s, 30-120 per minute) of a too excitable
        // network. Seed 4 is the fastest of seeds 1-5 and its slow drive stays high for minutes
        // (robustness.md, item 14): 4 bursts below the bound. Shorter runs do not average the slow
        // drive enough (seed 4 over 16 s: 44 per minute, on the bound).
        RecordProperty("d73_bursts_per_min_seed" + std::to_string(seed), std::to_string(d73.rate_per_min));
        EXPECT_GE(d73.rate_per_min, 14.8 / 3.0) << "seed " << seed;
        EXPECT_LE(d73.rate_per_min, 14.8 * 3.0) << "seed " << seed;
        // Durations: recorded 65 ms (d73), 32 ms (d59); the 40 s runs give 74 and 43 ms for these
        // seeds. Above 10 ms: more than a chance coincidence on the
        // detector's 10 ms grid. It is not a sharp line against the small MEA events without a
        // population burst (the 40 s d21 runs of seeds 2 and 4 with a slow drive: 14 and 4.9 ms),
        // but the d73 means are 4-7 times it. Below 200 ms: not the long, NMDA-carried bursts of
        // a network past the transition (150-170 ms under full or half GABA_A block, README).
        EXPECT_GT(d73.mean_duration_ms, 10.0) << "seed " << seed;
        EXPECT_LT(d73.mean_duration_ms, 200.0) << "seed " << seed;
        if (seed == 4) d73_rate_seed4 = d73.rate_per_min;
    }

    // d21 and d45: fewer, AMPA-poor synapses; the recordings before d59 have no network bursts.
    // Seed 4 samples the most electrodes (16), so the lowest share of them must coincide to make
    // a burst; with the slow drive on at these ages its 40 s runs counted 3 (d21) and 6 (d45)
    // small MEA events without a population burst. Without it none of seeds 1-5 has an MEA burst
    // over 40 s at d21 or d45 (examples/culture/robustness.md, items 14 and 16; seed 2's two
    // one-bin events at d45 were chance coincidences that the detector's old fallback threshold
    // counted): 5 s runs of seed 4 must have none. With the slow drive on, the
    // same 5 s run at d45 counts 2 (`lamina analyze --window 1s:5s`), so the check tells them apart.
    for (const char* name : {"d21", "d45"}) {
        const auto young = run_culture(age_overrides(name), "5 s", 4);
        EXPECT_EQ(young.rate_per_min, 0.0) << name;
        // ... but the neurons fire: the recorded electrodes average 3.9 Hz (d21) and 3.5 Hz (d45,
        // active ones); over all 60 electrodes (about 13 see a neuron) anything above 0.2 Hz is a
        // firing culture.
        EXPECT_GT(young.electrode_rate_hz, 0.2) << name;
    }

    // APV (NMDA weights 0) removes the slow excitation that carries a burst: NMDA blockers
    // shorten and suppress network bursts of cortical cultures (e.g. Odawara et al. 2016,
    // Sci Rep 6:26181). In the 40 s run of the README (seed 1) APV leaves no burst against
    // 9.2 per minute; at least halving the rate leaves room for a burst the short run might count.
    const auto apv = run_culture({"connections.1.weight=0 nS", "connections.3.weight=0 nS"}, "11 s", 4);
    EXPECT_LT(apv.rate_per_min, 0.5 * d73_rate_seed4);
}

}  // namespace
