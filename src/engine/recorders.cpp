#include "engine/recorders.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <cmath>

namespace lamina::engine {

void spike_recorder::init(const network& net, const std::vector<recorder_spec>& specs) {
    slot_of_population_.assign(net.populations.size(), -1);
    for (const auto& r : specs) {
        if (r.type != recorder_spec::kind::spikes) continue;
        for (const auto& name : r.populations) {
            const auto p = net.population_index(name, r.origin);
            if (slot_of_population_[p] >= 0) continue;
            slot_of_population_[p] = static_cast<int>(names_.size());
            population_of_slot_.push_back(p);
            names_.push_back(name);
            sizes_.push_back(net.populations[p]->size());
            steps_.emplace_back();
            ids_.emplace_back();
        }
    }
}

bool spike_recorder::records(const std::string& population) const {
    return std::find(names_.begin(), names_.end(), population) != names_.end();
}

void spike_recorder::record(const network& net, const std::vector<spike_event>& events) {
    if (names_.empty()) return;
    for (const auto& e : events) {
        const auto& pop = net.population_of_gid(e.gid);
        std::size_t p = 0;
        while (net.populations[p].get() != &pop) ++p;
        const int slot = slot_of_population_[p];
        if (slot < 0) continue;
        steps_[static_cast<std::size_t>(slot)].push_back(e.step);
        ids_[static_cast<std::size_t>(slot)].push_back(e.gid - pop.first_gid());
    }
}

std::vector<population_spikes> spike_recorder::result(double dt) const {
    std::vector<population_spikes> out;
    for (std::size_t s = 0; s < names_.size(); ++s) {
        population_spikes ps{names_[s], sizes_[s], {}, ids_[s]};
        ps.times.reserve(steps_[s].size());
        for (auto k : steps_[s]) ps.times.push_back(static_cast<double>(k) * dt);
        out.push_back(std::move(ps));
    }
    return out;
}

void state_recorder::init(const network& net, const std::vector<recorder_spec>& specs) {
    for (const auto& r : specs) {
        if (r.type != recorder_spec::kind::state) continue;
        auto fail = [&](const std::string& why) { throw input_error(r.origin + ": state recorder: " + why); };
        if (r.populations.size() != 1) fail("give exactly one population");
        auto& pop = *net.populations[net.population_index(r.populations[0], r.origin)];
        if (r.variables.empty()) fail("give the variables to record, e.g. variables = [\"V_m\"]");
        if (r.neurons.empty()) fail("give the neurons to record, e.g. neurons = [0, 1, 2]");
        const double steps = r.interval / net.dt;
        if (!(steps >= 1.0 - 1e-9) || std::fabs(steps - std::round(steps)) > 1e-6)
            fail("interval " + std::to_string(r.interval) + " ms must be a positive multiple of dt = " +
                 std::to_string(net.dt) + " ms");
        for (auto n : r.neurons)
            if (n >= pop.size())
                fail("neuron " + std::to_string(n) + " is outside population " + pop.name() + " (" +
                     std::to_string(pop.size()) + " neurons)");
        // An interval of 2^60 steps or more samples nothing in any run; clamping it there keeps
        // llround in range and the sample-step arithmetic in prepare() from overflowing.
        const std::int64_t interval_steps = std::llround(std::min(steps, 0x1p60));
        for (const auto& v : r.variables) {
            const int k = pop.state_index(v);
            if (k < 0) {
                std::string known;
                for (const auto& s : pop.info().state) known += (known.empty() ? "" : ", ") + s.name;
                throw unknown_name_error(r.origin + ": state recorder: model " + pop.info().name +
                                         " has no state variable \"" + v + "\" (its variables: " + known + ")");
            }
            channels_.push_back({&pop, v, pop.info().state[static_cast<std::size_t>(k)].dim,
                                 static_cast<std::size_t>(k), r.neurons, interval_steps, {}, {}, 0});
        }
    }
}

void state_recorder::prepare(std::int64_t from_step, std::int64_t to_step) {
    for (auto& c : channels_) {
        c.filled = c.steps.size();
        for (std::int64_t k = (from_step / c.interval + 1) * c.interval; k <= to_step; k += c.interval)
            c.steps.push_back(k);
        c.values.resize(c.steps.size() * c.neurons.size(), 0.0);
    }
}

void state_recorder::sample(std::int64_t step, const partition& part, int worker) {
    for (auto& c : channels_) {
        if (step % c.interval != 0 || c.filled >= c.steps.size()) continue;
        // Samples are consecutive multiples of the interval, so the row follows from the step.
        const auto row = c.filled + static_cast<std::size_t>((step - c.steps[c.filled]) / c.interval);
        if (row >= c.steps.size()) continue;
        const index_range owned = part.block(c.population->size(), worker);
        const double* x = c.population->state_data(c.state);
        double* out = c.values.data() + row * c.neurons.size();
        for (std::size_t j = 0; j < c.neurons.size(); ++j)
            if (owned.contains(c.neurons[j])) out[j] = x[c.neurons[j]];
    }
}

std::vector<state_trace> state_recorder::result(double dt) const {
    std::vector<state_trace> out;
    for (const auto& c : channels_) {
        state_trace t{c.population->name(), c.variable, c.dim, c.neurons, {}, c.values};
        for (auto k : c.steps) t.times.push_back(static_cast<double>(k) * dt);
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace lamina::engine
