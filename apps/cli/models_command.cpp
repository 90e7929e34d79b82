// lamina models: every neuron and device model with its parameters, defaults and units.
#include <lamina/model_catalog.hpp>

#include "commands.hpp"

#include <cmath>
#include <iomanip>
#include <iostream>

namespace lamina::cli {
namespace {

std::string shown(const parameter_info& p) {
    if (std::isnan(p.default_value)) return "-";
    if (std::isinf(p.default_value)) return p.default_value > 0 ? "inf" : "-inf";
    return format_quantity(p.default_value, p.dim);
}

void print_table(const std::vector<parameter_info>& rows) {
    for (const auto& p : rows)
        std::cout << "    " << std::left << std::setw(18) << p.name << std::setw(16) << shown(p) << p.doc << "\n";
}

}  // namespace

void add_models_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("models", "List neuron and device models with parameters, defaults and units");
    cmd->callback([] {
        std::cout << "Neuron models (name = value with unit in [populations.<name>])\n";
        for (const auto& m : neuron_models()) {
            std::cout << "\n" << m.name << ": " << m.summary << "\n  synaptic weights in "
                      << (m.weight_dim == dimension::dimensionless ? "(dimensionless)" : std::string(canonical_unit(m.weight_dim)))
                      << "; reference: " << m.reference << "\n  parameters:\n";
            print_table(m.parameters);
            std::cout << "  state (initial values may be distributions):\n";
            print_table(m.state);
            std::cout << "  receptors (receptor = \"...\" in [[connections]] and spike stimuli; port order):\n";
            for (const auto& r : m.receptors)
                std::cout << "    " << std::left << std::setw(18) << r.name << std::setw(16)
                          << (r.inhibitory ? "inhibitory" : "excitatory") << r.doc << "\n";
        }
        std::cout << "\nSynapse models ([[connections]])\n\n"
                     "static: a fixed weight and delay per synapse; the PSC or conductance shape is the\n"
                     "  target neuron model's (delta, exponential, alpha), as in NEST.\n"
                     "    weight            -               in the target model's weight unit; the sign selects the\n"
                     "                                      port (< 0 inhibitory) unless receptor is given\n"
                     "    delay             -               ms, at least dt; rounded to whole steps\n"
                     "    receptor          from the sign    one of the target model's receptors (above); every model\n"
                     "                                      takes \"excitatory\" and \"inhibitory\" (synapse = \"...\"\n"
                     "                                      is the older name of this key)\n";
        std::cout << "\nPlastic synapse models ([[connections]] synapse = { model = \"...\", <parameter> = ... })\n";
        for (const auto& m : synapse_models()) {
            std::cout << "\n" << m.name << " (" << (m.short_term ? "short-term" : "long-term") << "): " << m.summary
                      << "\n  reference: " << m.reference << "\n  parameters:\n";
            for (const auto& p : m.parameters) {
                const std::string value = p.in_weight_unit ? shown(p) + " (weight unit)" : shown(p);
                std::cout << "    " << std::left << std::setw(18) << p.name << std::setw(16) << value << " " << p.doc
                          << "\n";
            }
        }
        std::cout << "\nStimulus devices ([[stimuli]] type = ...)\n";
        for (const auto& d : device_models()) {
            std::cout << "\n" << d.name << ": " << d.summary << "\n";
            print_table(d.parameters);
        }
    });
}

}  // namespace lamina::cli
