#include "engine/weight_recorder.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lamina::engine {
namespace {

// Recorded values (weights and per-target sums, all samples) above which a recorder is refused:
// 10^8 doubles are 800 MB in memory and in the output file.
constexpr double max_values = 1e8;

std::string count_text(double n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.0f", n);
    return buf;
}

}  // namespace

void weight_recorder::init(const network& net, const network_spec& spec, communicator& comm) {
    for (const auto& r : spec.recorders) {
        if (r.type != recorder_spec::kind::weights) continue;
        auto fail = [&](const std::string& why) { throw input_error(r.origin + ": weights recorder: " + why); };
        std::size_t k = spec.connections.size();
        std::string labels;
        for (std::size_t c = 0; c < spec.connections.size(); ++c) {
            const auto label = spec.connections[c].label();
            labels += (labels.empty() ? "" : ", ") + label;
            if (label != r.connection) continue;
            if (k < spec.connections.size())
                fail("several connections are labelled \"" + label + "\" (" + spec.connections[k].origin + ", " +
                     spec.connections[c].origin + "); give them distinct names (name = \"...\")");
            k = c;
        }
        if (k == spec.connections.size())
            throw unknown_name_error(r.origin + ": weights recorder: no connection \"" + r.connection +
                                     "\" (connections: " + (labels.empty() ? "none" : labels) +
                                     "; a connection is addressed by its name, or as \"source->target\")");
        const auto& conn = spec.connections[k];
        if (conn.synapse.is_static())
            fail("connection " + r.connection + " has static synapses, whose weights never change; give it a "
                 "plastic synapse model, e.g. synapse = { model = \"stdp\" }");
        const double steps = r.interval / net.dt;
        if (!(steps >= 1.0 - 1e-9) || std::fabs(steps - std::round(steps)) > 1e-6)
            fail("interval " + std::to_string(r.interval) + " ms must be a positive multiple of dt = " +
                 std::to_string(net.dt) + " ms");
        const auto& pop = *net.populations[net.population_index(conn.target, conn.origin)];
        for (auto n : r.neurons)
            if (n >= pop.size())
                fail("target " + std::to_string(n) + " is outside population " + pop.name() + " (" +
                     std::to_string(pop.size()) + " neurons)");

        channel ch;
        ch.label = r.connection;
        ch.source = conn.source;
        ch.target = conn.target;
        ch.dim = pop.info().weight_dim;
        ch.plastic = static_cast<std::size_t>(
            std::find(net.plastic_connection.begin(), net.plastic_connection.end(), k) - net.plastic_connection.begin());
        ch.target_first = pop.first_gid();
        ch.target_size = pop.size();
        ch.interval = std::llround(std::min(steps, 0x1p60));
        ch.origin = r.origin;
        // Recorded targets in ascending order; slot[t] = their rank, or -1.
        std::vector<std::int64_t> slot(pop.size(), r.neurons.empty() ? 0 : -1);
        std::vector<std::uint64_t> recorded = r.neurons;
        std::sort(recorded.begin(), recorded.end());
        if (r.neurons.empty())
            for (std::uint64_t t = 0; t < pop.size(); ++t) slot[t] = static_cast<std::int64_t>(t);
        for (std::size_t i = 0; i < recorded.size(); ++i) slot[recorded[i]] = static_cast<std::int64_t>(i);
        const std::size_t n_recorded = r.neurons.empty() ? pop.size() : recorded.size();

        std::vector<double> count(n_recorded, 0.0);
        std::uint64_t local_total = 0;
        for (const auto& per_thread : net.plastic) {
            const auto& p = *per_thread[ch.plastic];
            local_total += p.size();
            const auto& begin = p.by_target_begin();
            for (std::size_t j = 0; j + 1 < begin.size(); ++j) {
                const auto s = slot[p.first_owned_target() - ch.target_first + j];
                if (s >= 0) count[static_cast<std::size_t>(s)] = double(begin[j + 1] - begin[j]);
            }
        }
        comm.sum(count);
        ch.total = comm.sum(local_total);
        std::vector<std::uint64_t> offset(n_recorded + 1, 0);
        for (std::size_t i = 0; i < n_recorded; ++i) offset[i + 1] = offset[i] + static_cast<std::uint64_t>(count[i]);
        ch.n_synapses = offset.back();
        if (double(ch.n_synapses) > max_values)
            fail("connection " + r.connection + " has " + count_text(double(ch.n_synapses)) +
                 " synapses onto the recorded targets, more than the " + count_text(max_values) +
                 " a recorder may hold; choose fewer targets (targets = [...])");
        const std::uint64_t source_first = net.populations[net.population_index(conn.source, conn.origin)]->first_gid();
        ch.sources.assign(ch.n_synapses, 0.0);
        ch.targets.assign(ch.n_synapses, 0.0);
        ch.synapse_of.resize(net.plastic.size());
        ch.position_of.resize(net.plastic.size());
        for (std::size_t t = 0; t < net.plastic.size(); ++t) {
            const auto& p = *net.plastic[t][ch.plastic];
            const auto& begin = p.by_target_begin();
            for (std::size_t j = 0; j + 1 < begin.size(); ++j) {
                const std::uint64_t target = p.first_owned_target() - ch.target_first + j;
                const auto s = slot[target];
                if (s < 0) continue;
                for (std::uint64_t c = begin[j]; c < begin[j + 1]; ++c) {
                    const std::uint64_t k_syn = p.by_target()[c];
                    const std::uint64_t at = offset[static_cast<std::size_t>(s)] + (c - begin[j]);
                    ch.synapse_of[t].push_back(k_syn);
                    ch.position_of[t].push_back(at);
                    ch.sources[at] = double(p.source_of()[k_syn] - source_first);
                    ch.targets[at] = double(target);
                }
            }
        }
        channels_.push_back(std::move(ch));
    }
}

