// lamina::simulation: the epoch loop over a built network.
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spatial.hpp>

#include "engine/delivery.hpp"
#include "engine/network.hpp"
#include "engine/recorders.hpp"
#include "engine/weight_recorder.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

namespace lamina {
namespace {
using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}
}  // namespace

struct simulation::impl {
    network_spec spec;
    engine::network net;
    int threads = 1;
    std::int64_t step = 0;  // the network's state is at time step * dt
    engine::spike_recorder spikes;
    engine::state_recorder states;
    engine::weight_recorder weights;
    // Spike sinks per thread and epoch parity: a thread fills one while the others may still read
    // the previous epoch's, so one barrier per epoch suffices (see run()).
    std::vector<std::vector<std::uint32_t>> sink_gids, sink_steps;  // [2 * thread + parity], epoch capacity
    std::vector<std::size_t> sink_count;                            // [2 * thread + parity]
    std::vector<engine::spike_event> epoch_spikes;                  // exchanged across ranks
    std::vector<std::vector<engine::spike_event>> own_spikes;       // per loop thread, single rank
    bool stop_request[2] = {false, false};                          // per epoch parity
    std::shared_ptr<communicator> comm;
    double build_s = 0.0, simulate_s = 0.0, communicate_s = 0.0;
    std::uint64_t epochs = 0;

    bool run(std::int64_t n_steps, const run_options& options);
    void advance_epoch(int thread, std::int64_t t, std::int64_t epoch_end, int parity);
    int loop_threads() const;
    void gather(int parity, std::vector<engine::spike_event>& out) const;
    void plasticity(int thread, std::int64_t t0, std::int64_t t1, const std::vector<engine::spike_event>& exchanged);
};

// A spike event no neuron can send: how a rank tells the others it was asked to stop, riding on
// the spike exchange so that every rank stops after the same epoch.
constexpr std::uint32_t stop_marker = UINT32_MAX;

simulation::simulation(network_spec spec, int threads, std::shared_ptr<communicator> comm)
    : impl_(std::make_unique<impl>()) {
    const auto t0 = clock_type::now();
    auto& s = *impl_;
    s.spec = std::move(spec);
    s.comm = comm ? std::move(comm) : local_communicator();
    s.threads = threads > 0 ? threads : s.spec.simulation.threads;
    if (s.threads < 1) s.threads = 1;
    s.net = engine::build_network(s.spec, s.threads, s.comm->rank(), s.comm->size());
    // A virtual MEA samples the spikes of its populations after the run, so they are recorded.
    auto spike_specs = s.spec.recorders;
    for (auto& r : spike_specs)
        if (r.type == recorder_spec::kind::mea) r.type = recorder_spec::kind::spikes;
    s.spikes.init(s.net, spike_specs);
    s.states.init(s.net, s.spec.recorders);
    s.weights.init(s.net, s.spec, *s.comm);
    const auto n_threads = static_cast<std::size_t>(s.threads);
    s.sink_gids.resize(2 * n_threads);
    s.sink_steps.resize(2 * n_threads);
    s.sink_count.assign(2 * n_threads, 0);
    std::uint64_t capacity = 0;
    for (int t = 0; t < s.threads; ++t) {
        std::uint64_t owned = 0;
        for (const auto& p : s.net.populations) owned += s.net.part.block(p->size(), s.net.worker(t)).size();
        // Each neuron spikes at most once per step: this bound makes the step loop allocation-free.
        const std::uint64_t n = owned * static_cast<std::uint64_t>(s.net.min_delay);
        capacity += n;
        for (std::size_t parity = 0; parity < 2; ++parity) {
            s.sink_gids[2 * static_cast<std::size_t>(t) + parity].resize(n);
            s.sink_steps[2 * static_cast<std::size_t>(t) + parity].resize(n);
        }
    }
    s.own_spikes.resize(n_threads);
    if (s.comm->size() == 1)
        for (auto& v : s.own_spikes) v.reserve(capacity);
    s.build_s = seconds_since(t0);
}

simulation::~simulation() = default;
simulation::simulation(simulation&&) noexcept = default;
simulation& simulation::operator=(simulation&&) noexcept = default;

