// Backpropagation through time against central finite differences, the bit-identity of training
// across thread counts, and Adam's first step, clipping and schedules against their definitions.
#include <lamina/error.hpp>
#include <lamina/training.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace lamina;

namespace {

// A small random task: smooth inputs, a target, and a mask that leaves the first steps out.
rnn_task_data small_task(std::uint64_t trials, std::uint64_t steps, std::uint64_t inputs, std::uint64_t outputs) {
    rnn_task_data t;
    t.trials = trials;
    t.steps = steps;
    t.inputs = inputs;
    t.outputs = outputs;
    t.u.resize(trials * steps * inputs);
    t.target.resize(trials * steps * outputs);
    t.mask.resize(trials * steps * outputs);
    for (std::uint64_t r = 0; r < trials; ++r)
        for (std::uint64_t s = 0; s < steps; ++s) {
            for (std::uint64_t c = 0; c < inputs; ++c)
                t.u[(r * steps + s) * inputs + c] = std::sin(0.3 * static_cast<double>(s + 2 * c + 5 * r));
            for (std::uint64_t o = 0; o < outputs; ++o) {
                t.target[(r * steps + s) * outputs + o] = 0.5 * std::cos(0.2 * static_cast<double>(s) + o + r);
                t.mask[(r * steps + s) * outputs + o] = s < 3 ? 0.0 : 1.0 + 0.1 * static_cast<double>(o);
            }
        }
    return t;
}

std::vector<std::uint64_t> all_trials(const rnn_task_data& t) {
    std::vector<std::uint64_t> v(t.trials);
    std::iota(v.begin(), v.end(), std::uint64_t{0});
    return v;
}

// Largest |fd - analytic| over all entries of one parameter array, relative to the array's
// largest analytic entry.
double relative_error(rnn_network net, const rnn_task_data& task, std::vector<double> rnn_network::*field,
                      const rnn_network& grad) {
    const auto trials = all_trials(task);
    // h = 1e-5: the truncation error of the central difference is h^2 L'''/6 ~ 1e-11 and the
    // rounding error eps L / h ~ 1e-11 for L of order 1; both are far below the 1e-6 bound, so
    // the bound tests the adjoint, not the arithmetic.
    const double h = 1e-5;
    double worst = 0.0, largest = 0.0;
    auto& p = net.*field;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double keep = p[i];
        p[i] = keep + h;
        const double up = rnn_loss(net, task, trials, 7, 3);
        p[i] = keep - h;
        const double down = rnn_loss(net, task, trials, 7, 3);
        p[i] = keep;
        const double fd = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(fd - (grad.*field)[i]));
        largest = std::max(largest, std::abs((grad.*field)[i]));
    }
    EXPECT_GT(largest, 0.0);
    return worst / largest;
}

void check_gradient(std::uint64_t rank, double noise, std::uint64_t trials = 6) {
    rnn_init_options o;
    o.units = 12;
    o.inputs = 2;
    o.outputs = 2;
    o.rank = rank;
    o.g = 1.5;
    o.factor_std = 2.0;
    o.readout_std = 12.0;  // W ~ 1: outputs of order 1 so that every gradient is well above rounding
    o.noise_std = noise;
    o.alpha = 0.2;
    o.seed = 3;
    auto net = make_rnn(o);
    for (std::size_t i = 0; i < net.x0.size(); ++i) net.x0[i] = 0.3 * std::sin(static_cast<double>(i));
    const auto task = small_task(trials, 25, 2, 2);
    rnn_network grad;
    const double loss = rnn_loss_gradient(net, task, all_trials(task), 7, 3, grad);
    EXPECT_DOUBLE_EQ(loss, rnn_loss(net, task, all_trials(task), 7, 3));
    std::vector<std::vector<double> rnn_network::*> fields = {&rnn_network::B, &rnn_network::W, &rnn_network::x0};
    if (rank > 0) {
        fields.push_back(&rnn_network::m);
        fields.push_back(&rnn_network::n);
    } else {
        fields.push_back(&rnn_network::J);
    }
    // Measured: 4e-11 .. 9e-10 for every array (x0, whose gradient sums over all trials, is the
    // largest), far below 1e-6.
    for (auto f : fields) EXPECT_LT(relative_error(net, task, f, grad), 1e-6);
}

}  // namespace

