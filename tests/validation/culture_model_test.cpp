// The culture model of examples/culture/ (README there): AdEx neurons with AMPA + NMDA + GABA_A
// synapses, Tsodyks-Markram depression, a slow AHP and OU noise, recorded by a virtual MEA. Short
// runs check that network bursts appear and disappear with the mechanisms the way development and
// pharmacology of cultures report. Statistics are those `lamina analyze` computes, on the virtual
// MEA the model file declares; the runs are deterministic (seed 1), the bounds below say how far
// they are from what the long runs of the README give.
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

mea_bursting run_culture(std::vector<std::string> sets, const char* duration) {
    sets.push_back(std::string("simulation.duration=") + duration);
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

const std::vector<std::string> d21 = {
    "connections.0.probability=0.12", "connections.1.probability=0.12", "connections.2.probability=0.12",
    "connections.3.probability=0.12", "connections.4.probability=0.12", "connections.5.probability=0.12",
    "connections.0.weight=4.5 nS"};

TEST(culture_model, d73_bursts_in_the_recorded_range_d21_does_not_and_apv_suppresses_bursts) {
    const auto d73 = run_culture({}, "11 s");
    // Recorded (Cotterill et al. 2016, the files in shared/data/mea/hipsc): d73 14.8 network
    // bursts per minute of 65 ms, d59 3.4 of 32 ms. The 60 s run of the README gives 20 per
    // minute of 40 ms.
    // 10 s counts a few bursts, so the rate range [3, 40] per minute is the recorded d59-d73
    // range widened by that count noise; it refuses a silent network and tonic synchrony.
    EXPECT_GE(d73.rate_per_min, 3.0);
    EXPECT_LE(d73.rate_per_min, 40.0);
    EXPECT_GT(d73.mean_duration_ms, 20.0);
    EXPECT_LT(d73.mean_duration_ms, 300.0);

    // d21: sparser, AMPA-poor connectivity; the recordings before d59 have no network bursts.
    const auto young = run_culture(d21, "5 s");
    EXPECT_EQ(young.rate_per_min, 0.0);
    // ... but the neurons fire: the recorded d21 electrodes average 3.9 Hz (active ones); over all
    // 60 electrodes (about 13 see a neuron) anything above 0.2 Hz is a firing culture.
    EXPECT_GT(young.electrode_rate_hz, 0.2);

    // APV (NMDA weights 0) removes the slow excitation that carries a burst: NMDA blockers
    // shorten and suppress network bursts of cortical cultures (e.g. Odawara et al. 2016,
    // Sci Rep 6:26181). In the 60 s run of the README APV removes them all (20 -> 0 per minute);
    // at least halving the rate leaves room for the few bursts a 10 s run counts.
    const auto apv = run_culture({"connections.1.weight=0 nS", "connections.3.weight=0 nS"}, "11 s");
    EXPECT_LT(apv.rate_per_min, 0.5 * d73.rate_per_min);
}

}  // namespace
