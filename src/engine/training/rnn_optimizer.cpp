// Network construction, checks, and the optimiser: Adam with bias correction (Kingma & Ba 2015,
// ICLR, Algorithm 1), clipping of the global gradient norm over the trained parameters (Pascanu,
// Mikolov & Bengio 2013, ICML), and step or exponential learning-rate schedules.
#include <lamina/error.hpp>
#include <lamina/training.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lamina {

namespace {

// Calls f(parameter, gradient-or-moment...) for every trained array of the networks.
template <class F>
void for_trained(const rnn_trainable& tr, const rnn_network& net, F&& f) {
    if (tr.recurrent) {
        if (net.rank > 0) {
            f(&rnn_network::m);
            f(&rnn_network::n);
        } else {
            f(&rnn_network::J);
        }
    }
    if (tr.input) f(&rnn_network::B);
    if (tr.readout) f(&rnn_network::W);
    if (tr.initial_state) f(&rnn_network::x0);
}

// The structured start's options name columns that must exist and correlations that must be
// realisable: refused with the option's name rather than drawn wrong.
void check_structured_start(const rnn_init_options& o) {
    if (!(std::abs(o.factor_overlap) <= 1.0)) throw input_error("network: factor_overlap must be a correlation, between -1 and 1");
    if (!(std::abs(o.context_overlap) <= 1.0)) throw input_error("network: context_overlap must be a correlation, between -1 and 1");
    const bool structured = o.context_overlap != 0.0 || !o.inputs_in_m_span.empty() || o.readout_in_m_span;
    if (structured && o.rank == 0)
        throw input_error("network: context_overlap, inputs_in_m_span and readout_in_m_span need a low-rank network (rank >= 1)");
    if (o.context_overlap != 0.0) {
        if (o.context_input >= o.inputs)
            throw input_error("network: context_overlap names input " + std::to_string(o.context_input) + " of " +
                              std::to_string(o.inputs));
        const double rest = 1.0 - o.factor_overlap * o.factor_overlap - o.context_overlap * o.context_overlap;
        if (!(rest > 0.0))
            throw input_error("network: factor_overlap^2 + context_overlap^2 must be below 1 (no covariance has both)");
    }
    for (std::uint64_t c : o.inputs_in_m_span) {
        if (c >= o.inputs)
            throw input_error("network: inputs_in_m_span names input " + std::to_string(c) + " of " + std::to_string(o.inputs));
        // Redrawing the context column inside span(m) would drop the correlation n_R was given.
        if (o.context_overlap != 0.0 && c == o.context_input)
            throw input_error("network: inputs_in_m_span cannot hold the context input that context_overlap correlates with n");
    }
    if ((!o.inputs_in_m_span.empty() || o.readout_in_m_span) && !(o.factor_std > 0.0))
        throw input_error("network: inputs_in_m_span and readout_in_m_span mix the m_r, so factor_std must be positive");
}

}  // namespace

