// Connection rules (src/engine/connectivity.cpp) checked on the synapse tables that
// build_network produces: the degrees each rule promises, the structure of one-to-one and
// all-to-all, autapse/multapse exclusion, weights and delays inside their bounds with the right
// mean, and the same synapses for 1, 2 and 4 threads.
//
// Statistical bounds are 5 standard errors of the estimator (two-sided false-alarm probability
// 6e-7 for a normal estimator); chi-square statistics with k degrees of freedom must stay below
// k + 5 sqrt(2k). The networks are seeded, so each test gives the same numbers on every run.
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>

#include "engine/network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <vector>

namespace {

using lamina::connection_rule;
using lamina::connection_spec;
using lamina::distribution;
using lamina::network_spec;

constexpr double sigmas = 5.0;

struct synapse {
    std::uint32_t source, target;  // global ids
    double weight;
    std::uint16_t delay;  // steps
    std::uint8_t port;
    friend bool operator==(const synapse&, const synapse&) = default;
};

lamina::population_spec population(const std::string& name, std::uint64_t size) {
    lamina::population_spec p;
    p.name = name;
    p.model = "lif_psc_delta";
    p.size = size;
    p.origin = "test:" + name;
    return p;
}

/// Populations A (gids 0..na-1) and B (gids na..na+nb-1).
network_spec two_populations(std::uint64_t na, std::uint64_t nb, std::uint64_t seed = 1) {
    network_spec s;
    s.source = "test";
    s.simulation.origin = "test";
    s.simulation.seed = seed;
    s.populations = {population("A", na), population("B", nb)};
    return s;
}

connection_spec connection(const std::string& source, const std::string& target, connection_rule rule) {
    connection_spec c;
    c.source = source;
    c.target = target;
    c.rule = rule;
    c.weight = distribution::constant(0.1);
    c.delay = distribution::constant(1.0);
    c.origin = "test:connection";
    return c;
}

/// Every synapse of the network, in table order (worker, then source row, then generation order).
std::vector<synapse> synapses_of(const network_spec& spec, int workers = 1) {
    const auto net = lamina::engine::build_network(spec, workers);
    std::vector<synapse> out;
    for (const auto& t : net.tables)
        t.for_each([&](std::uint32_t s, std::uint32_t target, float w, std::uint16_t d, std::uint8_t p) {
            out.push_back({s, target, w, d, p});
        });
    return out;
}

std::map<std::uint32_t, std::uint64_t> in_degrees(const std::vector<synapse>& syn) {
    std::map<std::uint32_t, std::uint64_t> d;
    for (const auto& s : syn) ++d[s.target];
    return d;
}

std::map<std::uint32_t, std::uint64_t> out_degrees(const std::vector<synapse>& syn) {
    std::map<std::uint32_t, std::uint64_t> d;
    for (const auto& s : syn) ++d[s.source];
    return d;
}

std::size_t autapses(const std::vector<synapse>& syn) {
    return static_cast<std::size_t>(std::count_if(syn.begin(), syn.end(), [](const synapse& s) { return s.source == s.target; }));
}

std::size_t multapses(const std::vector<synapse>& syn) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (const auto& s : syn) pairs.insert({s.source, s.target});
    return syn.size() - pairs.size();
}

bool all_in(const std::vector<synapse>& syn, std::uint32_t src_begin, std::uint32_t src_end, std::uint32_t tgt_begin,
            std::uint32_t tgt_end) {
    return std::all_of(syn.begin(), syn.end(), [&](const synapse& s) {
        return s.source >= src_begin && s.source < src_end && s.target >= tgt_begin && s.target < tgt_end;
    });
}

double chi_square_uniform(const std::vector<double>& counts) {
    const double n = std::accumulate(counts.begin(), counts.end(), 0.0);
    const double e = n / double(counts.size());
    double chi2 = 0;
    for (double c : counts) chi2 += (c - e) * (c - e) / e;
    return chi2;
}

double chi_square_bound(double dof) { return dof + sigmas * std::sqrt(2.0 * dof); }

// ---- fixed in-degree ----

TEST(connectivity, fixed_indegree_gives_every_target_exactly_K_sources) {
    auto spec = two_populations(1000, 500);
    auto c = connection("A", "B", connection_rule::fixed_indegree);
    c.indegree = 50;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 500u * 50u);
    EXPECT_TRUE(all_in(syn, 0, 1000, 1000, 1500));
    const auto d = in_degrees(syn);
    ASSERT_EQ(d.size(), 500u);
    for (const auto& [t, k] : d) ASSERT_EQ(k, 50u) << "target " << t;
    // Sources are drawn uniformly: each source's out-degree has expectation 500 x 50 / 1000 = 25;
    // across the 1000 sources their counts are a multinomial sample.
    std::vector<double> counts(1000, 0.0);
    for (const auto& s : syn) ++counts[s.source];
    EXPECT_LT(chi_square_uniform(counts), chi_square_bound(999.0));
}

