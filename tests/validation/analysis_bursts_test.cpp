// Burst detection on synthetic trains with known bursts: precision and recall of MaxInterval,
// logISI and network-burst detection.
#include <lamina/analysis/bursts.hpp>

#include "analysis_synthetic.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace lamina;
using namespace lamina::analysis;

struct interval {
    double start, end;
};

// Each unit: Poisson background of `background_hz`, plus bursts of 5-15 spikes with gamma(2) ISIs
// of mean 8 ms, starting at least 2 s apart (Poisson onsets at 0.1 Hz after a 2 s dead time), so
// neither method's merging can join two true bursts.
struct bursty_population {
    spike_trains trains;
    std::vector<std::vector<interval>> truth;  // per unit
};

bursty_population make_bursty(std::uint64_t seed, std::size_t units, double t_ms, double background_hz) {
    std::mt19937_64 g(seed);
    std::gamma_distribution<double> intra(2.0, 4.0);
    std::uniform_int_distribution<int> count(5, 15);
    std::exponential_distribution<double> onset(1.0 / 10000.0);
    bursty_population p;
    std::vector<std::vector<double>> spikes;
    for (std::size_t u = 0; u < units; ++u) {
        auto t = test::poisson_train(g, background_hz, t_ms);
        std::vector<interval> truth;
        for (double s = 1000.0 + onset(g); s < t_ms - 1000.0; s += 2000.0 + onset(g)) {
            double x = s;
            const int n = count(g);
            for (int k = 0; k < n; ++k) {
                t.push_back(x);
                if (k + 1 < n) x += intra(g);
            }
            truth.push_back({s, x});
        }
        std::sort(t.begin(), t.end());
        spikes.push_back(t);
        p.truth.push_back(truth);
    }
    p.trains = test::make_trains(spikes, 0.0, t_ms);
    return p;
}

struct scores {
    double precision, recall;
};

// A detected burst is correct if it overlaps a true burst of its unit; a true burst is found if a
// detected burst overlaps it.
scores score(const bursty_population& p, const std::vector<burst>& detected) {
    std::size_t correct = 0, found = 0, truths = 0;
    auto overlaps = [](double a0, double a1, double b0, double b1) { return a0 <= b1 && b0 <= a1; };
    for (const auto& d : detected) {
        const auto& tr = p.truth[d.unit];
        correct += std::any_of(tr.begin(), tr.end(), [&](const interval& t) { return overlaps(d.start_ms, d.end_ms, t.start, t.end); });
    }
    for (std::size_t u = 0; u < p.truth.size(); ++u)
        for (const auto& t : p.truth[u]) {
            ++truths;
            found += std::any_of(detected.begin(), detected.end(), [&](const burst& d) {
                return d.unit == u && overlaps(d.start_ms, d.end_ms, t.start, t.end);
            });
        }
    return {double(correct) / double(detected.size()), double(found) / double(truths)};
}

TEST(AnalysisBursts, MaxIntervalFindsKnownBursts) {
    // 20 units x 600 s: ~1000 true bursts. Background at 0.5 Hz starts a false MaxInterval burst
    // when two ISIs in a row are short (<= 170 ms, then <= 300 ms): probability
    // (1 - e^-0.085)(1 - e^-0.15) = 1.1% per spike, ~3 per unit against ~50 true bursts: expected
    // precision ~0.94; recall is ~1 (true bursts have >= 5 spikes 8 ms apart), except where a
    // background spike within 200 ms merges into one, which still overlaps.
    const auto p = make_bursty(1, 20, 6e5, 0.5);
    const auto b = max_interval_bursts(p.trains);
    const auto s = score(p, b);
    RecordProperty("precision", std::to_string(s.precision));
    RecordProperty("recall", std::to_string(s.recall));
    EXPECT_GT(s.precision, 0.9);
    EXPECT_GT(s.recall, 0.98);
    const auto sum = summarize_bursts(p.trains, b);
    EXPECT_EQ(sum.bursting_units, 20u);
    // True bursts: 10 spikes on average; background adds a little.
    EXPECT_NEAR(sum.population.mean_spikes, 10.0, 1.5);
    // ~0.083 bursts/s true rate per unit (one per 2 s + 10 s) = 5 per minute.
    EXPECT_NEAR(sum.population.rate_per_min, 5.0, 0.8);
}

TEST(AnalysisBursts, LogIsiFindsKnownBursts) {
    const auto p = make_bursty(2, 20, 6e5, 0.5);
    // The log-ISI histogram has an intra-burst peak near 8 ms and an inter-burst/background
    // peak near 1-2 s: the threshold must fall between them.
    const double th = logisi_threshold(p.trains.unit(0));
    RecordProperty("threshold_ms", std::to_string(th));
    EXPECT_GT(th, 15.0);
    EXPECT_LT(th, 400.0);
    const auto b = logisi_bursts(p.trains);
    const auto s = score(p, b);
    RecordProperty("precision", std::to_string(s.precision));
    RecordProperty("recall", std::to_string(s.recall));
    // The threshold sits at the histogram's minimum, tens of ms: three background spikes that
    // close are rarer than for MaxInterval, so precision is higher; recall as above.
    EXPECT_GT(s.precision, 0.95);
    EXPECT_GT(s.recall, 0.98);
}

