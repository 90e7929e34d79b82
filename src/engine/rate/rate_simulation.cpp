// The rate-network engine: tau dx/dt = -x + J phi(x) + B u(t) + I + noise for all trials at once.
// Per step (euler): phi = phi(X); F = (-X + J phi + B u(t) + I) / tau; X += dt F; X += noise.
// rk4 evaluates F four times (u at t, t + dt/2, t + dt) and adds the noise after the step
// (additive noise: Euler-Maruyama order for the noise, fourth order for the drift).
// exact (linear phi) lives in rate_exact.cpp.
#include "engine/rate/rate_engine.hpp"

#include <lamina/error.hpp>

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <omp.h>

namespace lamina {

using engine::rate::matrix;

namespace {

std::int64_t chunk_count(std::size_t units) {
    return static_cast<std::int64_t>((units + engine::rate::chunk_rows - 1) / engine::rate::chunk_rows);
}

const engine::rate::population& find_population(const std::vector<engine::rate::population>& pops,
                                                const std::string& name, const std::string& origin,
                                                const std::string& what) {
    for (const auto& p : pops)
        if (p.spec.name == name) return p;
    std::string known;
    for (const auto& p : pops) known += (known.empty() ? "" : ", ") + p.spec.name;
    throw unknown_name_error((origin.empty() ? what : origin + ": " + what) + ": no rate population named \"" + name +
                             "\" (populations: " + known + ")");
}

}  // namespace

void rate_simulation::impl::build() {
    const auto& st = spec.settings;
    if (!(st.dt > 0.0) || !std::isfinite(st.dt)) throw input_error(st.origin + ": simulation.dt must be positive");
    if (st.trials == 0) throw input_error(st.origin + ": simulation.trials must be at least 1");
    if (spec.populations.empty()) throw input_error(spec.source + ": a rate model needs at least one population");
    dt = st.dt;
    trials = st.trials;
    units = 0;
    for (const auto& p : spec.populations) {
        const std::string at = p.origin.empty() ? "rate population " + p.name : p.origin + ": " + p.name;
        if (p.size == 0) throw input_error(at + ": size must be at least 1");
        if (!(p.tau > 0.0) || !std::isfinite(p.tau)) throw input_error(at + ": tau must be a positive time");
        if (!(p.noise_std >= 0.0)) throw input_error(at + ": noise_std must be >= 0");
        if (!std::isfinite(p.theta) || !std::isfinite(p.beta) || !std::isfinite(p.bias))
            throw input_error(at + ": theta, beta and bias must be finite");
        if (!p.x0.empty() && p.x0.size() != p.size)
            throw input_error(at + ": x0 has " + std::to_string(p.x0.size()) + " values; expected " + std::to_string(p.size));
        for (const auto& q : pops)
            if (q.spec.name == p.name) throw input_error(at + ": a second population with this name");
        if (st.integrator == rate_integrator::exact && p.phi != rate_phi::linear)
            throw input_error(at + ": integrator \"exact\" needs phi = \"linear\" in every population (got \"" +
                              models::rate::phi_name(p.phi) + "\"); use euler or rk4");
        pops.push_back({p, units, {p.phi, p.theta, p.beta}});
        units += p.size;
    }
    const auto N = static_cast<Eigen::Index>(units);
    inv_tau.resize(N);
    noise_scale.resize(N);
    bias.resize(N);
    pop_of_unit.resize(units);
    for (std::size_t k = 0; k < pops.size(); ++k) {
        const auto& p = pops[k];
        for (std::size_t i = p.offset; i < p.offset + p.spec.size; ++i) pop_of_unit[i] = static_cast<std::uint32_t>(k);
        inv_tau.segment(p.offset, p.spec.size).setConstant(1.0 / p.spec.tau);
        noise_scale.segment(p.offset, p.spec.size).setConstant(p.spec.noise_std * std::sqrt(2.0 * dt / p.spec.tau));
        bias.segment(p.offset, p.spec.size).setConstant(p.spec.bias);
    }
    J.units = units;
    for (std::size_t k = 0; k < spec.connections.size(); ++k) {
        const auto& c = spec.connections[k];
        const auto& s = find_population(pops, c.source, c.origin, "source");
        const auto& t = find_population(pops, c.target, c.origin, "target");
        J.blocks.push_back(engine::rate::build_block(c, s, t, st.seed, k));
        if (c.schedule_times.empty() && c.schedule_scales.empty()) continue;
        const std::string at = c.origin.empty() ? "rate connection " + std::to_string(k) : c.origin;
        if (c.schedule_times.size() != c.schedule_scales.size())
            throw input_error(at + ": schedule has " + std::to_string(c.schedule_times.size()) + " times and " +
                              std::to_string(c.schedule_scales.size()) + " scales; expected equal numbers");
        scheduled_scale sch{k, {}, c.schedule_scales};
        for (std::size_t i = 0; i < c.schedule_times.size(); ++i) {
            const double t_ms = c.schedule_times[i];
            if (!(t_ms >= 0.0) || !std::isfinite(t_ms) || (i > 0 && t_ms < c.schedule_times[i - 1]))
                throw input_error(at + ": schedule times must be finite, >= 0 ms and non-decreasing (time " +
                                  std::to_string(i) + " is " + std::to_string(t_ms) + " ms)");
            if (!std::isfinite(c.schedule_scales[i])) throw input_error(at + ": schedule scales must be finite");
            sch.steps.push_back(static_cast<std::uint64_t>(std::llround(t_ms / dt)));
        }
        schedules.push_back(std::move(sch));
    }
    for (std::size_t k = 0; k < spec.inputs.size(); ++k) {
        const auto& in = spec.inputs[k];
        inputs.push_back(engine::rate::build_input(in, find_population(pops, in.target, in.origin, "target"), st.seed, k));
    }
    for (const auto& r : spec.recorders) {
        const auto& p = find_population(pops, r.population, r.origin, "population");
        const std::string at = (r.origin.empty() ? "rate recorder " : r.origin + ": rate recorder ") + r.name;
        for (const auto& q : recorders)
            if (q.spec.name == r.name) throw input_error(at + ": a second recorder with this name");
        engine::rate::recorder rec;
        rec.spec = r;
        rec.offset = p.offset;
        rec.phi = p.phi;
        if (!(r.interval > 0.0)) throw input_error(at + ": interval must be positive");
        rec.every = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(r.interval / dt)));
        if (r.type == rate_recorder_spec::kind::readout) {
            if (r.outputs == 0 || r.readout.size() != r.outputs * p.spec.size)
                throw input_error(at + ": a readout needs outputs >= 1 and outputs x size = " +
                                  std::to_string(r.outputs) + " x " + std::to_string(p.spec.size) + " weights (got " +
                                  std::to_string(r.readout.size()) + ")");
            rec.readout = Eigen::Map<const engine::rate::row_matrix>(r.readout.data(), static_cast<Eigen::Index>(r.outputs),
                                                                     static_cast<Eigen::Index>(p.spec.size));
            for (std::uint64_t o = 0; o < r.outputs; ++o) rec.units.push_back(o);
        } else {
            rec.units = r.units;
            if (rec.units.empty())
                for (std::uint64_t i = 0; i < p.spec.size; ++i) rec.units.push_back(i);
            for (const auto u : rec.units)
                if (u >= p.spec.size)
                    throw input_error(at + ": unit " + std::to_string(u) + " is beyond " + p.spec.name + "'s " +
                                      std::to_string(p.spec.size) + " units");
        }
        recorders.push_back(std::move(rec));
    }
    X.resize(N, static_cast<Eigen::Index>(trials));
    for (const auto& p : pops)
        for (std::size_t i = 0; i < p.spec.size; ++i)
            for (std::uint64_t r = 0; r < trials; ++r) {
                double v = p.spec.x0_mean;
                if (!p.spec.x0.empty()) v = p.spec.x0[i];
                else if (p.spec.x0_std > 0.0)
                    v += p.spec.x0_std * core::rng_stream(st.seed, core::stream_purpose::rate_initial, p.offset + i, r).normal();
                X(static_cast<Eigen::Index>(p.offset + i), static_cast<Eigen::Index>(r)) = v;
            }
}

