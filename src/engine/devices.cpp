#include "engine/devices.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"
#include "core/rng_batch.hpp"
#include "engine/receptor_choice.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

namespace lamina::engine {
namespace {

/// 2^32 P(N <= k), k = 0, 1, ..., for N ~ Poisson(mean), until the tail beyond is below 2^-33
/// (empty for means that use rng_stream::poisson instead).
std::vector<double> poisson_thresholds(double mean) {
    std::vector<double> threshold;
    if (!(mean > 0.0) || mean >= core::rng_stream::small_mean_limit) return threshold;
    constexpr double scale = 0x1.0p32;
    double p = std::exp(-mean), cdf = p;
    for (int k = 0; k < 200 && (1.0 - cdf) * scale >= 0.5; ++k) {
        threshold.push_back(cdf * scale);
        p *= mean / double(k + 1);
        cdf += p;
    }
    threshold.push_back(cdf * scale);
    return threshold;
}

/// Times beyond any run (1e300 ms) are clamped to a step no run reaches, instead of overflowing
/// llround (whose out-of-range result is the most negative step: "never" became "always before").
std::int64_t to_step(double t_ms, double dt) {
    constexpr double far = double(std::numeric_limits<std::int64_t>::max() / 4);
    return static_cast<std::int64_t>(std::llround(std::clamp(t_ms / dt, -far, far)));
}

std::int64_t stop_step(const stimulus_spec& s, double dt) {
    return s.stop ? to_step(*s.stop, dt) : std::numeric_limits<std::int64_t>::max() / 2;
}

std::string ms_text(std::optional<double> t_ms) {
    if (!t_ms) return "unset (until the end)";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g ms", *t_ms);
    return buf;
}

}  // namespace

// Same tau (to rounding: "5 s" and "5000 ms"), start and stop steps: otherwise the stimuli could
// not advance one process. A stimulus added once the process has run would start from its own
// stationary draw, another process, so it is refused.
const device_set::named_process& device_set::join_process(const stimulus_spec& s, const std::string& where,
                                                          std::uint32_t index, std::int64_t now_step) {
    const std::int64_t start = to_step(s.start, dt_), stop = stop_step(s, dt_);
    for (const auto& p : processes_) {
        if (p.name != s.shared_process) continue;
        auto differ = [&](const char* key, const std::string& mine, const std::string& first) {
            throw input_error(where + ": shared = \"" + p.name + "\": " + key + " " + mine + " differs from " + key +
                              " " + first + " of " + p.where + " (the first stimulus of that process); stimuli "
                              "sharing a process must have the same tau, start and stop");
        };
        if (std::abs(s.tau - p.tau) > 1e-12 * p.tau) differ("tau", ms_text(s.tau), ms_text(p.tau));
        if (start != p.start_step) differ("start", ms_text(s.start), ms_text(p.start));
        if (stop != p.stop_step) differ("stop", ms_text(s.stop), ms_text(p.stop));
        if (now_step > p.start_step)
            throw input_error(where + ": shared = \"" + p.name + "\": the process has been running since " +
                              ms_text(p.start) + " (now " + ms_text(double(now_step) * dt_) + "); stimuli "
                              "sharing a process must all be added before it starts");
        return p;
    }
    processes_.push_back({s.shared_process, where, index, s.tau, s.start, s.stop, start, stop});
    return processes_.back();
}

void device_set::add(const stimulus_spec& s, target_set targets, std::uint32_t index,
                     const neuron_model_info* target_model, std::int64_t now_step) {
    const std::string where = s.origin + ": " + to_string(s.kind) + " stimulus on " + s.target;
    auto fail = [&](const std::string& why) { throw input_error(where + ": " + why); };
    // Spike-delivering stimuli only; a current device has no receptor.
    if (s.receptor && !target_model) fail("receptor \"" + *s.receptor + "\" without a target model to resolve it");
    const auto receptor = target_model ? resolve_receptor(s.receptor, *target_model, where) : receptor_choice{};
    if (s.start < 0.0) fail("start must not be negative");
    if (s.stop && *s.stop < s.start) fail("stop must not be before start");
    std::sort(targets.indices.begin(), targets.indices.end());
    switch (s.kind) {
        case stimulus_kind::dc: {
            current_device d{std::move(targets), {{to_step(s.start, dt_), s.amplitude}}};
            if (s.stop) d.changes.emplace_back(to_step(*s.stop, dt_), -s.amplitude);
            currents_.push_back(std::move(d));
            break;
        }
        case stimulus_kind::step_current: {
            if (s.times.size() != s.amplitudes.size())
                fail(std::to_string(s.times.size()) + " times but " + std::to_string(s.amplitudes.size()) +
                     " amplitudes; expected one amplitude per time");
            if (!std::is_sorted(s.times.begin(), s.times.end())) fail("times must be increasing");
            current_device d{std::move(targets), {}};
            double level = 0.0;
            for (std::size_t k = 0; k < s.times.size(); ++k) {
                if (s.times[k] < 0.0) fail("times must not be negative");
                d.changes.emplace_back(to_step(s.times[k], dt_), s.amplitudes[k] - level);
                level = s.amplitudes[k];
            }
            currents_.push_back(std::move(d));
            break;
        }
        case stimulus_kind::poisson: {
            if (s.rate < 0.0) fail("rate must not be negative");
            // Input counts per step are integers: a mean beyond 1e15 per step (1e19 Hz at dt = 0.1 ms)
            // would overflow them; no neuron model needs more than a handful per step anyway.
            if (s.rate * dt_ * 1e-3 > 1e15) {
                char rate[32];
                std::snprintf(rate, sizeof rate, "%g", s.rate);
                fail(std::string("rate ") + rate + " Hz means more than 1e15 input spikes per step of " +
                     std::to_string(dt_) + " ms; use a larger weight at a lower rate");
            }
            const auto [port, w] = receptor.place(s.weight);
            const double mean = s.rate * dt_ * 1e-3;
            poissons_.push_back({std::move(targets), mean, w, port, to_step(s.start, dt_),
                                 stop_step(s, dt_), index, poisson_thresholds(mean), {}, 0});
            break;
        }
        case stimulus_kind::ou_noise: {
            if (!(s.tau > 0.0)) fail("tau must be positive, got " + std::to_string(s.tau) + " ms");
            if (!(s.std_dev >= 0.0)) fail("std must not be negative, got " + std::to_string(s.std_dev) + " pA");
            if (!std::isfinite(s.mean) || !std::isfinite(s.std_dev)) fail("mean and std must be finite");
            // A named process: the stream (and tau) of the first stimulus with that name, so that
            // every stimulus sharing it draws the same xi and advances the same unit process.
            const named_process* p = s.shared_process.empty() ? nullptr : &join_process(s, where, index, now_step);
            const double tau = p ? p->tau : s.tau;
            const double decay = std::exp(-dt_ / tau);
            // 1 - decay^2 by expm1: for tau >> dt the difference of two numbers close to 1 would
            // lose the digits that set the noise amplitude.
            const double kick = s.std_dev * std::sqrt(-std::expm1(-2.0 * dt_ / tau));
            std::vector<double> current(targets.population_size, std::numeric_limits<double>::quiet_NaN());
            noises_.push_back({std::move(targets), s.mean, s.std_dev, decay, kick, to_step(s.start, dt_),
                               stop_step(s, dt_), p ? p->stream : index, s.shared || p, std::move(current)});
            break;
        }
        case stimulus_kind::spike_times: {
            const std::int64_t delay = to_step(s.delay, dt_);
            if (s.delay < 0.0) fail("delay must not be negative");
            if (delay < 1) fail("delay " + std::to_string(s.delay) + " ms is below dt; it must be at least one step");
            const auto [port, w] = receptor.place(s.weight);
            generator_device g{std::move(targets), {}, w, port};
            for (double t : s.times) {
                if (t < 0.0) fail("spike times must not be negative");
                g.arrivals.push_back(to_step(t, dt_) + delay);
            }
            std::sort(g.arrivals.begin(), g.arrivals.end());
            generators_.push_back(std::move(g));
            break;
        }
    }
}

void device_set::apply_currents(std::int64_t step, const partition& part, int worker, double* I_stim) {
    // Changes are sorted by step (add() keeps them so): a binary search per device and step keeps
    // the per-step cost independent of how many changes a step current has.
    for (const auto& d : currents_) {
        auto it = std::lower_bound(d.changes.begin(), d.changes.end(), step,
                                   [](const auto& change, std::int64_t k) { return change.first < k; });
        for (; it != d.changes.end() && it->first == step; ++it) {
            const double delta = it->second;
            d.targets.for_owned(part, worker, [&](std::uint64_t gid) { I_stim[gid] += delta; });
        }
    }
    for (auto& d : noises_) advance_noise(d, step, part, worker, I_stim);
}

// A target's first active step draws its value from the stationary law N(mean, std^2), so that
// the current is stationary from its start (also when the stimulus is added between runs, after
// its start time). Each later step applies the exact transition. The stream of (stimulus,
// neuron, step) is the same whichever worker owns the neuron: the current does not depend on the
// partition. Only the change is added to I_stim, which also holds the dc and step currents.
void device_set::advance_noise(noise_device& d, std::int64_t step, const partition& part, int worker,
                               double* I_stim) {
    if (step < d.start_step || step > d.stop_step) return;
    const std::uint64_t g0 = d.targets.first_gid;
    if (step == d.stop_step) {
        d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
            double& x = d.current[gid - g0];
            if (!std::isnan(x)) I_stim[gid] -= x;
            x = std::numeric_limits<double>::quiet_NaN();
        });
        return;
    }
    const std::uint32_t purpose = (static_cast<std::uint32_t>(core::stream_purpose::noise_input) << 16) | d.stream;
    // A shared current: every target draws the same xi from one stream, named by an id no neuron
    // has (gids stay far below 2^63), so each worker advances identical copies of one process.
    // Stimuli of one named process have the same stream, tau and window: the same xi, so the same
    // unit process (I - mean) / std, each scaled by its own std.
    constexpr std::uint64_t shared_id = ~std::uint64_t{0};
    d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
        core::rng_stream rng(seed_, purpose, d.shared ? shared_id : gid, static_cast<std::uint64_t>(step));
        const double xi = rng.normal();
        double& x = d.current[gid - g0];
        if (std::isnan(x)) {
            x = d.mean + d.std_dev * xi;
            I_stim[gid] += x;
        } else {
            const double next = d.mean + (x - d.mean) * d.decay + d.kick * xi;
            I_stim[gid] += next - x;
            x = next;
        }
    });
}

