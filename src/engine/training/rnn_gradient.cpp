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
#include "models/rate/phi.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <omp.h>

namespace lamina {

namespace {

using mat = Eigen::MatrixXd;
using cmap = Eigen::Map<const mat>;
using row_mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using crow_map = Eigen::Map<const row_mat>;
using row_map = Eigen::Map<row_mat>;
using vec_map = Eigen::Map<Eigen::VectorXd>;

constexpr std::size_t chunk_trials = 4;

struct chunk_result {
    double loss_sum = 0.0;  // sum mask (z - y)^2, not yet divided by M
    mat dm, dn, dJ, dB, dW;
    Eigen::VectorXd dx0;
};

models::rate::phi_params phi_of(const rnn_network& net) { return {net.phi, 0.0, 1.0}; }

void apply(const models::rate::phi_params& p, const mat& in, mat& out, bool derivative) {
    out.resize(in.rows(), in.cols());
    if (derivative)
        models::rate::apply_phi_derivative(p, in.data(), out.data(), static_cast<std::size_t>(in.size()));
    else
        models::rate::apply_phi(p, in.data(), out.data(), static_cast<std::size_t>(in.size()));
}

// J R for the network's form of J.
void recurrent(const rnn_network& net, const mat& R, mat& out) {
    const auto N = static_cast<Eigen::Index>(net.units);
    if (net.rank > 0) {
        const auto K = static_cast<Eigen::Index>(net.rank);
        const mat P = cmap(net.n.data(), N, K).transpose() * R;
        out.noalias() = cmap(net.m.data(), N, K) * P;
    } else {
        out.noalias() = crow_map(net.J.data(), N, N) * R;
    }
}

struct forward_pass {
    std::vector<mat> X;     // X_0 .. X_T (not kept for tanh: phi' = 1 - phi^2 needs phi only)
    std::vector<mat> R;     // phi(X_0) .. phi(X_T)
    std::vector<mat> dZ;    // dL/dZ_t, outputs x b (gradient runs only)
    std::vector<double> z;  // [column][step][output] (output runs only)
};

// Runs the chunk's trials. `scale` = 2 / M turns errors into dL/dZ; keep_states for backward.
double run_forward(const rnn_network& net, const rnn_task_data& task, const std::uint64_t* trials, std::size_t b,
                   std::size_t position0, std::uint64_t seed, std::uint64_t noise_key, double scale,
                   bool keep_states, bool keep_outputs, forward_pass& f) {
    const auto N = static_cast<Eigen::Index>(net.units);
    const auto C = task.inputs, O = task.outputs, T = task.steps;
    const auto p = phi_of(net);
    const cmap B(net.B.data(), N, static_cast<Eigen::Index>(C));
    const crow_map W(net.W.data(), static_cast<Eigen::Index>(O), N);
    mat X = cmap(net.x0.data(), N, 1).replicate(1, static_cast<Eigen::Index>(b));
    mat R, JR, Z, U(static_cast<Eigen::Index>(C), static_cast<Eigen::Index>(b));
    apply(p, X, R, false);
    const bool keep_x = keep_states && net.phi != rate_phi::tanh;
    if (keep_states) {
        f.X.clear();
        f.R.assign(1, R);
        f.R.reserve(T + 1);
        if (keep_x) {
            f.X.reserve(T + 1);
            f.X.push_back(X);
        }
        f.dZ.clear();
        f.dZ.reserve(T);
    }
    if (keep_outputs) f.z.assign(b * T * O, 0.0);
    double loss = 0.0;
    const double keep = 1.0 - net.alpha;
    for (std::uint64_t t = 0; t < T; ++t) {
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t c = 0; c < C; ++c) U(c, k) = task.u[(trials[k] * T + t) * C + c];
        recurrent(net, R, JR);
        JR.noalias() += B * U;
        X *= keep;
        X.noalias() += net.alpha * JR;
        if (net.noise_std > 0.0)
            for (std::size_t k = 0; k < b; ++k) {
                // A fresh stream per (trial, step) so that a trial's noise does not depend on
                // how many steps or trials were drawn before it.
                core::rng_stream s(seed, core::stream_purpose::rnn_training_noise, (noise_key << 16) | (position0 + k), t);
                for (Eigen::Index i = 0; i < N; ++i) X(i, k) += net.noise_std * s.normal();
            }
        apply(p, X, R, false);
        Z.noalias() = W * R;
        mat dZ(static_cast<Eigen::Index>(O), static_cast<Eigen::Index>(b));
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t o = 0; o < O; ++o) {
                const std::size_t at = (trials[k] * T + t) * O + o;
                const double e = Z(o, k) - task.target[at], w = task.mask[at];
                loss += w * e * e;
                dZ(o, k) = scale * w * e;
                if (keep_outputs) f.z[(k * T + t) * O + o] = Z(o, k);
            }
        if (keep_states) {
            if (keep_x) f.X.push_back(X);
            f.R.push_back(R);
            f.dZ.push_back(std::move(dZ));
        }
    }
    return loss;
}