void rate_simulation::impl::phi(const matrix& in, matrix& out) const {
    out.resize(in.rows(), in.cols());
    for (Eigen::Index c = 0; c < in.cols(); ++c)
        for (const auto& p : pops)
            models::rate::apply_phi(p.phi, in.col(c).data() + p.offset, out.col(c).data() + p.offset, p.spec.size);
}

void rate_simulation::impl::phi_derivative(const matrix& in, matrix& out) const {
    out.resize(in.rows(), in.cols());
    for (Eigen::Index c = 0; c < in.cols(); ++c)
        for (const auto& p : pops)
            models::rate::apply_phi_derivative(p.phi, in.col(c).data() + p.offset, out.col(c).data() + p.offset, p.spec.size);
}

void rate_simulation::impl::add_inputs(double t, std::uint64_t at_step, matrix& out) const {
    const std::uint64_t seed = spec.settings.seed;
    for (const auto& ch : inputs)
        for (std::uint64_t r = 0; r < trials; ++r) {
            const double u = ch.value(t, at_step, r, seed, dt);
            if (u != 0.0) out.col(static_cast<Eigen::Index>(r)).segment(ch.tgt_off, ch.tgt_n) += u * ch.b;
        }
}

void rate_simulation::impl::derivative(const matrix& x, double t, std::uint64_t at_step, matrix& out) {
    phi(x, phi_);
    J.apply(phi_, out, threads);
    add_inputs(t, at_step, out);
    out -= x;
    out.colwise() += bias;
    out.array().colwise() *= inv_tau.array();
}