TEST(AnalysisBursts, NetworkBurstsOfAPopulation) {
    // 30 units with 1 Hz background; every 3-7 s, a network burst recruits each unit with
    // probability 0.8 for 3-8 spikes spread over 200 ms.
    std::mt19937_64 g(3);
    const double t_ms = 6e5;
    std::vector<std::vector<double>> spikes;
    for (int u = 0; u < 30; ++u) spikes.push_back(test::poisson_train(g, 1.0, t_ms));
    std::vector<interval> truth;
    std::uniform_real_distribution<double> gap(3000.0, 7000.0), within(0.0, 200.0), u01(0.0, 1.0);
    std::uniform_int_distribution<int> count(3, 8);
    for (double s = 2000.0; s < t_ms - 2000.0; s += gap(g)) {
        for (auto& unit : spikes)
            if (u01(g) < 0.8)
                for (int k = count(g); k > 0; --k) unit.push_back(s + within(g));
        truth.push_back({s, s + 200.0});
    }
    for (auto& unit : spikes) std::sort(unit.begin(), unit.end());
    const auto trains = test::make_trains(spikes, 0.0, t_ms);
    const auto nb = network_bursts(trains);
    std::size_t correct = 0, found = 0;
    for (const auto& d : nb)
        correct += std::any_of(truth.begin(), truth.end(), [&](const interval& t) { return d.start_ms <= t.end && t.start <= d.end_ms; });
    for (const auto& t : truth)
        found += std::any_of(nb.begin(), nb.end(), [&](const network_burst& d) { return d.start_ms <= t.end && t.start <= d.end_ms; });
    const double precision = double(correct) / double(nb.size()), recall = double(found) / double(truth.size());
    RecordProperty("precision", std::to_string(precision));
    RecordProperty("recall", std::to_string(recall));
    // Background: 30 Hz pooled, ~3 units within any 100 ms window, while the threshold is
    // ceil(0.25 x 30) = 8 units: a Poisson(3) count reaches 8 with probability 0.012 per window,
    // but such excursions need 8 distinct units and last one step; bursts recruit ~24 units.
    EXPECT_GT(precision, 0.95);
    EXPECT_GT(recall, 0.98);
    const auto st = summarize_network_bursts(trains, nb);
    EXPECT_NEAR(st.mean_units, 24.0 + 1.0, 2.0);  // 0.8 x 30 recruited, plus background spikes
    EXPECT_NEAR(st.mean_duration_ms, 200.0, 40.0);
    // Gaps uniform on [3, 7] s minus the 0.2 s bursts: IBI mean ~4.8 s, s.d. 1.15 s: CV ~0.24.
    EXPECT_NEAR(st.ibi_cv, 0.24, 0.05);
}

TEST(AnalysisBursts, NetworkBurstsWhenNearlyEverySpikeIsInOne) {
    // 13 units (the active electrodes of a small MEA) silent between bursts: every 3.7 s a burst of
    // 180 ms in which each unit fires 22 spikes (~120 Hz), so the mean rate is ~6 Hz, as in a culture
    // under a full GABA_A block. From the mean rates, all 13 units within +-50 ms happen by chance
    // with probability (1 - e^{-0.6})^13 = 3e-5 > 1e-6: the floor (14 units) is unreachable. The
    // detector then takes the rates between candidate bursts (zero here), and finds every burst.
    std::mt19937_64 g(5);
    const double t_ms = 60e3, period = 3700.0, length = 180.0;
    std::uniform_real_distribution<double> within(0.0, length);
    std::vector<std::vector<double>> spikes(13);
    std::size_t n_bursts = 0;
    for (double s = 500.0; s + length < t_ms; s += period, ++n_bursts)
        for (auto& unit : spikes)
            for (int k = 0; k < 22; ++k) unit.push_back(s + within(g));
    for (auto& unit : spikes) std::sort(unit.begin(), unit.end());
    const auto trains = test::make_trains(spikes, 0.0, t_ms);
    const auto nb = network_bursts(trains);
    ASSERT_EQ(nb.size(), n_bursts);
    for (std::size_t k = 0; k < nb.size(); ++k) {
        EXPECT_NEAR(nb[k].start_ms, 500.0 + double(k) * period, 20.0);  // first of 286 uniform spikes
        EXPECT_NEAR(nb[k].end_ms - nb[k].start_ms, length, 20.0);
        EXPECT_EQ(nb[k].units, 13u);
    }
    // With 1 Hz Poisson background added the floor from the mean rates (7 Hz) is still unreachable;
    // from the ~1 Hz between bursts it is a few units, and the bursts are all found, nothing else.
    for (auto& unit : spikes) {
        auto bg = test::poisson_train(g, 1.0, t_ms);
        unit.insert(unit.end(), bg.begin(), bg.end());
        std::sort(unit.begin(), unit.end());
    }
    EXPECT_EQ(network_bursts(test::make_trains(spikes, 0.0, t_ms)).size(), n_bursts);
}

TEST(AnalysisBursts, NoNetworkBurstsAmongFewFastIndependentUnits) {
    // 11 independent Poisson units at 5 Hz (a small MEA whose electrodes all sit on fast cells):
    // each is active within +-50 ms of a point with probability 1 - e^{-0.55} = 0.42, so even all
    // 11 coincide by chance with probability 7e-5 > 1e-6, and the floor from the mean rates is
    // unreachable, as under a GABA_A block. Unlike there, the units spend most of the time at 3 or
    // more coincident (the fraction threshold): rates measured outside only those spans come from
    // the quietest tenth of the time, and the detector used to take 9-10 coincident units (chance
    // events, 2.6-4.8 per minute over 300 s: about the recorded d59 culture's burst rate) for network
    // bursts. Raising the threshold until the background outside it gives no higher floor finds
    // none: there is nothing but chance here. Five realisations, every one must give none.
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        std::mt19937_64 g(seed);
        const double t_ms = 3e5;
        std::vector<std::vector<double>> spikes;
        for (int u = 0; u < 11; ++u) spikes.push_back(test::poisson_train(g, 5.0, t_ms));
        EXPECT_EQ(network_bursts(test::make_trains(spikes, 0.0, t_ms)).size(), 0u) << "seed " << seed;
    }
}

}  // namespace
