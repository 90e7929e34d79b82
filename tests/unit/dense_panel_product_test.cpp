// The unpacked dense product and the sum of outer products (dJ) of full-rank training against the
// plain triple loop, for shapes that leave partial row blocks and partial panels.
#include "engine/training/dense_panel_product.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace lamina::training_detail;

namespace {

// got against the sum of term(0) .. term(n - 1) in that order: the kernels sum in the same order,
// so only fused multiply-adds (where the compiler contracts one loop and not the other) differ,
// by at most an ulp of each partial sum; without FMA the additions are the very same.
template <class Term>
void expect_ordered_sum(double got, std::ptrdiff_t n, Term term) {
    double sum = 0.0, magnitude = 0.0;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        sum += term(k);
        magnitude += std::abs(term(k));
    }
    EXPECT_NEAR(got, sum, 1e-15 * magnitude * static_cast<double>(n));
#if !defined(__FMA__)
    EXPECT_EQ(got, sum);
#endif
}

void expect_matches_triple_loop(std::ptrdiff_t rows, std::ptrdiff_t inner, std::ptrdiff_t b) {
    std::vector<double> M(static_cast<std::size_t>(rows * inner)), P(static_cast<std::size_t>(inner * b));
    for (std::size_t i = 0; i < M.size(); ++i) M[i] = std::sin(0.7 * static_cast<double>(i) + 0.1);
    for (std::size_t i = 0; i < P.size(); ++i) P[i] = std::cos(1.3 * static_cast<double>(i));
    std::vector<double> panel(static_cast<std::size_t>(inner * panel_width), -1.0);
    std::vector<double> out(static_cast<std::size_t>(rows * b), 0.0);
    to_panel(P.data(), inner, b, panel.data());
    row_major_times_panel(M.data(), rows, inner, panel.data(), b, out.data());
    for (std::ptrdiff_t i = 0; i < rows; ++i)
        for (std::ptrdiff_t j = 0; j < b; ++j)
            expect_ordered_sum(out[j * rows + i], inner, [&](std::ptrdiff_t k) { return M[i * inner + k] * P[j * inner + k]; });
}

}  // namespace

TEST(DensePanelProduct, FullPanelAndRowBlocksMatchTheTripleLoop) { expect_matches_triple_loop(16, 33, 16); }

// 7 rows: a partial block for 2 and 4 rows per block; 5 columns: the padded panel's zeros
// must not leak into the result.
TEST(DensePanelProduct, PartialBlocksAndPanelsMatchTheTripleLoop) { expect_matches_triple_loop(7, 13, 5); }

// dJ's sum of outer products: N = 37 (two full panels and a partial one), K = 300 (two blocks of
// 128 and a partial third): each element one sum in increasing k, continued across the blocks,
// so it is the triple loop's sum.
TEST(DensePanelProduct, SumOfOuterProductsIsOneSumInIncreasingStep) {
    const std::ptrdiff_t N = 37, K = 300;
    std::vector<double> X(static_cast<std::size_t>(N * K)), Y(X.size());
    for (std::size_t i = 0; i < X.size(); ++i) {
        X[i] = std::sin(0.7 * static_cast<double>(i) + 0.1);
        Y[i] = std::cos(1.3 * static_cast<double>(i));
    }
    std::vector<double> out(static_cast<std::size_t>(N * N), -7.0), rows, panel;
    sum_of_outer_products(X.data(), Y.data(), N, K, out.data(), rows, panel);
    for (std::ptrdiff_t i = 0; i < N; ++i)
        for (std::ptrdiff_t j = 0; j < N; ++j)
            expect_ordered_sum(out[j * N + i], K, [&](std::ptrdiff_t k) { return X[k * N + i] * Y[k * N + j]; });
}