rnn_network make_rnn(const rnn_init_options& o) {
    if (o.units == 0) throw input_error("network: units must be at least 1");
    if (o.outputs == 0) throw input_error("network: outputs must be at least 1");
    rnn_network net;
    net.units = o.units;
    net.inputs = o.inputs;
    net.outputs = o.outputs;
    net.rank = o.rank;
    net.alpha = o.alpha;
    net.noise_std = o.noise_std;
    net.phi = o.phi;
    const std::size_t N = o.units;
    if (o.rank > 0) {
        net.m.assign(N * o.rank, 0.0);
        net.n.assign(N * o.rank, 0.0);
    } else {
        net.J.assign(N * N, 0.0);
    }
    net.B.assign(N * o.inputs, 0.0);
    net.W.assign(o.outputs * N, 0.0);
    net.x0.assign(N, 0.0);
    const double sn = 1.0 / std::sqrt(static_cast<double>(N));
    const double readout_scale = o.readout_per_sqrt_unit ? o.readout_std * sn : o.readout_std / static_cast<double>(N);
    check_structured_start(o);
    const std::size_t R = o.rank;
    // Per unit, with m_hat, n_hat, b_hat the unit-variance entries: n_hat_r = rho m_hat_r +
    // beta b_hat_context + sqrt(1 - rho^2 - beta^2) z (beta only for the last factor); m_hat and
    // b_hat are independent, so n_hat keeps unit variance and the two correlations exactly.
    const double rho = o.factor_overlap, beta = o.context_overlap;
    std::vector<double> zn(R), zb(o.inputs);
    // One stream per unit: its factor entries, its input weights, its row of J, its readout column.
    for (std::size_t i = 0; i < N; ++i) {
        core::rng_stream s(o.seed, core::stream_purpose::rnn_init, i, 0);
        for (std::size_t r = 0; r < R; ++r) net.m[r * N + i] = o.factor_std * sn * s.normal();
        for (std::size_t r = 0; r < R; ++r) zn[r] = s.normal();
        for (std::size_t c = 0; c < o.inputs; ++c) zb[c] = s.normal();
        for (std::size_t r = 0; r < R; ++r) {
            const double b = (r + 1 == R) ? beta : 0.0;
            if (b != 0.0)
                net.n[r * N + i] = rho * net.m[r * N + i] +
                                   o.factor_std * sn * (b * zb[o.context_input] + std::sqrt(1.0 - rho * rho - b * b) * zn[r]);
            else
                net.n[r * N + i] = rho == 0.0 ? o.factor_std * sn * zn[r]
                                              : rho * net.m[r * N + i] + std::sqrt(1.0 - rho * rho) * o.factor_std * sn * zn[r];
        }
        for (std::size_t c = 0; c < o.inputs; ++c) net.B[c * N + i] = o.input_std * zb[c];
        for (std::size_t k = 0; k < o.outputs; ++k) net.W[k * N + i] = readout_scale * s.normal();
        if (o.rank == 0 && o.g != 0.0)
            for (std::size_t j = 0; j < N; ++j) net.J[i * N + j] = o.g * sn * s.normal();
    }
    // Directions inside span(m): mixing weights from streams of their own (sub 1: inputs, 2: readouts).
    const auto m_mix = [&](std::uint64_t id, std::uint64_t sub, double scale, double* out) {
        core::rng_stream s(o.seed, core::stream_purpose::rnn_init, id, sub);
        std::vector<double> a(R);
        for (double& x : a) x = s.normal();
        for (std::size_t i = 0; i < N; ++i) {
            double v = 0.0;
            for (std::size_t r = 0; r < R; ++r) v += a[r] * net.m[r * N + i];
            out[i] = scale * v / (o.factor_std * sn);
        }
    };
    for (std::uint64_t c : o.inputs_in_m_span) m_mix(c, 1, o.input_std, net.B.data() + c * N);
    if (o.readout_in_m_span)
        for (std::size_t k = 0; k < o.outputs; ++k)
            m_mix(k, 2, readout_scale, net.W.data() + k * N);
    validate_rnn(net, "network");
    return net;
}

rnn_optimizer_state make_optimizer_state(const rnn_network& net) {
    rnn_optimizer_state s;
    s.first_moment = net;
    for (auto* v : {&s.first_moment.m, &s.first_moment.n, &s.first_moment.J, &s.first_moment.B, &s.first_moment.W,
                    &s.first_moment.x0})
        std::fill(v->begin(), v->end(), 0.0);
    s.second_moment = s.first_moment;
    return s;
}

double scheduled_learning_rate(const rnn_training_options& o, std::uint64_t epoch) {
    switch (o.schedule) {
    case lr_schedule::constant: return o.learning_rate;
    case lr_schedule::step:
        return o.learning_rate * std::pow(o.gamma, static_cast<double>(epoch / std::max<std::uint64_t>(1, o.step_epochs)));
    case lr_schedule::exponential: return o.learning_rate * std::pow(o.gamma, static_cast<double>(epoch));
    }
    return o.learning_rate;
}

