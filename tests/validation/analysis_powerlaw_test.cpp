// Power-law fits against Clauset, Shalizi & Newman 2009 (SIAM Review 51:661; "CSN"), Tables 6.1
// and 6.2, on the data sets they used, and on synthetic samples of known exponent.
#include <lamina/analysis/powerlaw.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace lamina::analysis;

std::vector<double> load(const std::string& name) {
    const std::string path = std::string(LAMINA_SHARED_DATA) + "/reference/powerlaw/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<double> v;
    for (double x; in >> x;) v.push_back(x);
    return v;
}

TEST(AnalysisPowerlaw, MobyDickWordsMatchCsnTable61) {
    const auto words = load("words.txt");
    ASSERT_EQ(words.size(), 18855u);
    const auto fit = fit_powerlaw(words);  // discrete (word counts are integers), x_min scanned
    // CSN Table 6.1: alpha = 1.95(2), x_min = 7(2), n_tail = 2958(987). The x_min scan is
    // deterministic, so we expect their value exactly; alpha within its quoted error 0.02.
    EXPECT_EQ(fit.x_min, 7.0);
    EXPECT_EQ(fit.n_tail, 2958u);
    EXPECT_NEAR(fit.alpha, 1.95, 0.02);
    // Fisher error (CSN 3.6) ~ (alpha - 1)/sqrt(n_tail) = 0.017, like their bootstrap 0.02.
    EXPECT_NEAR(fit.alpha_se, 0.017, 0.003);

    // Table 6.2: power law vs exponential, normalized LR 9.09 (p = 0.00); vs lognormal 0.395
    // (p = 0.69), i.e. inconclusive. Our exponential ratio reproduces theirs to the discretisation
    // of the alternative (the statistic's own noise is O(1)); for the lognormal, whose truncated fit
    // drifts towards a power law (mu -> -inf), we ask for the same verdict: inconclusive.
    const auto ex = compare_exponential(words, fit);
    EXPECT_NEAR(ex.normalized_ratio, 9.09, 1.0);
    EXPECT_LT(ex.p_value, 1e-6);
    const auto ln = compare_lognormal(words, fit);
    EXPECT_LT(std::fabs(ln.normalized_ratio), 1.0);
    EXPECT_GT(ln.p_value, 0.3);
}

TEST(AnalysisPowerlaw, MobyDickWordsPassTheBootstrapTest) {
    const auto words = load("words.txt");
    const auto fit = fit_powerlaw(words);
    // CSN report p = 0.49 (2500 replicates); this implementation gives 0.70 (1000 replicates, two
    // seeds: 0.696 and 0.700, s.d. 0.015). The p-value of a real data set depends on details of
    // the procedure that CSN leave to their code (their synthetic draws use the approximate inverse
    // of appendix D, their discrete alpha a grid of step 0.01, ours are exact); what the test
    // decides, and what we assert, is the verdict: p > 0.1, the power law is plausible. With 200
    // replicates the p-value's own s.d. is sqrt(0.7 x 0.3 / 200) = 0.03, far from 0.1.
    const auto gof = powerlaw_gof_test(words, fit, {}, 200, 7, 2);
    RecordProperty("p_value", std::to_string(gof.p_value));
    EXPECT_GT(gof.p_value, 0.4);
    EXPECT_EQ(gof.reps, 200u);
}

TEST(AnalysisPowerlaw, BlackoutsMatchCsnTable61) {
    // CSN fit these (customers affected, rounded to thousands) as continuous data: alpha = 2.3(3),
    // x_min = 230000(90000), n_tail = 59(35). We fit them as continuous too; the discrete fit must
    // agree here because at x_min = 230000 the sum over integers equals the integral to O(1/x_min).
    const auto blackouts = load("blackouts.txt");
    ASSERT_EQ(blackouts.size(), 211u);
    powerlaw_options cont;
    cont.discrete = false;
    const auto fit = fit_powerlaw(blackouts, cont);
    EXPECT_EQ(fit.x_min, 230000.0);
    EXPECT_EQ(fit.n_tail, 59u);
    EXPECT_NEAR(fit.alpha, 2.3, 0.05);  // quoted to one decimal; the MLE is 1 + 59/sum ln(x/x_min)
    EXPECT_NEAR(fit.alpha_se, (fit.alpha - 1.0) / std::sqrt(59.0), 1e-12);
    const auto disc = fit_powerlaw(blackouts);
    EXPECT_EQ(disc.x_min, 230000.0);
    EXPECT_NEAR(disc.alpha, fit.alpha, 1e-3);

    // Table 6.2: vs lognormal -0.412 (p = 0.68), vs exponential 1.21 (p = 0.23): both inconclusive.
    // With 59 points the normalized ratio has s.d. ~1 across samples, but for these data the
    // computation is deterministic; we allow for the optimiser and the variance convention.
    const auto ln = compare_lognormal(blackouts, fit);
    EXPECT_NEAR(ln.normalized_ratio, -0.412, 0.1);
    EXPECT_NEAR(ln.p_value, 0.68, 0.05);
    const auto ex = compare_exponential(blackouts, fit);
    EXPECT_NEAR(ex.normalized_ratio, 1.21, 0.4);
    EXPECT_GT(ex.p_value, 0.1);
    // CSN: p = 0.62 for the power law. 200 replicates: s.d. 0.034.
    const auto gof = powerlaw_gof_test(blackouts, fit, cont, 200, 3, 2);
    EXPECT_GT(gof.p_value, 0.1);
}

