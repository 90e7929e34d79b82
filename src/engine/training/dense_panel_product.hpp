#pragma once
// out = M P for a dense row-major matrix M (rows x inner) and a thin panel P of at most
// panel_width columns, without packing M.
//
// Why not Eigen's GEMM: a full-rank RNN multiplies the same N x N matrix by the chunk's 16 state
// columns at every time step, and GEMM copies ("packs") the whole of M into its blocked layout on
// every call. At N = 1000 and 16 columns that copy took more time than the arithmetic (perf: 53%
// of a full-rank epoch in gemm_pack_lhs). Here M streams through once per call, row block by row
// block, and each row block is multiplied against the panel held transposed (one 16-wide row per
// inner index, 128 bytes, in L1/L2), with the block's 16-wide accumulators in registers.
//
// Each output element is summed over the inner index in increasing order by one accumulator,
// so within one build the result does not depend on the block sizes, the thread or the machine
// (builds for different instruction sets may differ in the last bits where the compiler fuses
// multiply-adds). Eigen's GEMM, by contrast, splits the inner index at a panel size derived from
// the L1 cache it reads from the CPU, so its sums differ between machines.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace lamina::training_detail {

inline constexpr std::ptrdiff_t panel_width = 16;

// Rows per block: as many 16-wide accumulator rows as the vector registers hold with room for
// the panel row (AVX-512: 32 registers of 8 doubles; AVX2: 16 of 4; SSE2: 16 of 2).
#if defined(__AVX512F__)
inline constexpr std::ptrdiff_t panel_block_rows = 4;
#elif defined(__AVX2__)
inline constexpr std::ptrdiff_t panel_block_rows = 2;
#else
inline constexpr std::ptrdiff_t panel_block_rows = 1;
#endif

/// panel_t: inner x panel_width, row-major (column j of P at panel_t[k * panel_width + j]; columns
/// >= b are ignored). out: rows x b, column-major with leading dimension `rows`. With accumulate,
/// out += M P, the sums continuing from out's values in the same order.
template <bool accumulate = false>
inline void row_major_times_panel(const double* M, std::ptrdiff_t rows, std::ptrdiff_t inner,
                                  const double* panel_t, std::ptrdiff_t b, double* out) {
    constexpr std::ptrdiff_t R = panel_block_rows, W = panel_width;
    std::ptrdiff_t i0 = 0;
    for (; i0 + R <= rows; i0 += R) {
        double acc[R][W] = {};
        if constexpr (accumulate)
            for (std::ptrdiff_t r = 0; r < R; ++r)
                for (std::ptrdiff_t j = 0; j < b; ++j) acc[r][j] = out[j * rows + i0 + r];
        for (std::ptrdiff_t k = 0; k < inner; ++k) {
            const double* p = panel_t + k * W;
#pragma GCC unroll 4
            for (std::ptrdiff_t r = 0; r < R; ++r) {
                const double m = M[(i0 + r) * inner + k];
#pragma omp simd
                for (std::ptrdiff_t j = 0; j < W; ++j) acc[r][j] += m * p[j];
            }
        }
        for (std::ptrdiff_t r = 0; r < R; ++r)
            for (std::ptrdiff_t j = 0; j < b; ++j) out[j * rows + i0 + r] = acc[r][j];
    }
    for (; i0 < rows; ++i0) {
        double acc[W] = {};
        if constexpr (accumulate)
            for (std::ptrdiff_t j = 0; j < b; ++j) acc[j] = out[j * rows + i0];
        for (std::ptrdiff_t k = 0; k < inner; ++k) {
            const double m = M[i0 * inner + k];
            const double* p = panel_t + k * W;
#pragma omp simd
            for (std::ptrdiff_t j = 0; j < W; ++j) acc[j] += m * p[j];
        }
        for (std::ptrdiff_t j = 0; j < b; ++j) out[j * rows + i0] = acc[j];
    }
}

/// P (inner x b, column-major, leading dimension inner) into the panel layout, zero-padded.
inline void to_panel(const double* P, std::ptrdiff_t inner, std::ptrdiff_t b, double* panel_t) {
    for (std::ptrdiff_t k = 0; k < inner; ++k) {
        double* row = panel_t + k * panel_width;
        for (std::ptrdiff_t j = 0; j < b; ++j) row[j] = P[j * inner + k];
        std::fill(row + b, row + panel_width, 0.0);
    }
}

/// out = X Y^T (N x N, column-major) for X, Y [N x K] column-major: the sum over k of the outer
/// products x_k y_k^T, as the full-rank gradient dJ = alpha sum_t a_t r_t^T needs. The inner index
/// is taken in blocks of `inner_block`, each element's accumulator continuing from the previous
/// block's partial sum, so every element is one sum in increasing k whatever the block size.
/// x_rows and y_panel are work buffers.
inline void sum_of_outer_products(const double* X, const double* Y, std::ptrdiff_t N, std::ptrdiff_t K, double* out,
                                  std::vector<double>& x_rows, std::vector<double>& y_panel) {
    // 128 inner steps: a block of X rows (N x 128 doubles, 1 MiB at N = 1000) stays in L2 while
    // it is multiplied against each 16-wide panel of Y (16 KiB, in L1).
    constexpr std::ptrdiff_t inner_block = 128, W = panel_width;
    std::fill(out, out + N * N, 0.0);
    x_rows.resize(static_cast<std::size_t>(N * inner_block));
    y_panel.resize(static_cast<std::size_t>(inner_block * W));
    for (std::ptrdiff_t k0 = 0; k0 < K; k0 += inner_block) {
        const std::ptrdiff_t kc = std::min(inner_block, K - k0);
        for (std::ptrdiff_t i = 0; i < N; ++i)
            for (std::ptrdiff_t k = 0; k < kc; ++k) x_rows[i * kc + k] = X[(k0 + k) * N + i];
        for (std::ptrdiff_t j0 = 0; j0 < N; j0 += W) {
            const std::ptrdiff_t bj = std::min(W, N - j0);
            for (std::ptrdiff_t k = 0; k < kc; ++k) {
                const double* y = Y + (k0 + k) * N + j0;
                double* row = y_panel.data() + k * W;
                std::copy(y, y + bj, row);
                std::fill(row + bj, row + W, 0.0);
            }
            row_major_times_panel<true>(x_rows.data(), N, kc, y_panel.data(), bj, out + j0 * N);
        }
    }
}

}  // namespace lamina::training_detail
