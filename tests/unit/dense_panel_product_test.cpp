// The unpacked dense product used by full-rank training against the plain triple loop, for
// shapes that leave partial row blocks and partial panels.
#include "engine/training/dense_panel_product.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace lamina::training_detail;

namespace {

void expect_matches_triple_loop(std::ptrdiff_t rows, std::ptrdiff_t inner, std::ptrdiff_t b) {
    std::vector<double> M(static_cast<std::size_t>(rows * inner)), P(static_cast<std::size_t>(inner * b));
    for (std::size_t i = 0; i < M.size(); ++i) M[i] = std::sin(0.7 * static_cast<double>(i) + 0.1);
    for (std::size_t i = 0; i < P.size(); ++i) P[i] = std::cos(1.3 * static_cast<double>(i));
    std::vector<double> panel(static_cast<std::size_t>(inner * panel_width), -1.0);
    std::vector<double> out(static_cast<std::size_t>(rows * b), 0.0);
    to_panel(P.data(), inner, b, panel.data());
    row_major_times_panel(M.data(), rows, inner, panel.data(), b, out.data());
    for (std::ptrdiff_t i = 0; i < rows; ++i)
        for (std::ptrdiff_t j = 0; j < b; ++j) {
            double sum = 0.0, magnitude = 0.0;
            for (std::ptrdiff_t k = 0; k < inner; ++k) {
                sum += M[i * inner + k] * P[j * inner + k];
                magnitude += std::abs(M[i * inner + k] * P[j * inner + k]);
            }
            // Same summation order; only fused multiply-adds (where the compiler contracts one
            // loop and not the other) differ, by at most an ulp of each partial sum.
            EXPECT_NEAR(out[j * rows + i], sum, 1e-15 * magnitude * static_cast<double>(inner));
        }
}

}  // namespace

TEST(DensePanelProduct, FullPanelAndRowBlocksMatchTheTripleLoop) { expect_matches_triple_loop(16, 33, 16); }

// 7 rows: a partial block for 2 and 4 rows per block; 5 columns: the padded panel's zeros
// must not leak into the result.
TEST(DensePanelProduct, PartialBlocksAndPanelsMatchTheTripleLoop) { expect_matches_triple_loop(7, 13, 5); }
