#pragma once
// One function per subcommand; each registers its options and callback on the app.
#include <lamina/communicator.hpp>

#include <CLI/CLI.hpp>

#include <memory>

namespace lamina::cli {

/// `comm`: the processes of an MPI job (or one process); only rank 0 writes and prints.
void add_run_command(CLI::App& app, std::shared_ptr<communicator> comm);
void add_check_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_analyze_command(CLI::App& app);

}  // namespace lamina::cli