TEST(connectivity, fixed_indegree_without_autapses_or_multapses) {
    auto spec = two_populations(60, 1);
    auto c = connection("A", "A", connection_rule::fixed_indegree);
    c.indegree = 59;  // every other neuron exactly once: the tightest case
    c.allow_autapses = false;
    c.allow_multapses = false;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 60u * 59u);
    EXPECT_EQ(autapses(syn), 0u);
    EXPECT_EQ(multapses(syn), 0u);
    for (const auto& [t, k] : in_degrees(syn)) EXPECT_EQ(k, 59u);
}

TEST(connectivity, fixed_indegree_with_multapses_repeats_pairs_as_often_as_chance_says) {
    // K = 20 from 10 sources with replacement: pairs repeat. Expected distinct sources per
    // target 10 (1 - 0.9^20) = 8.784; the count of distinct sources has variance below 1, so
    // over 1000 targets the mean has SE < 1/sqrt(1000).
    auto spec = two_populations(10, 1000);
    auto c = connection("A", "B", connection_rule::fixed_indegree);
    c.indegree = 20;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 20000u);
    const double distinct_per_target = double(syn.size() - multapses(syn)) / 1000.0;
    EXPECT_NEAR(distinct_per_target, 10.0 * (1.0 - std::pow(0.9, 20)), sigmas / std::sqrt(1000.0));
}

// ---- fixed out-degree ----

TEST(connectivity, fixed_outdegree_gives_every_source_exactly_K_targets) {
    auto spec = two_populations(300, 800);
    auto c = connection("A", "B", connection_rule::fixed_outdegree);
    c.outdegree = 40;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 300u * 40u);
    EXPECT_TRUE(all_in(syn, 0, 300, 300, 1100));
    const auto d = out_degrees(syn);
    ASSERT_EQ(d.size(), 300u);
    for (const auto& [s, k] : d) ASSERT_EQ(k, 40u) << "source " << s;
    // targets uniform: 800 bins, 15 expected each
    std::vector<double> counts(800, 0.0);
    for (const auto& s : syn) ++counts[s.target - 300];
    EXPECT_LT(chi_square_uniform(counts), chi_square_bound(799.0));
}

TEST(connectivity, fixed_outdegree_without_autapses_or_multapses) {
    auto spec = two_populations(50, 1);
    auto c = connection("A", "A", connection_rule::fixed_outdegree);
    c.outdegree = 49;
    c.allow_autapses = false;
    c.allow_multapses = false;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 50u * 49u);
    EXPECT_EQ(autapses(syn), 0u);
    EXPECT_EQ(multapses(syn), 0u);
    for (const auto& [s, k] : out_degrees(syn)) EXPECT_EQ(k, 49u);
}

// ---- pairwise Bernoulli ----

TEST(connectivity, pairwise_bernoulli_count_is_binomial) {
    auto spec = two_populations(400, 300);
    auto c = connection("A", "B", connection_rule::pairwise_bernoulli);
    c.probability = 0.1;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    // Binomial(120000, 0.1): mean 12000, SD sqrt(120000 x 0.1 x 0.9) = 103.9.
    const double pairs = 400.0 * 300.0, p = 0.1;
    EXPECT_NEAR(double(syn.size()), pairs * p, sigmas * std::sqrt(pairs * p * (1 - p)));
    EXPECT_EQ(multapses(syn), 0u);  // one coin per pair
    EXPECT_TRUE(all_in(syn, 0, 400, 400, 700));
    // In-degrees are Binomial(400, 0.1) per target: variance 36. The sample variance over 300
    // targets has SE sqrt((mu4 - sigma^4) / 300), mu4 - sigma^4 ~ 2 sigma^4 + n p q (1 - 6pq)
    // = 2592 + 36 x 0.46; bound 5 SE = 14.8.
    std::vector<double> d;
    for (const auto& [t, k] : in_degrees(syn)) d.push_back(double(k));
    ASSERT_EQ(d.size(), 300u);
    const double mean = std::accumulate(d.begin(), d.end(), 0.0) / 300.0;
    double var = 0;
    for (double x : d) var += (x - mean) * (x - mean);
    var /= 300.0;
    EXPECT_NEAR(var, 36.0, sigmas * std::sqrt((2.0 * 36.0 * 36.0 + 36.0 * 0.46) / 300.0));
    // Sources are hit uniformly (the geometric skipping must not favour early or late indices):
    // 20 bins of 20 sources, 600 expected each.
    std::vector<double> bins(20, 0.0);
    for (const auto& s : syn) ++bins[s.source / 20];
    EXPECT_LT(chi_square_uniform(bins), chi_square_bound(19.0));
}

