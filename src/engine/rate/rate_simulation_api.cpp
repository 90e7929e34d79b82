// rate_simulation's public methods: construction, run(), state access, parameter changes and
// recordings. The stepping itself is in rate_simulation.cpp.
#include "engine/rate/rate_engine.hpp"

#include <lamina/error.hpp>

#include <cmath>

namespace lamina {

using engine::rate::matrix;

rate_simulation::rate_simulation(rate_network_spec spec, int threads) : impl_(std::make_unique<impl>()) {
    impl_->spec = std::move(spec);
    impl_->threads = threads > 0 ? threads : std::max(1, impl_->spec.settings.threads);
    impl_->build();
}

rate_simulation::~rate_simulation() = default;
rate_simulation::rate_simulation(rate_simulation&&) noexcept = default;
rate_simulation& rate_simulation::operator=(rate_simulation&&) noexcept = default;

void rate_simulation::run(double duration_ms) {
    if (!(duration_ms >= 0.0) || !std::isfinite(duration_ms))
        throw input_error("rate_simulation.run: duration must be a finite time >= 0 ms, got " + std::to_string(duration_ms));
    const auto steps = static_cast<std::uint64_t>(std::llround(duration_ms / impl_->dt));
    for (std::uint64_t s = 0; s < steps; ++s) {
        if (!impl_->schedules.empty()) impl_->apply_schedules();
        impl_->advance_one();
    }
}

double rate_simulation::time_ms() const { return static_cast<double>(impl_->step) * impl_->dt; }
std::uint64_t rate_simulation::step() const { return impl_->step; }
double rate_simulation::dt() const { return impl_->dt; }
int rate_simulation::threads() const { return impl_->threads; }
std::uint64_t rate_simulation::trials() const { return impl_->trials; }
std::uint64_t rate_simulation::size() const { return impl_->units; }
const rate_network_spec& rate_simulation::spec() const { return impl_->spec; }

namespace {

const engine::rate::population& population_named(const std::vector<engine::rate::population>& pops,
                                                  const std::string& name) {
    for (const auto& p : pops)
        if (p.spec.name == name) return p;
    std::string known;
    for (const auto& p : pops) known += (known.empty() ? "" : ", ") + p.spec.name;
    throw unknown_name_error("no rate population named \"" + name + "\" (populations: " + known + ")");
}

void check_trial(std::uint64_t trial, std::uint64_t trials) {
    if (trial >= trials)
        throw input_error("trial " + std::to_string(trial) + " is beyond the simulation's " + std::to_string(trials) +
                          " trials");
}

}  // namespace

std::uint64_t rate_simulation::offset_of(const std::string& population) const {
    return population_named(impl_->pops, population).offset;
}

std::vector<double> rate_simulation::state(std::uint64_t trial) const {
    check_trial(trial, impl_->trials);
    const auto c = impl_->X.col(static_cast<Eigen::Index>(trial));
    return {c.data(), c.data() + c.size()};
}

std::vector<double> rate_simulation::state(const std::string& population, std::uint64_t trial) const {
    check_trial(trial, impl_->trials);
    const auto& p = population_named(impl_->pops, population);
    const double* c = impl_->X.col(static_cast<Eigen::Index>(trial)).data() + p.offset;
    return {c, c + p.spec.size};
}

void rate_simulation::set_state(const std::vector<double>& x, std::uint64_t trial) {
    check_trial(trial, impl_->trials);
    if (x.size() != impl_->units)
        throw input_error("set_state: " + std::to_string(x.size()) + " values; expected one per unit (" +
                          std::to_string(impl_->units) + ")");
    impl_->X.col(static_cast<Eigen::Index>(trial)) = Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
}

void rate_simulation::set_parameter(const std::string& population, const std::string& name, double value) {
    auto& s = *impl_;
    const auto& p0 = population_named(s.pops, population);
    auto& p = s.pops[static_cast<std::size_t>(&p0 - s.pops.data())];
    const std::string at = "set_parameter(" + population + ", " + name + "): ";
    if (!std::isfinite(value)) throw input_error(at + "the value must be finite");
    auto seg = [&](Eigen::VectorXd& v) { return v.segment(static_cast<Eigen::Index>(p.offset), static_cast<Eigen::Index>(p.spec.size)); };
    if (name == "tau") {
        if (!(value > 0.0)) throw input_error(at + "tau must be a positive time in ms");
        p.spec.tau = value;
        seg(s.inv_tau).setConstant(1.0 / value);
    } else if (name == "noise_std") {
        if (!(value >= 0.0)) throw input_error(at + "noise_std must be >= 0");
        p.spec.noise_std = value;
    } else if (name == "bias") {
        p.spec.bias = value;
        seg(s.bias).setConstant(value);
    } else if (name == "theta") {
        p.spec.theta = p.phi.theta = value;
    } else if (name == "beta") {
        p.spec.beta = p.phi.beta = value;
    } else {
        throw unknown_name_error(at + "unknown parameter (known: tau, noise_std, bias, theta, beta)");
    }
    seg(s.noise_scale).setConstant(p.spec.noise_std * std::sqrt(2.0 * s.dt / p.spec.tau));
    for (auto& q : s.spec.populations)
        if (q.name == population) q = p.spec;
    s.exact_ready = false;
}

void rate_simulation::set_connection_scale(std::size_t index, double scale) {
    if (index >= impl_->J.blocks.size())
        throw input_error("set_connection_scale: connection " + std::to_string(index) + " does not exist (" +
                          std::to_string(impl_->J.blocks.size()) + " connections)");
    if (!std::isfinite(scale)) throw input_error("set_connection_scale: the scale must be finite");
    impl_->J.blocks[index].scale = scale;
    impl_->spec.connections[index].scale = scale;
    impl_->exact_ready = false;
}

void rate_simulation::set_input_weights(std::size_t index, const std::vector<double>& b) {
    if (index >= impl_->inputs.size())
        throw input_error("set_input_weights: input " + std::to_string(index) + " does not exist (" +
                          std::to_string(impl_->inputs.size()) + " inputs)");
    auto& ch = impl_->inputs[index];
    if (b.size() != ch.tgt_n)
        throw input_error("set_input_weights: " + std::to_string(b.size()) + " values; expected " + std::to_string(ch.tgt_n));
    ch.b = Eigen::Map<const Eigen::VectorXd>(b.data(), static_cast<Eigen::Index>(b.size()));
}

std::vector<double> rate_simulation::connectivity_matrix() const {
    const engine::rate::row_matrix J = impl_->J.dense();
    return {J.data(), J.data() + J.size()};
}

std::vector<double> rate_simulation::apply_connectivity(const std::vector<double>& phi_x, std::uint64_t columns) const {
    if (columns == 0 || phi_x.size() != impl_->units * columns)
        throw input_error("apply_connectivity: expected size x columns = " + std::to_string(impl_->units) + " x " +
                          std::to_string(columns) + " values, got " + std::to_string(phi_x.size()));
    const matrix in = Eigen::Map<const matrix>(phi_x.data(), static_cast<Eigen::Index>(impl_->units),
                                               static_cast<Eigen::Index>(columns));
    matrix out;
    impl_->J.apply(in, out, impl_->threads);
    return {out.data(), out.data() + out.size()};
}

std::vector<rate_recording> rate_simulation::recordings() const {
    std::vector<rate_recording> out;
    for (const auto& rec : impl_->recorders) {
        rate_recording r;
        r.name = rec.spec.name;
        r.population = rec.spec.population;
        r.variable = rec.spec.type == rate_recorder_spec::kind::x ? "x"
                     : rec.spec.type == rate_recorder_spec::kind::phi ? "phi" : "readout";
        r.units = rec.units;
        r.times = rec.times;
        r.trials = impl_->trials;
        const std::size_t S = rec.times.size(), C = rec.units.size(), T = impl_->trials;
        r.values.resize(S * C * T);
        // Stored [sample][trial][column]; handed out [trial][sample][column].
        for (std::size_t s = 0; s < S; ++s)
            for (std::size_t t = 0; t < T; ++t)
                for (std::size_t c = 0; c < C; ++c) r.values[(t * S + s) * C + c] = rec.samples[(s * T + t) * C + c];
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace lamina
