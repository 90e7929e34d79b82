#include "engine/static_synapse_builder.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

namespace lamina::engine {
namespace {

/// Dense counters of one source population: one per (neuron, delay, port, high), where high is
/// the target gid's high bits (the run's, static_synapse_table.hpp), key
/// ((delay - min_delay) * port span + (port - min_port)) * high span + (high - min_high), so a
/// row's keys run in (delay, port, high) order. After the count pass each counter becomes its
/// (neuron, delay, port, high) run's fill cursor, counted from the row's first synapse.
struct count_space {
    const population_base* source = nullptr;
    std::int64_t min_delay = 0, max_delay = 0;  // steps, over the static rules from this population
    int min_port = 0, max_port = 0;
    std::uint32_t min_high = 0, max_high = 0;  // over this worker's targets of those rules
    std::uint64_t keys = 0;  // delays x ports x highs
    std::vector<std::uint32_t> count;

    std::uint64_t ports() const { return std::uint64_t(max_port - min_port + 1); }
    std::uint64_t highs() const { return std::uint64_t(max_high - min_high + 1); }
    std::uint64_t index(std::uint32_t source_gid, std::uint32_t target_gid, std::uint16_t delay,
                        std::uint8_t port) const {
        // Delays are within the rules' delay_bounds, ports within their receptor_ports_of and
        // targets within the worker's blocks: a failure here is a bug in connectivity.cpp.
        const std::uint32_t high = target_high(target_gid);
        if (delay < min_delay || delay > max_delay || port < min_port || port > max_port || high < min_high ||
            high > max_high)
            throw std::logic_error("static synapse builder: delay, port or target outside the planned range");
        return (source_gid - source->first_gid()) * keys +
               (std::uint64_t(delay - min_delay) * ports() + std::uint64_t(port - min_port)) * highs() +
               (high - min_high);
    }
};

// Both sinks queue a batch of synapses and place it in one tight loop: rules generate by target,
// rows are by source, so every counter read and every table write is a random access (a cache
// miss at full scale), and only a loop free of the generator's long dependency chains lets the
// core overlap them (profile of the unbatched sinks: 80% of the fill pass's samples on the two
// misses). Prefetching a few entries ahead overlaps them further.
constexpr std::size_t batch_size = 1024, prefetch_ahead = 16;

struct counting_sink final : synapse_sink {
    count_space& space;
    std::array<std::uint64_t, batch_size> queued{};
    std::size_t n = 0;
    explicit counting_sink(count_space& s) : space(s) {}
    void add(std::uint32_t source, std::uint32_t target, double, std::uint16_t delay, std::uint8_t port) override {
        queued[n++] = space.index(source, target, delay, port);
        if (n == batch_size) flush();
    }
    void flush() {
        std::uint32_t* const count = space.count.data();
        for (std::size_t j = 0; j < n; ++j) {
            if (j + prefetch_ahead < n) __builtin_prefetch(count + queued[j + prefetch_ahead], 1);
            auto& c = count[queued[j]];
            if (c == std::numeric_limits<std::uint32_t>::max())
                throw input_error("one source neuron has more than 2^32 - 1 synapses of one delay on one worker");
            ++c;
        }
        n = 0;
    }
};

struct filling_sink final : synapse_sink {
    struct entry {
        std::uint64_t index;  // the counter of (source, delay, port, high): its run's fill cursor
        std::uint32_t source;
        float weight;
        std::uint16_t target;  // low bits; the high ones are the run's
    };
    count_space& space;
    static_synapse_table& table;
    std::array<entry, batch_size> queued{};
    std::size_t n = 0;
    std::uint64_t written = 0;
    filling_sink(count_space& s, static_synapse_table& t) : space(s), table(t) {}
    void add(std::uint32_t source, std::uint32_t target, double weight, std::uint16_t delay,
             std::uint8_t port) override {
        queued[n++] = {space.index(source, target, delay, port), source, static_cast<float>(weight), target_low(target)};
        if (n == batch_size) flush();
    }
    void flush() {
        std::uint32_t* const count = space.count.data();
        const std::uint64_t* const row_begin = table.row_begin.data();
        for (std::size_t j = 0; j < n; ++j) {
            if (j + prefetch_ahead < n) {
                __builtin_prefetch(count + queued[j + prefetch_ahead].index, 1);
                __builtin_prefetch(row_begin + queued[j + prefetch_ahead].source);
            }
            const entry& e = queued[j];
            const std::uint64_t at = row_begin[e.source] + count[e.index]++;
            // Both passes replay the same streams; a mismatch is a bug, never silently written.
            if (at >= row_begin[e.source + 1])
                throw std::logic_error("static synapse builder: the fill pass differs from the count pass");
            table.target[at] = e.target;
            table.weight[at] = e.weight;
        }
        written += n;
        n = 0;
    }
};

/// One counter space per source population of the static rules, in order of first use. The
/// high span covers the gids of the worker's own blocks of the rules' target populations (a
/// worker owns one block of each: partition.hpp): at most 2 values at the microcircuit's scale.
std::vector<count_space> plan_spaces(const std::vector<connection_plan>& plans, double dt, const partition& part,
                                     int worker) {
    std::vector<count_space> spaces;
    for (const auto& plan : plans) {
        if (!plan.spec->synapse.is_static()) continue;
        const auto delays = delay_bounds(plan, dt);
        const auto ports = receptor_ports_of(plan);
        const index_range own = part.block(plan.target->size(), worker);
        // An empty block has no targets; its span (first gid's high) merely widens the counters.
        const auto first = static_cast<std::uint32_t>(plan.target->first_gid() + own.begin);
        const auto last = static_cast<std::uint32_t>(plan.target->first_gid() + std::max(own.end, own.begin + 1) - 1);
        auto it = std::find_if(spaces.begin(), spaces.end(), [&](const count_space& s) { return s.source == plan.source; });
        if (it == spaces.end()) {
            spaces.push_back({plan.source, delays.min, delays.max, ports.min, ports.max, target_high(first),
                              target_high(last), 0, {}});
            continue;
        }
        it->min_delay = std::min(it->min_delay, delays.min);
        it->max_delay = std::max(it->max_delay, delays.max);
        it->min_port = std::min(it->min_port, ports.min);
        it->max_port = std::max(it->max_port, ports.max);
        it->min_high = std::min<std::uint32_t>(it->min_high, target_high(first));
        it->max_high = std::max<std::uint32_t>(it->max_high, target_high(last));
    }
    for (auto& s : spaces) s.keys = std::uint64_t(s.max_delay - s.min_delay + 1) * s.ports() * s.highs();
    return spaces;
}

count_space& space_of(std::vector<count_space>& spaces, const population_base* source) {
    return *std::find_if(spaces.begin(), spaces.end(), [&](const count_space& s) { return s.source == source; });
}

/// Counters may take at most 64 MiB or one byte per expected synapse, whichever is more (the
/// microcircuit at full scale: 62k excitatory neurons x 90 delays + 15k inhibitory x 45, one
/// port each, x 2 target highs (gids cross 2^16 in L6E) x 4 B = 50 MB per worker against 1.5e8
/// synapses, 0.34 B per synapse); beyond that the list fallback is cheaper.
bool counters_fit(const std::vector<count_space>& spaces, double expected_synapses) {
    double bytes = 0.0;
    for (const auto& s : spaces) bytes += double(s.source->size()) * double(s.keys) * sizeof(std::uint32_t);
    return bytes <= std::max(64.0 * 1024 * 1024, expected_synapses);
}

double expected_static_synapses(const std::vector<connection_plan>& plans, const partition& part, int worker) {
    double n = 0.0;
    for (const auto& plan : plans)
        if (plan.spec->synapse.is_static())
            n += expected_synapses(plan) * double(part.block(plan.target->size(), worker).size()) /
                 double(plan.target->size());
    return n;
}

/// Targets are stored in 16 + 8 bits (static_synapse_table.hpp); checked before any allocation.
/// build_network refuses larger networks with the model file's name (network_builder.cpp).
void check_static_neurons(std::uint64_t n_neurons) {
    if (n_neurons > max_static_neurons)
        throw input_error("the network has " + std::to_string(n_neurons) + " neurons; static synapse tables address at most " +
                          std::to_string(max_static_neurons) + " (2^24)");
}

/// Rows and runs from the counts, which become fill cursors (each run's first synapse, counted
/// from its row's first).
void lay_out(std::vector<count_space>& spaces, std::uint64_t n_neurons, static_synapse_table& table) {
    table.row_begin.assign(n_neurons + 1, 0);
    table.run_begin.assign(n_neurons + 1, 0);
    for (const auto& s : spaces)
        for (std::uint64_t i = 0; i < s.source->size(); ++i) {
            const std::uint32_t* c = s.count.data() + i * s.keys;
            const std::uint64_t gid = s.source->first_gid() + i;
            for (std::uint64_t k = 0; k < s.keys; ++k) {
                table.row_begin[gid + 1] += c[k];
                table.run_begin[gid + 1] += c[k] != 0;
            }
            if (table.row_begin[gid + 1] > std::numeric_limits<std::uint32_t>::max())
                throw input_error("source neuron " + std::to_string(gid) + " has " +
                                  std::to_string(table.row_begin[gid + 1]) +
                                  " synapses on one worker; at most 2^32 - 1 are supported (use more threads)");
        }
    std::partial_sum(table.row_begin.begin(), table.row_begin.end(), table.row_begin.begin());
    std::partial_sum(table.run_begin.begin(), table.run_begin.end(), table.run_begin.begin());
    table.runs.resize(table.run_begin.back());
    for (auto& s : spaces)
        for (std::uint64_t i = 0; i < s.source->size(); ++i) {
            std::uint32_t* c = s.count.data() + i * s.keys;
            std::uint64_t r = table.run_begin[s.source->first_gid() + i];
            std::uint32_t start = 0;
            for (std::uint64_t k = 0; k < s.keys; ++k) {
                if (c[k] == 0) continue;
                const std::uint32_t n = c[k];
                c[k] = start;
                start += n;
                const std::uint64_t delay_port = k / s.highs();
                table.runs[r++] = {start, static_cast<std::uint16_t>(s.min_delay + std::int64_t(delay_port / s.ports())),
                                   static_cast<std::uint8_t>(s.min_port + int(delay_port % s.ports())),
                                   static_cast<std::uint8_t>(s.min_high + k % s.highs())};
            }
        }
}

/// After the fill pass every run's cursor must stand at the run's end: a count/fill mismatch that
/// moved synapses between runs of one row would keep the row's total and leave a slot of the
/// uninitialised arrays unwritten. Empty keys keep a zero cursor; a non-empty run ends at >= 1.
void check_runs_filled(const std::vector<count_space>& spaces, const static_synapse_table& table) {
    for (const auto& s : spaces)
        for (std::uint64_t i = 0; i < s.source->size(); ++i) {
            const std::uint32_t* c = s.count.data() + i * s.keys;
            const std::uint64_t gid = s.source->first_gid() + i;
            std::uint64_t r = table.run_begin[gid];
            for (std::uint64_t k = 0; k < s.keys; ++k) {
                if (c[k] == 0) continue;
                if (r == table.run_begin[gid + 1] || c[k] != table.runs[r].end)
                    throw std::logic_error("static synapse builder: a run of the fill pass differs from the count pass");
                ++r;
            }
            if (r != table.run_begin[gid + 1])
                throw std::logic_error("static synapse builder: a run of the fill pass differs from the count pass");
        }
}

}  // namespace

static_synapse_table build_static_synapses(const std::vector<connection_plan>& plans, double dt, std::uint64_t seed,
                                           const partition& part, int worker, std::uint64_t n_neurons) {
    check_static_neurons(n_neurons);
    auto spaces = plan_spaces(plans, dt, part, worker);
    if (!counters_fit(spaces, expected_static_synapses(plans, part, worker))) {
        synapse_list list;
        for (const auto& plan : plans)
            if (plan.spec->synapse.is_static()) generate_connection(plan, dt, seed, part, worker, list);
        return to_static_rows(std::move(list), n_neurons);
    }
    for (auto& s : spaces) s.count.assign(s.source->size() * s.keys, 0);
    for (const auto& plan : plans) {
        if (!plan.spec->synapse.is_static()) continue;
        counting_sink sink(space_of(spaces, plan.source));
        generate_connection(plan, dt, seed, part, worker, sink);
        sink.flush();
    }
    static_synapse_table table;
    lay_out(spaces, n_neurons, table);
    table.target = fill_once_array<std::uint16_t>(table.row_begin.back());
    table.weight = fill_once_array<float>(table.row_begin.back());
    std::uint64_t written = 0;
    for (const auto& plan : plans) {
        if (!plan.spec->synapse.is_static()) continue;
        filling_sink sink(space_of(spaces, plan.source), table);
        generate_connection(plan, dt, seed, part, worker, sink);
        sink.flush();
        written += sink.written;
    }
    // No row overflowed (checked per synapse), so as many synapses as counted means every row is
    // full: no slot of the uninitialised arrays is left for delivery to read.
    if (written != table.row_begin.back())
        throw std::logic_error("static synapse builder: the fill pass wrote fewer synapses than the count pass");
    check_runs_filled(spaces, table);
    return table;
}

static_synapse_table to_static_rows(synapse_list&& list, std::uint64_t n_neurons) {
    check_static_neurons(n_neurons);
    const synapse_table rows = to_rows(std::move(list), n_neurons);
    static_synapse_table table;
    table.row_begin = rows.row_begin;
    table.run_begin.assign(n_neurons + 1, 0);
    table.target = fill_once_array<std::uint16_t>(rows.size());
    table.weight = fill_once_array<float>(rows.size());
    std::vector<std::uint64_t> order;
    for (std::uint64_t s = 0; s < n_neurons; ++s) {
        const std::uint64_t begin = rows.row_begin[s], end = rows.row_begin[s + 1];
        if (end - begin > std::numeric_limits<std::uint32_t>::max())
            throw input_error("source neuron " + std::to_string(s) + " has " + std::to_string(end - begin) +
                              " synapses on one worker; at most 2^32 - 1 are supported (use more threads)");
        order.resize(end - begin);
        std::iota(order.begin(), order.end(), begin);
        const auto key = [&](std::uint64_t k) {
            return std::tuple(rows.delay[k], rows.port[k], target_high(rows.target[k]));
        };
        std::stable_sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) { return key(a) < key(b); });
        for (std::uint64_t j = 0; j < order.size(); ++j) {
            const std::uint64_t k = order[j];
            table.target[begin + j] = target_low(rows.target[k]);
            table.weight[begin + j] = static_cast<float>(rows.weight[k]);
            const delay_run* last = table.runs.empty() ? nullptr : &table.runs.back();
            if (j == 0 || key(k) != std::tuple(last->delay, last->port, last->high))
                table.runs.push_back({0, rows.delay[k], rows.port[k], target_high(rows.target[k])});
            table.runs.back().end = static_cast<std::uint32_t>(j + 1);
        }
        table.run_begin[s + 1] = table.runs.size();
    }
    return table;
}

}  // namespace lamina::engine