TEST(RnnTraining, LowRankGradientMatchesFiniteDifferences) { check_gradient(2, 0.0); }

// 19 trials: full rank runs chunks of 16 trials, so this covers a full and a partial chunk.
TEST(RnnTraining, FullRankGradientMatchesFiniteDifferences) { check_gradient(0, 0.0, 19); }

// With noise the loss is still a smooth function of the parameters for fixed noise keys.
TEST(RnnTraining, NoisyGradientMatchesFiniteDifferences) { check_gradient(3, 0.05); }

namespace {

// The trained parameters after three epochs on 1 and on 3 threads.
void expect_training_bit_identical_across_threads(std::uint64_t rank, std::uint64_t batch_size) {
    rnn_init_options o;
    o.units = 40;
    o.inputs = 2;
    o.outputs = 1;
    o.rank = rank;
    o.noise_std = 0.05;
    const auto task = small_task(rank > 0 ? 19 : 37, 30, 2, 1);
    rnn_training_options t;
    t.epochs = 3;
    t.batch_size = batch_size;
    t.clip_norm = 0.5;
    std::vector<double> params_by_threads[2];
    for (int k = 0; k < 2; ++k) {
        auto net = make_rnn(o);
        auto state = make_optimizer_state(net);
        t.threads = k == 0 ? 1 : 3;
        for (int e = 0; e < 3; ++e) train_epoch(net, state, task, t);
        auto& p = params_by_threads[k];
        p = rank > 0 ? net.m : net.J;
        p.insert(p.end(), net.W.begin(), net.W.end());
    }
    ASSERT_EQ(params_by_threads[0].size(), params_by_threads[1].size());
    for (std::size_t i = 0; i < params_by_threads[0].size(); ++i)
        EXPECT_EQ(params_by_threads[0][i], params_by_threads[1][i]);
}

}  // namespace

// Low rank: batches of 9, 9, 1 trials, chunks (4 trials) of unequal size.
TEST(RnnTraining, TrainingIsBitIdenticalForAnyThreadCount) { expect_training_bit_identical_across_threads(2, 9); }

// Full rank: batches of 36 and 1, chunks (16 trials) of 16, 16, 4 and 1.
TEST(RnnTraining, FullRankTrainingIsBitIdenticalForAnyThreadCount) {
    expect_training_bit_identical_across_threads(0, 36);
}

// Adam's first update with bias correction is lr g / (|g| + eps): a step of lr against the sign
// of each gradient component; untrained parameters stay where they are.
TEST(RnnTraining, AdamFirstStepIsLearningRateAgainstTheGradientSign) {
    rnn_init_options o;
    o.units = 10;
    o.inputs = 1;
    o.outputs = 1;
    o.rank = 1;
    auto net = make_rnn(o);
    const auto task = small_task(4, 20, 1, 1);
    rnn_network grad;
    rnn_loss_gradient(net, task, {0, 1, 2, 3}, 1, 0, grad);
    rnn_training_options t;
    t.batch_size = 4;
    t.learning_rate = 1e-3;
    t.trainable.input = false;
    auto before = net;
    auto state = make_optimizer_state(net);
    train_epoch(net, state, task, t);
    for (std::size_t i = 0; i < net.m.size(); ++i) {
        const double g = grad.m[i];
        EXPECT_NEAR(net.m[i] - before.m[i], -1e-3 * g / (std::abs(g) + 1e-8), 1e-12);
    }
    EXPECT_EQ(net.B, before.B);
    EXPECT_EQ(net.x0, before.x0);
    EXPECT_EQ(state.updates, 1u);
}