void run_backward(const rnn_network& net, const rnn_task_data& task, const std::uint64_t* trials, std::size_t b,
                  const forward_pass& f, chunk_result& g) {
    const auto N = static_cast<Eigen::Index>(net.units);
    const auto K = static_cast<Eigen::Index>(net.rank);
    const auto C = task.inputs, O = task.outputs, T = task.steps;
    const auto p = phi_of(net);
    const cmap m(net.m.data(), N, K), n(net.n.data(), N, K);
    const crow_map W(net.W.data(), static_cast<Eigen::Index>(O), N);
    g.dW = mat::Zero(static_cast<Eigen::Index>(O), N);
    g.dB = mat::Zero(N, static_cast<Eigen::Index>(C));
    if (net.rank > 0) {
        g.dm = mat::Zero(N, K);
        g.dn = mat::Zero(N, K);
    } else {
        g.dJ = mat::Zero(N, N);
    }
    mat A = mat::Zero(N, static_cast<Eigen::Index>(b));
    mat D_next, D, JtA, U(static_cast<Eigen::Index>(C), static_cast<Eigen::Index>(b));
    // phi'(x_t): 1 - phi^2 for tanh (from the stored phi), else from the stored x.
    auto derivative = [&](std::uint64_t t, mat& out) {
        if (net.phi == rate_phi::tanh) out = 1.0 - f.R[t].array().square();
        else apply(p, f.X[t], out, true);
    };
    derivative(T, D_next);
    const double keep = 1.0 - net.alpha, a = net.alpha;
    for (std::uint64_t t = T; t-- > 0;) {
        const mat& R = f.R[t];
        A.array() += D_next.array() * (W.transpose() * f.dZ[t]).array();
        g.dW.noalias() += f.dZ[t] * f.R[t + 1].transpose();
        derivative(t, D);
        for (std::size_t k = 0; k < b; ++k)
            for (std::uint64_t c = 0; c < C; ++c) U(c, k) = task.u[(trials[k] * T + t) * C + c];
        g.dB.noalias() += a * A * U.transpose();
        if (net.rank > 0) {
            const mat P = n.transpose() * R;
            const mat Q = m.transpose() * A;
            g.dm.noalias() += a * A * P.transpose();
            g.dn.noalias() += a * R * Q.transpose();
            JtA.noalias() = n * Q;
        } else {
            g.dJ.noalias() += a * A * R.transpose();
            JtA.noalias() = crow_map(net.J.data(), N, N).transpose() * A;
        }
        A *= keep;
        A.array() += a * D.array() * JtA.array();
        std::swap(D, D_next);
    }
    g.dx0 = A.rowwise().sum();
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

std::size_t chunk_count(std::size_t trials) { return (trials + chunk_trials - 1) / chunk_trials; }

}  // namespace

double rnn_loss_gradient(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                         std::uint64_t seed, std::uint64_t noise_key, rnn_network& gradient, int threads) {
    check_batch(net, task, trials);
    const double M = mask_total(task, trials);
    if (!(M > 0.0)) throw input_error("training: the batch's mask is zero everywhere (nothing to fit)");
    const std::size_t chunks = chunk_count(trials.size());
    std::vector<chunk_result> parts(chunks);
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(dynamic, 1)
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(chunks); ++c) {
        const std::size_t first = static_cast<std::size_t>(c) * chunk_trials;
        const std::size_t b = std::min(chunk_trials, trials.size() - first);
        forward_pass f;
        auto& g = parts[static_cast<std::size_t>(c)];
        g.loss_sum = run_forward(net, task, trials.data() + first, b, first, seed, noise_key, 2.0 / M, true, false, f);
        run_backward(net, task, trials.data() + first, b, f, g);
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
    const std::size_t chunks = chunk_count(trials.size());
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
    const std::size_t chunks = chunk_count(trials.size());
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