bool simulation::run(double duration_ms, const run_options& options) {
    if (!(duration_ms >= 0.0)) throw input_error("run: duration must not be negative, got " + std::to_string(duration_ms));
    const auto t0 = clock_type::now();
    const bool completed = impl_->run(std::llround(duration_ms / impl_->net.dt), options);
    impl_->simulate_s += seconds_since(t0);
    return completed;
}

// Neurons of one thread's share through steps [t, epoch_end), their spikes into its sink of this
// epoch's parity.
void simulation::impl::advance_epoch(int thread, std::int64_t t, std::int64_t epoch_end, int parity) {
    const int w = net.worker(thread);  // this thread's share of the network, across ranks
    const auto sink_index = 2 * static_cast<std::size_t>(thread) + static_cast<std::size_t>(parity);
    engine::spike_sink sink{sink_gids[sink_index].data(), 0, sink_steps[sink_index].data(), 0};
    const std::uint64_t port_stride = net.ring.port_stride();
    for (std::int64_t k = t; k < epoch_end; ++k) {
        net.devices.apply_currents(k, net.part, w, net.I_stim.data());
        net.devices.add_poisson(k + 1, net.part, w, net.ring);
        double* syn = net.ring.at(k + 1, 0);
        sink.step = k + 1;
        for (auto& pop : net.populations) {
            const auto block = net.part.block(pop->size(), w);
            const auto g0 = pop->first_gid();
            pop->update(block.begin, block.end, syn + g0, port_stride, net.I_stim.data() + g0, sink);
        }
        states.sample(k + 1, net.part, w);
    }
    sink_count[sink_index] = sink.count;
}

// How many threads run the epoch loop: all requested ones only when each gets enough neuron
// steps per epoch (simulation.min_neuron_steps_per_thread, default 20,000) to outweigh the
// barrier between epochs. A barrier with passively waiting threads costs ~5-10 us on this
// project's shared 2-core machine (CUBA, one step per epoch: 4000 neurons took 17 us per step
// on 1 thread and 26 us on 2), and a neuron step ~0.5-5 ns. The team's threads then run the
// other threads' shares (workers) in turn: the partition, and so the results, stay those of
// `threads` workers.
int simulation::impl::loop_threads() const {
    const std::uint64_t grain = spec.simulation.min_neuron_steps_per_thread;
    if (grain == 0) return threads;
    std::uint64_t local = 0;
    for (int v = 0; v < threads; ++v)
        for (const auto& p : net.populations) local += net.part.block(p->size(), net.worker(v)).size();
    const std::uint64_t per_epoch = local * static_cast<std::uint64_t>(net.min_delay);
    return static_cast<int>(std::clamp<std::uint64_t>(per_epoch / grain, 1, static_cast<std::uint64_t>(threads)));
}

// All threads' spikes of the epoch with this parity, sorted by (step, gid).
void simulation::impl::gather(int parity, std::vector<engine::spike_event>& out) const {
    out.clear();
    for (int v = 0; v < threads; ++v) {
        const auto index = 2 * static_cast<std::size_t>(v) + static_cast<std::size_t>(parity);
        const auto& g = sink_gids[index];
        const auto& s = sink_steps[index];
        for (std::size_t j = 0; j < sink_count[index]; ++j) out.push_back({s[j], g[j]});
    }
    std::sort(out.begin(), out.end());
}

// The plastic projections' synapse-time window (t0, t1] of the epoch just exchanged, step by step:
// post events, then pre events that deliver into this worker's targets (plastic_projection.hpp).
void simulation::impl::plasticity(int thread, std::int64_t t0, std::int64_t t1,
                                  const std::vector<engine::spike_event>& exchanged) {
    auto& projections = net.plastic[static_cast<std::size_t>(thread)];
    if (projections.empty()) return;
    for (auto& p : projections) p->begin_window(t0, t1, exchanged);
    for (std::int64_t s = t0 + 1; s <= t1; ++s) {
        for (auto& p : projections) p->step(s, net.ring);
        weights.sample(s, net, thread);
    }
}

