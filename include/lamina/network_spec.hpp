#pragma once
/// @file
/// The user-facing description of a network, in canonical units (ms, mV, pA, nS, pF, Hz).
/// Built by the TOML loader or the Python API and lowered once by the engine into its
/// structure-of-arrays form. Every element carries `origin` ("model.toml:12") so that errors
/// found later (an impossible rule, say) still name the place the user wrote it.
#include <lamina/spatial_spec.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lamina {

/// A value that is either a constant or drawn per element from a distribution.
struct distribution {
    enum class kind { constant, uniform, normal, lognormal, exponential };
    kind type = kind::constant;
    double a = 0.0;  ///< constant value; uniform low; normal/lognormal mean; exponential mean
    double b = 0.0;  ///< uniform high; normal/lognormal std (of the value, not of its log)
    /// Optional truncation (values redrawn until inside [min, max]).
    std::optional<double> min, max;

    static distribution constant(double v) { return {kind::constant, v, 0.0, {}, {}}; }
    bool is_constant() const { return type == kind::constant; }
};

struct simulation_spec {
    double dt = 0.1;          ///< ms
    double duration = 1000;   ///< ms
    std::uint64_t seed = 1;
    int threads = 1;
    /// Neuron steps per thread and epoch below which the epoch loop runs on fewer threads (each
    /// then advancing several threads' shares in turn; results unchanged): with less work than
    /// this, the barrier between epochs costs more than a second thread gains. 0: all threads.
    std::uint64_t min_neuron_steps_per_thread = 20'000;
    std::string origin;
};

struct population_spec {
    std::string name;
    std::string model;
    std::uint64_t size = 0;
    /// Model parameters that differ from the model's defaults (canonical units).
    std::map<std::string, double> params;
    /// Parameters that differ between neurons: drawn per neuron (canonical units) from the
    /// neuron_parameter stream of its global id, so they do not depend on threads or ranks.
    /// A key is in `params` or here, not both.
    std::map<std::string, distribution> param_distributions;
    /// Keys of param_distributions sampled at quantiles (model files: sampling = "quantiles"):
    /// the n neurons get the values at (i + 0.5) / n, in a random order keyed by (seed,
    /// population, parameter), so every seed gives the same set of values and only who gets
    /// which changes. The others are independent draws.
    std::set<std::string> quantile_parameters;
    /// Initial values of state variables (e.g. V_m), constant or distributed.
    std::map<std::string, distribution> initial;
    std::optional<layout_spec> layout;  ///< neuron positions, for regions and virtual MEAs
    std::string origin;
};

enum class connection_rule { fixed_indegree, fixed_outdegree, pairwise_bernoulli, fixed_total_number,
                             one_to_one, all_to_all };

/// The synapse model of a connection: "static" (fixed weights, the default), a short-term rule
/// ("tsodyks_markram") or a long-term rule ("stdp", "stdp_nn", ...); `lamina models` lists them.
/// Parameters not given take the model's defaults; weights (w_max, ...) are in the target
/// model's weight unit.
struct synapse_spec {
    std::string model = "static";
    std::map<std::string, double> params;  ///< canonical units
    std::string origin;
    bool is_static() const { return model == "static"; }
};

struct connection_spec {
    /// Optional; names the connection in weight recorders and output (default "source->target").
    std::string name;
    std::string source, target;
    connection_rule rule = connection_rule::fixed_indegree;
    std::uint64_t indegree = 0, outdegree = 0, total = 0;  ///< per rule
    double probability = 0.0;                              ///< pairwise_bernoulli
    bool allow_autapses = true, allow_multapses = true;
    distribution weight;  ///< in the target model's weight unit (mV, pA or nS)
    distribution delay = distribution::constant(1.0);  ///< ms
    /// Receptor of the target model (e.g. "NMDA"; every model takes "excitatory" and
    /// "inhibitory"). Unset: the weight's sign chooses excitatory (>= 0) or inhibitory (< 0), as in
    /// NEST. Set: the weight's magnitude is used, with the receptor's sign convention.
    std::optional<std::string> receptor;
    synapse_spec synapse;
    std::string origin;
    /// The name weight recorders use: `name`, or "source->target" when none was given.
    std::string label() const { return name.empty() ? source + "->" + target : name; }
};

enum class stimulus_kind { poisson, dc, step_current, spike_times, ou_noise };

struct stimulus_spec {
    stimulus_kind kind = stimulus_kind::poisson;
    std::string target;                   ///< population
    std::vector<std::uint64_t> neurons;   ///< indices within the population; empty = all
    double rate = 0.0;                    ///< Hz, poisson (independent per neuron)
    double weight = 0.0;                  ///< poisson/spike_times, in the target's weight unit
    double delay = 0.0;                   ///< ms, spike_times
    double amplitude = 0.0;               ///< pA, dc
    std::vector<double> times;            ///< ms: step_current change times, or spike times
    std::vector<double> amplitudes;       ///< pA, step_current
    double mean = 0.0;                    ///< pA, ou_noise: the current's mean
    double std_dev = 0.0;                 ///< pA, ou_noise: its stationary standard deviation
    double tau = 0.0;                     ///< ms, ou_noise: its correlation time
    bool shared = false;                  ///< ou_noise: one current common to all targets
    /// ou_noise: a named unit process z(t) common to every ou_noise stimulus with this name (each
    /// injects its own mean + std z(t)); non-empty implies `shared`. Model files: shared = "name".
    std::string shared_process;
    double start = 0.0;                   ///< ms
    std::optional<double> stop;           ///< ms; unset = until the end
    std::optional<std::string> receptor;  ///< poisson/spike_times, as connection_spec::receptor
    std::optional<region_spec> region;   ///< targets the neurons inside it (needs a layout)
    std::string origin;
};

struct recorder_spec {
    enum class kind { spikes, state, weights, mea };
    kind type = kind::spikes;
    std::vector<std::string> populations;  ///< spikes: these; state: exactly one
    std::vector<std::string> variables;    ///< state variables, e.g. V_m
    /// state: indices within the population; weights: target neurons whose incoming synapses
    /// are recorded (empty = all synapses of the connection)
    std::vector<std::uint64_t> neurons;
    std::string connection;                ///< weights: a connection's label (name or "source->target")
    double interval = 0.1;                 ///< ms, sampling interval
    mea_spec mea;                          ///< mea: the electrode grid (populations: those it sees)
    std::string origin;
};

struct network_spec {
    simulation_spec simulation;
    std::vector<population_spec> populations;
    std::vector<connection_spec> connections;
    std::vector<stimulus_spec> stimuli;
    std::vector<recorder_spec> recorders;
    /// Where it came from (a file path, or "python"), for messages and the run summary.
    std::string source;
};

std::string to_string(connection_rule r);
std::string to_string(stimulus_kind k);

}  // namespace lamina
