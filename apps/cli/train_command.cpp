// lamina train TASK.toml --out DIR: trains a rate RNN by BPTT + Adam (include/lamina/training.hpp)
// and writes DIR/network.toml (+ .npy arrays; a rate model for `lamina run`), checkpoint.h5
// (every checkpoint_every epochs, at the end and on Ctrl-C), loss.csv (whole epochs), evaluation.csv
// (produced against target intervals, for timing tasks) and summary.json. Ctrl-C stops after the
// current batch; --resume continues from DIR/checkpoint.h5 with the same task file, also from
// inside an epoch, to the bit as if never interrupted.
#include <lamina/error.hpp>
#include <lamina/outputs.hpp>
#include <lamina/training_io.hpp>

#include "commands.hpp"
#include "progress_bar.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace lamina::cli {
namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_train_sigint(int) { interrupted.store(true); }

struct train_cli {
    std::string task, out;
    std::vector<std::string> overrides;
    bool resume = false;
    int threads = 0;
};

std::string number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

// Rows of an earlier loss.csv (resume): kept so that the file holds the whole run.
std::vector<std::string> previous_rows(const std::string& path, std::uint64_t epochs_done) {
    std::vector<std::string> rows;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line) && rows.size() < epochs_done) rows.push_back(line);
    return rows;
}

// The loss column of a loss.csv row ("epoch,loss,...").
double last_recorded_loss(const std::string& row) {
    const auto comma = row.find(',');
    return comma == std::string::npos ? std::nan("") : std::strtod(row.c_str() + comma + 1, nullptr);
}

