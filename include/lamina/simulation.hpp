#pragma once
/// @file
/// Builds a network from its description and runs it. `run()` may be called repeatedly to
/// continue the same simulation (e.g. with a stimulus switched on in between).
#include <lamina/communicator.hpp>
#include <lamina/network_spec.hpp>
#include <lamina/spike_trains.hpp>
#include <lamina/units.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lamina {

/// Spikes of one population, sorted by time then node id (SONATA "by_time").
struct population_spikes {
    std::string population;
    std::uint64_t size = 0;               ///< neurons in the population
    std::vector<double> times;            ///< ms
    std::vector<std::uint64_t> node_ids;  ///< index within the population
};

/// One state variable of some neurons sampled at a fixed interval.
struct state_trace {
    std::string population;
    std::string variable;
    lamina::dimension dim = lamina::dimension::dimensionless;
    std::vector<std::uint64_t> node_ids;
    std::vector<double> times;   ///< ms
    std::vector<double> values;  ///< row-major [sample][neuron], canonical unit
};

/// Weights of a plastic connection's synapses sampled at a fixed interval (a "weights" recorder).
/// Synapses are ordered by target, then in the order they were generated for that target; the
/// order does not depend on threads or ranks.
struct weight_trace {
    std::string connection;  ///< the connection's label (its name, or "source->target")
    std::string source, target;  ///< populations
    lamina::dimension dim = lamina::dimension::dimensionless;  ///< the target model's weight unit
    std::vector<std::uint64_t> sources, targets;  ///< per recorded synapse, indices within the populations
    std::vector<double> times;   ///< ms
    std::vector<double> values;  ///< row-major [sample][synapse], signed (inhibitory < 0)
    std::vector<double> mean;    ///< per sample: mean weight over all the connection's synapses
};

struct progress_report {
    double t_ms = 0;      ///< biological time reached
    double t_end_ms = 0;  ///< end of this run() call
    double wall_s = 0;    ///< wall time since this run() started
};

struct run_options {
    /// Called between epochs, at most every `progress_interval_s`, from one of the simulation's
    /// worker threads (not necessarily the caller's): take any lock the callback needs.
    std::function<void(const progress_report&)> on_progress;
    double progress_interval_s = 0.2;
    /// Set to true (from any thread or a signal handler) to stop at the next epoch boundary.
    const std::atomic<bool>* stop = nullptr;
};

class simulation {
public:
    /// Validates and builds the network (connectivity included). Throws input_error naming the
    /// spec element's origin when the description is impossible (e.g. in-degree > source size).
    /// `threads` = 0 takes the spec's simulation.threads. With a communicator of several
    /// processes (MPI ranks), each builds and simulates its share; spikes are exchanged every
    /// epoch and are identical to a single-process run. Collective calls (all ranks must make
    /// them): the constructor, run(), synapse_count(), traces(), weights().
    explicit simulation(network_spec spec, int threads = 0, std::shared_ptr<communicator> comm = nullptr);
    ~simulation();
    simulation(simulation&&) noexcept;
    simulation& operator=(simulation&&) noexcept;

    /// Advances by `duration_ms` (rounded to whole steps). Returns false when stopped early.
    bool run(double duration_ms, const run_options& options = {});

    double time_ms() const;
    double dt() const;
    int threads() const;
    const network_spec& spec() const;

    std::uint64_t neuron_count() const;
    std::uint64_t synapse_count() const;
    double build_seconds() const;
    double simulate_seconds() const;  ///< summed over run() calls
    /// Time this process spent in the spike exchange (waiting for other ranks included).
    double communicate_seconds() const;
    std::uint64_t epochs() const;     ///< spike exchanges so far (min-delay epochs)

    /// Recorded spikes, one entry per population named in a spikes recorder.
    std::vector<population_spikes> spikes() const;
    /// Recorded spikes of one population as spike trains over [0, time_ms()].
    spike_trains spike_trains_of(const std::string& population) const;
    std::vector<state_trace> traces() const;
    /// Samples of the weights recorders (collective: all ranks take part).
    std::vector<weight_trace> weights() const;

    /// Changes a model parameter of a whole population between runs (canonical unit).
    void set_parameter(const std::string& population, const std::string& name, double value);
    /// A model parameter's value for each neuron of a population (canonical unit): drawn per
    /// neuron where the model file gave a distribution, else the shared value repeated.
    std::vector<double> parameter_values(const std::string& population, const std::string& name) const;
    /// Changes a state variable of chosen neurons (all when `neurons` is empty) between runs.
    void set_state(const std::string& population, const std::string& name, double value,
                   const std::vector<std::uint64_t>& neurons = {});
    /// Adds a stimulus between runs (times are absolute, in ms).
    void add_stimulus(const stimulus_spec& stimulus);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// What validating a spec without building it found.
struct network_estimate {
    std::uint64_t neurons = 0;
    double synapses = 0.0;      ///< expected number (exact for all rules but pairwise_bernoulli)
    double memory_bytes = 0.0;  ///< estimated peak while building
};

/// Runs every check the constructor runs (models, parameters, rules, delays, memory) without
/// generating synapses. Throws input_error as the constructor would.
network_estimate validate(const network_spec& spec);

/// lamina's version string, e.g. "0.1.0".
const char* version();

}  // namespace lamina
