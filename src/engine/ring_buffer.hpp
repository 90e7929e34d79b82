#pragma once
// Synaptic input waiting to arrive, per receptor port and neuron, for the next n_slots steps.
// Slot of arrival step a is a mod n_slots; a neuron's update reads and clears its own entries.
// Layout [slot][port][neuron]: the ports of one slot are n_neurons apart, so a population reads
// all of its ports from one pointer and a stride. The number of ports is the largest of the
// network's models (at least 2), so two-port networks keep exactly their old size. The entries
// are on huge pages where the system allows (113 MB in the full microcircuit, written and read at
// random by delivery), and start at zero as the kernel hands them out.
#include "core/huge_page_allocation.hpp"

#include <cstdint>

namespace lamina::engine {

class ring_buffer {
public:
    ring_buffer() = default;
    ring_buffer(std::uint64_t n_neurons, std::int64_t n_slots, int n_ports = 2)
        : n_neurons_(n_neurons), n_slots_(n_slots), n_ports_(static_cast<std::uint64_t>(n_ports)),
          data_(core::allocate_huge_pages<double>(static_cast<std::size_t>(n_slots) * n_ports_ * n_neurons)) {}

    /// Entries of all neurons for one port at an arrival step.
    double* at(std::int64_t arrival_step, int port) {
        const auto slot = static_cast<std::uint64_t>(arrival_step % n_slots_);
        return data_.get() + (slot * n_ports_ + static_cast<std::uint64_t>(port)) * n_neurons_;
    }
    std::int64_t slots() const { return n_slots_; }
    int ports() const { return static_cast<int>(n_ports_); }
    /// Distance between the entries of one neuron on consecutive ports.
    std::uint64_t port_stride() const { return n_neurons_; }

private:
    std::uint64_t n_neurons_ = 0;
    std::int64_t n_slots_ = 1;
    std::uint64_t n_ports_ = 2;
    core::huge_page_ptr<double> data_;
};

}  // namespace lamina::engine