TEST(connectivity, pairwise_bernoulli_at_0_and_1) {
    auto spec = two_populations(30, 1);
    auto all = connection("A", "A", connection_rule::pairwise_bernoulli);
    all.probability = 1.0;
    all.allow_autapses = false;
    auto none = connection("A", "B", connection_rule::pairwise_bernoulli);
    none.probability = 0.0;
    spec.connections = {all, none};
    const auto syn = synapses_of(spec);
    EXPECT_EQ(syn.size(), 30u * 29u);  // every pair but the autapses, and nothing onto B
    EXPECT_EQ(autapses(syn), 0u);
    EXPECT_EQ(multapses(syn), 0u);
}

// ---- fixed total number ----

TEST(connectivity, fixed_total_number_is_exact) {
    auto spec = two_populations(100, 80);
    auto c = connection("A", "B", connection_rule::fixed_total_number);
    c.total = 5000;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    EXPECT_EQ(syn.size(), 5000u);
    EXPECT_TRUE(all_in(syn, 0, 100, 100, 180));
}

// With multapses the total is split over the targets (multinomial) before each target draws its
// sources: pairs must still be uniform, i.e. both in- and out-degrees uniform across neurons
// (chi-square with n - 1 degrees of freedom), and no autapse when they are excluded.
TEST(connectivity, fixed_total_number_draws_uniform_pairs) {
    auto spec = two_populations(300, 1);
    auto c = connection("A", "A", connection_rule::fixed_total_number);
    c.total = 30000;  // 100 expected per neuron and direction
    c.allow_autapses = false;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 30000u);
    EXPECT_EQ(autapses(syn), 0u);
    std::vector<double> in(300, 0.0), out(300, 0.0);
    for (const auto& s : syn) ++in[s.target], ++out[s.source];
    EXPECT_LT(chi_square_uniform(in), chi_square_bound(299.0));
    EXPECT_LT(chi_square_uniform(out), chi_square_bound(299.0));
    // The chi-square must not be suspiciously small either: a split that evened the in-degrees
    // out (fixed_indegree in disguise) would give about 0 instead of about 299.
    EXPECT_GT(chi_square_uniform(in), 299.0 - sigmas * std::sqrt(2.0 * 299.0));
}

TEST(connectivity, fixed_total_number_without_multapses_can_fill_every_pair) {
    auto spec = two_populations(12, 1);
    auto c = connection("A", "A", connection_rule::fixed_total_number);
    c.total = 12 * 11;
    c.allow_autapses = false;
    c.allow_multapses = false;
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    EXPECT_EQ(syn.size(), 132u);
    EXPECT_EQ(autapses(syn), 0u);
    EXPECT_EQ(multapses(syn), 0u);
}

// ---- one-to-one, all-to-all ----

TEST(connectivity, one_to_one_connects_i_to_i) {
    auto spec = two_populations(25, 25);
    spec.connections = {connection("A", "B", connection_rule::one_to_one)};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 25u);
    std::set<std::uint32_t> sources;
    for (const auto& s : syn) {
        EXPECT_EQ(s.target, s.source + 25u);
        sources.insert(s.source);
    }
    EXPECT_EQ(sources.size(), 25u);
}

TEST(connectivity, all_to_all_connects_every_pair_once) {
    auto spec = two_populations(13, 7);
    auto ab = connection("A", "B", connection_rule::all_to_all);
    auto aa = connection("A", "A", connection_rule::all_to_all);
    aa.allow_autapses = false;
    spec.connections = {ab, aa};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 13u * 7u + 13u * 12u);
    EXPECT_EQ(multapses(syn), 0u);
    EXPECT_EQ(autapses(syn), 0u);
    for (const auto& [t, k] : in_degrees(syn)) EXPECT_EQ(k, t < 13 ? 12u : 13u) << "target " << t;
}

TEST(connectivity, all_to_all_with_autapses_includes_them) {
    auto spec = two_populations(9, 1);
    spec.connections = {connection("A", "A", connection_rule::all_to_all)};
    const auto syn = synapses_of(spec);
    EXPECT_EQ(syn.size(), 81u);
    EXPECT_EQ(autapses(syn), 9u);
}