// Phase order of one epoch of L = min_delay steps (t is the epoch's first step):
//   each worker, for each step k in [t, t + L): currents change -> Poisson input into slot k+1 ->
//     neurons advance to k+1 (read and clear slot k+1, emit spikes into the sink of the epoch's
//     parity) -> sample recorded state
//   one barrier (none when the loop runs on one thread); the epoch's spikes of all workers,
//   sorted by (step, gid): on one rank every
//   thread sorts its own copy (no second barrier), across ranks one thread exchanges them and
//   the others wait for it; thread 0 records them and reports progress; each worker delivers
//   every spike into its own targets' slots (arrival >= t + 1 + L, so never into a slot of this
//   epoch): static synapses first, then the plastic ones, which apply their rules' events of the
//   synapse-time window (t, t + L] in time order as they deliver; then it adds generator spikes
//   of the next epoch. Sorting fixes the summation order at each target, which is what makes
//   results identical for any number of workers.
// Why one barrier is enough: the sinks alternate by epoch parity, so a thread already advancing
// epoch e + 1 writes the other sink than the one a slower thread still reads for epoch e, and it
// cannot reach epoch e + 2 before every thread has passed the barrier of e + 1, i.e. finished
// reading e. Ring entries of a worker are written and read by its own thread only.
// A stop request is read by thread 0 before the barrier, so every thread sees the same one.
bool simulation::impl::run(std::int64_t n_steps, const run_options& options) {
    const std::int64_t end_step = step + n_steps;
    const std::int64_t L = net.min_delay;
    states.prepare(step, end_step);
    weights.prepare(step, end_step);
    bool stopped = false, callback_failed = false;
    std::exception_ptr failure;
    const auto wall0 = clock_type::now();
    auto last_report = wall0;
    const double dt = net.dt;
    const bool distributed = comm->size() > 1;
    stop_request[0] = stop_request[1] = false;

    net.devices.prepare_poisson(net.part, net.worker(0), threads);  // no allocation in the loop

    // Generator spikes that arrive in the first epoch.
#pragma omp parallel num_threads(threads)
    {
        const int w = net.worker(omp_get_thread_num());
        net.devices.add_generated(step + 1, std::min(step + L, end_step), net.part, w, net.ring);
        if (step == 0) weights.sample(0, net, omp_get_thread_num());
    }

    const int team = loop_threads();
#pragma omp parallel num_threads(team)
    {
        const int th = omp_get_thread_num();
        int parity = 0;
        for (std::int64_t t = step; t < end_step; t += L, parity ^= 1) {
            const std::int64_t epoch_end = std::min(t + L, end_step);
            for (int v = th; v < threads; v += team) advance_epoch(v, t, epoch_end, parity);
            if (th == 0) stop_request[parity] = callback_failed || (options.stop && options.stop->load());
            // libgomp's barrier wakes sleepers with a futex system call even in a team of one: one
            // per epoch, ~1 us here (a seventh of a CUBA step); `team` is the same for every thread.
            if (team > 1) {
#pragma omp barrier
            }
            const std::vector<engine::spike_event>* exchanged = &epoch_spikes;
            bool stop_now = stop_request[parity];
            if (distributed) {
#pragma omp single
                {
                    gather(parity, epoch_spikes);
                    if (stop_request[parity]) epoch_spikes.push_back({epoch_end, stop_marker});
                    const auto exchange_start = clock_type::now();
                    comm->exchange(epoch_spikes);
                    communicate_s += seconds_since(exchange_start);
                    std::sort(epoch_spikes.begin(), epoch_spikes.end());
                    // Markers sort last within their step, which is the epoch's last: drop them there.
                    while (!epoch_spikes.empty() && epoch_spikes.back().gid == stop_marker) {
                        epoch_spikes.pop_back();
                        stopped = true;
                    }
                }  // implicit barrier: every thread sees the exchanged spikes and `stopped`
                stop_now = stopped;
            } else {
                gather(parity, own_spikes[static_cast<std::size_t>(th)]);
                exchanged = &own_spikes[static_cast<std::size_t>(th)];
            }
            if (th == 0) {
                ++epochs;
                spikes.record(net, *exchanged);
                step = epoch_end;
                if (options.on_progress && seconds_since(last_report) >= options.progress_interval_s) {
                    last_report = clock_type::now();
                    try {
                        options.on_progress({double(step) * dt, double(end_step) * dt, seconds_since(wall0)});
                    } catch (...) {  // stops after the next epoch: the others learn it at its barrier
                        failure = std::current_exception();
                        callback_failed = true;
                    }
                }
            }
            for (int v = th; v < threads; v += team) {
                engine::deliver_spikes(net.tables[static_cast<std::size_t>(v)], *exchanged, net.ring);
                plasticity(v, t, epoch_end, *exchanged);
                net.devices.add_generated(epoch_end + 1, std::min(epoch_end + L, end_step), net.part, net.worker(v),
                                          net.ring);
            }
            if (stop_now) break;
        }
    }
    if (stop_request[0] || stop_request[1]) stopped = true;
    if (failure) std::rethrow_exception(failure);
    if (options.on_progress && !stopped)
        options.on_progress({double(step) * dt, double(end_step) * dt, seconds_since(wall0)});
    return !stopped;
}

