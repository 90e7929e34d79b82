#pragma once
// One function per subcommand; each registers its options and callback on the app.
#include <CLI/CLI.hpp>

namespace lamina::cli {

void add_run_command(CLI::App& app);
void add_check_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_analyze_command(CLI::App& app);

}  // namespace lamina::cli
