// Input channels u_c(t) of rate networks and their weight vectors b_c (columns of B).
#include "engine/rate/rate_engine.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace lamina::engine::rate {
namespace {

std::string where(const rate_input_spec& in) {
    return (in.origin.empty() ? std::string("rate input") : in.origin) + " (" + in.name + " -> " + in.target + ")";
}

}  // namespace

input_channel build_input(const rate_input_spec& in, const population& target, std::uint64_t seed, std::size_t index) {
    input_channel ch;
    ch.spec = in;
    ch.tgt_off = target.offset;
    ch.tgt_n = target.spec.size;
    ch.index = index;
    const auto n = static_cast<Eigen::Index>(ch.tgt_n);
    if (!in.b.empty()) {
        if (in.b.size() != ch.tgt_n)
            throw input_error(where(in) + ": b has " + std::to_string(in.b.size()) + " values; expected one per unit of " +
                              in.target + " (" + std::to_string(ch.tgt_n) + ")");
        ch.b = Eigen::Map<const Eigen::VectorXd>(in.b.data(), n);
    } else if (in.weight_std > 0.0) {
        ch.b.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            core::rng_stream rng(seed, core::stream_purpose::rate_input_weights, ch.tgt_off + static_cast<std::size_t>(i), index);
            ch.b(i) = in.weight_std * rng.normal();
        }
    } else {
        ch.b = Eigen::VectorXd::Constant(n, in.weight);
    }
    if (!ch.b.allFinite()) throw input_error(where(in) + ": the weights b must be finite");
    using k = rate_input_spec::kind;
    if (in.type == k::step) {
        if (in.times.size() != in.amplitudes.size() || in.times.empty())
            throw input_error(where(in) + ": a step input needs times and amplitudes of equal, non-zero length");
        if (!std::is_sorted(in.times.begin(), in.times.end()))
            throw input_error(where(in) + ": step times must be in increasing order");
    }
    if (in.type == k::series) {
        if (in.series.empty()) throw input_error(where(in) + ": a series input needs at least one sample");
        if (!(in.series_dt > 0.0)) throw input_error(where(in) + ": series_dt must be positive");
    }
    if (in.type == k::white_noise && !(in.amplitude >= 0.0))
        throw input_error(where(in) + ": a white-noise amplitude must be >= 0");
    return ch;
}

double input_channel::value(double t, std::uint64_t step, std::uint64_t trial, std::uint64_t seed, double dt) const {
    const auto& s = spec;
    // A tolerance of a thousandth of a step, so that start = 10 ms switches on at step 100 of
    // dt = 0.1 ms whatever the rounding of 100 * 0.1.
    const double eps = 1e-3 * dt;
    if (t < s.start - eps) return 0.0;
    if (s.stop >= 0.0 && t >= s.stop - eps) return 0.0;
    using k = rate_input_spec::kind;
    switch (s.type) {
    case k::constant:
        return s.amplitude;
    case k::sine:
        return s.offset + s.amplitude * std::sin(2.0 * std::numbers::pi * s.frequency * 1e-3 * t + s.phase);
    case k::step: {
        const auto it = std::upper_bound(s.times.begin(), s.times.end(), t + eps);
        if (it == s.times.begin()) return 0.0;
        return s.amplitudes[static_cast<std::size_t>(it - s.times.begin()) - 1];
    }
    case k::series: {
        const double pos = (t - s.start) / s.series_dt;
        const auto i = static_cast<std::size_t>(std::max(0.0, std::floor(pos + 1e-9)));
        return s.series[std::min(i, s.series.size() - 1)];
    }
    case k::white_noise: {
        core::rng_stream rng(seed, core::stream_purpose::rate_input_noise, (trial << 32) | index, step);
        return s.offset + s.amplitude / std::sqrt(dt) * rng.normal();
    }
    }
    return 0.0;
}

}  // namespace lamina::engine::rate