void rate_simulation::impl::add_noise(matrix& x, std::uint64_t at_step) const {
    if (noise_scale.isZero(0.0)) return;
    const std::uint64_t seed = spec.settings.seed;
    const auto chunks = chunk_count(units);
    // A Philox block per unit and trial (~50 ns): threads pay from ~1e5 draws per step.
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1 && units * trials > 100000)
    for (std::int64_t c = 0; c < chunks; ++c) {
        const std::size_t lo = static_cast<std::size_t>(c) * engine::rate::chunk_rows;
        const std::size_t hi = std::min(units, lo + engine::rate::chunk_rows);
        for (std::uint64_t r = 0; r < trials; ++r)
            for (std::size_t i = lo; i < hi; ++i) {
                if (noise_scale(static_cast<Eigen::Index>(i)) == 0.0) continue;
                core::rng_stream rng(seed, core::stream_purpose::rate_noise, (r << 32) | i, at_step);
                x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(r)) += noise_scale(static_cast<Eigen::Index>(i)) * rng.normal();
            }
    }
}

void rate_simulation::impl::jacobian_times(const Eigen::VectorXd& x, const matrix& q, matrix& out) {
    matrix xd(x.size(), 1), d;
    xd.col(0) = x;
    phi_derivative(xd, d);
    const matrix scaled = d.col(0).asDiagonal() * q;
    J.apply(scaled, out, threads);
    out -= q;
    out.array().colwise() *= inv_tau.array();
}

