// lamina check MODEL: every validation of `run`, without generating synapses or simulating.
#include <lamina/model_file.hpp>
#include <lamina/rate_models.hpp>
#include <lamina/rate_network.hpp>
#include <lamina/simulation.hpp>

#include "commands.hpp"

#include <iostream>

namespace lamina::cli {

void add_check_command(CLI::App& app) {
    auto model = std::make_shared<std::string>();
    auto overrides = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand("check", "Validate a model file without running it");
    cmd->add_option("model", *model, "model file (TOML)")->required();
    cmd->add_option("--set", *overrides, "override a model-file key");
    cmd->callback([model, overrides] {
        if (is_negative_image_model_file(*model)) {
            const auto s = load_negative_image_model(*model, *overrides);
            std::cout << *model << ": ok: negative image, " << s.chains << " granule chains of " << s.chain_length
                      << " units, " << s.cycles << " cycles of " << s.cycle_ms << " ms\n";
            return;
        }
        if (is_rate_model_file(*model)) {
            // The loader checks every key, unit and shape; the engine's checks (sizes against
            // files, covariances) run when it builds, which for a rate model is cheap.
            const auto spec = load_rate_model_file(*model, *overrides);
            const rate_simulation sim(spec, 1);
            std::cout << *model << ": ok: rate model, " << spec.populations.size() << " populations, " << sim.size()
                      << " units, " << spec.connections.size() << " connection blocks, " << spec.inputs.size()
                      << " inputs, " << spec.recorders.size() << " recorders, " << spec.settings.trials << " trials\n";
            return;
        }
        const auto spec = load_model_file(*model, *overrides);
        const auto estimate = validate(spec);
        std::cout << *model << ": ok: " << spec.populations.size() << " populations, " << estimate.neurons
                  << " neurons, about " << static_cast<std::uint64_t>(estimate.synapses) << " synapses, "
                  << spec.stimuli.size() << " stimuli, " << spec.recorders.size() << " recorders; about "
                  << estimate.memory_bytes / 1e6 << " MB to build\n";
    });
}

}  // namespace lamina::cli