void train(const train_cli& o) {
    auto spec = load_training_spec(o.task, o.overrides);
    if (o.threads > 0) spec.training.threads = o.threads;
    std::filesystem::create_directories(o.out);
    const std::string checkpoint = o.out + "/checkpoint.h5", loss_csv = o.out + "/loss.csv";
    const auto train_set = make_training_task(spec, false);
    rnn_network net;
    rnn_optimizer_state state;
    if (o.resume) {
        if (!std::filesystem::exists(checkpoint))
            throw input_error(checkpoint + ": --resume needs the checkpoint of an earlier run in --out");
        read_checkpoint(checkpoint, net, state);
        if (net.units != spec.network.units || net.rank != spec.network.rank || net.inputs != spec.network.inputs)
            throw input_error(checkpoint + ": the checkpoint's network (" + std::to_string(net.units) + " units, rank " +
                              std::to_string(net.rank) + ") does not match " + o.task);
        // A run stopped inside epoch E must finish it: ending earlier would write a network that
        // belongs to no epoch count.
        if (state.batches_done > 0 && state.epochs_done >= spec.training.epochs)
            throw input_error(checkpoint + ": the run stopped inside epoch " + std::to_string(state.epochs_done + 1) +
                              " (after batch " + std::to_string(state.batches_done) + "), so training.epochs = " +
                              std::to_string(spec.training.epochs) + " in " + o.task + " is too few: it must be at least " +
                              std::to_string(state.epochs_done + 1));
    } else {
        net = make_rnn(spec.network);
        state = make_optimizer_state(net);
    }
    std::vector<std::string> rows = o.resume ? previous_rows(loss_csv, state.epochs_done) : std::vector<std::string>{};
    auto write_loss = [&] {
        std::string text = "epoch,loss,learning_rate,gradient_norm,seconds\n";
        for (const auto& r : rows) text += r + "\n";
        write_text_file(loss_csv, text);
    };
    std::signal(SIGINT, on_train_sigint);
    const auto total = spec.training.epochs;
    training_progress progress(total);
    const rnn_batch_callback on_batch = [&](const rnn_epoch_report& r) { progress.update(r); };
    double seconds = 0.0;
    std::uint64_t epochs_run = 0;
    rnn_epoch_report last;
    rnn_epoch_report stopped;  // the unfinished epoch, if Ctrl-C stops inside one
    while (state.epochs_done < total && !interrupted.load()) {
        const auto t0 = std::chrono::steady_clock::now();
        // Stops after the current batch on Ctrl-C; the state then holds the position in the epoch.
        const auto report = train_epoch(net, state, train_set, spec.training, &interrupted, on_batch);
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!report.complete) {
            stopped = report;
            break;
        }
        last = report;
        // A resumed epoch's seconds count only the part after the resume.
        seconds += dt;
        ++epochs_run;
        rows.push_back(std::to_string(last.epoch) + "," + number(last.mean_loss) + "," + number(last.learning_rate) + "," +
                       number(last.gradient_norm) + "," + number(dt));
        if (!std::isfinite(last.mean_loss))
            throw input_error(o.task + ": the loss diverged at epoch " + std::to_string(last.epoch) +
                              " (lower training.learning_rate or set training.clip_norm)");
        if (spec.checkpoint_every > 0 && state.epochs_done % spec.checkpoint_every == 0) {
            write_checkpoint(checkpoint, net, state);
            write_loss();
        }
    }
    std::signal(SIGINT, SIG_DFL);
    progress.finish();
    write_checkpoint(checkpoint, net, state);
    write_loss();
    if (interrupted.load()) {
        if (!stopped.complete)
            std::cerr << "lamina: interrupted in epoch " << stopped.epoch << " after batch " << stopped.batches_done
                      << " of " << stopped.batches;
        else
            std::cerr << "lamina: interrupted after epoch " << state.epochs_done;
        std::cerr << "; " << checkpoint << " holds the run (continue with --resume)\n";
        std::exit(130);
    }
    write_trained_network(o.out + "/network.toml", net, spec.dt_ms, spec.input_names);
    nlohmann::ordered_json summary;
    summary["task"] = o.task;
    summary["kind"] = spec.kind;
    summary["units"] = net.units;
    summary["rank"] = net.rank;
    summary["epochs"] = state.epochs_done;
    // With no epoch left to run (--resume of a finished run) the loss is the run's last recorded one.
    const double final_loss = epochs_run > 0 || rows.empty() ? last.mean_loss : last_recorded_loss(rows.back());
    summary["final_training_loss"] = final_loss;
    summary["seconds_per_epoch"] = epochs_run ? seconds / static_cast<double>(epochs_run) : 0.0;
    const bool has_test = spec.kind != "files" || spec.test.trials > 0;
    if (has_test) {
        const auto test = make_training_task(spec, true);
        std::vector<std::uint64_t> all(test.trials);
        for (std::uint64_t k = 0; k < test.trials; ++k) all[k] = k;
        summary["test_loss"] = rnn_loss(net, test, all, spec.training.seed + 1, 0, spec.training.threads);
    }
    if (const auto cue = cue_input_of(spec); cue >= 0) {
        const auto eval = evaluate_intervals(net, make_evaluation_task(spec), static_cast<std::uint64_t>(cue), spec.dt_ms,
                                             spec.training.seed + 2, spec.training.threads);
        std::string csv = "interval_ms,context,produced_mean_ms,produced_std_ms,trials,crossed\n";
        auto& rows_json = summary["evaluation"] = nlohmann::ordered_json::array();
        for (const auto& e : eval) {
            csv += number(e.interval_ms) + "," + number(e.context) + "," + number(e.produced_mean_ms) + "," +
                   number(e.produced_std_ms) + "," + std::to_string(e.trials) + "," + std::to_string(e.crossed) + "\n";
            rows_json.push_back({{"interval_ms", e.interval_ms},
                                 {"produced_mean_ms", std::isfinite(e.produced_mean_ms) ? nlohmann::json(e.produced_mean_ms)
                                                                                        : nlohmann::json(nullptr)},
                                 {"crossed", e.crossed}});
        }
        write_text_file(o.out + "/evaluation.csv", csv);
    }
    write_text_file(o.out + "/summary.json", summary.dump(2) + "\n");
    std::cout << o.task << ": " << state.epochs_done << " epochs, loss " << final_loss
              << (has_test ? ", test loss " + number(summary["test_loss"].get<double>()) : std::string()) << " -> "
              << o.out << "/{network.toml, checkpoint.h5, loss.csv, summary.json}\n";
}

}  // namespace

void add_train_command(CLI::App& app) {
    auto o = std::make_shared<train_cli>();
    auto* cmd = app.add_subcommand("train", "Train a rate RNN on a task (BPTT + Adam); see docs/training.md");
    cmd->add_option("task", o->task, "Task file (TOML: [task], [network], [training], [evaluate])")->required();
    cmd->add_option("--out", o->out, "Output directory")->required();
    cmd->add_option("--set", o->overrides, "Override a task-file value, e.g. --set training.epochs=5");
    cmd->add_flag("--resume", o->resume, "Continue from OUT/checkpoint.h5");
    cmd->add_option("--threads", o->threads, "Threads (default: training.threads)");
    cmd->callback([o] { train(*o); });
}

}  // namespace lamina::cli
