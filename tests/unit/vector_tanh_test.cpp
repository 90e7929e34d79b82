// The vectorisable tanh (src/core/vector_tanh.hpp) that rate networks and RNN training use in
// place of the C library's: it must agree with std::tanh to a few units in the last place
// everywhere (rate dynamics and trained networks then match other tools to ~1e-15 per step),
// keep the relative accuracy of small arguments (tanh x ~ x - x^3/3), be odd, and saturate.
#include "core/vector_tanh.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using lamina::core::tanh_array;
using lamina::core::tanh_vectorisable;

// Error in units of the last place of the correctly rounded value (std::tanh is within 1 ulp
// of it in glibc, so the bound below is the header's 4 ulp plus glibc's own ulp).
double ulp_error(double got, double want) {
    const double ulp = std::nextafter(std::fabs(want), std::numeric_limits<double>::infinity()) - std::fabs(want);
    return std::fabs(got - want) / ulp;
}

TEST(VectorTanh, AgreesWithTheCLibraryToAFewUlp) {
    // A dense grid over [-40, 40] (the regime switches of k = round(-2|x| / ln 2) every 0.35)
    // and a geometric grid of small arguments down to 1e-300 where tanh x = x.
    std::vector<double> x;
    for (int i = -400000; i <= 400000; ++i) x.push_back(i * 1e-4 + 1.234567e-6);
    for (double s = 1e-300; s < 1.0; s *= 1.37) {
        x.push_back(s);
        x.push_back(-s);
    }
    std::vector<double> y(x.size());
    tanh_array(x.data(), y.data(), x.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, ulp_error(y[i], std::tanh(x[i])));
    EXPECT_LE(worst, 5.0);
}

TEST(VectorTanh, IsOddSaturatesAndKeepsSpecialValues) {
    for (double x : {1e-8, 0.1, 0.17, 0.5, 1.0, 3.0, 18.0})
        EXPECT_EQ(tanh_vectorisable(-x), -tanh_vectorisable(x)) << x;
    EXPECT_EQ(tanh_vectorisable(0.0), 0.0);
    EXPECT_TRUE(std::signbit(tanh_vectorisable(-0.0)));
    EXPECT_EQ(tanh_vectorisable(25.0), 1.0);  // 1 - tanh 25 = 2 e^-50 < 2^-53
    EXPECT_EQ(tanh_vectorisable(1e300), 1.0);
    EXPECT_EQ(tanh_vectorisable(-std::numeric_limits<double>::infinity()), -1.0);
    EXPECT_TRUE(std::isnan(tanh_vectorisable(std::numeric_limits<double>::quiet_NaN())));
    // Series tanh x = x - x^3 / 3 + 2 x^5 / 15 at x = 1e-3 (next term 17 x^7 / 315 = 5e-23).
    const double x = 1e-3;
    EXPECT_NEAR(tanh_vectorisable(x), x - x * x * x / 3.0 + 2.0 * std::pow(x, 5) / 15.0, 1e-19);
}

}  // namespace
