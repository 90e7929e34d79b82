// Rate-network connectivity: drawing the blocks and applying J to [unit x column] matrices.
// Random rows come from one Philox stream per (target unit, connection), so J does not depend on
// the thread count. Random-network scaling after Sompolinsky, Crisanti & Sommers 1988 (PRL 61:259);
// low-rank factors after Mastrogiuseppe & Ostojic 2018 (Neuron 99:609).
#include "engine/rate/rate_engine.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace lamina::engine::rate {
namespace {

using core::rng_stream;
using core::stream_purpose;

std::string where(const rate_connection_spec& c) {
    return (c.origin.empty() ? std::string("rate connection") : c.origin) + " (" + c.source + " -> " + c.target + ")";
}

/// Lower Cholesky factor of a covariance; a clear error when it is not positive semi-definite.
matrix covariance_factor(const rate_connection_spec& c, std::size_t dim) {
    matrix cov = matrix::Identity(static_cast<Eigen::Index>(dim), static_cast<Eigen::Index>(dim));
    if (!c.factor_covariance.empty()) {
        if (c.factor_covariance.size() != dim * dim)
            throw input_error(where(c) + ": factor_covariance has " + std::to_string(c.factor_covariance.size()) +
                              " values; expected (2 rank)^2 = " + std::to_string(dim * dim));
        for (std::size_t i = 0; i < dim; ++i)
            for (std::size_t j = 0; j < dim; ++j) cov(i, j) = c.factor_covariance[i * dim + j];
        if (!cov.isApprox(cov.transpose(), 1e-12))
            throw input_error(where(c) + ": factor_covariance must be symmetric");
    }
    // Eigen decomposition rather than Cholesky: covariances of rank below 2R (m = n, say) are valid.
    Eigen::SelfAdjointEigenSolver<matrix> es(cov);
    if (es.eigenvalues().minCoeff() < -1e-10 * std::max(1.0, es.eigenvalues().maxCoeff()))
        throw input_error(where(c) + ": factor_covariance is not positive semi-definite");
    return es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

void draw_low_rank(block& b, const rate_connection_spec& c, std::uint64_t seed, std::size_t index) {
    const std::size_t R = c.rank, dim = 2 * R;
    if (!c.factor_mean.empty() && c.factor_mean.size() != dim)
        throw input_error(where(c) + ": factor_mean has " + std::to_string(c.factor_mean.size()) +
                          " values; expected 2 rank = " + std::to_string(dim));
    const matrix L = covariance_factor(c, dim);
    Eigen::VectorXd mu = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(dim));
    for (std::size_t k = 0; k < c.factor_mean.size(); ++k) mu(k) = c.factor_mean[k];
    b.m.resize(b.tgt_n, R);
    b.n.resize(b.src_n, R);
    Eigen::VectorXd z(dim);
    // Unit k draws (m_k, n_k) together, so that within one population m and n covary as asked.
    for (std::size_t k = 0; k < std::max(b.tgt_n, b.src_n); ++k) {
        rng_stream rng(seed, stream_purpose::rate_connectivity, k, index + c.seed_offset);
        for (std::size_t d = 0; d < dim; ++d) z(d) = rng.normal();
        const Eigen::VectorXd v = mu + L * z;
        if (k < b.tgt_n) b.m.row(k) = v.head(R).transpose();
        if (k < b.src_n) b.n.row(k) = v.tail(R).transpose();
    }
}

void fill_given_low_rank(block& b, const rate_connection_spec& c) {
    const std::size_t R = c.rank;
    if (c.m.size() != R * b.tgt_n || c.n.size() != R * b.src_n)
        throw input_error(where(c) + ": low-rank factors need m with rank x target size = " +
                          std::to_string(R * b.tgt_n) + " and n with rank x source size = " +
                          std::to_string(R * b.src_n) + " values; got " + std::to_string(c.m.size()) + " and " +
                          std::to_string(c.n.size()));
    b.m.resize(b.tgt_n, R);
    b.n.resize(b.src_n, R);
    for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t i = 0; i < b.tgt_n; ++i) b.m(i, r) = c.m[r * b.tgt_n + i];
        for (std::size_t j = 0; j < b.src_n; ++j) b.n(j, r) = c.n[r * b.src_n + j];
    }
}

