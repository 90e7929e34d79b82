// Trained networks written as rate model files run the same dynamics in the rate engine;
// checkpoints restore a run to the bit (training on after a checkpoint = training straight on).
#include <lamina/error.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/training_io.hpp>

#include <gtest/gtest.h>

#include "rnn_training_checks.hpp"

#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>

using namespace lamina;

namespace {

std::string scratch(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("lamina_training_" + name);
    std::filesystem::create_directories(dir);
    return dir.string();
}

void check_export(std::uint64_t rank) {
    rnn_init_options o;
    o.units = 30;
    o.inputs = 2;
    o.outputs = 2;
    o.rank = rank;
    o.g = 1.2;
    o.factor_std = 3.0;
    o.readout_std = 30.0;
    o.alpha = 0.1;
    auto net = make_rnn(o);
    for (std::size_t i = 0; i < net.x0.size(); ++i) net.x0[i] = std::cos(static_cast<double>(i));
    const std::string dir = scratch("export" + std::to_string(rank));
    write_trained_network(dir + "/net.toml", net, 10.0, {"a", "b"});
    auto spec = load_rate_model_file(dir + "/net.toml");
    const double amplitude[2] = {0.3, -0.7};
    spec.inputs[0].amplitude = amplitude[0];
    spec.inputs[1].amplitude = amplitude[1];
    rate_simulation sim(spec);
    const std::uint64_t T = 60;
    sim.run(static_cast<double>(T) * 10.0);
    const auto rec = sim.recordings().front();

    rnn_task_data task;
    task.trials = 1;
    task.steps = T;
    task.inputs = 2;
    task.outputs = 2;
    for (std::uint64_t s = 0; s < T; ++s) task.u.insert(task.u.end(), {amplitude[0], amplitude[1]});
    task.target.assign(T * 2, 0.0);
    task.mask.assign(T * 2, 1.0);
    const auto z = rnn_outputs(net, task, 1, 0);
    // z_t = W phi(x_{t+1}) is the engine's readout after step t + 1 (at time (t + 1) dt). The two
    // codes order the same Euler arithmetic differently (x + dt/tau (...) against (1 - alpha) x +
    // alpha (...), m sqrt(N) n sqrt(N) / N against m n): rounding of 1e-16 per step, kept near
    // that by the contracting dynamics over 60 steps; 1e-10 leaves ample room and still fails at
    // once for a wrong scale, a transposed array or a shifted step.
    std::size_t compared = 0;
    for (std::size_t k = 0; k < rec.times.size(); ++k) {
        const double step = rec.times[k] / 10.0;
        if (step < 1.0) continue;
        const auto t = static_cast<std::size_t>(std::llround(step)) - 1;
        for (std::size_t out = 0; out < 2; ++out) EXPECT_NEAR(rec.values[k * 2 + out], z[t * 2 + out], 1e-10);
        ++compared;
    }
    EXPECT_EQ(compared, T);
}

}  // namespace

TEST(TrainedNetworkFiles, LowRankModelFileRunsTheTrainedDynamics) { check_export(2); }

TEST(TrainedNetworkFiles, FullRankModelFileRunsTheTrainedDynamics) { check_export(0); }

namespace {

csg_options small_csg() {
    csg_options c;
    c.trials = 12;
    c.duration_ms = 600;
    c.set_ms = 200;
    c.intervals_ms = {200, 300};
    c.reference_min_ms = 200;
    c.reference_max_ms = 300;
    return c;
}

rnn_init_options small_network() {
    rnn_init_options o;
    o.units = 25;
    o.inputs = 2;
    o.rank = 2;
    o.noise_std = 0.05;
    return o;
}

}  // namespace

