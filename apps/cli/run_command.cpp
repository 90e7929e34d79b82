// lamina run MODEL --out DIR: simulate, then write spikes.h5, traces.h5, weights.h5 and summary.json.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/outputs.hpp>
#include <lamina/rate_models.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spatial.hpp>
#include <lamina/spike_statistics.hpp>

#include "commands.hpp"
#include "progress_bar.hpp"

#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>

namespace lamina::cli {
namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_sigint(int) { interrupted.store(true); }

struct run_options_cli {
    std::string model;
    std::string out = "runs/out";
    std::vector<std::string> overrides;
    int threads = 0;
};

nlohmann::ordered_json summarize(const simulation& sim, bool completed, int ranks) {
    using json = nlohmann::ordered_json;
    json pops = json::object();
    for (const auto& p : sim.spikes()) {
        const auto trains = spike_trains::from_pairs(p.times, p.node_ids, p.size, 0.0, sim.time_ms());
        const double cv = analysis::mean_finite(analysis::cv_isi(trains));
        pops[p.population] = {{"neurons", p.size},
                              {"spikes", p.times.size()},
                              {"mean_rate_Hz", analysis::mean_finite(analysis::firing_rates(trains))},
                              {"mean_cv_isi", std::isfinite(cv) ? json(cv) : json(nullptr)}};
    }
    const double bio_s = sim.time_ms() * 1e-3;
    json j;
    j["lamina_version"] = version();
    j["completed"] = completed;
    j["model_source"] = sim.spec().source;
    j["seed"] = sim.spec().simulation.seed;
    j["threads"] = sim.threads();
    j["ranks"] = ranks;
    j["simulated_time_ms"] = sim.time_ms();
    j["neurons"] = sim.neuron_count();
    j["synapses"] = sim.synapse_count();
    j["build_time_s"] = sim.build_seconds();
    j["simulation_time_s"] = sim.simulate_seconds();
    j["real_time_factor"] = bio_s > 0.0 ? sim.simulate_seconds() / bio_s : 0.0;
    j["epochs"] = sim.epochs();
    j["communication_time_s"] = sim.communicate_seconds();
    j["populations"] = pops;
    j["model"] = json::parse(model_to_json(sim.spec()));
    return j;
}

void run(const run_options_cli& o, const std::shared_ptr<communicator>& comm) {
    if (is_rate_model_file(o.model) || is_negative_image_model_file(o.model)) {
        if (comm->size() > 1) throw input_error(o.model + ": rate models run in one process; start without mpirun");
        run_rate_model(o.model, o.out, o.overrides, o.threads);
        return;
    }
    network_spec spec = load_model_file(o.model, o.overrides);
    namespace fs = std::filesystem;
    const bool writer = comm->rank() == 0;  // every rank holds all spikes after the exchange
    simulation sim(spec, o.threads, comm);  // validates: a bad model leaves no output directory
    if (writer) {
        std::error_code ec;
        fs::create_directories(o.out, ec);
        if (ec) throw file_error(o.out + ": cannot create the output directory: " + ec.message());
    }
    progress_bar bar;
    run_options options;
    options.stop = &interrupted;
    if (bar.enabled() && writer) options.on_progress = [&](const progress_report& r) { bar.update(r); };
    std::signal(SIGINT, on_sigint);
    const bool completed = sim.run(spec.simulation.duration, options);
    std::signal(SIGINT, SIG_DFL);
    bar.finish();

    const auto traces = sim.traces();          // collective: all ranks take part
    const auto weights = sim.weights();        // collective
    const auto summary = summarize(sim, completed, comm->size());
    if (!writer) {
        if (!completed) std::exit(130);
        return;
    }
    write_spike_report(o.out + "/spikes.h5", sim.spikes(), 0.0, sim.time_ms());
    if (!traces.empty()) write_traces(o.out + "/traces.h5", traces);
    if (!weights.empty()) write_weights(o.out + "/weights.h5", weights);
    std::vector<std::string> written{"spikes.h5"};
    if (!traces.empty()) written.push_back("traces.h5");
    for (const auto& r : sim.spec().recorders)
        if (r.type == recorder_spec::kind::mea) {
            write_mea_file(o.out + "/" + r.mea.file, virtual_mea(sim.spec(), sim.spikes(), r, sim.time_ms()));
            written.push_back(r.mea.file);
        }
    if (!weights.empty()) written.push_back("weights.h5");
    written.push_back("summary.json");
    write_text_file(o.out + "/summary.json", summary.dump(2) + "\n");

    std::cout << "simulated " << sim.time_ms() << " ms of " << sim.neuron_count() << " neurons and "
              << summary["synapses"] << " synapses in " << sim.simulate_seconds() << " s (build "
              << sim.build_seconds() << " s, " << sim.threads() << " threads"
              << (comm->size() > 1 ? " x " + std::to_string(comm->size()) + " ranks" : std::string()) << ")\n";
    for (const auto& [name, p] : summary["populations"].items())
        std::cout << "  " << name << ": " << p["spikes"] << " spikes, " << p["mean_rate_Hz"] << " Hz, CV ISI "
                  << p["mean_cv_isi"] << "\n";
    std::cout << "wrote " << o.out << "/{";
    for (std::size_t k = 0; k < written.size(); ++k) std::cout << (k ? ", " : "") << written[k];
    std::cout << "}\n";
    if (!completed) {
        std::cerr << "lamina: interrupted at " << sim.time_ms() << " ms; the outputs hold the run so far "
                  << "(summary.json says \"completed\": false)\n";
        std::exit(130);
    }
}

}  // namespace

void add_run_command(CLI::App& app, std::shared_ptr<communicator> comm) {
    auto opts = std::make_shared<run_options_cli>();
    auto* cmd = app.add_subcommand("run", "Simulate a model file and write spikes, traces and a summary");
    cmd->add_option("model", opts->model, "model file (TOML)")->required();
    cmd->add_option("--out,-o", opts->out, "output directory")->capture_default_str();
    cmd->add_option("--set", opts->overrides, "override a model-file key, e.g. --set populations.E.size=2000");
    cmd->add_option("--threads,-t", opts->threads, "threads (default: the model's simulation.threads)")
        ->check(CLI::Range(1, 1024));
    cmd->callback([opts, comm] { run(*opts, comm); });
}

}  // namespace lamina::cli