rnn_epoch_report train_epoch(rnn_network& net, rnn_optimizer_state& state, const rnn_task_data& task,
                             const rnn_training_options& o, const std::atomic<bool>* stop,
                             const rnn_batch_callback& on_batch) {
    if (o.batch_size == 0) throw input_error("training: batch_size must be at least 1");
    if (!(o.learning_rate > 0.0)) throw input_error("training: learning_rate must be positive");
    if (!(o.beta1 >= 0.0 && o.beta1 < 1.0 && o.beta2 >= 0.0 && o.beta2 < 1.0))
        throw input_error("training: Adam's beta1 and beta2 must be in [0, 1)");
    const std::uint64_t epoch = state.epochs_done;
    // A position inside the epoch counts trials, so that it means the same whatever batch_size
    // the run continues with; it must leave trials to train on.
    const bool at_boundary = state.batches_done == 0 && state.trials_done == 0 && state.loss_sum == 0.0;
    if (!at_boundary && !(state.batches_done > 0 && state.trials_done >= state.batches_done &&
                          state.trials_done < task.trials && std::isfinite(state.loss_sum)))
        throw input_error("training: the optimizer state stops inside epoch " + std::to_string(epoch + 1) + " after " +
                          std::to_string(state.batches_done) + " batches (" + std::to_string(state.trials_done) +
                          " trials), which does not fit this task of " + std::to_string(task.trials) + " trials");
    const double lr = scheduled_learning_rate(o, epoch);
    // Fisher-Yates shuffle from the epoch's own stream: the order depends on (seed, epoch) only.
    std::vector<std::uint64_t> order(task.trials);
    std::iota(order.begin(), order.end(), std::uint64_t{0});
    core::rng_stream shuffle(o.seed, core::stream_purpose::rnn_shuffle, epoch, 0);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(i)]);

    rnn_epoch_report report;
    report.epoch = epoch + 1;
    report.learning_rate = lr;
    report.batches = state.batches_done + (task.trials - state.trials_done + o.batch_size - 1) / o.batch_size;
    rnn_network grad;
    for (std::size_t first = state.trials_done; first < order.size(); first += o.batch_size) {
        const std::vector<std::uint64_t> batch(order.begin() + static_cast<std::ptrdiff_t>(first),
                                               order.begin() + static_cast<std::ptrdiff_t>(
                                                                   std::min(order.size(), first + o.batch_size)));
        // Noise key = the update count: every batch of the run sees fresh noise, and a resumed
        // run continues the same sequence.
        state.loss_sum += rnn_loss_gradient(net, task, batch, o.seed, state.updates, grad, o.threads);
        double sq = 0.0;
        for_trained(o.trainable, net, [&](std::vector<double> rnn_network::*field) {
            for (double g : grad.*field) sq += g * g;
        });
        const double norm = std::sqrt(sq);
        report.gradient_norm = norm;
        const double clip = (o.clip_norm > 0.0 && norm > o.clip_norm) ? o.clip_norm / norm : 1.0;
        ++state.updates;
        const double t = static_cast<double>(state.updates);
        const double c1 = 1.0 - std::pow(o.beta1, t), c2 = 1.0 - std::pow(o.beta2, t);
        for_trained(o.trainable, net, [&](std::vector<double> rnn_network::*field) {
            auto& p = net.*field;
            auto& m1 = state.first_moment.*field;
            auto& m2 = state.second_moment.*field;
            const auto& g = grad.*field;
            for (std::size_t i = 0; i < p.size(); ++i) {
                const double gi = clip * g[i];
                m1[i] = o.beta1 * m1[i] + (1.0 - o.beta1) * gi;
                m2[i] = o.beta2 * m2[i] + (1.0 - o.beta2) * gi * gi;
                p[i] -= lr * (m1[i] / c1) / (std::sqrt(m2[i] / c2) + o.epsilon);
            }
        });
        ++state.batches_done;
        state.trials_done += batch.size();
        report.batches_done = state.batches_done;
        report.mean_loss = state.loss_sum / static_cast<double>(state.batches_done);
        report.complete = state.trials_done == order.size();
        if (on_batch) on_batch(report);
        if (!report.complete && stop && stop->load()) return report;
    }
    state.epochs_done = epoch + 1;
    state.batches_done = state.trials_done = 0;
    state.loss_sum = 0.0;
    return report;
}

}  // namespace lamina
