// The clustered layout against the analytic statistics of its cluster process (a Thomas process,
// Thomas 1949 Biometrika 36:18, with K centres and N neurons; src/core/layout.cpp). The rectangle
// is a torus (offsets wrap), so distances below are torus distances and the results are exact:
//  - each neuron is uniform on the rectangle, so the mean number of neurons within r of any fixed
//    point (an electrode) is N pi r^2 / A, as for the uniform layout; clustering changes how the
//    neurons share out among electrodes, not how many an electrode sees on average;
//  - two distinct neurons share a cluster with probability 1/K, and then their separation is the
//    difference of two Gaussian offsets (std s sqrt 2 per coordinate: Rayleigh); otherwise they are
//    independent and uniform on the torus. For r <= half the shorter side, the fraction of pairs
//    closer than r is
//        F(r) = (1/K) (1 - exp(-r^2 / (4 s^2))) + (1 - 1/K) pi r^2 / A,
//    against pi r^2 / A for the uniform layout (the pair-correlation function of the Thomas
//    process, Diggle 2013, "Statistical analysis of spatial point patterns", 3rd ed., sec. 5.3).
#include <lamina/model_file.hpp>
#include <lamina/spatial.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace {

constexpr double width = 1000.0, height = 800.0, area = width * height, s = 25.0;
constexpr int n = 600, clusters = 10, seeds = 30;

std::vector<std::array<double, 2>> positions(int seed) {
    const std::string text = "[simulation]\nseed = " + std::to_string(seed) +
                             "\n[populations.E]\nmodel = \"lif_psc_delta\"\nsize = " + std::to_string(n) +
                             "\nlayout = { kind = \"clustered\", width = \"1 mm\", height = \"0.8 mm\", clusters = " +
                             std::to_string(clusters) + ", cluster_radius = \"25 um\" }\n";
    return lamina::neuron_positions(lamina::parse_model(text, "t.toml"), "E");
}

double torus_distance(const std::array<double, 2>& a, const std::array<double, 2>& b) {
    double dx = std::abs(a[0] - b[0]), dy = std::abs(a[1] - b[1]);
    dx = std::min(dx, width - dx);
    dy = std::min(dy, height - dy);
    return std::hypot(dx, dy);
}

struct mean_and_error {
    double mean = 0.0, sem = 0.0;
};

/// Mean over the seeds and its standard error estimated from the seeds' spread. The seeds are
/// independent realisations (own centres, own cluster sizes), so a deviation of more than 4
/// standard errors has a probability of about 4e-4 (Student's t with 29 degrees of freedom).
mean_and_error over_seeds(const std::vector<double>& v) {
    mean_and_error m;
    for (double x : v) m.mean += x / double(v.size());
    double ss = 0.0;
    for (double x : v) ss += (x - m.mean) * (x - m.mean);
    m.sem = std::sqrt(ss / double(v.size() - 1) / double(v.size()));
    return m;
}

TEST(clustered_layout, pair_distances_follow_the_thomas_process) {
    const std::vector<double> radii{10.0, 25.0, 50.0, 100.0, 300.0};
    std::vector<std::vector<double>> fraction(radii.size());
    for (int seed = 1; seed <= seeds; ++seed) {
        const auto xy = positions(seed);
        std::vector<double> below(radii.size(), 0.0);
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const double d = torus_distance(xy[i], xy[j]);
                for (std::size_t k = 0; k < radii.size(); ++k) below[k] += d < radii[k];
            }
        for (std::size_t k = 0; k < radii.size(); ++k) fraction[k].push_back(below[k] / (n * (n - 1) / 2.0));
    }
    for (std::size_t k = 0; k < radii.size(); ++k) {
        const double r = radii[k], uniform = std::numbers::pi * r * r / area;
        const double expected = (1.0 - std::exp(-r * r / (4 * s * s))) / clusters + (1.0 - 1.0 / clusters) * uniform;
        const auto m = over_seeds(fraction[k]);
        EXPECT_NEAR(m.mean, expected, 4 * m.sem) << "r = " << r << " um";
        // The statistic is informative: the standard error is a few % of the value, and at the
        // cluster scale the clustered value is many times the uniform one (r = 10 um: 11 times,
        // 50 um: 7 times), so the check tells the layouts apart.
        EXPECT_LT(m.sem, 0.05 * expected) << "r = " << r << " um";
        if (r <= 2 * s) {
            EXPECT_GT(expected, 5 * uniform);
        }
    }
}

TEST(clustered_layout, an_electrode_sees_on_average_as_many_neurons_as_with_the_uniform_layout) {
    // 20 x 16 points at 50 um: counts within r = 50 um of each point, mean N pi r^2 / A = 5.89.
    constexpr double r = 50.0;
    std::vector<double> means, empty;
    for (int seed = 1; seed <= seeds; ++seed) {
        const auto xy = positions(seed);
        double total = 0.0, zero = 0.0, points = 0.0;
        for (double x = 25.0; x < width; x += 50.0)
            for (double y = 25.0; y < height; y += 50.0) {
                int c = 0;
                for (const auto& p : xy) c += torus_distance(p, {x, y}) <= r;
                total += c;
                zero += c == 0;
                points += 1.0;
            }
        means.push_back(total / points);
        empty.push_back(zero / points);
    }
    const double expected = n * std::numbers::pi * r * r / area;
    const auto m = over_seeds(means);
    EXPECT_NEAR(m.mean, expected, 4 * m.sem);
    EXPECT_LT(m.sem, 0.05 * expected);
    // What clustering does change: most electrodes see nobody (the uniform layout leaves
    // exp(-5.89) = 0.3% of them empty; 10 clumps of 25 um cover a small part of the plane).
    EXPECT_GT(over_seeds(empty).mean, 0.5);
}

}  // namespace
