// The `lamina` command. Exit codes: 0 success, 1 internal error, 2 bad input, 130 interrupted.
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>

#include "commands.hpp"

#include <iostream>

namespace {

/// Prints the error; in an MPI job also ends every other rank, so that no rank waits forever.
int fail(lamina::communicator& comm, const char* kind, const char* what, int code) {
    std::cerr << "lamina: " << kind << (comm.size() > 1 ? " on rank " + std::to_string(comm.rank()) : std::string())
              << ": " << what << "\n";
    if (comm.size() > 1) comm.abort(code);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    std::shared_ptr<lamina::communicator> comm;
    try {
        comm = lamina::process_communicator(&argc, &argv);
    } catch (const std::exception& e) {
        std::cerr << "lamina: cannot start MPI: " << e.what() << "\n";
        return 1;
    }
    CLI::App app{"lamina: simulate and analyse networks of neurons"};
    app.set_version_flag("--version", std::string("lamina ") + lamina::version());
    app.require_subcommand(1);
    lamina::cli::add_run_command(app, comm);
    lamina::cli::add_check_command(app);
    lamina::cli::add_models_command(app);
    lamina::cli::add_analyze_command(app);
    lamina::cli::add_lyapunov_command(app);
    lamina::cli::add_train_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const lamina::input_error& e) {
        return fail(*comm, "error", e.what(), 2);
    } catch (const std::exception& e) {
        return fail(*comm, "internal error", e.what(), 1);
    }
    return 0;
}
