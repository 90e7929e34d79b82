#pragma once
// Drawing values of a lamina::distribution from a counter-based stream. Normal and lognormal
// values come from the ziggurat (core/normal_ziggurat.hpp: one 32-bit word per value in ~99% of
// draws), not rng_stream::normal()'s Box-Muller: these draws are most of a spiking network's
// construction (two per synapse: weight and delay).
#include <lamina/error.hpp>
#include <lamina/network_spec.hpp>

#include "core/normal_ziggurat.hpp"
#include "core/rng.hpp"

#include <cmath>

namespace lamina::engine {

inline double draw_once(const distribution& d, core::rng_stream& rng) {
    switch (d.type) {
        case distribution::kind::constant: return d.a;
        case distribution::kind::uniform: return rng.uniform(d.a, d.b);
        case distribution::kind::normal: return d.a + d.b * core::normal_ziggurat(rng);
        case distribution::kind::lognormal: {
            // a, b are the mean and std of the value; convert to those of its logarithm.
            const double s2 = std::log1p((d.b * d.b) / (d.a * d.a));
            return std::exp(std::log(d.a) - 0.5 * s2 + std::sqrt(s2) * core::normal_ziggurat(rng));
        }
        case distribution::kind::exponential: return rng.exponential(d.a);
    }
    return d.a;
}

/// Draws, redrawing values outside [min, max]; gives up after many tries (a window far in the tail).
inline double draw(const distribution& d, core::rng_stream& rng) {
    if (d.is_constant()) return d.a;
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const double v = draw_once(d, rng);
        if ((!d.min || v >= *d.min) && (!d.max || v <= *d.max)) return v;
    }
    throw input_error("a distribution's [min, max] window is so far in its tail that 1000 draws missed it");
}

}  // namespace lamina::engine