// Clipping scales the gradient to the bound; Adam's first step is invariant to that scale, so
// the check is on the second step: the moments' ratio sees clipped values.
TEST(RnnTraining, ClippingBoundsTheGradientNormSeenByAdam) {
    rnn_init_options o;
    o.units = 10;
    o.rank = 1;
    auto net = make_rnn(o);
    const auto task = small_task(4, 20, 1, 1);
    rnn_training_options t;
    t.batch_size = 4;
    t.clip_norm = 1e-6;
    auto state = make_optimizer_state(net);
    const auto report = train_epoch(net, state, task, t);
    EXPECT_GT(report.gradient_norm, 1e-6);
    double sq = 0.0;
    for (auto* v : {&state.first_moment.m, &state.first_moment.n, &state.first_moment.B, &state.first_moment.W})
        for (double x : *v) sq += x * x;
    // First moment after one step = (1 - beta1) clip g: norm (1 - 0.9) 1e-6.
    EXPECT_NEAR(std::sqrt(sq), 0.1 * 1e-6, 1e-15);
}

TEST(RnnTraining, LearningRateSchedules) {
    rnn_training_options t;
    t.learning_rate = 0.01;
    t.gamma = 0.5;
    t.step_epochs = 3;
    t.schedule = lr_schedule::step;
    EXPECT_DOUBLE_EQ(scheduled_learning_rate(t, 2), 0.01);
    EXPECT_DOUBLE_EQ(scheduled_learning_rate(t, 3), 0.005);
    EXPECT_DOUBLE_EQ(scheduled_learning_rate(t, 7), 0.0025);
    t.schedule = lr_schedule::exponential;
    EXPECT_DOUBLE_EQ(scheduled_learning_rate(t, 2), 0.0025);
}

TEST(RnnTraining, BadShapesAreInputErrors) {
    rnn_init_options o;
    o.units = 5;
    o.rank = 1;
    auto net = make_rnn(o);
    net.W.pop_back();
    EXPECT_THROW(validate_rnn(net, "net.toml"), input_error);
    auto task = small_task(2, 5, 2, 1);
    auto good = make_rnn(o);
    rnn_network grad;
    EXPECT_THROW(rnn_loss_gradient(good, task, {0}, 1, 0, grad), input_error);  // 2 inputs vs 1
    task.mask.pop_back();
    EXPECT_THROW(validate_task(task, "task"), input_error);
}

// Training noise: with J = 0 and no input, x_{t+1} = (1 - alpha) x_t + s xi_t is an AR(1) process
// with stationary variance s^2 / (alpha (2 - alpha)) (here 0.1^2 / 0.19 = 0.0526). 4000 trials of
// one linear unit give the variance to a relative sd of sqrt(2 / 4000) = 2.2 %; the bound of 10 %
// is 4.5 sd. The lag-one correlation across trials (independent streams) must vanish: sd 1/sqrt(4000).
TEST(RnnTraining, TrainingNoiseHasTheStationaryVarianceOfTheStep) {
    rnn_network net;
    net.units = 1;
    net.inputs = 0;
    net.outputs = 1;
    net.rank = 1;
    net.alpha = 0.1;
    net.noise_std = 0.1;
    net.phi = rate_phi::linear;
    net.m = {0.0};
    net.n = {0.0};
    net.W = {1.0};
    net.x0 = {0.0};
    rnn_task_data task;
    task.trials = 4000;
    task.steps = 150;  // (1 - alpha)^300 = 2e-14: the start is forgotten
    task.inputs = 0;
    task.outputs = 1;
    task.target.assign(task.trials * task.steps, 0.0);
    task.mask.assign(task.trials * task.steps, 1.0);
    // rnn_outputs keys trials by their position in 16 bits: run the 4000 trials as one task.
    const auto z = rnn_outputs(net, task, 11, 0);
    double sum = 0.0, sq = 0.0, lag = 0.0;
    for (std::uint64_t r = 0; r < task.trials; ++r) {
        const double x = z[r * task.steps + task.steps - 1];
        sum += x;
        sq += x * x;
        if (r > 0) lag += x * z[(r - 1) * task.steps + task.steps - 1];
    }
    const double n = static_cast<double>(task.trials), var = sq / n - (sum / n) * (sum / n);
    const double expected = 0.01 / (0.1 * 1.9);
    EXPECT_NEAR(var / expected, 1.0, 0.10);
    EXPECT_NEAR(sum / n, 0.0, 4.5 * std::sqrt(expected / n));
    EXPECT_NEAR(lag / n / expected, 0.0, 4.5 / std::sqrt(n));
}