TEST(TrainedNetworkFiles, ResumingFromACheckpointIsExact) {
    const auto task = cue_set_go(small_csg());
    const auto o = small_network();
    rnn_training_options t;
    t.batch_size = 5;
    t.schedule = lr_schedule::exponential;
    t.gamma = 0.9;
    auto straight = make_rnn(o);
    auto s1 = make_optimizer_state(straight);
    for (int e = 0; e < 4; ++e) train_epoch(straight, s1, task, t);

    auto resumed = make_rnn(o);
    auto s2 = make_optimizer_state(resumed);
    for (int e = 0; e < 2; ++e) train_epoch(resumed, s2, task, t);
    const std::string path = scratch("checkpoint") + "/checkpoint.h5";
    write_checkpoint(path, resumed, s2);
    rnn_network back;
    rnn_optimizer_state s3;
    read_checkpoint(path, back, s3);
    EXPECT_EQ(s3.epochs_done, 2u);
    for (int e = 0; e < 2; ++e) train_epoch(back, s3, task, t);
    test::expect_same_network(back, straight);
    test::expect_same_state(s3, s1);
}

namespace {

// Changes the attributes of /adam in a checkpoint: drops `drop`, then writes `name` = `value`.
void edit_adam_attributes(const std::string& path, const std::vector<std::string>& drop, const char* name = nullptr,
                          double value = 0.0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t adam = H5Gopen2(file, "adam", H5P_DEFAULT);
    for (const auto& a : drop) ASSERT_GE(H5Adelete(adam, a.c_str()), 0) << a;
    if (name) {
        const hid_t space = H5Screate(H5S_SCALAR);
        if (H5Aexists(adam, name) > 0) H5Adelete(adam, name);
        const hid_t attr = H5Acreate2(adam, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(attr, H5T_NATIVE_DOUBLE, &value);
        H5Aclose(attr);
        H5Sclose(space);
    }
    H5Gclose(adam);
    H5Fclose(file);
}

}  // namespace

// A checkpoint written inside an epoch (Ctrl-C after a batch) holds the position: reading it and
// finishing the epoch gives the straight run to the bit, the epoch's mean loss included.
TEST(TrainedNetworkFiles, CheckpointInsideAnEpochResumesExactly) {
    const auto task = cue_set_go(small_csg());
    rnn_training_options t;
    t.batch_size = 5;  // 12 trials: batches of 5, 5, 2
    auto straight = make_rnn(small_network());
    auto s1 = make_optimizer_state(straight);
    train_epoch(straight, s1, task, t);
    const auto whole = train_epoch(straight, s1, task, t);

    auto stopped = make_rnn(small_network());
    auto s2 = make_optimizer_state(stopped);
    train_epoch(stopped, s2, task, t);
    const std::atomic<bool> stop{true};
    ASSERT_FALSE(train_epoch(stopped, s2, task, t, &stop).complete);
    const std::string path = scratch("checkpoint_mid") + "/checkpoint.h5";
    write_checkpoint(path, stopped, s2);
    rnn_network back;
    rnn_optimizer_state s3;
    read_checkpoint(path, back, s3);
    EXPECT_EQ(s3.epochs_done, 1u);
    EXPECT_EQ(s3.batches_done, 1u);
    EXPECT_EQ(s3.trials_done, 5u);
    EXPECT_EQ(s3.loss_sum, s2.loss_sum);
    const auto finished = train_epoch(back, s3, task, t);
    EXPECT_EQ(finished.mean_loss, whole.mean_loss);
    EXPECT_EQ(finished.gradient_norm, whole.gradient_norm);
    test::expect_same_network(back, straight);
    test::expect_same_state(s3, s1);
    EXPECT_EQ(s3.epochs_done, 2u);
}

// Checkpoints from before runs could stop inside an epoch have no position: an epoch boundary.
TEST(TrainedNetworkFiles, CheckpointWithoutAPositionIsAnEpochBoundary) {
    auto net = make_rnn(small_network());
    auto state = make_optimizer_state(net);
    state.updates = 6;
    state.epochs_done = 2;
    const std::string path = scratch("checkpoint_old") + "/checkpoint.h5";
    write_checkpoint(path, net, state);
    edit_adam_attributes(path, {"batches_done", "trials_done", "loss_sum"});
    rnn_network back;
    rnn_optimizer_state s;
    s.batches_done = 7;  // overwritten by the read
    read_checkpoint(path, back, s);
    EXPECT_EQ(s.updates, 6u);
    EXPECT_EQ(s.epochs_done, 2u);
    EXPECT_EQ(s.batches_done, 0u);
    EXPECT_EQ(s.trials_done, 0u);
    EXPECT_EQ(s.loss_sum, 0.0);
}

// A position that no run can have (batches without trials) is refused naming the attributes.
TEST(TrainedNetworkFiles, CheckpointWithAnImpossiblePositionIsRefused) {
    auto net = make_rnn(small_network());
    auto state = make_optimizer_state(net);
    const std::string path = scratch("checkpoint_bad") + "/checkpoint.h5";
    write_checkpoint(path, net, state);
    edit_adam_attributes(path, {}, "batches_done", 3.0);
    rnn_network back;
    rnn_optimizer_state s;
    try {
        read_checkpoint(path, back, s);
        FAIL() << "expected a file_error";
    } catch (const file_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find("batches_done"), std::string::npos) << what;
        EXPECT_NE(what.find("trials_done"), std::string::npos) << what;
    }
}

