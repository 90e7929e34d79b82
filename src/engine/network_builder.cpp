#include <lamina/error.hpp>
#include <lamina/spatial.hpp>

#include "engine/connectivity.hpp"
#include "engine/network.hpp"
#include "engine/recorders.hpp"
#include "engine/static_synapse_builder.hpp"
#include "engine/weight_recorder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace lamina::engine {
namespace {

// Bytes per static synapse while building: the table itself (u16 target + float weight, plus
// runs of (delay, port, target high bits) and the build's counters at ~0.5 B per synapse;
// static_synapse_builder.hpp). The builder's list fallback for very wide delay ranges needs
// more; this check is an estimate, not a bound.
constexpr double build_bytes_per_synapse = 2 + 4 + 0.5;
// Static synapse tables keep 16 bits of a target gid per synapse and 8 per run.
constexpr double max_neurons = double(max_static_neurons);

double physical_memory_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? double(pages) * double(page) : 0.0;
}

std::string gigabytes(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
    return buf;
}

/// A count that may exceed any integer type, written as a user reads it.
std::string count_text(double n) {
    char buf[40];
    if (n < 1e15) std::snprintf(buf, sizeof buf, "%.0f", n);
    else std::snprintf(buf, sizeof buf, "%.3g", n);
    return buf;
}

void check_simulation(const simulation_spec& s) {
    if (!(s.dt > 0.0)) throw input_error(s.origin + ": simulation.dt must be positive, got " + std::to_string(s.dt));
    if (!(s.duration >= 0.0))
        throw input_error(s.origin + ": simulation.duration must not be negative, got " + std::to_string(s.duration));
    // Spikes are stamped with their step in 32 bits (spike_sink::step_of).
    constexpr double max_steps = std::numeric_limits<std::uint32_t>::max();
    if (s.duration / s.dt > max_steps)
        throw input_error(s.origin + ": simulation.duration " + std::to_string(s.duration) + " ms is " +
                          count_text(s.duration / s.dt) + " steps of dt = " + std::to_string(s.dt) +
                          " ms; at most " + count_text(max_steps) + " steps are supported");
    if (s.threads < 1 || s.threads > 1024)
        throw input_error(s.origin + ": simulation.threads must be between 1 and 1024, got " + std::to_string(s.threads));
}

}  // namespace

std::size_t network::population_index(const std::string& name, const std::string& origin) const {
    for (std::size_t k = 0; k < populations.size(); ++k)
        if (populations[k]->name() == name) return k;
    std::string known;
    for (const auto& p : populations) known += (known.empty() ? "" : ", ") + p->name();
    throw unknown_name_error(origin + ": no population named \"" + name + "\" (populations: " + known + ")");
}

const population_base& network::population_of_gid(std::uint64_t gid) const {
    auto it = std::upper_bound(populations.begin(), populations.end(), gid,
                               [](std::uint64_t g, const auto& p) { return g < p->first_gid(); });
    return **(it - 1);
}

std::uint64_t network::synapse_count() const {
    std::uint64_t n = 0;
    for (const auto& t : tables) n += t.size();
    for (const auto& per_thread : plastic)
        for (const auto& p : per_thread) n += p->size();
    return n;
}

void network::add_stimulus(const stimulus_spec& s, std::int64_t now_step) {
    const auto& pop = *populations[population_index(s.target, s.origin)];
    target_set targets{pop.first_gid(), pop.size(), s.neurons};
    for (auto i : s.neurons)
        if (i >= pop.size())
            throw input_error(s.origin + ": stimulus neuron " + std::to_string(i) + " is outside population " +
                              s.target + " (" + std::to_string(pop.size()) + " neurons)");
    devices.add(s, std::move(targets), n_stimuli++, &pop.info(), now_step);
}