// factor_overlap = rho correlates n_r with m_r across units: the sample correlation is rho and
// the overlap n_r . m_r (J's eigenvalue for a rank-one structure) is rho factor_std^2, within
// 5 standard errors of N = 4000 samples ((1 - rho^2) / sqrt(N) = 0.006 for the correlation).
TEST(RnnTraining, FactorOverlapCorrelatesTheFactors) {
    rnn_init_options o;
    o.units = 4000;
    o.rank = 2;
    o.factor_overlap = 0.8;
    const auto net = make_rnn(o);
    for (std::size_t r = 0; r < 2; ++r) {
        double mm = 0.0, nn = 0.0, mn = 0.0;
        for (std::size_t i = 0; i < o.units; ++i) {
            const double m = net.m[r * o.units + i], n = net.n[r * o.units + i];
            mm += m * m;
            nn += n * n;
            mn += m * n;
        }
        EXPECT_NEAR(mn / std::sqrt(mm * nn), 0.8, 5 * 0.36 / std::sqrt(4000.0));
        EXPECT_NEAR(mn, 0.8, 5 * std::sqrt((1 + 0.8 * 0.8) / 4000.0));
        EXPECT_NEAR(nn, 1.0, 5 * std::sqrt(2.0 / 4000.0));  // n keeps the entries' variance
    }
    o.factor_overlap = 0.0;
    const auto independent = make_rnn(o);
    double mn = 0.0;
    for (std::size_t i = 0; i < o.units; ++i) mn += independent.m[i] * independent.n[i];
    EXPECT_NEAR(mn, 0.0, 5 * std::sqrt(1.0 / 4000.0));
}

// The readout's initial scale: W ~ N(0, (readout_std / N)^2) by default (the low-rank code), and
// N(0, (readout_std / sqrt(N))^2) with readout_per_sqrt_unit (the full-rank code's W ~ N(0, 1/N)):
// the sample variance of N = 4000 entries within 5 standard errors (sqrt(2 / N) relative).
TEST(RnnTraining, ReadoutScaleFallsAsOneOverNOrOneOverSqrtN) {
    rnn_init_options o;
    o.units = 4000;
    o.rank = 0;
    o.g = 1.0;
    o.readout_std = 1.0;
    const auto variance = [](const std::vector<double>& w) {
        double sq = 0.0;
        for (double x : w) sq += x * x;
        return sq / static_cast<double>(w.size());
    };
    const double tol = 5 * std::sqrt(2.0 / 4000.0);
    EXPECT_NEAR(variance(make_rnn(o).W) * 4000.0 * 4000.0, 1.0, tol);
    o.readout_per_sqrt_unit = true;
    EXPECT_NEAR(variance(make_rnn(o).W) * 4000.0, 1.0, tol);
}