namespace {

// A task file with `text` is refused by an input_error that names `key`.
void expect_task_file_error(const std::string& path, const std::string& text, const std::string& key) {
    {
        std::ofstream f(path);
        f << text;
    }
    try {
        load_training_spec(path);
        FAIL() << "expected an input_error naming " << key;
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(TrainedNetworkFiles, TaskFileErrorsNameTheKey) {
    const std::string dir = scratch("spec");
    expect_task_file_error(dir + "/bad.toml", "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\nrnak = 2\n", "rnak");
    expect_task_file_error(dir + "/overlap.toml",
                           "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\nfactor_overlap = 1.5\n",
                           "network.factor_overlap");
    // A context overlap needs a task input of that name, and a realisable covariance.
    expect_task_file_error(dir + "/no_context.toml",
                           "[task]\nkind = \"measure_wait_go\"\nintervals = [\"500 ms\"]\n[network]\nunits = 10\n"
                           "context_overlap = 0.5\n",
                           "network.context_overlap");
    expect_task_file_error(dir + "/too_much.toml",
                           "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\nfactor_overlap = 0.8\n"
                           "context_overlap = 0.7\n",
                           "network.context_overlap");
    expect_task_file_error(dir + "/span_context.toml",
                           "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\ncontext_overlap = 0.5\n"
                           "inputs_in_m_span = [\"context\"]\n",
                           "network.inputs_in_m_span");
    expect_task_file_error(dir + "/span.toml",
                           "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\ninputs_in_m_span = [\"go\"]\n",
                           "network.inputs_in_m_span");
    expect_task_file_error(dir + "/scale.toml",
                           "[task]\nkind = \"cue_set_go\"\n[network]\nunits = 10\nreadout_scale = \"1/sqrt N\"\n",
                           "network.readout_scale");
    {
        std::ofstream f(dir + "/good.toml");
        f << "[task]\nkind = \"measure_wait_go\"\nintervals = [\"500 ms\", \"700 ms\"]\ncontext = [0.1, 0.2]\n"
             "[network]\nunits = 10\nrank = 1\ntau = \"50 ms\"\n[training]\ntrain = [\"recurrent\"]\n";
    }
    const auto s = load_training_spec(dir + "/good.toml");
    EXPECT_DOUBLE_EQ(s.network.alpha, 0.2);  // dt 10 ms / tau 50 ms
    EXPECT_EQ(s.network.inputs, 4u);         // ready, measured, go, context
    EXPECT_FALSE(s.training.trainable.readout);
    EXPECT_EQ(make_training_task(s, false).inputs, 4u);
}