namespace {
// Per-step Poisson counts by inversion of one 32-bit uniform per (neuron, step): word (step mod 4)
// of the first block of stream (seed, purpose, gid, step / 4), so one Philox block serves four
// steps. n = #{k : u >= threshold[k]}, threshold[k] = 2^32 P(N <= k): P(n = k) is the Poisson
// probability to 2^-32 (the resolution the former product-of-uniforms method also had); the
// table stops where the tail left is below 2^-33. The product method needed one block per
// (neuron, step) and redrew the 8-20% of counts >= 4 (means 1.3-2.3 per step in the
// microcircuit's background) on a scalar stream: Poisson input was ~2/3 of the microcircuit's
// simulation time. Means of rng_stream::small_mean_limit and above keep rng_stream::poisson.
constexpr std::int64_t steps_per_block = 4;

int poisson_count(const std::vector<double>& threshold, std::uint32_t word) {
    const double u = static_cast<double>(word);
    int n = 0;
    for (double t : threshold) {
        if (u < t) break;
        ++n;
    }
    return n;
}

std::uint32_t poisson_word(std::uint64_t seed, std::uint32_t purpose, std::uint64_t gid, std::int64_t step) {
    core::rng_stream rng(seed, purpose, gid, static_cast<std::uint64_t>(step / steps_per_block));
    std::uint32_t word = rng.next_u32();
    for (std::int64_t j = 0; j < step % steps_per_block; ++j) word = rng.next_u32();
    return word;
}

/// The four words of the group's blocks for gids [gid0, gid0 + n): eight streams at once
/// (rng_batch.hpp), word j of gid0 + i into words[j * n + i].
void fill_group_words(std::uint64_t seed, std::uint32_t purpose, std::int64_t group, std::uint64_t gid0,
                      std::uint64_t n, std::uint32_t* words) {
    constexpr std::size_t W = 8;
    const auto sub = static_cast<std::uint64_t>(group);
    std::uint64_t i = 0;
    for (; i + W <= n; i += W) {
        const auto lanes = core::philox_first_blocks<W>(seed, purpose, gid0 + i, sub);
        for (std::size_t j = 0; j < 4; ++j)
            for (std::size_t l = 0; l < W; ++l) words[j * n + i + l] = lanes.block[j][l];
    }
    for (; i < n; ++i) {
        core::rng_stream rng(seed, purpose, gid0 + i, sub);
        for (std::size_t j = 0; j < 4; ++j) words[j * n + i] = rng.next_u32();
    }
}

/// slot[gid0 + i] += weight * count(u[i]), lane-parallel: the levels stop at the largest word's count.
void add_counts(const std::vector<double>& threshold, const std::uint32_t* u, std::uint64_t n, double weight,
                double* slot) {
    constexpr std::size_t W = 8;
    std::uint64_t i = 0;
    for (; i + W <= n; i += W) {
        std::array<double, W> x, count{};
        double x_max = 0.0;
        for (std::size_t l = 0; l < W; ++l) {
            x[l] = static_cast<double>(u[i + l]);
            x_max = std::max(x_max, x[l]);
        }
        for (std::size_t k = 0; k < threshold.size() && threshold[k] <= x_max; ++k)
#pragma omp simd
            for (std::size_t l = 0; l < W; ++l) count[l] += x[l] >= threshold[k] ? 1.0 : 0.0;
#pragma omp simd
        for (std::size_t l = 0; l < W; ++l) slot[i + l] += weight * count[l];
    }
    for (; i < n; ++i) {
        const int c = poisson_count(threshold, u[i]);
        if (c) slot[i] += weight * static_cast<double>(c);
    }
}
}  // namespace