// The structured start of Beiran et al. 2023's code: n_2 correlated with m_2 (0.8) and with the
// context input (0.5), n_1 with m_1 only; the Set input and the readout inside span(m). Sample
// correlations of N = 4000 units within 5 standard errors ((1 - rho^2) / sqrt(N) <= 0.016);
// "inside span(m)" to rounding: the least-squares residual on [m_1, m_2] below 1e-10 of the norm.
TEST(RnnTraining, StructuredStartHasThePapersOverlaps) {
    rnn_init_options o;
    o.units = 4000;
    o.rank = 2;
    o.inputs = 2;  // 0: context, 1: set
    o.factor_overlap = 0.8;
    o.context_overlap = 0.5;
    o.context_input = 0;
    o.inputs_in_m_span = {1};
    o.readout_in_m_span = true;
    const auto net = make_rnn(o);
    const std::size_t N = o.units;
    const auto dot = [&](const double* a, const double* b) {
        double s = 0.0;
        for (std::size_t i = 0; i < N; ++i) s += a[i] * b[i];
        return s;
    };
    const auto corr = [&](const double* a, const double* b) { return dot(a, b) / std::sqrt(dot(a, a) * dot(b, b)); };
    const double *m1 = net.m.data(), *m2 = m1 + N, *n1 = net.n.data(), *n2 = n1 + N, *ctx = net.B.data(), *set = ctx + N;
    const double se = 5.0 / std::sqrt(4000.0);
    EXPECT_NEAR(corr(n2, m2), 0.8, se * 0.36);
    EXPECT_NEAR(corr(n2, ctx), 0.5, se * 0.75);
    EXPECT_NEAR(corr(n1, m1), 0.8, se * 0.36);
    EXPECT_NEAR(corr(n1, ctx), 0.0, se);
    EXPECT_NEAR(corr(m2, ctx), 0.0, se);
    EXPECT_NEAR(dot(n2, n2), 1.0, 5 * std::sqrt(2.0 / 4000.0));  // n keeps the entries' variance
    for (const double* v : {set, static_cast<const double*>(net.W.data())}) {
        // Least squares on [m1, m2] by the 2 x 2 normal equations.
        const double a = dot(m1, m1), b = dot(m1, m2), d = dot(m2, m2), p = dot(m1, v), q = dot(m2, v);
        const double det = a * d - b * b, c1 = (d * p - b * q) / det, c2 = (a * q - b * p) / det;
        double res = 0.0;
        for (std::size_t i = 0; i < N; ++i) res += std::pow(v[i] - c1 * m1[i] - c2 * m2[i], 2);
        EXPECT_LT(std::sqrt(res / dot(v, v)), 1e-10);
    }
    // The stream order is kept: the options change only what they name. Without them the same seed
    // gives the same m, n_1 (no context term) and context column; with factor_overlap alone as well.
    rnn_init_options plain = o;
    plain.context_overlap = 0.0;
    plain.inputs_in_m_span.clear();
    plain.readout_in_m_span = false;
    const auto p = make_rnn(plain);
    EXPECT_EQ(p.m, net.m);
    EXPECT_TRUE(std::equal(n1, n1 + N, p.n.begin()));
    EXPECT_TRUE(std::equal(ctx, ctx + N, p.B.begin()));
    EXPECT_FALSE(std::equal(set, set + N, p.B.begin() + static_cast<std::ptrdiff_t>(N)));
}

TEST(RnnTraining, StructuredStartRefusesWhatCannotBeDrawn) {
    rnn_init_options o;
    o.units = 10;
    o.inputs = 2;
    o.factor_overlap = 0.8;
    o.context_overlap = 0.7;  // 0.64 + 0.49 > 1: no covariance matrix has both
    EXPECT_THROW(make_rnn(o), input_error);
    o.context_overlap = 0.5;
    o.context_input = 2;  // there are inputs 0 and 1
    EXPECT_THROW(make_rnn(o), input_error);
    o.context_input = 0;
    o.rank = 0;  // full rank has no factors to correlate
    EXPECT_THROW(make_rnn(o), input_error);
    o.rank = 2;
    o.inputs_in_m_span = {5};
    EXPECT_THROW(make_rnn(o), input_error);
    o.inputs_in_m_span = {0};  // the context column, whose correlation with n_2 a redraw would drop
    EXPECT_THROW(make_rnn(o), input_error);
    o.inputs_in_m_span = {1};
    o.factor_std = 0.0;  // m = 0 has no span to mix
    EXPECT_THROW(make_rnn(o), input_error);
}
