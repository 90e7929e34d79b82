// Edge cases and hand-computed values of the spike-train statistics: empty units, single spikes,
// empty windows, bad parameters (each must throw input_error with a message naming the parameter).
#include <lamina/analysis/all.hpp>
#include <lamina/error.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace lamina;
using namespace lamina::analysis;

spike_trains trains_of(std::vector<std::vector<double>> units, double t0, double t1) {
    spike_trains s;
    s.t_start = t0;
    s.t_stop = t1;
    for (const auto& u : units) s.add_unit(u);
    return s;
}

template <class F>
void expect_input_error(F&& f, const std::string& fragment) {
    try {
        f();
        ADD_FAILURE() << "expected input_error mentioning '" << fragment << "'";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(AnalysisEdgeCases, HandComputedIsiStatistics) {
    // ISIs 10, 30, 10: CV2 pairs 2*20/40 = 1, 2*20/40 = 1 -> 1; LV = 3/2 ((20/40)^2 + (20/40)^2) = 0.75.
    const auto t = trains_of({{0.0, 10.0, 40.0, 50.0}}, 0.0, 100.0);
    EXPECT_DOUBLE_EQ(cv2(t)[0], 1.0);
    EXPECT_DOUBLE_EQ(lv(t)[0], 0.75);
    // mean 50/3, deviations -20/3, 40/3, -20/3: population s.d. sqrt(800/9), CV = 0.5657
    EXPECT_NEAR(cv_isi(t)[0], std::sqrt(800.0 / 9.0) / (50.0 / 3.0), 1e-12);
    EXPECT_DOUBLE_EQ(firing_rates(t)[0], 40.0);  // 4 spikes in 0.1 s
    // Fano in 25 ms windows: counts 2, 1, 1, 0 -> mean 1, variance (1+0+0+1)/3.
    EXPECT_NEAR(fano_factor(t, 25.0)[0], 2.0 / 3.0, 1e-12);
}

TEST(AnalysisEdgeCases, EmptyUnitsAndSingleSpikesGiveNaNNotErrors) {
    const auto t = trains_of({{}, {5.0}, {1.0, 2.0}}, 0.0, 100.0);
    for (const auto& v : {cv2(t), lv(t), cv_isi(t)}) {
        ASSERT_EQ(v.size(), 3u);
        EXPECT_TRUE(std::isnan(v[0]));
        EXPECT_TRUE(std::isnan(v[1]));
    }
    EXPECT_TRUE(std::isnan(cv2(t)[2]));  // one ISI: no pair
    const auto f = fano_factor(t, 10.0);
    EXPECT_TRUE(std::isnan(f[0]));
    EXPECT_FALSE(std::isnan(f[1]));
    EXPECT_DOUBLE_EQ(firing_rates(t)[0], 0.0);
    EXPECT_TRUE(std::isnan(sttc(t.unit(0), t.unit(1), 0.0, 100.0)));
    EXPECT_TRUE(max_interval_bursts(t).empty());
    EXPECT_TRUE(logisi_bursts(t).empty());
    EXPECT_TRUE(std::isnan(logisi_threshold(t.unit(2))));
    const auto s = summarize_bursts(t, {});
    EXPECT_EQ(s.bursting_units, 0u);
    EXPECT_TRUE(std::isnan(s.population.mean_duration_ms));
    EXPECT_TRUE(network_bursts(t).empty());
    EXPECT_EQ(detect_avalanches(t, 1.0).sizes, (std::vector<std::uint64_t>{2, 1}));  // bins 1-2, then 5
    const auto corr = spike_count_correlation(t, 10.0);
    ASSERT_EQ(corr.size(), 3u);
    EXPECT_TRUE(std::isnan(corr[0].value));  // the silent unit
}

TEST(AnalysisEdgeCases, NoUnitsAtAll) {
    const auto t = trains_of({}, 0.0, 100.0);
    EXPECT_TRUE(cv2(t).empty());
    EXPECT_TRUE(fano_factor(t, 10.0).empty());
    EXPECT_TRUE(spike_count_correlation(t, 10.0).empty());
    EXPECT_TRUE(std::isnan(golomb_chi(t, 5.0)));
    EXPECT_TRUE(std::isnan(participation_ratio(t, 10.0)));
    expect_input_error([&] { population_rate(t, 10.0); }, "no units");
    expect_input_error([&] { mean_inter_event_interval(t); }, "at least 2 spikes");
}

TEST(AnalysisEdgeCases, EmptyWindowAndBadParametersThrow) {
    const auto zero = trains_of({{1.0, 2.0}}, 0.0, 0.0);
    expect_input_error([&] { cv2(zero); }, "t_start < t_stop");
    expect_input_error([&] { population_counts(zero, 1.0); }, "is empty");
    expect_input_error([&] { detect_avalanches(zero); }, "is empty");
    // Legacy summary helpers return NaN for an empty window instead (a run stopped at t = 0).
    EXPECT_TRUE(std::isnan(firing_rates(zero)[0]));

    const auto t = trains_of({{1.0, 2.0, 30.0}, {3.0}}, 0.0, 100.0);
    expect_input_error([&] { population_rate(t, 0.0); }, "bin_ms must be a finite number > 0, got 0");
    expect_input_error([&] { population_rate(t, -1.0); }, "bin_ms");
    expect_input_error([&] { population_rate(t, NAN); }, "bin_ms");
    expect_input_error([&] { population_rate(t, 200.0); }, "longer than the observation window");
    expect_input_error([&] { fano_factor(t, 60.0); }, "fewer than two windows");
    expect_input_error([&] { smoothed_population_rate(t, 0.0); }, "sigma_ms");
    expect_input_error([&] { sttc(t.unit(0), t.unit(1), 0.0, 100.0, 0.0); }, "dt_ms");
    expect_input_error([&] { sttc(t.unit(0), t.unit(1), 5.0, 5.0); }, "is empty");
    const unit_pair bad[] = {{0, 7}};
    expect_input_error([&] { sttc_pairs(t, bad); }, "beyond the 2 units");
    expect_input_error([&] { spike_count_correlation(t, 10.0, bad); }, "beyond the 2 units");
    max_interval_options mi;
    mi.max_begin_isi_ms = 0.0;
    expect_input_error([&] { max_interval_bursts(t, mi); }, "max_begin_isi_ms");
    logisi_options lo;
    lo.void_threshold = 1.5;
    expect_input_error([&] { logisi_bursts(t, lo); }, "void_threshold");
    network_burst_options nb;
    nb.min_active_fraction = 2.0;
    expect_input_error([&] { network_bursts(t, nb); }, "min_active_fraction");
    expect_input_error([&] { branching_ratio(t, 1.0, 95); }, "k_max + 10");
    expect_input_error([&] { intrinsic_timescale(t, 5.0, 0.0); }, "max_lag_ms");

    spike_trains broken = t;
    broken.offsets.back() = 99;
    expect_input_error([&] { lv(broken); }, "malformed spike_trains");
}

TEST(AnalysisEdgeCases, WindowRestrictsEveryStatistic) {
    // Spikes before t_start and after t_stop are ignored.
    const auto inside = trains_of({{10.0, 20.0, 35.0, 50.0}}, 0.0, 60.0);
    const auto padded = trains_of({{-30.0, -1.0, 10.0, 20.0, 35.0, 50.0, 61.0, 62.0}}, 0.0, 60.0);
    EXPECT_EQ(cv2(inside), cv2(padded));
    EXPECT_EQ(lv(inside), lv(padded));
    EXPECT_EQ(firing_rates(inside), firing_rates(padded));
    EXPECT_EQ(population_counts(inside, 10.0).values, population_counts(padded, 10.0).values);
    EXPECT_DOUBLE_EQ(mean_inter_event_interval(padded), 40.0 / 3.0);
}

TEST(AnalysisEdgeCases, PopulationCountsAndRates) {
    const auto t = trains_of({{0.0, 5.0, 10.0}, {9.99, 29.0}}, 0.0, 35.0);
    // Bins [0,10), [10,20), [20,30); the incomplete last 5 ms are dropped.
    const auto c = population_counts(t, 10.0);
    EXPECT_EQ(c.values, (std::vector<double>{3.0, 1.0, 1.0}));
    EXPECT_DOUBLE_EQ(c.dt_ms, 10.0);
    const auto r = population_rate(t, 10.0);
    EXPECT_DOUBLE_EQ(r.values[0], 3.0 / (2.0 * 0.01));  // Hz per unit
    // The smoothed rate conserves spikes away from the edges and is never negative.
    const auto s = smoothed_population_rate(t, 2.0, 1.0);
    ASSERT_EQ(s.values.size(), 35u);
    for (double v : s.values) EXPECT_GE(v, 0.0);
    EXPECT_DOUBLE_EQ(mean_population_rate(t), 5.0 / (2.0 * 0.035));
}

TEST(AnalysisEdgeCases, SttcSmallCases) {
    // a = {10}, b = {12}, dt = 5 on [0, 100]: T_A = T_B = 0.1, P_A = P_B = 1:
    // STTC = (1 - 0.1)/(1 - 0.1) = 1.
    const std::vector<double> a{10.0}, b{12.0}, far{80.0};
    EXPECT_DOUBLE_EQ(sttc(a, b, 0.0, 100.0, 5.0), 1.0);
    // No spike near the other's: P = 0, STTC = -T.
    EXPECT_DOUBLE_EQ(sttc(a, far, 0.0, 100.0, 5.0), -0.1);
    // Tiling clipped at the window edge: a spike at 2 tiles [0, 7] = 7% of the window.
    const std::vector<double> edge{2.0};
    EXPECT_DOUBLE_EQ(sttc(edge, far, 0.0, 100.0, 5.0), -0.5 * (0.1 + 0.07));
    // Whole window tiled and every spike near the other's: the 0/0 terms count as 1.
    const std::vector<double> dense{5.0, 15.0}, dense2{6.0, 14.0};
    EXPECT_DOUBLE_EQ(sttc(dense, dense2, 0.0, 20.0, 5.0), 1.0);
    const std::vector<double> unsorted{3.0, 1.0};
    expect_input_error([&] { sttc(unsorted, a, 0.0, 100.0); }, "sorted");
}

TEST(AnalysisEdgeCases, MaxIntervalPhases) {
    // Run 1: 100, 110, 120 (begins at ISI 10 <= 170, continues while <= 300): 3 spikes, 20 ms.
    // Gap 150 ms to run 2 (< min_ibi 200): merged with 270, 280, 290 into one 190 ms burst.
    // Run 3: 2000, 2005 (2 spikes): dropped (min_spikes 3). Run 4: 5000, 5001, 5002: 2 ms, dropped
    // (min_duration 10 ms). Run 5: starts at 8000 (ISI 160 <= 170) and continues with ISIs of
    // 290 (<= 300): 8000, 8160, 8450, 8740.
    const auto t = trains_of({{100, 110, 120, 270, 280, 290, 2000, 2005, 5000, 5001, 5002, 8000, 8160, 8450, 8740}}, 0.0, 1e4);
    const auto b = max_interval_bursts(t);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].first_spike, 0u);
    EXPECT_EQ(b[0].spikes, 6u);
    EXPECT_DOUBLE_EQ(b[0].start_ms, 100.0);
    EXPECT_DOUBLE_EQ(b[0].end_ms, 290.0);
    EXPECT_EQ(b[1].first_spike, 11u);
    EXPECT_EQ(b[1].spikes, 4u);
    const auto s = summarize_bursts(t, b);
    EXPECT_EQ(s.units[0].bursts, 2u);
    EXPECT_DOUBLE_EQ(s.units[0].fraction_spikes_in_bursts, 10.0 / 15.0);
    EXPECT_DOUBLE_EQ(s.units[0].mean_duration_ms, (190.0 + 740.0) / 2.0);
    EXPECT_DOUBLE_EQ(s.units[0].rate_per_min, 2.0 / (1e4 / 60000.0));
    EXPECT_TRUE(std::isnan(s.units[0].ibi_cv));  // one interval only
    // Bursts out of order are rejected.
    std::vector<burst> reversed{b[1], b[0]};
    expect_input_error([&] { summarize_bursts(t, reversed); }, "sorted");
}

