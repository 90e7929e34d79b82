// The `lamina` command. Exit codes: 0 success, 1 internal error, 2 bad input, 130 interrupted.
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>

#include "commands.hpp"

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"lamina: simulate and analyse networks of neurons"};
    app.set_version_flag("--version", std::string("lamina ") + lamina::version());
    app.require_subcommand(1);
    lamina::cli::add_run_command(app);
    lamina::cli::add_check_command(app);
    lamina::cli::add_models_command(app);
    lamina::cli::add_analyze_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const lamina::input_error& e) {
        std::cerr << "lamina: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lamina: internal error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
