// Forward pass and backpropagation through time for the discrete rate RNN of training.hpp.
//
// Forward, per chunk of trials (columns of X, N x b):
//     R_t = phi(X_t);  X_{t+1} = (1 - alpha) X_t + alpha (J R_t + B U_t) + noise_std Xi_t
//     Z_t = W phi(X_{t+1});  L = sum mask (Z - Y)^2 / M,  M = sum of the batch's mask
// Backward (A = dL/dX, the adjoint; D_t = phi'(X_t), o the elementwise product), t = T-1 .. 0:
//     A  += D_{t+1} o W^T dZ_t            with dZ_t = 2 mask (Z_t - Y_t) / M
//     dW += dZ_t R_{t+1}^T;  dB += alpha A U_t^T
//     low rank J = m n^T: P = n^T R_t, Q = m^T A;  dm += alpha A P^T;  dn += alpha R_t Q^T;  J^T A = n Q
//     full rank:          dJ += alpha A R_t^T;  J^T A by one product
//     A   = (1 - alpha) A + alpha D_t o (J^T A)
// and dx0 = the sum of A_0 over trials. Low rank costs O(N R b) per step and never forms J.
// phi(X) is stored for all steps (N b (T + 1) doubles per chunk), and X too unless phi = tanh,
// whose derivative 1 - phi^2 needs no second tanh: the backward pass evaluates no tanh at all.
//
// Determinism: trials are cut into chunks of chunk_trials columns; a chunk's arithmetic does not
// depend on the thread that runs it, and chunk gradients are added in chunk order afterwards.
#ifndef EIGEN_DONT_PARALLELIZE
#define EIGEN_DONT_PARALLELIZE
#endif
#include <lamina/error.hpp>
#include <lamina/training.hpp>

#include "core/rng.hpp"
#include "core/rng_batch.hpp"
#include "models/rate/phi.hpp"

#include <Eigen/Dense>

#include "engine/training/dense_panel_product.hpp"

#include <algorithm>
#include <cmath>
#include <omp.h>
#include <vector>

