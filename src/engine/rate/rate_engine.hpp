#pragma once
// The lowered form of a rate network: per-unit coefficient vectors, connectivity blocks in the
// form each is applied in (dense rows, compressed sparse rows, identity, low-rank factors), input
// channels, and the state of all trials as one column-major matrix [unit x trial].
//
// Determinism: every product is cut into row chunks of fixed size (chunk_rows), and threads take
// whole chunks; a chunk's arithmetic does not depend on which thread does it or how many there
// are, so results are identical to the bit for any thread count. Eigen's own GEMM threading is
// off (its blocking may depend on the thread count).
#ifndef EIGEN_DONT_PARALLELIZE
#define EIGEN_DONT_PARALLELIZE
#endif
#include <lamina/rate_network.hpp>

#include "models/rate/phi.hpp"

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include <cstdint>
#include <vector>

namespace lamina::engine::rate {

using matrix = Eigen::MatrixXd;  // column-major: one column per trial (or tangent vector)
using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using sparse_rows = Eigen::SparseMatrix<double, Eigen::RowMajor>;

inline constexpr std::size_t chunk_rows = 64;

struct population {
    rate_population_spec spec;
    std::size_t offset = 0;
    models::rate::phi_params phi;
};

struct block {
    enum class form { dense, sparse, identity, low_rank };
    form kind = form::dense;
    std::size_t tgt_off = 0, tgt_n = 0, src_off = 0, src_n = 0;
    double scale = 1.0;
    row_matrix dense;        // tgt_n x src_n
    sparse_rows sparse;      // tgt_n x src_n
    matrix m, n;             // tgt_n x R, src_n x R; the block is scale * m n^T / src_n
};

/// J as a list of blocks. apply() computes out = J in for a [unit x columns] matrix.
class connectivity {
public:
    std::vector<block> blocks;
    std::size_t units = 0;

    /// out = J in (out is resized); `threads` OpenMP threads over row chunks.
    void apply(const matrix& in, matrix& out, int threads) const;
    /// J as a dense matrix (analysis of small networks only).
    matrix dense() const;

private:
    mutable std::vector<matrix> projections_;  // n^T in per low-rank block, R x columns
};

/// Builds one block from its spec; `index` names the connection's random streams.
block build_block(const rate_connection_spec& c, const population& source, const population& target,
                  std::uint64_t seed, std::size_t index);

struct input_channel {
    rate_input_spec spec;
    std::size_t tgt_off = 0, tgt_n = 0, index = 0;
    Eigen::VectorXd b;
    /// u(t) in one trial; `step` keys the white-noise stream, dt scales its variance.
    double value(double t_ms, std::uint64_t step, std::uint64_t trial, std::uint64_t seed, double dt) const;
};

input_channel build_input(const rate_input_spec& in, const population& target, std::uint64_t seed,
                          std::size_t index);

struct recorder {
    rate_recorder_spec spec;
    std::size_t offset = 0;                 // first unit of the population
    std::vector<std::uint64_t> units;
    row_matrix readout;                     // outputs x population size
    models::rate::phi_params phi;
    std::uint64_t every = 1;                // steps
    std::vector<double> times;
    std::vector<double> samples;            // [sample][trial][column]
};

}  // namespace lamina::engine::rate

namespace lamina {

struct rate_simulation::impl {
    rate_network_spec spec;
    int threads = 1;
    double dt = 0.1;
    std::uint64_t step = 0, trials = 1, units = 0;
    std::vector<engine::rate::population> pops;
    std::vector<std::uint32_t> pop_of_unit;
    Eigen::VectorXd inv_tau, noise_scale, bias;  // 1/tau (1/ms), sigma sqrt(2 dt / tau), I
    engine::rate::connectivity J;
    std::vector<engine::rate::input_channel> inputs;
    std::vector<engine::rate::recorder> recorders;
    engine::rate::matrix X;                     // [unit x trial]
    engine::rate::matrix phi_, jphi_, k1_, k2_, k3_, k4_, tmp_;  // workspace
    // exact: x' = E x + G (c0 + T^-1 B u), noise L xi; rebuilt when a parameter changes.
    engine::rate::matrix E, G, noise_L;
    Eigen::VectorXd c0;
    bool exact_ready = false;
    struct scheduled_scale {
        std::size_t connection;
        std::vector<std::uint64_t> steps;  // switch steps (rounded schedule_times / dt)
        std::vector<double> scales;
    };
    std::vector<scheduled_scale> schedules;

    void build();
    /// Sets the scale of every scheduled connection to its value at the current step.
    void apply_schedules();
    /// out = phi(in) per population.
    void phi(const engine::rate::matrix& in, engine::rate::matrix& out) const;
    /// out = phi'(in) per population.
    void phi_derivative(const engine::rate::matrix& in, engine::rate::matrix& out) const;
    /// out = dx/dt at state x, time t (ms); `step` keys the input noise.
    void derivative(const engine::rate::matrix& x, double t, std::uint64_t at_step, engine::rate::matrix& out);
    /// Adds B u(t) to out (per trial column).
    void add_inputs(double t, std::uint64_t at_step, engine::rate::matrix& out) const;
    void add_noise(engine::rate::matrix& x, std::uint64_t at_step) const;
    void prepare_exact();
    /// One step of the chosen scheme; the tangent vectors Q (when given) follow trial `trial`.
    void advance_one(engine::rate::matrix* Q = nullptr, std::uint64_t trial = 0);
    /// out = Jacobian(x_col) q: (-q + J (phi'(x) o q)) / tau.
    void jacobian_times(const Eigen::VectorXd& x, const engine::rate::matrix& q, engine::rate::matrix& out);
    void record();
};

}  // namespace lamina