void fill_matrix(block& b, const rate_connection_spec& c) {
    if (!c.rows.empty() || !c.values.empty()) {
        if (c.rows.size() != c.values.size() || c.cols.size() != c.values.size())
            throw input_error(where(c) + ": triplets need rows, cols and values of equal length (got " +
                              std::to_string(c.rows.size()) + ", " + std::to_string(c.cols.size()) + ", " +
                              std::to_string(c.values.size()) + ")");
        std::vector<Eigen::Triplet<double>> t;
        t.reserve(c.values.size());
        for (std::size_t k = 0; k < c.values.size(); ++k) {
            if (c.rows[k] >= b.tgt_n || c.cols[k] >= b.src_n)
                throw input_error(where(c) + ": triplet " + std::to_string(k) + " (" + std::to_string(c.rows[k]) +
                                  ", " + std::to_string(c.cols[k]) + ") lies outside the " +
                                  std::to_string(b.tgt_n) + " x " + std::to_string(b.src_n) + " block");
            t.emplace_back(static_cast<int>(c.rows[k]), static_cast<int>(c.cols[k]), c.values[k]);
        }
        b.kind = block::form::sparse;
        b.sparse.resize(static_cast<Eigen::Index>(b.tgt_n), static_cast<Eigen::Index>(b.src_n));
        b.sparse.setFromTriplets(t.begin(), t.end());  // duplicates are summed
        return;
    }
    if (c.matrix.size() != b.tgt_n * b.src_n)
        throw input_error(where(c) + ": the matrix has " + std::to_string(c.matrix.size()) +
                          " values; expected target x source = " + std::to_string(b.tgt_n) + " x " +
                          std::to_string(b.src_n));
    b.dense = Eigen::Map<const row_matrix>(c.matrix.data(), static_cast<Eigen::Index>(b.tgt_n),
                                           static_cast<Eigen::Index>(b.src_n));
}

}  // namespace

block build_block(const rate_connection_spec& c, const population& source, const population& target,
                  std::uint64_t seed, std::size_t index) {
    block b;
    b.tgt_off = target.offset;
    b.tgt_n = target.spec.size;
    b.src_off = source.offset;
    b.src_n = source.spec.size;
    b.scale = c.scale;
    if (!std::isfinite(c.scale)) throw input_error(where(c) + ": scale must be finite");
    const bool same = c.source == c.target;
    switch (c.kind) {
    case rate_connectivity::dense_random: {
        if (!(c.g >= 0.0) || !std::isfinite(c.g) || !std::isfinite(c.mean))
            throw input_error(where(c) + ": g must be finite and >= 0, mean finite");
        b.dense.resize(b.tgt_n, b.src_n);
        const double sd = c.g / std::sqrt(static_cast<double>(b.src_n)), mu = c.mean / static_cast<double>(b.src_n);
        for (std::size_t i = 0; i < b.tgt_n; ++i) {
            rng_stream rng(seed, stream_purpose::rate_connectivity, b.tgt_off + i, index + c.seed_offset);
            for (std::size_t j = 0; j < b.src_n; ++j) b.dense(i, j) = mu + sd * rng.normal();
            if (same && !c.autapses) b.dense(i, i) = 0.0;
        }
        break;
    }
    case rate_connectivity::sparse_random: {
        const std::size_t K = c.indegree, avail = b.src_n - (same && !c.autapses ? 1 : 0);
        if (K == 0 || K > avail)
            throw input_error(where(c) + ": indegree " + std::to_string(K) + " must be between 1 and " +
                              std::to_string(avail) + " (the source units available)");
        const double sd = c.g / std::sqrt(static_cast<double>(K)), mu = c.mean / static_cast<double>(K);
        std::vector<Eigen::Triplet<double>> t;
        t.reserve(b.tgt_n * K);
        std::unordered_set<std::size_t> chosen;
        for (std::size_t i = 0; i < b.tgt_n; ++i) {
            rng_stream rng(seed, stream_purpose::rate_connectivity, b.tgt_off + i, index + c.seed_offset);
            chosen.clear();
            std::vector<std::size_t> cols;
            while (cols.size() < K) {  // K distinct sources by rejection, in draw order
                const std::size_t j = rng.below(b.src_n);
                if ((same && !c.autapses && j == i) || !chosen.insert(j).second) continue;
                cols.push_back(j);
            }
            for (const auto j : cols) t.emplace_back(static_cast<int>(i), static_cast<int>(j), mu + sd * rng.normal());
        }
        b.kind = block::form::sparse;
        b.sparse.resize(static_cast<Eigen::Index>(b.tgt_n), static_cast<Eigen::Index>(b.src_n));
        b.sparse.setFromTriplets(t.begin(), t.end());
        break;
    }
    case rate_connectivity::matrix:
        fill_matrix(b, c);
        break;
    case rate_connectivity::identity:
        if (b.tgt_n != b.src_n)
            throw input_error(where(c) + ": identity needs source and target of equal size (" +
                              std::to_string(b.src_n) + " vs " + std::to_string(b.tgt_n) + ")");
        b.kind = block::form::identity;
        break;
    case rate_connectivity::low_rank:
        if (c.rank == 0) throw input_error(where(c) + ": low_rank needs rank >= 1");
        b.kind = block::form::low_rank;
        if (c.m.empty() && c.n.empty()) draw_low_rank(b, c, seed, index);
        else fill_given_low_rank(b, c);
        break;
    }
    return b;
}