void rate_simulation::impl::advance_one(matrix* Q, std::uint64_t trial) {
    const double t = static_cast<double>(step) * dt;
    const auto col = static_cast<Eigen::Index>(trial);
    switch (spec.settings.integrator) {
    case rate_integrator::euler: {
        if (Q) {
            jacobian_times(X.col(col), *Q, k2_);
            *Q += dt * k2_;
        }
        derivative(X, t, step, k1_);
        X += dt * k1_;
        break;
    }
    case rate_integrator::rk4: {
        matrix dq1, dq2, dq3, dq4;
        derivative(X, t, step, k1_);
        if (Q) jacobian_times(X.col(col), *Q, dq1);
        tmp_ = X + 0.5 * dt * k1_;
        derivative(tmp_, t + 0.5 * dt, step, k2_);
        if (Q) jacobian_times(tmp_.col(col), *Q + 0.5 * dt * dq1, dq2);
        tmp_ = X + 0.5 * dt * k2_;
        derivative(tmp_, t + 0.5 * dt, step, k3_);
        if (Q) jacobian_times(tmp_.col(col), *Q + 0.5 * dt * dq2, dq3);
        tmp_ = X + dt * k3_;
        derivative(tmp_, t + dt, step, k4_);
        if (Q) {
            jacobian_times(tmp_.col(col), *Q + dt * dq3, dq4);
            *Q += (dt / 6.0) * (dq1 + 2.0 * dq2 + 2.0 * dq3 + dq4);
        }
        X += (dt / 6.0) * (k1_ + 2.0 * k2_ + 2.0 * k3_ + k4_);
        break;
    }
    case rate_integrator::exact: {
        if (!exact_ready) prepare_exact();
        if (Q) *Q = E * *Q;
        // c = c0 + T^-1 B u(t), held over the step.
        k1_.setZero(static_cast<Eigen::Index>(units), static_cast<Eigen::Index>(trials));
        add_inputs(t, step, k1_);
        k1_.array().colwise() *= inv_tau.array();
        k1_.colwise() += c0;
        tmp_.noalias() = E * X;
        tmp_.noalias() += G * k1_;
        X = tmp_;
        if (noise_L.size() > 0) {
            k2_.setZero(static_cast<Eigen::Index>(units), static_cast<Eigen::Index>(trials));
            for (std::uint64_t r = 0; r < trials; ++r)
                for (std::size_t i = 0; i < units; ++i)
                    k2_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(r)) =
                        core::rng_stream(spec.settings.seed, core::stream_purpose::rate_noise, (r << 32) | i, step).normal();
            X.noalias() += noise_L * k2_;
        }
        ++step;
        record();
        return;
    }
    }
    add_noise(X, step);
    ++step;
    record();
}

void rate_simulation::impl::record() {
    for (auto& rec : recorders) {
        if (step % rec.every != 0) continue;
        rec.times.push_back(static_cast<double>(step) * dt);
        const auto n = static_cast<Eigen::Index>(pops[pop_of_unit[rec.offset]].spec.size);
        for (std::uint64_t r = 0; r < trials; ++r) {
            const auto x = X.col(static_cast<Eigen::Index>(r)).segment(static_cast<Eigen::Index>(rec.offset), n);
            if (rec.spec.type == rate_recorder_spec::kind::x) {
                for (const auto u : rec.units) rec.samples.push_back(x(static_cast<Eigen::Index>(u)));
                continue;
            }
            Eigen::VectorXd f(n);
            models::rate::apply_phi(rec.phi, x.data(), f.data(), static_cast<std::size_t>(n));
            if (rec.spec.type == rate_recorder_spec::kind::phi) {
                for (const auto u : rec.units) rec.samples.push_back(f(static_cast<Eigen::Index>(u)));
            } else {
                const Eigen::VectorXd y = rec.readout * f;
                rec.samples.insert(rec.samples.end(), y.data(), y.data() + y.size());
            }
        }
    }
}

void rate_simulation::impl::apply_schedules() {
    for (const auto& sch : schedules) {
        double value = spec.connections[sch.connection].scale;  // before the first switch: as set
        bool switched = false;
        for (std::size_t i = 0; i < sch.steps.size() && sch.steps[i] <= step; ++i) {
            value = sch.scales[i];
            switched = true;
        }
        auto& block = J.blocks[sch.connection];
        if (switched && block.scale != value) {
            block.scale = value;
            exact_ready = false;
        }
    }
}

}  // namespace lamina
