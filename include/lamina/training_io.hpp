#pragma once
/// @file
/// Files of training runs: the task file that `lamina train` reads, the trained network written
/// as a lamina rate model (loadable by `lamina run` and lamina.rate.load), and checkpoints that
/// hold the network with Adam's state so that a run resumes exactly where it stopped.
/// See docs/training.md for the task-file keys.
#include <lamina/training.hpp>
#include <lamina/training_tasks.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina {

/// Everything a task file says. `kind` is "cue_set_go", "measure_wait_go" or "files"; for the
/// generators the options hold the training set (`csg`/`mwg` with trials and seed) and the test
/// set uses test_trials and the seed + 1; for "files" train (and test, if given) are loaded.
struct training_spec {
    std::string source;                 ///< the task file, for messages
    std::string kind = "cue_set_go";
    csg_options csg;
    mwg_options mwg;
    rnn_task_data train, test;          ///< kind "files" only
    std::uint64_t test_trials = 100;
    double dt_ms = 10.0;
    std::vector<std::string> input_names;
    rnn_init_options network;
    rnn_training_options training;
    std::uint64_t checkpoint_every = 10;  ///< epochs; 0: only at the end
    /// Extrapolation: intervals (ms) to test after training; the cue amplitude follows the task's
    /// linear map (CSG) or `evaluate_context` (MWG, one per interval). Empty: the trained ones.
    std::vector<double> evaluate_intervals_ms, evaluate_context;
    std::uint64_t evaluate_trials = 10;   ///< per interval
    double evaluate_duration_ms = 0.0;    ///< 0: long enough for the longest interval
};

/// Reads a task file ([task], [network], [training], [evaluate]); `overrides` are "key=value"
/// assignments as for model files (e.g. "training.epochs=5"). Throws input_error naming the
/// file, line and key.
training_spec load_training_spec(const std::string& path, const std::vector<std::string>& overrides = {});

/// The training set (test = false) or the test set (test = true: test_trials, seed + 1) of a spec.
rnn_task_data make_training_task(const training_spec& spec, bool test);
/// The extrapolation set: evaluate_trials per evaluated interval (balanced), noise as trained,
/// no trials without the cue, no jitter. Labels hold each trial's interval and context.
rnn_task_data make_evaluation_task(const training_spec& spec);
/// The input that carries the cue to start producing (CSG: set, MWG: go); -1 for "files".
std::int64_t cue_input_of(const training_spec& spec);

/// The trained network as a rate model: population "rnn" (tau = dt / alpha, sigma = noise_std /
/// sqrt(2 alpha), x0), a low_rank connection with m sqrt(N), n sqrt(N) (the model file divides
/// by N) or a dense matrix, one constant input per channel (amplitude 0; b from its file) and a
/// readout recorder with W. Arrays go to .npy files beside `toml_path`; written under temporary
/// names and renamed.
void write_trained_network(const std::string& toml_path, const rnn_network& net, double dt_ms,
                           const std::vector<std::string>& input_names);

/// Checkpoints (HDF5): /network/{m, n, J, B, W, x0} with the scalars as attributes, the same for
/// /adam/first and /adam/second, and the counters as attributes of /adam: updates, epochs_done
/// and the position inside an unfinished epoch (batches_done, trials_done, loss_sum; a checkpoint
/// without them, from before runs could stop mid-epoch, reads as an epoch boundary). Exact to the bit.
void write_checkpoint(const std::string& path, const rnn_network& net, const rnn_optimizer_state& state);
void read_checkpoint(const std::string& path, rnn_network& net, rnn_optimizer_state& state);

/// Writes a .npy (float64, C order) of the given shape, under a temporary name, renamed.
void write_npy(const std::string& path, const std::vector<double>& values, const std::vector<std::size_t>& shape);

}  // namespace lamina