namespace lamina {

namespace {

using mat = Eigen::MatrixXd;
using cmap = Eigen::Map<const mat>;
using row_mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using crow_map = Eigen::Map<const row_mat>;
using row_map = Eigen::Map<row_mat>;
using vec_map = Eigen::Map<Eigen::VectorXd>;

// Trials per chunk, fixed by the network's form (never by the thread count). Low rank: small
// chunks balance threads. Full rank: every step streams the N x N matrix J (8 MB at N = 1000)
// through the cache, so a chunk must be wide enough to reuse each element of J many times: the
// panel product's width (16), which still gives two threads a chunk each at batch 32.
std::size_t chunk_trials_for(const rnn_network& net) { return net.rank > 0 ? 4 : static_cast<std::size_t>(training_detail::panel_width); }

struct chunk_result {
    double loss_sum = 0.0;  // sum mask (z - y)^2, not yet divided by M
    mat dm, dn, dJ, dB, dW;
    Eigen::VectorXd dx0;
};

// Standard normals for one trial and step: Box-Muller on 32-bit uniforms, in single precision over
// whole arrays so that Eigen vectorises the log, sqrt, sine and cosine (4-8 lanes): the noise draws
// otherwise take half of a low-rank step. Single precision is ample for additive noise (relative
// error 1e-7 of a draw; tails cut at about 6.7 sd by the 2^-32 resolution); the arithmetic is the
// same on every thread, so results stay identical for any thread count. The uniforms are the
// stream's next_u32() in order (u1, u2 of a pair alternate), drawn eight Philox blocks at a time
// (core/rng_batch.hpp). `words`, `u1`, `u2`: workspaces.
void add_normals(std::uint64_t seed, std::uint64_t id, std::uint64_t step, double scale, double* x, Eigen::Index n,
                 std::vector<std::uint32_t>& words, Eigen::ArrayXf& u1, Eigen::ArrayXf& u2) {
    constexpr float two_pi = 6.2831853f;
    const Eigen::Index pairs = (n + 1) / 2;
    words.resize(static_cast<std::size_t>(2 * pairs));
    core::philox_stream_words(seed, static_cast<std::uint32_t>(core::stream_purpose::rnn_training_noise), id, step,
                              words.size(), words.data());
    u1.resize(pairs);
    u2.resize(pairs);
    for (Eigen::Index k = 0; k < pairs; ++k) {
        const auto w = static_cast<std::size_t>(2 * k);
        u1[k] = static_cast<float>((static_cast<double>(words[w]) + 0.5) * 0x1.0p-32);
        u2[k] = static_cast<float>(words[w + 1]) * 0x1.0p-32f;
    }
    u1 = (-2.0f * u1.log()).sqrt();
    u2 *= two_pi;
    const Eigen::ArrayXf c = u1 * u2.cos(), sn = u1 * u2.sin();
    for (Eigen::Index k = 0; k < n / 2; ++k) {
        x[2 * k] += scale * static_cast<double>(c[k]);
        x[2 * k + 1] += scale * static_cast<double>(sn[k]);
    }
    if (n % 2) x[n - 1] += scale * static_cast<double>(c[pairs - 1]);
}

// Thin products, column by column: with inner or outer dimensions of a few (R, inputs, outputs,
// the trials of a chunk) Eigen's blocked GEMM spends more on packing than on arithmetic; these
// loops are axpys and dot products over whole columns, which vectorise.
// out = F^T X: F [N x p], X [N x b] -> [p x b].
template <class F, class X>
void product_t(const F& f, const X& x, mat& out) {
    out.resize(f.cols(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < f.cols(); ++i) out(i, j) = f.col(i).dot(x.col(j));
}
// out (+)= F Y: F [N x p], Y [p x b] -> [N x b].
template <class F>
void product(const F& f, const mat& y, mat& out, bool accumulate) {
    if (!accumulate) out.setZero(f.rows(), y.cols());
    for (Eigen::Index j = 0; j < y.cols(); ++j)
        for (Eigen::Index i = 0; i < f.cols(); ++i) out.col(j) += y(i, j) * f.col(i);
}
// out += a X Y^T: X [N x b], Y [p x b] -> [N x p].
template <class X, class Y>
void add_outer(mat& out, double a, const X& x, const Y& y) {
    for (Eigen::Index r = 0; r < y.rows(); ++r)
        for (Eigen::Index k = 0; k < x.cols(); ++k) out.col(r) += (a * y(r, k)) * x.col(k);
}

models::rate::phi_params phi_of(const rnn_network& net) { return {net.phi, 0.0, 1.0}; }

// M X for a full-rank N x N row-major M (J, or J^T stored row-major) and a chunk's columns X.
template <class X>
void dense_product(const double* M, const X& x, std::vector<double>& panel, mat& out) {
    const auto N = x.rows(), b = x.cols();
    panel.resize(static_cast<std::size_t>(N * training_detail::panel_width));
    training_detail::to_panel(x.data(), N, b, panel.data());
    out.resize(N, b);
    training_detail::row_major_times_panel(M, N, N, panel.data(), b, out.data());
}

// J R for the network's form of J.
template <class Phi>
void recurrent(const rnn_network& net, const Phi& R, std::vector<double>& panel, mat& out) {
    const auto N = static_cast<Eigen::Index>(net.units);
    if (net.rank > 0) {
        const auto K = static_cast<Eigen::Index>(net.rank);
        mat P;
        product_t(cmap(net.n.data(), N, K), R, P);
        product(cmap(net.m.data(), N, K), P, out, false);
    } else {
        dense_product(net.J.data(), R, panel, out);
    }
}

// The states of one chunk, step after step in one block each (columns t b .. t b + b - 1), so
// that a step writes them in place; one forward_pass per thread serves all its chunks, so the
// memory is allocated (and faulted in) once per batch and thread rather than per chunk and step.
struct forward_pass {
    mat X;                  // x_0 .. x_T (not kept for tanh: phi' = 1 - phi^2 needs phi only)
    mat R;                  // phi(x_0) .. phi(x_T)
    std::vector<double> panel;  // full rank: the columns multiplied by J, transposed
    std::vector<double> rows;   // full rank: a block of the adjoints, row by row, for dJ
    mat A;                  // full rank: the adjoints a_0 .. a_{T-1}, for dJ in one product
    mat dZ;                 // dL/dZ_0 .. dL/dZ_{T-1}, outputs x b each (gradient runs only)
    std::vector<double> z;  // [column][step][output] (output runs only)
};

using block_map = Eigen::Map<mat>;
using cblock_map = Eigen::Map<const mat>;

// Runs the chunk's trials. `scale` = 2 / M turns errors into dL/dZ; keep_states for backward.
double run_forward(const rnn_network& net, const rnn_task_data& task, const std::uint64_t* trials, std::size_t b,
                   std::size_t position0, std::uint64_t seed, std::uint64_t noise_key, double scale,
                   bool keep_states, bool keep_outputs, forward_pass& f) {
    const auto N = static_cast<Eigen::Index>(net.units);
    const auto C = task.inputs, O = task.outputs, T = task.steps;
    const auto p = phi_of(net);
    const cmap B(net.B.data(), N, static_cast<Eigen::Index>(C));
    const crow_map W(net.W.data(), static_cast<Eigen::Index>(O), N);
    const auto bi = static_cast<Eigen::Index>(b), Oi = static_cast<Eigen::Index>(O);
    mat X = cmap(net.x0.data(), N, 1).replicate(1, bi);
    mat R_local, JR, Z, dZ_local, U(static_cast<Eigen::Index>(C), bi);
    const bool keep_x = keep_states && net.phi != rate_phi::tanh;
    if (keep_states) {
        // resize() keeps the allocation when the size is unchanged (the chunks of a batch).
        f.R.resize(N, bi * static_cast<Eigen::Index>(T + 1));
        f.dZ.resize(Oi, bi * static_cast<Eigen::Index>(T));
        if (keep_x) f.X.resize(N, bi * static_cast<Eigen::Index>(T + 1));
    } else {
        R_local.resize(N, bi);
        dZ_local.resize(Oi, bi);
    }
    // phi(x_t) and dL/dZ_t: in the storage when kept, else in one reused block.
    auto R_at = [&](std::uint64_t t) {
        return block_map(keep_states ? f.R.data() + static_cast<Eigen::Index>(t) * N * bi : R_local.data(), N, bi);
    };
    auto dZ_at = [&](std::uint64_t t) {
        return block_map(keep_states ? f.dZ.data() + static_cast<Eigen::Index>(t) * Oi * bi : dZ_local.data(), Oi, bi);
    };
    auto phi_into = [&](std::uint64_t t) {
        models::rate::apply_phi(p, X.data(), R_at(t).data(), static_cast<std::size_t>(N * bi));
        if (keep_x) block_map(f.X.data() + static_cast<Eigen::Index>(t) * N * bi, N, bi) = X;
    };
    phi_into(0);
    if (keep_outputs) f.z.assign(b * T * O, 0.0);
    double loss = 0.0;
    const double keep = 1.0 - net.alpha;
    Eigen::ArrayXf u1, u2;  // noise workspace
    std::vector<std::uint32_t> words;
    for (std::uint64_t t = 0; t < T; ++t) {
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t c = 0; c < C; ++c) U(c, k) = task.u[(trials[k] * T + t) * C + c];
        recurrent(net, R_at(t), f.panel, JR);
        product(B, U, JR, true);
        X *= keep;
        X.noalias() += net.alpha * JR;
        if (net.noise_std > 0.0)
            for (std::size_t k = 0; k < b; ++k) {
                // A fresh stream per (trial, step) so that a trial's noise does not depend on
                // how many steps or trials were drawn before it.
                add_normals(seed, (noise_key << 16) | (position0 + k), t, net.noise_std,
                            X.col(static_cast<Eigen::Index>(k)).data(), N, words, u1, u2);
            }
        phi_into(t + 1);
        const auto R = R_at(t + 1);
        Z.resize(Oi, bi);
        for (Eigen::Index k = 0; k < bi; ++k)
            for (Eigen::Index o = 0; o < Oi; ++o) Z(o, k) = W.row(o).dot(R.col(k));
        auto dZ = dZ_at(t);
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t o = 0; o < O; ++o) {
                const std::size_t at = (trials[k] * T + t) * O + o;
                const double e = Z(o, k) - task.target[at], w = task.mask[at];
                loss += w * e * e;
                dZ(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(k)) = scale * w * e;
                if (keep_outputs) f.z[(k * T + t) * O + o] = Z(o, k);
            }
    }
    return loss;
}

// J_transposed: full rank, J^T row-major (N x N).
void run_backward(const rnn_network& net, const double* J_transposed, const rnn_task_data& task,
                  const std::uint64_t* trials, std::size_t b, forward_pass& f, chunk_result& g) {
    const auto N = static_cast<Eigen::Index>(net.units);
    const auto K = static_cast<Eigen::Index>(net.rank);
    const auto C = task.inputs, O = task.outputs, T = task.steps;
    const auto p = phi_of(net);
    const cmap m(net.m.data(), N, K), n(net.n.data(), N, K);
    const crow_map W(net.W.data(), static_cast<Eigen::Index>(O), N);
    mat dWt = mat::Zero(N, static_cast<Eigen::Index>(O));  // W^T's gradient: columns accumulate
    g.dB = mat::Zero(N, static_cast<Eigen::Index>(C));
    if (net.rank > 0) {
        g.dm = mat::Zero(N, K);
        g.dn = mat::Zero(N, K);
    } else {
        f.A.resize(N, static_cast<Eigen::Index>(b * T));
    }
    mat A = mat::Zero(N, static_cast<Eigen::Index>(b));
    mat D_next, D, JtA, WtdZ, P, Q, U(static_cast<Eigen::Index>(C), static_cast<Eigen::Index>(b));
    // phi'(x_t): 1 - phi^2 for tanh (from the stored phi), else from the stored x.
    const auto bi = static_cast<Eigen::Index>(b), Oi = static_cast<Eigen::Index>(O);
    auto R_at = [&](std::uint64_t t) { return cblock_map(f.R.data() + static_cast<Eigen::Index>(t) * N * bi, N, bi); };
    auto derivative = [&](std::uint64_t t, mat& out) {
        out.resize(N, bi);
        if (net.phi == rate_phi::tanh) {
            out = 1.0 - R_at(t).array().square();
        } else {
            models::rate::apply_phi_derivative(p, f.X.data() + static_cast<Eigen::Index>(t) * N * bi, out.data(),
                                               static_cast<std::size_t>(N * bi));
        }
    };
    derivative(T, D_next);
    const double keep = 1.0 - net.alpha, a = net.alpha;
    for (std::uint64_t t = T; t-- > 0;) {
        const auto R = R_at(t);
        const cblock_map dZ(f.dZ.data() + static_cast<Eigen::Index>(t) * Oi * bi, Oi, bi);
        WtdZ.setZero(N, bi);
        for (Eigen::Index k = 0; k < bi; ++k)
            for (Eigen::Index o = 0; o < Oi; ++o) WtdZ.col(k) += dZ(o, k) * W.row(o).transpose();
        A.array() += D_next.array() * WtdZ.array();
        add_outer(dWt, 1.0, R_at(t + 1), dZ);
        derivative(t, D);
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t c = 0; c < C; ++c) U(c, k) = task.u[(trials[k] * T + t) * C + c];
        add_outer(g.dB, a, A, U);
        if (net.rank > 0) {
            product_t(n, R, P);
            product_t(m, A, Q);
            add_outer(g.dm, a, A, P);
            add_outer(g.dn, a, R, Q);
            product(n, Q, JtA, false);
        } else {
            block_map(f.A.data() + static_cast<Eigen::Index>(t) * N * bi, N, bi) = A;
            dense_product(J_transposed, A, f.panel, JtA);
        }
        A *= keep;
        A.array() += a * D.array() * JtA.array();
        std::swap(D, D_next);
    }
    g.dx0 = A.rowwise().sum();
    g.dW = dWt.transpose();
    if (net.rank == 0) {
        // dJ = alpha sum_t a_t r_t^T as one product over all steps (inner dimension b T): a
        // rank-b update per step would read and write the N x N gradient T times. Not Eigen's
        // GEMM: its sums depend on the CPU's cache sizes (dense_panel_product.hpp).
        const auto bT = bi * static_cast<Eigen::Index>(T);
        g.dJ.resize(N, N);
        training_detail::sum_of_outer_products(f.A.data(), f.R.data(), N, bT, g.dJ.data(), f.rows, f.panel);
        g.dJ *= a;
    }
}

