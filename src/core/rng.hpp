#pragma once
// Counter-based random streams (Random123 Philox4x32-10, Salmon et al. 2011, SC'11).
// A stream is named by (seed, purpose, id, sub): the same name gives the same numbers on any
// thread or rank, which is what makes spikes independent of the parallel decomposition.
// Network construction uses one stream per target neuron; per-step input uses (neuron, step).
// Names must keep sub below 2^40: its bits above 40 do not fit the counter.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace lamina::core {

/// Purposes keep streams of different uses disjoint for the same seed and id.
enum class stream_purpose : std::uint32_t {
    connectivity = 1,  // id: target neuron (or source for out-degree rules); sub: connection index
    synapse_values,    // unused, weights and delays come from the connectivity stream
    initial_state,     // id: neuron; sub: population index
    poisson_input,     // id: neuron; sub: step / 4 (word step % 4), or step for means >= 10 per step; stimulus index in the purpose word
    global_draws,      // id: connection index (fixed total number)
    connectivity_by_source,  // id: source neuron; sub: connection index (fixed out-degree)
    noise_input,       // id: neuron; sub: step; stimulus index folded into the purpose word
    neuron_parameter,  // id: neuron gid; sub: parameter index in the model's list
    neuron_parameter_order,  // id: population's first gid; sub: parameter index (sampling = "quantiles")
    // Explicit values: spatial streams are named apart from the list above as it grows.
    layout = 40,        // id: neuron gid; neuron positions (src/core/layout.cpp)
    mea_detection = 41, // id: electrode << 32 | neuron; sub: spike index (analysis/mea_sampling.cpp)
    layout_clusters = 42,  // id: cluster index; sub: the layout's cluster_seed (src/core/layout.cpp)
    // Rate networks (include/lamina/rate_network.hpp); explicit values keep them clear of new
    // spiking purposes added above.
    rate_connectivity = 100,  // id: target unit of the block (or factor row); sub: connection index
    rate_noise,               // id: (trial << 32) | unit; sub: step
    rate_input_noise,         // id: (trial << 32) | input channel; sub: step
    rate_initial,             // id: unit; sub: trial
    rate_input_weights,       // id: target unit; sub: input channel
    lyapunov_tangent,         // id: tangent vector; sub: 0
    // Training rate RNNs (include/lamina/training.hpp).
    rnn_init = 120,           // id: unit; sub: 0
    rnn_training_noise,       // id: (noise key << 16) | trial of the batch; sub: step
    rnn_shuffle,              // id: epoch; sub: 0
    rnn_task,                 // id: trial; sub: task seed offset
    user = 1000,       // analysis and examples
};

class rng_stream {
public:
    rng_stream(std::uint64_t seed, std::uint32_t purpose, std::uint64_t id, std::uint64_t sub = 0) {
        key_ = {{static_cast<std::uint32_t>(seed),
                 static_cast<std::uint32_t>(seed >> 32) ^ (purpose * 0x9E3779B9u)}};
        ctr_ = {{static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32),
                 static_cast<std::uint32_t>(sub), static_cast<std::uint32_t>(sub >> 32) << 24}};
    }
    rng_stream(std::uint64_t seed, stream_purpose purpose, std::uint64_t id, std::uint64_t sub = 0)
        : rng_stream(seed, static_cast<std::uint32_t>(purpose), id, sub) {}

    std::uint32_t next_u32() {
        if (used_ == 4) refill();
        return block_[used_++];
    }
    std::uint64_t next_u64() {
        const std::uint64_t hi = next_u32();
        return (hi << 32) | next_u32();
    }
    /// Uniform on (0, 1): 53 random bits, never exactly 0 or 1.
    double uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n) without modulo bias (Lemire's method).
    std::uint64_t below(std::uint64_t n) {
        if (n <= 0xFFFFFFFFu) {
            const auto n32 = static_cast<std::uint32_t>(n);
            std::uint64_t m = std::uint64_t{next_u32()} * n32;
            auto low = static_cast<std::uint32_t>(m);
            if (low < n32) {
                const std::uint32_t threshold = static_cast<std::uint32_t>(-n32) % n32;
                while (low < threshold) {
                    m = std::uint64_t{next_u32()} * n32;
                    low = static_cast<std::uint32_t>(m);
                }
            }
            return m >> 32;
        }
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t x;
        do x = next_u64(); while (x >= limit);
        return x % n;
    }
    /// Standard normal by the Box-Muller transform (the pair's second value is kept).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double phi = 2.0 * std::numbers::pi * uniform();
        spare_ = r * std::sin(phi);
        has_spare_ = true;
        return r * std::cos(phi);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }
    double exponential(double mean) { return -mean * std::log(uniform()); }
    /// Poisson-distributed count: inversion for small means, PTRS (Hoermann 1993) above.
    std::uint64_t poisson(double mean);
    /// The same with exp(-mean) precomputed, for drawing many counts of one mean (per-step input).
    std::uint64_t poisson(double mean, double exp_neg_mean) {
        if (mean >= small_mean_limit) return poisson(mean);
        // Multiplying uniforms until the product falls below exp(-mean); 32-bit uniforms are
        // ample here (the count's law is unaffected at that resolution) and halve the draws.
        double p = 1.0;
        std::uint64_t k = 0;
        while (true) {
            p *= (static_cast<double>(next_u32()) + 0.5) * 0x1.0p-32;
            if (p <= exp_neg_mean) return k;
            ++k;
        }
    }
    static constexpr double small_mean_limit = 10.0;

private:
    void refill() {
        block_ = gen_(ctr_, key_);
        ++ctr_.v[3];
        used_ = 0;
    }
    r123::Philox4x32 gen_;
    r123::Philox4x32::ctr_type ctr_;
    r123::Philox4x32::key_type key_;
    r123::Philox4x32::ctr_type block_{};
    int used_ = 4;
    bool has_spare_ = false;
    double spare_ = 0.0;
};

}  // namespace lamina::core