// ---- weights and delays ----

TEST(connectivity, uniform_weights_and_delays_stay_in_bounds_with_the_right_mean) {
    auto spec = two_populations(200, 200);
    auto c = connection("A", "B", connection_rule::fixed_indegree);
    c.indegree = 100;
    c.weight = {distribution::kind::uniform, 0.1, 0.3, {}, {}};  // mV
    c.delay = {distribution::kind::uniform, 1.0, 2.0, {}, {}};  // ms, dt = 0.1 ms
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    const double n = double(syn.size());
    double w_sum = 0, d_sum = 0;
    for (const auto& s : syn) {
        // Weights are stored as float (static_synapse_table.hpp); rounding to nearest is
        // monotone, so the bounds hold for the bounds' own float values.
        ASSERT_GE(s.weight, double(0.1f));
        ASSERT_LE(s.weight, double(0.3f));
        ASSERT_GE(s.delay, 10);  // 1 ms in steps
        ASSERT_LE(s.delay, 20);
        ASSERT_EQ(s.port, 0);  // positive weight: excitatory
        w_sum += s.weight;
        d_sum += s.delay;
    }
    // weight: mean 0.2, SD 0.2 / sqrt(12)
    EXPECT_NEAR(w_sum / n, 0.2, sigmas * 0.2 / std::sqrt(12.0 * n));
    // delay in steps: round(U(10, 20)) has mean 15 and SD below sqrt(100/12 + 1/12)
    EXPECT_NEAR(d_sum / n, 15.0, sigmas * std::sqrt(101.0 / 12.0 / n));
}

TEST(connectivity, normal_and_lognormal_weights_have_their_mean_and_spread) {
    auto spec = two_populations(200, 200);
    auto normal = connection("A", "B", connection_rule::fixed_indegree);
    normal.indegree = 100;
    normal.weight = {distribution::kind::normal, 0.5, 0.1, {}, {}};
    auto lognormal = connection("B", "A", connection_rule::fixed_indegree);
    lognormal.indegree = 100;
    lognormal.weight = {distribution::kind::lognormal, 0.2, 0.05, {}, {}};
    spec.connections = {normal, lognormal};
    const auto syn = synapses_of(spec);
    std::vector<double> wn, wl;
    for (const auto& s : syn) (s.target >= 200 ? wn : wl).push_back(s.weight);
    ASSERT_EQ(wn.size(), 20000u);
    ASSERT_EQ(wl.size(), 20000u);
    auto mean_sd = [](const std::vector<double>& x) {
        const double m = std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
        double v = 0;
        for (double e : x) v += (e - m) * (e - m);
        return std::pair{m, std::sqrt(v / double(x.size()))};
    };
    const auto [mn, sn] = mean_sd(wn);
    const auto [ml, sl] = mean_sd(wl);
    const double n = 20000;
    EXPECT_NEAR(mn, 0.5, sigmas * 0.1 / std::sqrt(n));
    EXPECT_NEAR(sn, 0.1, sigmas * 0.1 / std::sqrt(2 * n));  // SE of an SD: sigma / sqrt(2n) for normal data
    // The lognormal's mean and SD are those of the value (not of its log): 0.2 and 0.05. Its SD
    // estimate has a larger SE than a normal's (kurtosis 1.1 in excess here); 2x covers it.
    EXPECT_NEAR(ml, 0.2, sigmas * 0.05 / std::sqrt(n));
    EXPECT_NEAR(sl, 0.05, 2 * sigmas * 0.05 / std::sqrt(2 * n));
    EXPECT_TRUE(std::all_of(wl.begin(), wl.end(), [](double w) { return w > 0; }));
}

TEST(connectivity, truncated_distributions_stay_in_their_window) {
    auto spec = two_populations(100, 100);
    auto c = connection("A", "B", connection_rule::all_to_all);
    c.weight = {distribution::kind::normal, 0.0, 1.0, -0.5, 0.5};
    c.delay = {distribution::kind::exponential, 2.0, 0.0, 0.5, 5.0};
    spec.connections = {c};
    const auto syn = synapses_of(spec);
    ASSERT_EQ(syn.size(), 10000u);
    for (const auto& s : syn) {
        ASSERT_LE(std::fabs(s.weight), 0.5);
        ASSERT_GE(s.delay, 5);
        ASSERT_LE(s.delay, 50);
        // the sign chooses the port; inhibitory weights stay negative
        ASSERT_EQ(s.port, s.weight < 0 ? 1 : 0);
    }
}