void device_set::prepare_poisson(const partition& part, int first_worker, int n_workers) {
    for (auto& d : poissons_) {
        if (!d.targets.indices.empty() || d.threshold.empty()) continue;
        d.first_worker = first_worker;
        d.cache.resize(static_cast<std::size_t>(n_workers));
        for (int v = 0; v < n_workers; ++v) {
            auto& c = d.cache[static_cast<std::size_t>(v)];
            c.words.resize(steps_per_block * part.block(d.targets.population_size, first_worker + v).size());
            c.group = -1;
        }
    }
}

void device_set::add_poisson(std::int64_t arrival_step, const partition& part, int worker, ring_buffer& ring) {
    for (auto& d : poissons_) {
        if (arrival_step <= d.start_step || arrival_step > d.stop_step || d.mean_per_step <= 0.0) continue;
        double* slot = ring.at(arrival_step, d.port);
        const std::uint32_t purpose = (static_cast<std::uint32_t>(core::stream_purpose::poisson_input) << 16) | d.stream;
        if (d.threshold.empty()) {  // large means: PTRS on a stream per (neuron, step)
            d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
                core::rng_stream rng(seed_, purpose, gid, static_cast<std::uint64_t>(arrival_step));
                const auto n = rng.poisson(d.mean_per_step);
                if (n) slot[gid] += d.weight * static_cast<double>(n);
            });
            continue;
        }
        const std::size_t local = static_cast<std::size_t>(worker - d.first_worker);
        if (d.targets.indices.empty() && worker >= d.first_worker && local < d.cache.size()) {
            // A whole population: one contiguous range of gids, its group's words cached.
            const index_range owned = part.block(d.targets.population_size, worker);
            const std::uint64_t gid0 = d.targets.first_gid + owned.begin;
            auto& c = d.cache[local];
            const std::int64_t group = arrival_step / steps_per_block;
            if (c.group != group) {
                fill_group_words(seed_, purpose, group, gid0, owned.size(), c.words.data());
                c.group = group;
            }
            add_counts(d.threshold, c.words.data() + (arrival_step % steps_per_block) * owned.size(), owned.size(),
                       d.weight, slot + gid0);
            continue;
        }
        d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
            const int n = poisson_count(d.threshold, poisson_word(seed_, purpose, gid, arrival_step));
            if (n) slot[gid] += d.weight * static_cast<double>(n);
        });
    }
}

void device_set::add_generated(std::int64_t first, std::int64_t last, const partition& part, int worker,
                               ring_buffer& ring) const {
    for (const auto& g : generators_) {
        auto it = std::lower_bound(g.arrivals.begin(), g.arrivals.end(), first);
        for (; it != g.arrivals.end() && *it <= last; ++it) {
            double* slot = ring.at(*it, g.port);
            g.targets.for_owned(part, worker, [&](std::uint64_t gid) { slot[gid] += g.weight; });
        }
    }
}

}  // namespace lamina::engine