void weight_recorder::prepare(std::int64_t from_step, std::int64_t to_step) {
    for (auto& c : channels_) {
        c.filled = c.steps.size();
        if (from_step == 0 && c.steps.empty()) c.steps.push_back(0);  // the initial weights
        const double samples = double(c.steps.size()) + double(to_step / c.interval - from_step / c.interval);
        if (samples * double(c.n_synapses + c.target_size) > max_values)
            throw input_error(c.origin + ": weights recorder: " + count_text(samples) + " samples of " +
                              count_text(double(c.n_synapses)) + " synapses (and " + count_text(double(c.target_size)) +
                              " per-target sums for the mean) exceed the " + count_text(max_values) +
                              " values a recorder may hold; choose fewer targets or a longer interval");
        for (std::int64_t k = (from_step / c.interval + 1) * c.interval; k <= to_step; k += c.interval)
            c.steps.push_back(k);
        c.values.resize(c.steps.size() * c.n_synapses, 0.0);
        c.target_sums.resize(c.steps.size() * c.target_size, 0.0);
    }
}

void weight_recorder::sample(std::int64_t step, const network& net, int thread) {
    const auto t = static_cast<std::size_t>(thread);
    for (auto& c : channels_) {
        if (step % c.interval != 0 || c.filled >= c.steps.size() || step < c.steps[c.filled]) continue;
        const auto row = c.filled + static_cast<std::size_t>((step - c.steps[c.filled]) / c.interval);
        if (row >= c.steps.size()) continue;
        const auto& p = *net.plastic[t][c.plastic];
        const auto& w = p.rows().weight;
        double* out = c.values.data() + row * c.n_synapses;
        for (std::size_t i = 0; i < c.synapse_of[t].size(); ++i) out[c.position_of[t][i]] = w[c.synapse_of[t][i]];
        double* sums = c.target_sums.data() + row * c.target_size;
        const auto& begin = p.by_target_begin();
        for (std::size_t j = 0; j + 1 < begin.size(); ++j) {
            double s = 0.0;
            for (std::uint64_t k = begin[j]; k < begin[j + 1]; ++k) s += w[p.by_target()[k]];
            sums[p.first_owned_target() - c.target_first + j] = s;
        }
    }
}

std::vector<weight_trace> weight_recorder::result(double dt, communicator& comm) const {
    std::vector<weight_trace> out;
    for (const auto& c : channels_) {
        weight_trace w{c.label, c.source, c.target, c.dim, {}, {}, {}, c.values, {}};
        auto sources = c.sources, targets = c.targets, sums = c.target_sums;
        comm.sum(w.values);
        comm.sum(sources);
        comm.sum(targets);
        comm.sum(sums);
        for (double x : sources) w.sources.push_back(static_cast<std::uint64_t>(x));
        for (double x : targets) w.targets.push_back(static_cast<std::uint64_t>(x));
        for (auto k : c.steps) w.times.push_back(static_cast<double>(k) * dt);
        for (std::size_t row = 0; row < c.steps.size(); ++row) {
            double total = 0.0;
            for (std::uint64_t j = 0; j < c.target_size; ++j) total += sums[row * c.target_size + j];
            w.mean.push_back(c.total > 0 ? total / double(c.total) : std::numeric_limits<double>::quiet_NaN());
        }
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace lamina::engine