TEST(AnalysisPowerlaw, SyntheticDiscreteSamplesRecoverAlpha) {
    for (double alpha : {1.5, 2.0, 2.5, 3.0}) {
        SCOPED_TRACE("alpha = " + std::to_string(alpha));
        powerlaw_fit law;
        law.alpha = alpha;
        law.x_min = 5.0;
        std::vector<double> x(20000);
        sample_powerlaw(law, x, 42);
        // Fixed x_min: the MLE is unbiased to O(1/n) with s.d. (alpha_se) ~ (alpha - 1)/sqrt(n)
        // = 0.0035 .. 0.014; 4 s.d. of slack.
        powerlaw_options fixed;
        fixed.x_min = 5.0;
        const auto f = fit_powerlaw(x, fixed);
        EXPECT_NEAR(f.alpha, alpha, 4.0 * f.alpha_se);
        // Scanned x_min: the pure power law above 5 should be found at or near 5 (KS noise can
        // move it up a little, losing tail points), with alpha again within 4 of its s.d.
        const auto s = fit_powerlaw(x);
        EXPECT_LE(s.x_min, 15.0);
        EXPECT_NEAR(s.alpha, alpha, 4.0 * s.alpha_se);
    }
}

TEST(AnalysisPowerlaw, SyntheticContinuousSamplesAndAMixedBody) {
    std::mt19937_64 g(9);
    // Body: lognormal below 10; tail: power law alpha = 2.5 above x_min = 10 (60% of 10000 points).
    powerlaw_fit law;
    law.alpha = 2.5;
    law.x_min = 10.0;
    law.discrete = false;
    std::vector<double> tail(6000);
    sample_powerlaw(law, tail, 1);
    std::vector<double> x = tail;
    std::lognormal_distribution<double> body(1.0, 0.5);
    while (x.size() < 10000) {
        const double v = body(g);
        if (v < 10.0) x.push_back(v);
    }
    powerlaw_options o;
    o.discrete = false;
    const auto f = fit_powerlaw(x, o);
    // The scan must find the break near 10. The KS estimate of x_min is skewed upwards (above
    // the break the law still fits, with fewer points): over 20 seeds of this setup it ranged
    // 9.9 .. 14.1 (median 10.2); [9, 16] allows for that. alpha within 4 s.d.
    // ((alpha-1)/sqrt(6000) = 0.02).
    EXPECT_GE(f.x_min, 9.0);
    EXPECT_LE(f.x_min, 16.0);
    EXPECT_NEAR(f.alpha, 2.5, 4.0 * f.alpha_se);
    // And the bootstrap test calls the tail a power law (p > 0.1), while an exponential sample is
    // rejected: 100 replicates suffice for a verdict this clear.
    EXPECT_GT(powerlaw_gof_test(x, f, o, 100, 5, 2).p_value, 0.1);
    // An exponential sample fitted from x_min = 1 (its whole range) is no power law: rejected.
    // (With x_min scanned, the scan may retreat to the last ~10 points, where a steep power law
    // is plausible; that is the method working as designed, so the test fixes x_min.)
    std::exponential_distribution<double> e(0.1);
    std::vector<double> ex(3000);
    for (double& v : ex) v = 1.0 + e(g);
    powerlaw_options whole = o;
    whole.x_min = 1.0;
    const auto fe = fit_powerlaw(ex, whole);
    EXPECT_LT(powerlaw_gof_test(ex, fe, whole, 100, 5, 2).p_value, 0.1);
    EXPECT_LT(compare_exponential(ex, fe).normalized_ratio, -3.0);  // the exponential wins clearly
}

}  // namespace
