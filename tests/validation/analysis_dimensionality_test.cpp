// Participation ratio of data with a known covariance spectrum, and of independent spike trains.
#include <lamina/analysis/dimensionality.hpp>

#include "analysis_synthetic.hpp"

#include <Eigen/Dense>
#include <gtest/gtest.h>

namespace {

using namespace lamina;
using namespace lamina::analysis;

TEST(AnalysisDimensionality, SamplesWithAKnownSpectrumGiveItsParticipationRatio) {
    // 30 variables, eigenvalues e^{-i/4} along random orthogonal directions (Q of a Gaussian
    // matrix's QR): PR = (sum l)^2 / sum l^2 = 8.6.
    constexpr int n = 30;
    constexpr int t = 200000;
    std::mt19937_64 g(1);
    std::normal_distribution<double> z;
    Eigen::MatrixXd a(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) a(i, j) = z(g);
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(a).householderQ();
    Eigen::VectorXd lambda(n);
    for (int i = 0; i < n; ++i) lambda[i] = std::exp(-i / 4.0);
    const double pr_true = lambda.sum() * lambda.sum() / lambda.squaredNorm();
    EXPECT_NEAR(participation_ratio(std::vector<double>(lambda.data(), lambda.data() + n)), pr_true, 1e-12);

    const Eigen::MatrixXd mix = q * lambda.cwiseSqrt().asDiagonal();
    std::vector<double> samples(std::size_t(n) * t);  // row-major: variable x sample
    Eigen::VectorXd w(n);
    for (int k = 0; k < t; ++k) {
        for (int i = 0; i < n; ++i) w[i] = z(g);
        const Eigen::VectorXd x = mix * w;
        for (int i = 0; i < n; ++i) samples[std::size_t(i) * t + std::size_t(k)] = x[i] + 3.0;  // offset is removed
    }
    // tr C and tr C^2 of a Wishart sample have relative errors ~ sqrt(2/T) = 0.003, and the bias
    // of PR is ~ PR^2/T = 4e-4 relative: 1% is > 3 s.d.
    EXPECT_NEAR(participation_ratio(samples, n), pr_true, 0.01 * pr_true);
}

TEST(AnalysisDimensionality, IndependentEqualRateUnitsSpanAllDimensions) {
    std::mt19937_64 g(2);
    std::vector<std::vector<double>> units;
    for (int u = 0; u < 40; ++u) units.push_back(test::poisson_train(g, 10.0, 1e6));
    const auto trains = test::make_trains(units, 0.0, 1e6);
    // Diagonal covariance of equal variances: PR = N = 40, biased down by sample noise to about
    // N / (1 + N/T) (Marchenko-Pastur: tr C^2 grows by the factor 1 + N/T), T = 1e4 bins: 39.84;
    // the variances' own spread (relative sqrt(2/T + 1/(rate T)) per unit) lowers it by ~0.1%.
    const double pr = participation_ratio(trains, 100.0);
    EXPECT_NEAR(pr, 40.0 / (1.0 + 40.0 / 1e4), 0.2);
    const auto spectrum = count_covariance_spectrum(trains, 100.0);
    ASSERT_EQ(spectrum.size(), 40u);
    EXPECT_NEAR(participation_ratio(spectrum), pr, 1e-9 * pr);
    EXPECT_GE(spectrum.front(), spectrum.back());
}

TEST(AnalysisDimensionality, OneSharedSourceGivesOneDimension) {
    std::mt19937_64 g(3);
    const auto t = test::poisson_train(g, 10.0, 1e5);
    std::vector<std::vector<double>> units(20, t);
    EXPECT_NEAR(participation_ratio(test::make_trains(units, 0.0, 1e5), 100.0), 1.0, 1e-9);
}

}  // namespace
