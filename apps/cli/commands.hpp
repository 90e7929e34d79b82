#pragma once
// One function per subcommand; each registers its options and callback on the app.
#include <lamina/communicator.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lamina::cli {

/// `comm`: the processes of an MPI job (or one process); only rank 0 writes and prints.
void add_run_command(CLI::App& app, std::shared_ptr<communicator> comm);
void add_check_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_lyapunov_command(CLI::App& app);
/// `lamina train TASK --out DIR` (train_command.cpp).
void add_train_command(CLI::App& app);
/// `lamina run` of a model with [rate_populations]: activity.h5 and summary.json in `out`.
void run_rate_model(const std::string& model, const std::string& out, const std::vector<std::string>& overrides,
                    int threads);

}  // namespace lamina::cli