double simulation::time_ms() const { return double(impl_->step) * impl_->net.dt; }
double simulation::dt() const { return impl_->net.dt; }
int simulation::threads() const { return impl_->threads; }
const network_spec& simulation::spec() const { return impl_->spec; }
std::uint64_t simulation::neuron_count() const { return impl_->net.n_neurons; }
std::uint64_t simulation::synapse_count() const { return impl_->comm->sum(impl_->net.synapse_count()); }
double simulation::build_seconds() const { return impl_->build_s; }
double simulation::simulate_seconds() const { return impl_->simulate_s; }
double simulation::communicate_seconds() const { return impl_->communicate_s; }
std::uint64_t simulation::epochs() const { return impl_->epochs; }

std::vector<population_spikes> simulation::spikes() const { return impl_->spikes.result(impl_->net.dt); }

spike_trains simulation::spike_trains_of(const std::string& population) const {
    for (const auto& p : spikes())
        if (p.population == population) {
            auto trains = spike_trains::from_pairs(p.times, p.node_ids, p.size, 0.0, time_ms());
            for (std::uint64_t i = 0; i < p.size; ++i) trains.names.push_back(population + ":" + std::to_string(i));
            return trains;
        }
    throw unknown_name_error("spikes of population \"" + population +
                             "\" were not recorded; add it to a spikes recorder");
}

std::vector<state_trace> simulation::traces() const {
    // Each rank filled the samples of the neurons it owns and left zeros elsewhere.
    auto traces = impl_->states.result(impl_->net.dt);
    for (auto& t : traces) impl_->comm->sum(t.values);
    return traces;
}

std::vector<weight_trace> simulation::weights() const { return impl_->weights.result(impl_->net.dt, *impl_->comm); }

void simulation::set_parameter(const std::string& population, const std::string& name, double value) {
    auto& net = impl_->net;
    net.populations[net.population_index(population, "set_parameter")]->set_parameter(name, value, net.dt);
}

std::vector<double> simulation::parameter_values(const std::string& population, const std::string& name) const {
    const auto& net = impl_->net;
    return net.populations[net.population_index(population, "parameter_values")]->parameter_values(name);
}

void simulation::set_state(const std::string& population, const std::string& name, double value,
                           const std::vector<std::uint64_t>& neurons) {
    auto& net = impl_->net;
    auto& pop = *net.populations[net.population_index(population, "set_state")];
    const int k = pop.state_index(name);
    if (k < 0)
        throw unknown_name_error("set_state: model " + pop.info().name + " has no state variable \"" + name + "\"");
    double* x = pop.state_data(static_cast<std::size_t>(k));
    if (neurons.empty()) std::fill(x, x + pop.size(), value);
    for (auto i : neurons) {
        if (i >= pop.size())
            throw input_error("set_state: neuron " + std::to_string(i) + " is outside population " + population);
        x[i] = value;
    }
}

void simulation::add_stimulus(const stimulus_spec& stimulus) {
    impl_->net.add_stimulus(resolve_region(impl_->spec, stimulus), impl_->step);
    impl_->spec.stimuli.push_back(stimulus);
}

network_estimate validate(const network_spec& spec) { return engine::validate_network(spec); }

const char* version() { return LAMINA_VERSION; }

}  // namespace lamina
