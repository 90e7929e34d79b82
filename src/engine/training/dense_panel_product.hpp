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
// so within one build the result does not depend on the block sizes or the thread (builds for
// different instruction sets may differ in the last bits where the compiler fuses multiply-adds).
#include <algorithm>
#include <cstddef>

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
/// >= b are ignored). out: rows x b, column-major with leading dimension `rows`.
inline void row_major_times_panel(const double* M, std::ptrdiff_t rows, std::ptrdiff_t inner,
                                  const double* panel_t, std::ptrdiff_t b, double* out) {
    constexpr std::ptrdiff_t R = panel_block_rows, W = panel_width;
    std::ptrdiff_t i0 = 0;
    for (; i0 + R <= rows; i0 += R) {
        double acc[R][W] = {};
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

}  // namespace lamina::training_detail
