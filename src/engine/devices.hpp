#pragma once
// Stimulus devices, lowered to step-indexed actions on the neurons a worker owns:
//  - current devices (dc, step_current) become (step, delta) changes of the injected current;
//  - Ornstein-Uhlenbeck noise currents keep one value per target and add its change each step;
//    each (neuron, step) draws from its own stream;
//  - Poisson inputs add Poisson(rate * dt) events of their weight to the ring slot being read;
//    each (neuron, group of 4 steps) draws from its own stream (one word per step; means of 10
//    or more per step: one stream per (neuron, step)), so input does not depend on the partition;
//  - spike-time generators write their spikes into the ring slots of their arrival steps.
#include <lamina/model_catalog.hpp>
#include <lamina/network_spec.hpp>

#include "engine/partition.hpp"
#include "engine/ring_buffer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lamina::engine {

/// A device's targets: all neurons of a population, or a sorted list of them.
struct target_set {
    std::uint64_t first_gid = 0;
    std::uint64_t population_size = 0;
    std::vector<std::uint64_t> indices;  // within the population; empty = all

    /// Calls f(gid) for every target the worker owns.
    template <class F>
    void for_owned(const partition& part, int worker, F&& f) const;
};

class device_set {
public:
    device_set() = default;
    device_set(std::uint64_t seed, double dt) : seed_(seed), dt_(dt) {}

    /// Lowers a stimulus onto its targets. `index` names its random streams; `target_model` is the
    /// target population's model, against which s.receptor is resolved (required when a receptor
    /// is named). Throws input_error naming s.origin for bad times, amplitudes or receptor.
    /// `now_step`: the step the simulation has reached (a named ou_noise process must not have
    /// started when a stimulus joins it).
    void add(const stimulus_spec& s, target_set targets, std::uint32_t index,
             const neuron_model_info* target_model = nullptr, std::int64_t now_step = 0);

    /// Current changes taking effect at `step` (the update from step to step + 1), noise
    /// currents included (hence not const: they advance their own state by one step).
    void apply_currents(std::int64_t step, const partition& part, int worker, double* I_stim);
    /// Sizes the per-worker caches of Poisson input for workers [first_worker, first_worker + n)
    /// (this process's), so that add_poisson allocates nothing; call before each run. Without
    /// it add_poisson gives the same counts, computing a block per step.
    void prepare_poisson(const partition& part, int first_worker, int n_workers);
    /// Poisson input arriving at `arrival_step`, added to the ring. Not const: a worker refills
    /// its own cache of the current 4-step group (no other worker touches it).
    void add_poisson(std::int64_t arrival_step, const partition& part, int worker, ring_buffer& ring);
    /// Generator spikes arriving in [first, last], added to the ring.
    void add_generated(std::int64_t first, std::int64_t last, const partition& part, int worker,
                       ring_buffer& ring) const;

private:
    struct current_device {
        target_set targets;
        std::vector<std::pair<std::int64_t, double>> changes;  // (step, delta pA), sorted
    };
    struct poisson_device {
        target_set targets;
        double mean_per_step;
        double weight;
        int port;
        std::int64_t start_step, stop_step;  // active for arrival steps in (start, stop]
        std::uint32_t stream;
        // Inversion table for means below rng_stream::small_mean_limit: count n has probability
        // P(threshold[n-1] <= u < threshold[n]) for a 32-bit uniform u (devices.cpp).
        std::vector<double> threshold;
        // Per local worker: the words of the 4-step group `group` of its owned targets, word j
        // of target i at words[j * owned + i] (whole-population devices only).
        struct group_words {
            std::int64_t group = -1;
            std::vector<std::uint32_t> words;
        };
        std::vector<group_words> cache;
        int first_worker = 0;
    };
    // I <- mean + (I - mean) decay + kick xi with decay = e^{-dt/tau}, kick = std sqrt(1 - decay^2):
    // the exact transition of the OU process over one step (Gillespie 1996, Phys Rev E 54:2084),
    // so the stationary law N(mean, std^2) and the autocorrelation e^{-|t|/tau} hold for any dt.
    struct noise_device {
        target_set targets;
        double mean, std_dev, decay, kick;
        std::int64_t start_step, stop_step;  // active for the updates from steps in [start, stop)
        std::uint32_t stream;         // the stimulus' index; a named process: its first stimulus'
        bool shared;                  // one current for all targets: the stream is not keyed by neuron
        std::vector<double> current;  // pA, per index in the population; NaN = not being injected
    };
    struct generator_device {
        target_set targets;
        std::vector<std::int64_t> arrivals;  // sorted
        double weight;
        int port;
    };
    // An ou_noise process named by `shared = "name"`: its first stimulus' stream, tau and window.
    struct named_process {
        std::string name, where;
        std::uint32_t stream;
        double tau, start;
        std::optional<double> stop;
        std::int64_t start_step, stop_step;
    };
    const named_process& join_process(const stimulus_spec& s, const std::string& where, std::uint32_t index,
                                      std::int64_t now_step);
    void advance_noise(noise_device& d, std::int64_t step, const partition& part, int worker, double* I_stim);

    std::uint64_t seed_ = 0;
    double dt_ = 0.1;
    std::vector<current_device> currents_;
    std::vector<poisson_device> poissons_;
    std::vector<noise_device> noises_;
    std::vector<generator_device> generators_;
    std::vector<named_process> processes_;
};

template <class F>
void target_set::for_owned(const partition& part, int worker, F&& f) const {
    const index_range owned = part.block(population_size, worker);
    if (indices.empty()) {
        for (auto i = owned.begin; i < owned.end; ++i) f(first_gid + i);
        return;
    }
    for (auto i : indices)
        if (owned.contains(i)) f(first_gid + i);
}

}  // namespace lamina::engine