TEST(AnalysisEdgeCases, AvalanchesAtTheWindowEdgesAreLeftOut) {
    // 1 ms bins: [0] active (touches the start), [2,3] avalanche of 3, [5] of 1, [9] touches the end.
    const auto t = trains_of({{0.5, 2.1, 3.2, 5.5, 9.9}, {3.7}}, 0.0, 10.0);
    const auto a = detect_avalanches(t, 1.0);
    EXPECT_EQ(a.sizes, (std::vector<std::uint64_t>{3, 1}));
    EXPECT_EQ(a.durations, (std::vector<std::uint64_t>{2, 1}));
    EXPECT_EQ(a.start_ms, (std::vector<double>{2.0, 5.0}));
}

TEST(AnalysisEdgeCases, PairsEnumeration) {
    const auto p = all_pairs(4);
    ASSERT_EQ(p.size(), 6u);
    EXPECT_EQ(p[3].i, 1u);
    EXPECT_EQ(p[3].j, 2u);
    // Asking for all (or more) pairs returns all of them, in order.
    const auto q = sample_pairs(4, 100, 1);
    ASSERT_EQ(q.size(), 6u);
    for (std::size_t k = 0; k < 6; ++k) EXPECT_TRUE(q[k].i == p[k].i && q[k].j == p[k].j);
    // Five of six: all distinct, valid.
    const auto r = sample_pairs(4, 5, 2);
    ASSERT_EQ(r.size(), 5u);
    for (std::size_t k = 1; k < r.size(); ++k) EXPECT_TRUE(r[k - 1].i < r[k].i || (r[k - 1].i == r[k].i && r[k - 1].j < r[k].j));
    EXPECT_TRUE(all_pairs(1).empty());
    EXPECT_TRUE(sample_pairs(0, 10).empty());
}

}  // namespace
