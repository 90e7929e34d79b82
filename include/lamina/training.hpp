#pragma once
/// @file
/// Training discrete-time rate RNNs on tasks by backpropagation through time, as in Dubreuil et
/// al. 2022 (Nat Neurosci 25:783) and Beiran et al. 2023 (Neuron 111:739):
///
///     x_{t+1} = x_t + alpha (-x_t + J phi(x_t) + B u_t) + noise_std xi_t,   z_t = W phi(x_{t+1})
///
/// with J = m n^T (rank R; applied as m (n^T phi), O(N R) per step) or a full N x N matrix, xi_t
/// standard normal per unit and step. Parameters are scaled as in the papers' PyTorch code (m, n
/// of order 1/sqrt(N), W of order 1/N), so their learning rates carry over: Adam's step is
/// invariant to the scale of a gradient but not to the scale of a parameter. alpha = dt/tau, so
/// the trained network is a lamina rate model (Euler, tau dx/dt = -x + J phi(x) + B u) with
/// noise_std = sigma sqrt(2 alpha); rnn_to_rate_spec() writes it so.
///
/// Loss: the masked mean squared error sum mask (z - y)^2 / sum mask over the batch. Gradients
/// come from the hand-written adjoint of the step (see rnn_gradient.cpp); the batch is cut into
/// fixed chunks of trials that threads share and whose gradients are added in chunk order, so a
/// result is identical to the bit for any thread count. Noise of trial k of a batch at step t is
/// the Philox stream (seed, rnn_training_noise, (noise_key << 16) | k, t).
#include <lamina/rate_network.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lamina {

/// Parameters of one network. Layouts: m, n [units x rank] column-major (m[r * units + i]);
/// J [units x units] row-major (J[i * units + j], i the target); B [units x inputs] column-major
/// (B[c * units + i]: one weight vector per input channel); W [outputs x units] row-major;
/// x0 [units] (the initial state of every trial).
struct rnn_network {
    std::uint64_t units = 0, inputs = 0, outputs = 0;
    std::uint64_t rank = 0;  ///< 0: full-rank J
    double alpha = 0.1;      ///< dt / tau
    double noise_std = 0.0;  ///< per-step noise added to x (the papers' noise_std = sigma sqrt(2 alpha))
    rate_phi phi = rate_phi::tanh;
    std::vector<double> m, n, J, B, W, x0;
};

/// Which parameters the optimiser changes; the others keep their values.
struct rnn_trainable {
    bool recurrent = true;      ///< m and n, or J
    bool input = true;          ///< B
    bool readout = true;        ///< W
    bool initial_state = false; ///< x0
};

struct rnn_init_options {
    std::uint64_t units = 0, inputs = 1, outputs = 1, rank = 2;
    double alpha = 0.1, noise_std = 0.0;
    rate_phi phi = rate_phi::tanh;
    double factor_std = 1.0;  ///< m, n entries ~ N(0, factor_std^2 / units)
    double g = 0.0;           ///< full rank: J_ij ~ N(0, g^2 / units)
    double input_std = 1.0;   ///< B entries ~ N(0, input_std^2)
    double readout_std = 2.0; ///< W entries ~ N(0, (readout_std / units)^2), as in the papers' low-rank code
    std::uint64_t seed = 1;
    /// Correlation of n_r with m_r across units (|.| <= 1): J = m n^T then starts with eigenvalues
    /// near factor_overlap factor_std^2, the structured start of Beiran et al. 2023's code (0.8).
    double factor_overlap = 0.0;
    /// Correlation of the last n_R with the input column context_input (Beiran et al. 2023's
    /// code: 0.5 between n_2 and the context input), so the context cue moves the latent state
    /// from the start; factor_overlap^2 + context_overlap^2 must stay below 1.
    double context_overlap = 0.0;
    std::uint64_t context_input = 0;
    /// Input columns drawn inside span(m): B_c = input_std sum_r a_cr m_r / (factor_std / sqrt(N)),
    /// a_cr ~ N(0, 1) once per column, as that code draws the Set input (a random mix of m_1, m_2).
    std::vector<std::uint64_t> inputs_in_m_span;
    /// The readout drawn inside span(m) the same way (scaled readout_std / N, or / sqrt(N)), as that code's.
    bool readout_in_m_span = false;
    /// Whether W's scale falls as 1 / units (the low-rank networks' code) or as 1 / sqrt(units)
    /// (the full-rank networks' code of Beiran et al. 2023: W ~ N(0, 1 / N), readout_std 1). Under
    /// Adam, whose steps are about the learning rate whatever a parameter's scale, the larger
    /// readout hardly moves in training, so the network must shape its dynamics to a fixed random
    /// readout (docs/training.md).
    bool readout_per_sqrt_unit = false;
};

