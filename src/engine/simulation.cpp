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
    std::vector<std::vector<std::uint32_t>> sink_gids, sink_steps;  // per worker, epoch capacity
    std::vector<std::size_t> sink_count;                            // per worker, this epoch
    std::vector<engine::spike_event> epoch_spikes;
    std::shared_ptr<communicator> comm;
    double build_s = 0.0, simulate_s = 0.0, communicate_s = 0.0;
    std::uint64_t epochs = 0;

    bool run(std::int64_t n_steps, const run_options& options);
    void deliver(int thread);
    void plasticity(int thread, std::int64_t t0, std::int64_t t1);
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
    s.sink_gids.resize(static_cast<std::size_t>(s.threads));
    s.sink_steps.resize(static_cast<std::size_t>(s.threads));
    s.sink_count.assign(static_cast<std::size_t>(s.threads), 0);
    for (int t = 0; t < s.threads; ++t) {
        std::uint64_t owned = 0;
        for (const auto& p : s.net.populations) owned += s.net.part.block(p->size(), s.net.worker(t)).size();
        // Each neuron spikes at most once per step: this bound makes the step loop allocation-free.
        s.sink_gids[static_cast<std::size_t>(t)].resize(owned * static_cast<std::uint64_t>(s.net.min_delay));
        s.sink_steps[static_cast<std::size_t>(t)].resize(owned * static_cast<std::uint64_t>(s.net.min_delay));
    }
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

void simulation::impl::deliver(int thread) {
    engine::deliver_spikes(net.tables[static_cast<std::size_t>(thread)], epoch_spikes, net.ring);
}

// The plastic projections' synapse-time window (t0, t1] of the epoch just exchanged, step by step:
// post events, then pre events that deliver into this worker's targets (plastic_projection.hpp).
void simulation::impl::plasticity(int thread, std::int64_t t0, std::int64_t t1) {
    auto& projections = net.plastic[static_cast<std::size_t>(thread)];
    if (projections.empty()) return;
    for (auto& p : projections) p->begin_window(t0, t1, epoch_spikes);
    for (std::int64_t s = t0 + 1; s <= t1; ++s) {
        for (auto& p : projections) p->step(s, net.ring);
        weights.sample(s, net, thread);
    }
}

// Phase order of one epoch of L = min_delay steps (t is the epoch's first step):
//   for each step k in [t, t + L):   currents change -> Poisson input into slot k+1 ->
//                                    neurons advance to k+1 (read and clear slot k+1, emit spikes)
//                                    -> sample recorded state
//   barrier; one thread gathers all workers' spikes, sorted by (step, gid), records them,
//   reports progress; barrier; each worker delivers every spike into its own targets' slots
//   (arrival >= t + 1 + L, so never into a slot of this epoch): static synapses first, then the
//   plastic ones, which apply their rules' events of the synapse-time window (t, t + L] in time
//   order as they deliver; then it adds generator spikes of the next epoch. Sorting the
//   exchanged spikes fixes the summation order at each target, which is what makes results
//   identical for any number of workers.
bool simulation::impl::run(std::int64_t n_steps, const run_options& options) {
    const std::int64_t end_step = step + n_steps;
    const std::int64_t L = net.min_delay;
    states.prepare(step, end_step);
    weights.prepare(step, end_step);
    bool stopped = false;
    std::exception_ptr failure;
    const auto wall0 = clock_type::now();
    auto last_report = wall0;
    const double dt = net.dt;

    // Generator spikes that arrive in the first epoch.
#pragma omp parallel num_threads(threads)
    {
        const int w = net.worker(omp_get_thread_num());
        net.devices.add_generated(step + 1, std::min(step + L, end_step), net.part, w, net.ring);
        if (step == 0) weights.sample(0, net, omp_get_thread_num());
    }

#pragma omp parallel num_threads(threads)
    {
        const int th = omp_get_thread_num();
        const int w = net.worker(th);  // this thread's share of the network, across ranks
        auto& gids = sink_gids[static_cast<std::size_t>(th)];
        auto& steps = sink_steps[static_cast<std::size_t>(th)];
        for (std::int64_t t = step; t < end_step; t += L) {
            const std::int64_t epoch_end = std::min(t + L, end_step);
            engine::spike_sink sink{gids.data(), 0, steps.data(), 0};
            for (std::int64_t k = t; k < epoch_end; ++k) {
                net.devices.apply_currents(k, net.part, w, net.I_stim.data());
                net.devices.add_poisson(k + 1, net.part, w, net.ring);
                double* syn = net.ring.at(k + 1, 0);
                const std::uint64_t port_stride = net.ring.port_stride();
                sink.step = k + 1;
                for (auto& pop : net.populations) {
                    const auto block = net.part.block(pop->size(), w);
                    const auto g0 = pop->first_gid();
                    pop->update(block.begin, block.end, syn + g0, port_stride, net.I_stim.data() + g0, sink);
                }
                states.sample(k + 1, net.part, w);
            }
            sink_count[static_cast<std::size_t>(th)] = sink.count;
#pragma omp barrier
#pragma omp single
            {
                epoch_spikes.clear();
                for (int v = 0; v < threads; ++v) {
                    const auto& g = sink_gids[static_cast<std::size_t>(v)];
                    const auto& s = sink_steps[static_cast<std::size_t>(v)];
                    for (std::size_t j = 0; j < sink_count[static_cast<std::size_t>(v)]; ++j)
                        epoch_spikes.push_back({s[j], g[j]});
                }
                if (options.stop && options.stop->load()) epoch_spikes.push_back({epoch_end, stop_marker});
                const auto exchange_start = clock_type::now();
                comm->exchange(epoch_spikes);
                communicate_s += seconds_since(exchange_start);
                ++epochs;
                std::sort(epoch_spikes.begin(), epoch_spikes.end());
                // Markers sort last within their step, which is the epoch's last: drop them there.
                while (!epoch_spikes.empty() && epoch_spikes.back().gid == stop_marker) {
                    epoch_spikes.pop_back();
                    stopped = true;
                }
                spikes.record(net, epoch_spikes);
                step = epoch_end;
                if (options.on_progress && seconds_since(last_report) >= options.progress_interval_s) {
                    last_report = clock_type::now();
                    try {
                        options.on_progress({double(step) * dt, double(end_step) * dt, seconds_since(wall0)});
                    } catch (...) {
                        failure = std::current_exception();
                        stopped = true;
                    }
                }
            }
            deliver(th);
            plasticity(th, t, epoch_end);
            net.devices.add_generated(epoch_end + 1, std::min(epoch_end + L, end_step), net.part, w, net.ring);
            // `stopped` was set inside the single section, before its closing barrier.
            if (stopped) break;
        }
    }
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
    impl_->net.add_stimulus(resolve_region(impl_->spec, stimulus));
    impl_->spec.stimuli.push_back(stimulus);
}

network_estimate validate(const network_spec& spec) { return engine::validate_network(spec); }

const char* version() { return LAMINA_VERSION; }

}  // namespace lamina
