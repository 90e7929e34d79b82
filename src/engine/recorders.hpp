#pragma once
// Spike and state recorders. They live outside the neuron update: spikes are collected from
// each epoch's exchanged list; state is sampled after a step into arrays sized before the run.
#include <lamina/network_spec.hpp>
#include <lamina/simulation.hpp>

#include "comm/communicator.hpp"
#include "engine/network.hpp"

#include <cstdint>
#include <vector>

namespace lamina::engine {

using lamina::spike_event;

class spike_recorder {
public:
    void init(const network& net, const std::vector<recorder_spec>& specs);
    /// Appends the events (sorted by step then gid) of recorded populations.
    void record(const network& net, const std::vector<spike_event>& events);
    std::vector<population_spikes> result(double dt) const;
    bool records(const std::string& population) const;

private:
    std::vector<int> slot_of_population_;  // -1: not recorded
    std::vector<std::size_t> population_of_slot_;
    std::vector<std::vector<std::int64_t>> steps_;
    std::vector<std::vector<std::uint64_t>> ids_;
    std::vector<std::string> names_;
    std::vector<std::uint64_t> sizes_;
};

class state_recorder {
public:
    void init(const network& net, const std::vector<recorder_spec>& specs);
    /// Sizes the sample arrays for steps (from, to]; called before a run, outside the step loop.
    void prepare(std::int64_t from_step, std::int64_t to_step);
    /// Samples what `worker` owns, if `step` is a sampling step.
    void sample(std::int64_t step, const partition& part, int worker);
    std::vector<state_trace> result(double dt) const;

private:
    struct channel {
        population_base* population;
        std::string variable;
        lamina::dimension dim;
        std::size_t state;
        std::vector<std::uint64_t> neurons;
        std::int64_t interval;
        std::vector<std::int64_t> steps;
        std::vector<double> values;  // [sample][neuron]
        std::size_t filled = 0;     // samples completed before this run
    };
    std::vector<channel> channels_;
};

}  // namespace lamina::engine