double mask_total(const rnn_task_data& task, const std::vector<std::uint64_t>& trials) {
    double M = 0.0;
    const std::size_t per_trial = task.steps * task.outputs;
    for (auto tr : trials)
        for (std::size_t i = 0; i < per_trial; ++i) M += task.mask[tr * per_trial + i];
    return M;
}

void check_batch(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials) {
    if (net.inputs != task.inputs || net.outputs != task.outputs)
        throw input_error("training: the network has " + std::to_string(net.inputs) + " inputs and " +
                          std::to_string(net.outputs) + " outputs, the task " + std::to_string(task.inputs) +
                          " and " + std::to_string(task.outputs));
    if (trials.empty()) throw input_error("training: a batch needs at least one trial");
    if (trials.size() >= (std::size_t{1} << 16)) throw input_error("training: batches are limited to 65535 trials");
    for (auto tr : trials)
        if (tr >= task.trials)
            throw input_error("training: trial " + std::to_string(tr) + " of a task with " + std::to_string(task.trials));
}

std::size_t chunk_count(std::size_t trials, std::size_t chunk_trials) {
    return (trials + chunk_trials - 1) / chunk_trials;
}

}  // namespace

double rnn_loss_gradient(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                         std::uint64_t seed, std::uint64_t noise_key, rnn_network& gradient, int threads) {
    check_batch(net, task, trials);
    const double M = mask_total(task, trials);
    if (!(M > 0.0)) throw input_error("training: the batch's mask is zero everywhere (nothing to fit)");
    const std::size_t chunk_trials = chunk_trials_for(net);
    const std::size_t chunks = chunk_count(trials.size(), chunk_trials);
    std::vector<chunk_result> parts(chunks);
    std::vector<double> J_transposed;
    if (net.rank == 0) {
        const auto N = static_cast<Eigen::Index>(net.units);
        J_transposed.resize(net.J.size());
        row_map(J_transposed.data(), N, N) = crow_map(net.J.data(), N, N).transpose();
    }
#pragma omp parallel num_threads(std::max(1, threads))
    {
    forward_pass f;  // one per thread, reused by its chunks
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(chunks); ++c) {
        const std::size_t first = static_cast<std::size_t>(c) * chunk_trials;
        const std::size_t b = std::min(chunk_trials, trials.size() - first);
        auto& g = parts[static_cast<std::size_t>(c)];
        g.loss_sum = run_forward(net, task, trials.data() + first, b, first, seed, noise_key, 2.0 / M, true, false, f);
        run_backward(net, J_transposed.data(), task, trials.data() + first, b, f, g);
    }
    }
    gradient = net;
    const auto N = static_cast<Eigen::Index>(net.units);
    auto add = [](std::vector<double>& out, const mat& part, bool first, bool row_major) {
        if (row_major) {
            row_map o(out.data(), part.rows(), part.cols());
            if (first) o = part; else o += part;
        } else {
            Eigen::Map<mat> o(out.data(), part.rows(), part.cols());
            if (first) o = part; else o += part;
        }
    };
    double loss = 0.0;
    for (std::size_t c = 0; c < chunks; ++c) {
        const auto& g = parts[c];
        const bool first = c == 0;
        loss += g.loss_sum;
        if (net.rank > 0) {
            add(gradient.m, g.dm, first, false);
            add(gradient.n, g.dn, first, false);
        } else {
            add(gradient.J, g.dJ, first, true);
        }
        add(gradient.B, g.dB, first, false);
        add(gradient.W, g.dW, first, true);
        vec_map x0(gradient.x0.data(), N);
        if (first) x0 = g.dx0; else x0 += g.dx0;
    }
    return loss / M;
}

