#pragma once
// Model-file pieces for the plasticity validation tests: populations of "relay" neurons that fire
// exactly when a spike_times stimulus tells them to (lif_psc_delta, a 100 mV kick against a 50 mV
// threshold, so plastic inputs of up to 10 mV never make them fire unless five coincide), one plastic one_to_one
// connection per rule, and the pre/post spike times of each neuron pair.
#include <lamina/simulation.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace lamina::test {

inline std::string ms(double t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "\"%.17g ms\"", t);
    return buf;
}

inline std::string relay_population(const std::string& name, std::size_t size) {
    return "[populations." + name + "]\nmodel = \"lif_psc_delta\"\nsize = " + std::to_string(size) +
           "\nE_L = \"0 mV\"\nV_reset = \"0 mV\"\nV_th = \"50 mV\"\ntau_m = \"10 ms\"\nt_ref = \"0.5 ms\"\n\n";
}

/// A spike_times stimulus making neuron `neuron` of `population` fire at each of `times` (ms, on
/// the dt grid): the stimulus spikes are sent one step `dt` earlier with delay dt.
inline std::string fire_at(const std::string& population, std::size_t neuron, const std::vector<double>& times,
                           double dt) {
    std::string s = "[[stimuli]]\ntype = \"spike_times\"\ntarget = \"" + population + "\"\nneurons = [" +
                    std::to_string(neuron) + "]\nweight = \"100 mV\"\ndelay = " + ms(dt) + "\ntimes = [";
    for (std::size_t k = 0; k < times.size(); ++k) s += (k ? ", " : "") + ms(times[k] - dt);
    return s + "]\n\n";
}

/// pre -> post, one_to_one, plastic with `synapse` (the inside of the TOML inline table).
inline std::string plastic_pairs(const std::string& pre, const std::string& post, double weight_mV, double delay,
                                 const std::string& synapse) {
    return "[[connections]]\nsource = \"" + pre + "\"\ntarget = \"" + post +
           "\"\nrule = \"one_to_one\"\nweight = \"" + std::to_string(weight_mV) + " mV\"\ndelay = " + ms(delay) +
           "\nsynapse = { " + synapse + " }\n\n";
}

/// The recorded spikes of one population.
inline const population_spikes& spikes_of(const std::vector<population_spikes>& all, const std::string& name) {
    for (const auto& p : all)
        if (p.population == name) return p;
    throw std::runtime_error("no spikes recorded for " + name);
}

/// Spike recorder for the named populations.
inline std::string record_spikes(const std::vector<std::string>& populations) {
    std::string s = "[[recorders]]\ntype = \"spikes\"\npopulations = [";
    for (std::size_t k = 0; k < populations.size(); ++k) s += (k ? ", \"" : "\"") + populations[k] + "\"";
    return s + "]\n\n";
}

/// A weights recorder of connection `label` (all synapses) sampling every `interval_ms`: put
/// the end of each run() on a multiple of it to read the final weights with final_weights().
inline std::string record_weights(const std::string& label, double interval_ms) {
    return "[[recorders]]\ntype = \"weights\"\nconnection = \"" + label + "\"\ninterval = " + ms(interval_ms) + "\n\n";
}

/// The weight magnitudes of connection `label` at the current time (its recorder's last sample,
/// which must be at sim.time_ms()), in recorder order (by target, then generation order).
inline std::vector<double> final_weights(const simulation& sim, const std::string& label) {
    for (const auto& w : sim.weights()) {
        if (w.connection != label) continue;
        if (w.times.empty() || std::abs(w.times.back() - sim.time_ms()) > 1e-9)
            throw std::runtime_error("no weights sample of " + label + " at the end of the run");
        const std::size_t n = w.sources.size();
        std::vector<double> out(w.values.end() - static_cast<std::ptrdiff_t>(n), w.values.end());
        for (double& x : out) x = std::abs(x);
        return out;
    }
    throw std::runtime_error("no weights recorder for " + label);
}

}  // namespace lamina::test