void connectivity::apply(const matrix& in, matrix& out, int threads) const {
    const auto cols = in.cols();
    out.setZero(static_cast<Eigen::Index>(units), cols);
    // The low-rank projections n^T phi first: R x columns per block, O(N R) each.
    projections_.resize(blocks.size());
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        const auto& b = blocks[k];
        if (b.kind != block::form::low_rank) continue;
        projections_[k].noalias() = b.n.transpose() * in.middleRows(b.src_off, b.src_n);
        projections_[k] *= b.scale / static_cast<double>(b.src_n);
    }
    const auto chunks = static_cast<std::int64_t>((units + chunk_rows - 1) / chunk_rows);
    // Threads only where a step has enough work to repay waking them (~1e6 multiply-adds; on a
    // busy machine a parallel region can cost milliseconds). Chunks are the same either way.
    double work = 0.0;
    for (const auto& b : blocks)
        work += static_cast<double>(cols) * (b.kind == block::form::dense    ? static_cast<double>(b.tgt_n * b.src_n)
                                             : b.kind == block::form::sparse ? static_cast<double>(b.sparse.nonZeros())
                                                                             : static_cast<double>(b.tgt_n * (1 + b.m.cols())));
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && work > 1e6)
    for (std::int64_t c = 0; c < chunks; ++c) {
        const std::size_t lo = static_cast<std::size_t>(c) * chunk_rows, hi = std::min(units, lo + chunk_rows);
        for (std::size_t k = 0; k < blocks.size(); ++k) {  // blocks in spec order: a fixed sum order
            const auto& b = blocks[k];
            const std::size_t a = std::max(lo, b.tgt_off), e = std::min(hi, b.tgt_off + b.tgt_n);
            if (a >= e) continue;
            const auto r0 = static_cast<Eigen::Index>(a - b.tgt_off), nr = static_cast<Eigen::Index>(e - a);
            auto dst = out.middleRows(static_cast<Eigen::Index>(a), nr);
            const auto src = in.middleRows(static_cast<Eigen::Index>(b.src_off), static_cast<Eigen::Index>(b.src_n));
            switch (b.kind) {
            case block::form::dense:
                dst.noalias() += b.scale * (b.dense.middleRows(r0, nr) * src);
                break;
            case block::form::sparse:
                dst.noalias() += b.scale * (b.sparse.middleRows(r0, nr) * src);
                break;
            case block::form::identity:
                dst += b.scale * src.middleRows(r0, nr);
                break;
            case block::form::low_rank:
                dst.noalias() += b.m.middleRows(r0, nr) * projections_[k];
                break;
            }
        }
    }
}

matrix connectivity::dense() const {
    matrix J = matrix::Zero(static_cast<Eigen::Index>(units), static_cast<Eigen::Index>(units));
    for (const auto& b : blocks) {
        auto dst = J.block(b.tgt_off, b.src_off, b.tgt_n, b.src_n);
        switch (b.kind) {
        case block::form::dense: dst += b.scale * b.dense; break;
        case block::form::sparse: dst += b.scale * matrix(b.sparse); break;
        case block::form::identity: dst.diagonal().array() += b.scale; break;
        case block::form::low_rank: dst += (b.scale / static_cast<double>(b.src_n)) * b.m * b.n.transpose(); break;
        }
    }
    return J;
}

}  // namespace lamina::engine::rate
