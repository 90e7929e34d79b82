#pragma once
// Synaptic input waiting to arrive, per receptor port and neuron, for the next n_slots steps.
// Slot of arrival step a is a mod n_slots; a neuron's update reads and clears its own entries.
#include <cstdint>
#include <vector>

namespace lamina::engine {

class ring_buffer {
public:
    ring_buffer() = default;
    ring_buffer(std::uint64_t n_neurons, std::int64_t n_slots)
        : n_neurons_(n_neurons), n_slots_(n_slots), data_(static_cast<std::size_t>(n_slots) * 2 * n_neurons, 0.0) {}

    /// Entries of all neurons for one port (0 excitatory, 1 inhibitory) at an arrival step.
    double* at(std::int64_t arrival_step, int port) {
        const auto slot = static_cast<std::uint64_t>(arrival_step % n_slots_);
        return data_.data() + (slot * 2 + static_cast<std::uint64_t>(port)) * n_neurons_;
    }
    std::int64_t slots() const { return n_slots_; }

private:
    std::uint64_t n_neurons_ = 0;
    std::int64_t n_slots_ = 1;
    std::vector<double> data_;
};

}  // namespace lamina::engine