namespace {

/// Ports of the ring buffer: the most any population's model has (every model has at least 2).
int receptor_ports(const network& net) {
    std::size_t n = 2;
    for (const auto& p : net.populations) n = std::max(n, p->info().receptors.size());
    return static_cast<int>(n);
}

/// Instantiates populations and checks every connection; returns the plans and the estimate.
/// `threads`: per process, for the per-worker copies of plastic source state.
std::vector<connection_plan> plan_network(const network_spec& spec, network& net, network_estimate& estimate,
                                          int threads) {
    check_simulation(spec.simulation);
    net.dt = spec.simulation.dt;
    net.seed = spec.simulation.seed;

    if (spec.populations.empty()) throw input_error(spec.source + ": the model has no populations");
    double neurons = 0.0, synapses = 0.0;
    const population_spec* largest = &spec.populations.front();
    for (const auto& p : spec.populations) {
        if (p.size == 0) throw input_error(p.origin + ": population " + p.name + " is empty (size = 0)");
        neurons += double(p.size);
        if (p.size > largest->size) largest = &p;
    }
    const std::string in_largest = largest->origin + ": population " + largest->name + " (size = " +
                                   std::to_string(largest->size) + "): ";
    if (neurons > max_neurons)
        throw input_error(in_largest + count_text(neurons) + " neurons in all exceed the supported " +
                          count_text(max_neurons) + " (2^24: synapse targets are stored in 24 bits)");
    // Checked again with synapses below; this catches absurd sizes before any state is allocated.
    const double memory = physical_memory_bytes();
    const double neuron_bytes = neurons * 8.0 * 8.0;
    if (memory > 0.0 && neuron_bytes > 0.8 * memory)
        throw input_error(in_largest + count_text(neurons) + " neurons in all need about " + gigabytes(neuron_bytes) +
                          " but this machine has " + gigabytes(memory));

    for (const auto& p : spec.populations) {
        for (const auto& q : net.populations)
            if (q->name() == p.name) throw input_error(p.origin + ": population " + p.name + " is defined twice");
        net.populations.push_back(make_population(p, net.n_neurons, net.dt, net.seed));
        net.n_neurons += p.size;
    }

    std::vector<connection_plan> plans;
    // Delay bounds in steps size the ring buffer and the spike sinks that build_network allocates:
    // slots = max_delay + min_delay + 1, and min_delay is at most the smallest plan's longest delay.
    // Without connections the epoch is 1 ms (see build_network).
    std::int64_t longest = 1, epoch = std::max<std::int64_t>(1, std::llround(1.0 / spec.simulation.dt));
    const connection_spec *most_synapses = nullptr, *longest_delay = nullptr;
    double most = -1.0, plastic_bytes = 0.0;
    for (std::size_t k = 0; k < spec.connections.size(); ++k) {
        const auto& c = spec.connections[k];
        connection_plan plan{&c, static_cast<std::uint32_t>(k),
                             net.populations[net.population_index(c.source, c.origin)].get(),
                             net.populations[net.population_index(c.target, c.origin)].get(),
                             nullptr};
        check_connection(plan, net.dt);
        const double n = expected_synapses(plan);
        synapses += n;
        const auto cost = check_synapse_model(plan, net.dt);
        plastic_bytes += n * cost.bytes_per_synapse + threads * double(plan.source->size()) * cost.bytes_per_source +
                         double(plan.target->size()) * cost.bytes_per_target;
        if (n > most) most = n, most_synapses = &c;
        const auto bounds = delay_bounds(plan, net.dt);
        if (k == 0) epoch = bounds.max;
        epoch = std::min(epoch, bounds.max);
        if (!longest_delay || bounds.max > longest) longest = bounds.max, longest_delay = &c;
        plans.push_back(plan);
    }
    const double buffer_bytes =
        neurons * (double(longest + epoch + 1) * double(receptor_ports(net)) * 8.0 + double(epoch) * 8.0);
    const double synapse_bytes = synapses * build_bytes_per_synapse + plastic_bytes;
    const double need = neuron_bytes + synapse_bytes + buffer_bytes;
    if (memory > 0.0 && need > 0.8 * memory) {
        std::string why;
        if (most_synapses && synapse_bytes >= buffer_bytes)
            why = most_synapses->origin + ": connection " + most_synapses->source + " -> " + most_synapses->target +
                  " makes about " + count_text(most) + " of the network's " + count_text(synapses) + " synapses";
        else if (longest_delay)
            why = longest_delay->origin + ": connection " + longest_delay->source + " -> " + longest_delay->target +
                  " has delays up to " + count_text(double(longest)) + " steps, and the input buffers of " +
                  count_text(neurons) + " neurons must span them";
        else
            why = in_largest + count_text(neurons) + " neurons with a " + count_text(double(epoch)) +
                  "-step epoch";
        throw input_error(why + ": building needs about " + gigabytes(need) + ", but this machine has " +
                          gigabytes(memory));
    }
    estimate = {net.n_neurons, synapses, need};
    return plans;
}

/// The multinomial splits of the fixed_total_number rules with multapses, drawn once here with
/// the rules spread over the threads (largest first), instead of replayed by every worker in
/// both passes of the static builder: at full microcircuit scale on 2 threads those replays were
/// ~20% of construction. Each split is one stream's sequence, so threads do not change it.
void draw_total_number_splits(std::vector<connection_plan>& plans, std::uint64_t seed, int threads) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < plans.size(); ++k)
        if (plans[k].spec->rule == connection_rule::fixed_total_number && plans[k].spec->allow_multapses)
            order.push_back(k);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return plans[a].spec->total > plans[b].spec->total; });
    std::exception_ptr failure;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::size_t i = 0; i < order.size(); ++i) {
        try {
            auto& plan = plans[order[i]];
            plan.target_counts = std::make_shared<const std::vector<std::uint64_t>>(split_total_number(plan, seed));
        } catch (...) {
#pragma omp critical
            failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

network_estimate validate_network(const network_spec& spec) {
    network net;
    network_estimate estimate;
    plan_network(spec, net, estimate, spec.simulation.threads);
    net.devices = device_set(net.seed, net.dt);
    for (const auto& s : spec.stimuli) net.add_stimulus(resolve_region(spec, s));
    spike_recorder().init(net, spec.recorders);
    state_recorder().init(net, spec.recorders);
    weight_recorder().init(net, spec, *local_communicator());
    return estimate;
}

network build_network(const network_spec& spec, int threads, int rank, int ranks) {
    network net;
    network_estimate estimate;
    net.threads = threads;
    net.rank = rank;
    net.part.workers = ranks * threads;
    auto plans = plan_network(spec, net, estimate, threads);
    draw_total_number_splits(plans, net.seed, threads);

    // Each rank builds the synapses of its own workers only: rank r's thread t is worker r T + t.
    net.tables.resize(static_cast<std::size_t>(threads));
    net.plastic.resize(static_cast<std::size_t>(threads));
    for (std::size_t k = 0; k < plans.size(); ++k)
        if (!plans[k].spec->synapse.is_static()) net.plastic_connection.push_back(k);
    std::exception_ptr failure;
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (int t = 0; t < threads; ++t) {
        try {
            for (const auto& plan : plans) {
                if (plan.spec->synapse.is_static()) continue;
                synapse_list own;
                generate_connection(plan, net.dt, net.seed, net.part, net.worker(t), own);
                net.plastic[static_cast<std::size_t>(t)].push_back(
                    make_plastic_projection(plan, std::move(own), net.n_neurons, net.part, net.worker(t), net.dt));
            }
            net.tables[static_cast<std::size_t>(t)] =
                build_static_synapses(plans, net.dt, net.seed, net.part, net.worker(t), net.n_neurons);
        } catch (...) {
#pragma omp critical
            failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);

    // The epoch length must be the same on every rank, so it comes from the rules' delay bounds
    // (identical everywhere), not from the synapses a rank happened to draw.
    std::int64_t min_delay = std::numeric_limits<std::int64_t>::max(), max_delay = 1;
    for (const auto& plan : plans) {
        const auto bounds = delay_bounds(plan, net.dt);
        min_delay = std::min(min_delay, bounds.min);
        max_delay = std::max(max_delay, bounds.max);
    }
    // Without synapses any epoch length is correct; 1 ms keeps progress and stop responsive.
    if (min_delay == std::numeric_limits<std::int64_t>::max())
        min_delay = std::max<std::int64_t>(1, std::llround(1.0 / net.dt));
    net.min_delay = min_delay;
    net.max_delay = max_delay;
    net.ring = ring_buffer(net.n_neurons, max_delay + min_delay + 1, receptor_ports(net));
    net.I_stim.assign(net.n_neurons, 0.0);
    net.devices = device_set(net.seed, net.dt);
    for (const auto& s : spec.stimuli) net.add_stimulus(resolve_region(spec, s));
    return net;
}

}  // namespace lamina::engine
