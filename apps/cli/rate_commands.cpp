// Rate models on the command line: `lamina run` hands a file with [rate_populations] here
// (activity.h5 and summary.json), and `lamina lyapunov MODEL` prints the Lyapunov spectrum.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/outputs.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/simulation.hpp>
#include <lamina/units.hpp>

#include "commands.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace lamina::cli {
namespace {

const char* integrator_name(rate_integrator i) {
    return i == rate_integrator::euler ? "euler" : i == rate_integrator::rk4 ? "rk4" : "exact";
}

struct lyapunov_cli {
    std::string model;
    std::vector<std::string> overrides;
    std::uint64_t k = 0;
    bool k_given = false;
    std::string time = "10000 ms", transient = "1000 ms", renormalize = "1 ms";
    std::uint64_t trial = 0;
    int threads = 0;
};

void lyapunov(const lyapunov_cli& o) {
    const auto spec = load_rate_model_file(o.model, o.overrides);
    rate_simulation sim(spec, o.threads);
    lyapunov_options lo;
    lo.exponents = o.k_given ? o.k : std::min<std::uint64_t>(sim.size(), 10);
    lo.time_ms = parse_quantity_as(o.time, dimension::time, "--time");
    lo.transient_ms = parse_quantity_as(o.transient, dimension::time, "--transient");
    lo.renormalize_ms = parse_quantity_as(o.renormalize, dimension::time, "--renormalize");
    lo.trial = o.trial;
    lo.seed = spec.settings.seed;
    const double tau = spec.populations.front().tau;
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = lyapunov_spectrum(sim, lo);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << o.model << ": " << sim.size() << " units, " << integrator_name(spec.settings.integrator)
              << " dt = " << sim.dt() << " ms; averaged over " << res.time_ms << " ms after a " << lo.transient_ms
              << " ms transient, QR every " << lo.renormalize_ms << " ms (" << wall << " s)\n";
    std::cout << "   i    lambda (1/ms)    lambda * tau (tau = " << tau << " ms"
              << (spec.populations.size() > 1 ? ", of " + spec.populations.front().name : std::string()) << ")\n";
    for (std::size_t i = 0; i < res.exponents.size(); ++i) {
        char line[96];
        std::snprintf(line, sizeof line, "%4zu  %+14.6e  %+14.6f\n", i + 1, res.exponents[i], res.exponents[i] * tau);
        std::cout << line;
    }
    std::cout << "Kaplan-Yorke dimension: " << res.kaplan_yorke;
    if (res.exponents.size() < sim.size() && res.kaplan_yorke >= static_cast<double>(res.exponents.size()))
        std::cout << " (at least: all " << res.exponents.size() << " partial sums are positive; ask for more with --k)";
    std::cout << "\n";
    if (std::isfinite(res.log_det_rate)) {
        double sum = 0.0;
        for (const double l : res.exponents) sum += l;
        std::cout << "sum of exponents " << sum << " 1/ms; mean ln|det| of the step maps " << res.log_det_rate << " 1/ms\n";
    }
}

}  // namespace

void run_rate_model(const std::string& model, const std::string& out, const std::vector<std::string>& overrides,
                    int threads) {
    const auto spec = load_rate_model_file(model, overrides);
    rate_simulation sim(spec, threads);  // validates before any output exists
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw file_error(out + ": cannot create the output directory: " + ec.message());
    const auto t0 = std::chrono::steady_clock::now();
    sim.run(spec.settings.duration);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto recs = sim.recordings();
    if (!recs.empty()) write_rate_recordings(out + "/activity.h5", recs);
    nlohmann::ordered_json j;
    j["lamina_version"] = version();
    j["completed"] = true;
    j["model_source"] = spec.source;
    j["kind"] = "rate";
    j["seed"] = spec.settings.seed;
    j["threads"] = sim.threads();
    j["trials"] = sim.trials();
    j["integrator"] = integrator_name(spec.settings.integrator);
    j["simulated_time_ms"] = sim.time_ms();
    j["units"] = sim.size();
    j["simulation_time_s"] = wall;
    auto recorders = nlohmann::ordered_json::object();
    for (const auto& r : recs)
        recorders[r.name] = {{"population", r.population}, {"variable", r.variable}, {"samples", r.times.size()},
                             {"columns", r.units.size()}};
    j["recorders"] = recorders;
    write_text_file(out + "/summary.json", j.dump(2) + "\n");
    std::cout << "simulated " << sim.time_ms() << " ms of " << sim.size() << " rate units x " << sim.trials()
              << " trials in " << wall << " s (" << sim.threads() << " threads)\n";
    std::cout << "wrote " << out << "/{" << (recs.empty() ? "" : "activity.h5, ") << "summary.json}\n";
    if (recs.empty()) std::cout << "(no [[rate_recorders]] in the model: no activity was recorded)\n";
}

void add_lyapunov_command(CLI::App& app) {
    auto o = std::make_shared<lyapunov_cli>();
    auto* cmd = app.add_subcommand("lyapunov", "Lyapunov spectrum (Benettin/QR) and Kaplan-Yorke dimension of a rate model");
    cmd->add_option("model", o->model, "rate model file (TOML with [rate_populations])")->required();
    cmd->add_option("--k", o->k, "number of leading exponents (default: 10 or all if fewer; 0: all)")
        ->each([o](const std::string&) { o->k_given = true; });
    cmd->add_option("--time", o->time, "averaging time, e.g. \"10 s\"")->capture_default_str();
    cmd->add_option("--transient", o->transient, "discarded transient")->capture_default_str();
    cmd->add_option("--renormalize", o->renormalize, "QR interval")->capture_default_str();
    cmd->add_option("--trial", o->trial, "which trial's trajectory");
    cmd->add_option("--set", o->overrides, "override a model-file key, e.g. --set rate_connections.0.g=2");
    cmd->add_option("--threads,-t", o->threads, "threads (default: the model's simulation.threads)")->check(CLI::Range(1, 1024));
    cmd->callback([o] { lyapunov(*o); });
}

}  // namespace lamina::cli