double rnn_loss(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                std::uint64_t seed, std::uint64_t noise_key, int threads) {
    check_batch(net, task, trials);
    const double M = mask_total(task, trials);
    if (!(M > 0.0)) throw input_error("training: the batch's mask is zero everywhere (nothing to fit)");
    const std::size_t chunk_trials = chunk_trials_for(net);
    const std::size_t chunks = chunk_count(trials.size(), chunk_trials);
    std::vector<double> sums(chunks, 0.0);
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(dynamic, 1)
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(chunks); ++c) {
        const std::size_t first = static_cast<std::size_t>(c) * chunk_trials;
        const std::size_t b = std::min(chunk_trials, trials.size() - first);
        forward_pass f;
        sums[static_cast<std::size_t>(c)] =
            run_forward(net, task, trials.data() + first, b, first, seed, noise_key, 0.0, false, false, f);
    }
    double loss = 0.0;
    for (double s : sums) loss += s;
    return loss / M;
}

std::vector<double> rnn_outputs(const rnn_network& net, const rnn_task_data& task, std::uint64_t seed,
                                std::uint64_t noise_key, int threads) {
    std::vector<std::uint64_t> trials(task.trials);
    for (std::uint64_t k = 0; k < task.trials; ++k) trials[k] = k;
    check_batch(net, task, trials);
    std::vector<double> z(task.trials * task.steps * task.outputs, 0.0);
    const std::size_t chunk_trials = chunk_trials_for(net);
    const std::size_t chunks = chunk_count(trials.size(), chunk_trials);
    const std::size_t per_trial = task.steps * task.outputs;
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(dynamic, 1)
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(chunks); ++c) {
        const std::size_t first = static_cast<std::size_t>(c) * chunk_trials;
        const std::size_t b = std::min(chunk_trials, trials.size() - first);
        forward_pass f;
        run_forward(net, task, trials.data() + first, b, first, seed, noise_key, 0.0, false, true, f);
        std::copy(f.z.begin(), f.z.end(), z.begin() + static_cast<std::ptrdiff_t>(first * per_trial));
    }
    return z;
}

}  // namespace lamina