/// A network drawn from the stream (seed, rnn_init, unit, 0); x0 = 0.
rnn_network make_rnn(const rnn_init_options& options);

/// Checks shapes and values; throws input_error naming `where` and the offending field.
void validate_rnn(const rnn_network& net, const std::string& where);

/// Trials of a task: u [trial][step][input], target and mask [trial][step][output] (C order).
struct rnn_task_data {
    std::uint64_t trials = 0, steps = 0, inputs = 0, outputs = 0;
    std::vector<double> u, target, mask;
    /// Optional per-trial labels (the task's interval in ms, its context input); empty if unknown.
    std::vector<double> interval_ms, context;
};

void validate_task(const rnn_task_data& task, const std::string& where);

/// Loss and gradient of a batch (the given trials of `task`). `gradient` takes the network's
/// shapes and holds dL/d(parameter) for every parameter, trained or not. `threads` OpenMP threads
/// over fixed chunks of trials.
double rnn_loss_gradient(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                         std::uint64_t seed, std::uint64_t noise_key, rnn_network& gradient, int threads = 1);

/// Loss only (the forward pass), with the same noise as rnn_loss_gradient for the same keys.
double rnn_loss(const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                std::uint64_t seed, std::uint64_t noise_key, int threads = 1);

/// Outputs z [trial][step][output] of all trials of `task`; noise with noise_key when the
/// network's noise_std > 0 (set it to 0 for the noise-free response).
std::vector<double> rnn_outputs(const rnn_network& net, const rnn_task_data& task, std::uint64_t seed,
                                std::uint64_t noise_key, int threads = 1);

enum class lr_schedule {
    constant,
    step,         ///< lr gamma^floor(epoch / step_epochs)
    exponential,  ///< lr gamma^epoch
};

struct rnn_training_options {
    std::uint64_t epochs = 10;
    std::uint64_t batch_size = 32;
    double learning_rate = 1e-3;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  ///< Adam (Kingma & Ba 2015)
    double clip_norm = 0.0;                             ///< global gradient norm bound; 0: off
    lr_schedule schedule = lr_schedule::constant;
    double gamma = 1.0;
    std::uint64_t step_epochs = 1;
    rnn_trainable trainable;
    std::uint64_t seed = 1;  ///< shuffling and training noise
    int threads = 1;
};

/// Adam's moments and counters: with the network, everything needed to resume a run exactly,
/// also from the middle of an epoch.
struct rnn_optimizer_state {
    rnn_network first_moment, second_moment;  ///< same shapes as the network
    std::uint64_t updates = 0, epochs_done = 0;
    /// Position inside the unfinished epoch epochs_done + 1 (all 0 at an epoch boundary): its
    /// batches and trials already trained on, and the sum of their losses, so that the resumed
    /// epoch reports the mean loss of the uninterrupted one.
    std::uint64_t batches_done = 0, trials_done = 0;
    double loss_sum = 0.0;
};

struct rnn_epoch_report {
    std::uint64_t epoch = 0;     ///< 1-based
    double mean_loss = 0.0;      ///< mean of the epoch's batch losses (before each update); so far if !complete
    double learning_rate = 0.0;
    double gradient_norm = 0.0;  ///< of the last batch, before clipping
    bool complete = true;        ///< false: stopped inside the epoch (the state holds the position)
    std::uint64_t batches_done = 0, batches = 0;  ///< of the epoch: trained so far, in all
};

/// The learning rate of a 0-based epoch under the options' schedule.
double scheduled_learning_rate(const rnn_training_options& options, std::uint64_t epoch);

/// One epoch: the trials in an order shuffled by (seed, rnn_shuffle, epoch), in batches of
/// batch_size (the last may be smaller), one Adam update per batch after clipping.
///
/// `stop` is read after each batch's update: once set, the call returns after that batch with
/// report.complete = false and the state holding the position in the epoch (a call always trains
/// at least one batch). A call on such a state continues the epoch at the next trial of the same
/// shuffled order with the same noise keys, so stopping and continuing gives the uninterrupted
/// run to the bit. Throws input_error if the state's position does not fit the task.
///
/// `on_batch`, if set, is called after each batch's update with the epoch so far (batches_done of
/// batches, the mean loss so far, complete once the epoch's last batch is done): a progress
/// display. It runs on the calling thread between batches and must not change the network.
using rnn_batch_callback = std::function<void(const rnn_epoch_report&)>;
rnn_epoch_report train_epoch(rnn_network& net, rnn_optimizer_state& state, const rnn_task_data& task,
                             const rnn_training_options& options, const std::atomic<bool>* stop = nullptr,
                             const rnn_batch_callback& on_batch = {});

/// A fresh optimizer state for the network (zero moments).
rnn_optimizer_state make_optimizer_state(const rnn_network& net);

}  // namespace lamina
