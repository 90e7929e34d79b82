#pragma once
// A population of one neuron model, stored as structure of arrays: one contiguous array per
// state variable. The only virtual call is per population and block of neurons, never per neuron.
#include <lamina/model_catalog.hpp>
#include <lamina/network_spec.hpp>

#include "models/model_api.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lamina::engine {

/// Where a thread appends the global ids of neurons that spiked in the current step.
struct spike_sink {
    std::uint32_t* gids;  // capacity: the neurons the thread owns times the epoch length
    std::size_t count;
    std::uint32_t* step_of;  // parallel array: the step the spike is stamped with
    std::int64_t step;
    void push(std::uint32_t gid) {
        gids[count] = gid;
        step_of[count] = static_cast<std::uint32_t>(step);
        ++count;
    }
};

class population_base {
public:
    population_base(std::string name, std::uint64_t size, std::uint64_t first_gid)
        : name_(std::move(name)), size_(size), first_gid_(first_gid) {}
    virtual ~population_base() = default;

    /// Advances neurons [begin, end) by one step. `syn` points at this population's port-0 entries
    /// of the ring slot being read, port p at syn + p * port_stride (the model's ports only);
    /// I_stim at its device currents. Inputs are cleared after use.
    virtual void update(std::size_t begin, std::size_t end, double* syn, std::uint64_t port_stride,
                        const double* I_stim, spike_sink& sink) = 0;
    virtual const neuron_model_info& info() const = 0;
    /// Index of a state variable, or -1.
    virtual int state_index(const std::string& name) const = 0;
    virtual double* state_data(std::size_t index) = 0;
    /// Re-derives the step coefficients after a parameter change. Throws input_error.
    virtual void set_parameter(const std::string& name, double value, double dt) = 0;
    /// A parameter's value for every neuron (drawn or shared). Throws unknown_name_error.
    virtual std::vector<double> parameter_values(const std::string& name) const = 0;

    const std::string& name() const { return name_; }
    std::uint64_t size() const { return size_; }
    std::uint64_t first_gid() const { return first_gid_; }

private:
    std::string name_;
    std::uint64_t size_;
    std::uint64_t first_gid_;
};

/// Creates the population for `spec` (model looked up in the registry), with its parameters set
/// and its state initialised from the spec (distributions drawn per neuron from the
/// initial_state stream of its global id, so the values do not depend on threads).
/// Throws input_error (unknown model or parameter, bad value) naming spec.origin.
std::unique_ptr<population_base> make_population(const population_spec& spec, std::uint64_t first_gid,
                                                 double dt, std::uint64_t seed);

}  // namespace lamina::engine
