#include "engine/devices.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"
#include "core/rng_batch.hpp"
#include "engine/receptor_choice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lamina::engine {
namespace {

/// Times beyond any run (1e300 ms) are clamped to a step no run reaches, instead of overflowing
/// llround (whose out-of-range result is the most negative step: "never" became "always before").
std::int64_t to_step(double t_ms, double dt) {
    constexpr double far = double(std::numeric_limits<std::int64_t>::max() / 4);
    return static_cast<std::int64_t>(std::llround(std::clamp(t_ms / dt, -far, far)));
}

std::int64_t stop_step(const stimulus_spec& s, double dt) {
    return s.stop ? to_step(*s.stop, dt) : std::numeric_limits<std::int64_t>::max() / 2;
}


}  // namespace

void device_set::add(const stimulus_spec& s, target_set targets, std::uint32_t index,
                     const neuron_model_info* target_model) {
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
            poissons_.push_back({std::move(targets), mean, std::exp(-mean), w, port, to_step(s.start, dt_),
                                 stop_step(s, dt_), index});
            break;
        }
        case stimulus_kind::ou_noise: {
            if (!(s.tau > 0.0)) fail("tau must be positive, got " + std::to_string(s.tau) + " ms");
            if (!(s.std_dev >= 0.0)) fail("std must not be negative, got " + std::to_string(s.std_dev) + " pA");
            if (!std::isfinite(s.mean) || !std::isfinite(s.std_dev)) fail("mean and std must be finite");
            const double decay = std::exp(-dt_ / s.tau);
            // 1 - decay^2 by expm1: for tau >> dt the difference of two numbers close to 1 would
            // lose the digits that set the noise amplitude.
            const double kick = s.std_dev * std::sqrt(-std::expm1(-2.0 * dt_ / s.tau));
            std::vector<double> current(targets.population_size, std::numeric_limits<double>::quiet_NaN());
            noises_.push_back({std::move(targets), s.mean, s.std_dev, decay, kick, to_step(s.start, dt_),
                               stop_step(s, dt_), index, std::move(current)});
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
    d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
        core::rng_stream rng(seed_, purpose, gid, static_cast<std::uint64_t>(step));
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
// One Poisson count per gid in [gid0, gid1) into slot[gid], the same numbers as
// rng_stream(seed, purpose, gid, step).poisson(mean, exp_neg_mean): eight neighbouring streams'
// first blocks at once (rng_batch.hpp), and the product of uniforms run on them; the few counts
// that need more than the block's four uniforms (P(n >= 4) = 14% at the mean of 2 per step of
// Brunel's input) are redrawn on their own stream, which starts with the same four.
void add_poisson_range(std::uint64_t seed, std::uint32_t purpose, std::int64_t step, double mean,
                       double exp_neg_mean, double weight, std::uint64_t gid0, std::uint64_t gid1, double* slot) {
    constexpr std::size_t W = 8;
    const auto sub = static_cast<std::uint64_t>(step);
    std::uint64_t gid = gid0;
    if (mean < core::rng_stream::small_mean_limit) {
        for (; gid + W <= gid1; gid += W) {
            const auto lanes = core::philox_first_blocks<W>(seed, purpose, gid, sub);
            for (std::size_t l = 0; l < W; ++l) {
                // The products of the uniforms decrease, so the count (the number of them still
                // above e^-mean) is a sum of comparisons: no data-dependent branch to mispredict.
                double p = 1.0;
                std::uint64_t n = 0;
                for (std::size_t j = 0; j < 4; ++j) {
                    p *= (static_cast<double>(lanes.block[j][l]) + 0.5) * 0x1.0p-32;
                    n += p > exp_neg_mean;
                }
                if (n == 4) n = core::rng_stream(seed, purpose, gid + l, sub).poisson(mean, exp_neg_mean);
                if (n) slot[gid + l] += weight * static_cast<double>(n);
            }
        }
    }
    for (; gid < gid1; ++gid) {
        core::rng_stream rng(seed, purpose, gid, sub);
        const auto n = rng.poisson(mean, exp_neg_mean);
        if (n) slot[gid] += weight * static_cast<double>(n);
    }
}
}  // namespace

void device_set::add_poisson(std::int64_t arrival_step, const partition& part, int worker, ring_buffer& ring) const {
    for (const auto& d : poissons_) {
        if (arrival_step <= d.start_step || arrival_step > d.stop_step || d.mean_per_step <= 0.0) continue;
        double* slot = ring.at(arrival_step, d.port);
        const std::uint32_t purpose = (static_cast<std::uint32_t>(core::stream_purpose::poisson_input) << 16) | d.stream;
        if (d.targets.indices.empty()) {  // a whole population: one contiguous range of gids
            const index_range owned = part.block(d.targets.population_size, worker);
            add_poisson_range(seed_, purpose, arrival_step, d.mean_per_step, d.exp_neg_mean, d.weight,
                              d.targets.first_gid + owned.begin, d.targets.first_gid + owned.end, slot);
            continue;
        }
        d.targets.for_owned(part, worker, [&](std::uint64_t gid) {
            core::rng_stream rng(seed_, purpose, gid, static_cast<std::uint64_t>(arrival_step));
            const auto n = rng.poisson(d.mean_per_step, d.exp_neg_mean);
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