TEST(connectivity, constant_delays_are_whole_steps_and_an_explicit_port_sets_the_sign) {
    auto spec = two_populations(20, 20);
    auto c = connection("A", "B", connection_rule::all_to_all);
    c.delay = distribution::constant(1.5);
    c.weight = distribution::constant(0.5);
    c.receptor = "inhibitory";  // a magnitude, as a conductance user writes it
    spec.connections = {c};
    for (const auto& s : synapses_of(spec)) {
        ASSERT_EQ(s.delay, 15);
        ASSERT_EQ(s.port, 1);
        ASSERT_EQ(s.weight, -0.5);
    }
}

// ---- reproducibility ----

network_spec every_rule(std::uint64_t seed) {
    auto spec = two_populations(157, 93, seed);  // sizes that do not split evenly over threads
    auto in = connection("A", "B", connection_rule::fixed_indegree);
    in.indegree = 30;
    in.allow_multapses = false;
    in.weight = {distribution::kind::normal, 0.2, 0.05, {}, {}};
    in.delay = {distribution::kind::uniform, 0.5, 3.0, {}, {}};
    auto out = connection("B", "A", connection_rule::fixed_outdegree);
    out.outdegree = 20;
    out.weight = {distribution::kind::uniform, -0.5, 0.5, {}, {}};
    auto bern = connection("A", "A", connection_rule::pairwise_bernoulli);
    bern.probability = 0.1;
    bern.allow_autapses = false;
    bern.weight = {distribution::kind::lognormal, 0.1, 0.02, {}, {}};
    auto total = connection("B", "B", connection_rule::fixed_total_number);
    total.total = 2000;
    total.delay = {distribution::kind::exponential, 1.0, 0.0, 0.2, 4.0};
    auto all = connection("B", "A", connection_rule::all_to_all);
    all.weight = {distribution::kind::normal, -0.1, 0.01, {}, {}};
    auto one = connection("A", "A", connection_rule::one_to_one);
    spec.connections = {in, out, bern, total, all, one};
    return spec;
}

/// Synapses sorted by (source, target); a stable sort keeps the generation order of repeated
/// pairs, which fixes the summation order at the target.
std::vector<synapse> canonical(std::vector<synapse> syn) {
    std::stable_sort(syn.begin(), syn.end(), [](const synapse& a, const synapse& b) {
        return std::tie(a.source, a.target) < std::tie(b.source, b.target);
    });
    return syn;
}

TEST(connectivity, identical_for_1_2_and_4_threads) {
    const auto spec = every_rule(11);
    const auto one = canonical(synapses_of(spec, 1));
    ASSERT_GT(one.size(), 10000u);
    for (int threads : {2, 4}) {
        const auto many = canonical(synapses_of(spec, threads));
        ASSERT_EQ(many.size(), one.size()) << threads << " threads";
        // bitwise: same pairs, same weights, same delays, same ports, same order per pair
        EXPECT_TRUE(many == one) << threads << " threads";
    }
}

TEST(connectivity, another_seed_gives_another_network_of_the_same_degrees) {
    const auto a = canonical(synapses_of(every_rule(11)));
    const auto b = canonical(synapses_of(every_rule(12)));
    EXPECT_FALSE(a == b);
    // the exact rules do not depend on the seed in their counts
    auto count_into = [](const std::vector<synapse>& syn, std::uint32_t lo, std::uint32_t hi) {
        return std::count_if(syn.begin(), syn.end(), [&](const synapse& s) { return s.target >= lo && s.target < hi; });
    };
    // into B: in-degree 30 from A for each of its 93 neurons, and the 2000 of B -> B
    EXPECT_EQ(count_into(a, 157, 250), 30 * 93 + 2000);
    EXPECT_EQ(count_into(b, 157, 250), 30 * 93 + 2000);
}

TEST(connectivity, the_simulation_reports_the_synapses_built) {
    auto spec = two_populations(40, 60);
    auto c = connection("A", "B", connection_rule::fixed_indegree);
    c.indegree = 7;
    auto d = connection("B", "A", connection_rule::fixed_total_number);
    d.total = 333;
    spec.connections = {c, d};
    lamina::simulation sim(spec, 2);
    EXPECT_EQ(sim.neuron_count(), 100u);
    EXPECT_EQ(sim.synapse_count(), 60u * 7u + 333u);
    EXPECT_DOUBLE_EQ(lamina::validate(spec).synapses, 60.0 * 7.0 + 333.0);
}

}  // namespace
