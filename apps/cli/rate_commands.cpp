// Rate models on the command line: `lamina run` hands a file with [rate_populations] (or a
// [negative_image] section) here (activity.h5 and summary.json, with a progress line on a
// terminal and Ctrl-C writing what was simulated, as for spiking runs), and `lamina lyapunov MODEL` prints the Lyapunov spectrum.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/outputs.hpp>
#include <lamina/rate_models.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/simulation.hpp>
#include <lamina/units.hpp>

#include "commands.hpp"
#include "progress_bar.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
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

namespace {

std::atomic<bool> rate_interrupted{false};
extern "C" void on_rate_sigint(int) { rate_interrupted.store(true); }

// The electric-fish negative image from its model file ([negative_image]): the same model as
// lamina.rate_theory.learn_negative_image; writes negative_image.h5 (basis, self input, weights
// and error per cycle, final output) and summary.json.
void run_negative_image_model(const std::string& model, const std::string& out, const std::vector<std::string>& overrides) {
    const auto s = load_negative_image_model(model, overrides);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw file_error(out + ": cannot create the output directory: " + ec.message());
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = learn_negative_image(s);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<double> times(r.T), cycles(r.error.size());
    for (std::uint64_t t = 0; t < r.T; ++t) times[t] = static_cast<double>(t) * s.dt_ms;
    for (std::size_t c = 0; c < cycles.size(); ++c) cycles[c] = static_cast<double>(c);
    std::vector<double> output(r.T);  // v(t) after the last cycle
    const double* w = r.weights.data() + (r.weights.size() - r.B);
    for (std::uint64_t t = 0; t < r.T; ++t) {
        double v = r.self_input[t];
        for (std::uint64_t b = 0; b < r.B; ++b) v += w[b] * r.basis[t * r.B + b];
        output[t] = v;
    }
    auto rec = [](std::string name, std::string var, std::vector<double> time, std::uint64_t cols, std::vector<double> values) {
        rate_recording x;
        x.name = std::move(name);
        x.population = "negative_image";
        x.variable = std::move(var);
        for (std::uint64_t c = 0; c < cols; ++c) x.units.push_back(c);
        x.times = std::move(time);
        x.trials = 1;
        x.values = std::move(values);
        return x;
    };
    write_rate_recordings(out + "/negative_image.h5",
                          {rec("basis", "x", times, r.B, r.basis), rec("self_input", "x", times, 1, r.self_input),
                           rec("output", "x", times, 1, output), rec("weights", "x", cycles, r.B, r.weights),
                           rec("error", "x", cycles, 1, r.error)});
    nlohmann::ordered_json j;
    j["lamina_version"] = version();
    j["completed"] = true;
    j["model_source"] = model;
    j["kind"] = "negative_image";
    j["cycles"] = s.cycles;
    j["eta"] = r.eta;
    j["initial_error"] = r.error.front();
    j["final_error"] = r.error.back();
    j["simulation_time_s"] = wall;
    j["model"] = {{"dt_ms", s.dt_ms}, {"chains", s.chains}, {"chain_length", s.chain_length}, {"tau_ms", s.tau_ms},
                  {"command_ms", s.command_ms}, {"cycle_ms", s.cycle_ms}, {"cycles", s.cycles}, {"eta", s.eta},
                  {"baseline", s.baseline}, {"self_input_samples", r.T}};
    write_text_file(out + "/summary.json", j.dump(2) + "\n");
    std::cout << "learned the negative image over " << s.cycles << " cycles of " << s.cycle_ms << " ms: error "
              << r.error.front() << " -> " << r.error.back() << " (" << wall << " s)\n";
    std::cout << "wrote " << out << "/{negative_image.h5, summary.json}\n";
}

}  // namespace

void run_rate_model(const std::string& model, const std::string& out, const std::vector<std::string>& overrides,
                    int threads) {
    if (is_negative_image_model_file(model)) return run_negative_image_model(model, out, overrides);
    const auto spec = load_rate_model_file(model, overrides);
    rate_simulation sim(spec, threads);  // validates before any output exists
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw file_error(out + ": cannot create the output directory: " + ec.message());
    // Step by step, so that Ctrl-C stops at a step boundary and a terminal sees progress (the
    // per-call cost is negligible against a step); quiet when stderr is not a terminal.
    progress_bar bar;
    const auto steps = static_cast<std::uint64_t>(std::llround(spec.settings.duration / sim.dt()));
    const auto t0 = std::chrono::steady_clock::now();
    auto last_report = t0;
    rate_interrupted.store(false);
    std::signal(SIGINT, on_rate_sigint);
    std::uint64_t done = 0;
    for (; done < steps && !rate_interrupted.load(); ++done) {
        sim.run(sim.dt());
        if (!bar.enabled()) continue;
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last_report).count() >= 0.2) {
            bar.update({sim.time_ms(), static_cast<double>(steps) * sim.dt(), std::chrono::duration<double>(now - t0).count()});
            last_report = now;
        }
    }
    std::signal(SIGINT, SIG_DFL);
    bar.finish();
    const bool completed = done == steps;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto recs = sim.recordings();
    if (!recs.empty()) write_rate_recordings(out + "/activity.h5", recs);
    nlohmann::ordered_json j;
    j["lamina_version"] = version();
    j["completed"] = completed;
    j["model_source"] = spec.source;
    j["kind"] = "rate";
    j["seed"] = spec.settings.seed;
    j["threads"] = sim.threads();
    j["trials"] = sim.trials();
    j["integrator"] = integrator_name(spec.settings.integrator);
    j["simulated_time_ms"] = sim.time_ms();
    j["units"] = sim.size();
    j["simulation_time_s"] = wall;
    const double bio_s = sim.time_ms() * 1e-3;
    j["real_time_factor"] = bio_s > 0.0 ? wall / bio_s : 0.0;
    auto recorders = nlohmann::ordered_json::object();
    for (const auto& r : recs)
        recorders[r.name] = {{"population", r.population}, {"variable", r.variable}, {"samples", r.times.size()},
                             {"columns", r.units.size()}};
    j["recorders"] = recorders;
    j["model"] = nlohmann::ordered_json::parse(rate_model_to_json(sim.spec()));
    write_text_file(out + "/summary.json", j.dump(2) + "\n");
    std::cout << "simulated " << sim.time_ms() << " ms of " << sim.size() << " rate units x " << sim.trials()
              << " trials in " << wall << " s (" << sim.threads() << " threads)\n";
    std::cout << "wrote " << out << "/{" << (recs.empty() ? "" : "activity.h5, ") << "summary.json}\n";
    if (recs.empty()) std::cout << "(no [[rate_recorders]] in the model: no activity was recorded)\n";
    if (!completed) {
        std::cerr << "lamina: interrupted at " << sim.time_ms() << " ms; the outputs hold the run so far "
                  << "(summary.json says \"completed\": false)\n";
        std::exit(130);
    }
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
