// Canonical rate models assembled from rate_network_spec (see lamina/rate_models.hpp for the
// equations and references). Only assembly and drivers here: the dynamics are the engine's.
#include <lamina/error.hpp>
#include <lamina/rate_models.hpp>

#include "core/rng.hpp"
#include "models/rate/anti_hebbian_output.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <string>

namespace lamina {

rate_network_spec thalamocortical_spec(const std::vector<double>& J, std::uint64_t n,
                                       const std::vector<thalamic_loop>& loops, double tau_ms, rate_phi phi,
                                       double dt_ms) {
    if (n == 0 || J.size() != n * n)
        throw input_error("thalamocortical_spec: J must be n x n with n = " + std::to_string(n) + " (got " +
                          std::to_string(J.size()) + " values)");
    rate_network_spec s;
    s.source = "thalamocortical";
    s.settings.dt = dt_ms;
    s.settings.integrator = phi == rate_phi::linear ? rate_integrator::exact : rate_integrator::rk4;
    rate_population_spec cortex;
    cortex.name = "cortex";
    cortex.size = n;
    cortex.tau = tau_ms;
    cortex.phi = phi;
    s.populations.push_back(cortex);
    rate_connection_spec rec;
    rec.source = rec.target = "cortex";
    rec.kind = rate_connectivity::matrix;
    rec.matrix = J;
    rec.origin = "cortical matrix J";
    s.connections.push_back(rec);
    for (std::size_t k = 0; k < loops.size(); ++k) {
        const auto& l = loops[k];
        const std::string at = "thalamic loop " + std::to_string(k);
        if (l.rank == 0 || l.u.size() != l.rank * n || l.v.size() != l.rank * n)
            throw input_error("thalamocortical_spec: " + at + " needs rank >= 1 and rank x n values in u and v");
        rate_connection_spec c;
        c.source = c.target = "cortex";
        c.kind = rate_connectivity::low_rank;
        c.rank = l.rank;
        c.m = l.u;
        c.n = l.v;
        // The engine applies m n^T / N_source: n = N v makes the block exactly u v^T.
        for (auto& x : c.n) x *= static_cast<double>(n);
        c.scale = 0.0;
        c.origin = at;
        s.connections.push_back(std::move(c));
    }
    return s;
}

std::vector<double> run_loop_sequence(rate_simulation& sim, const std::vector<int>& active,
                                      const std::vector<double>& durations_ms, bool record, std::uint64_t trial) {
    if (active.size() != durations_ms.size())
        throw input_error("run_loop_sequence: `active` and `durations_ms` must have equal length");
    const std::size_t loops = sim.spec().connections.size() - 1;
    for (const int a : active)
        if (a < -1 || a >= static_cast<int>(loops))
            throw input_error("run_loop_sequence: loop " + std::to_string(a) + " does not exist (" +
                              std::to_string(loops) + " loops; -1 switches all off)");
    std::vector<double> out;
    for (std::size_t seg = 0; seg < active.size(); ++seg) {
        for (std::size_t k = 0; k < loops; ++k) sim.set_connection_scale(k + 1, static_cast<int>(k) == active[seg] ? 1.0 : 0.0);
        if (!record) {
            sim.run(durations_ms[seg]);
            continue;
        }
        const auto steps = static_cast<std::uint64_t>(std::llround(durations_ms[seg] / sim.dt()));
        for (std::uint64_t s = 0; s < steps; ++s) {
            sim.run(sim.dt());
            const auto x = sim.state(trial);
            out.insert(out.end(), x.begin(), x.end());
        }
    }
    return out;
}

rate_network_spec expansion_network_spec(const expansion_spec& e) {
    if (e.inputs == 0 || e.granule == 0 || e.patterns == 0)
        throw input_error("expansion: inputs, granule and patterns must be >= 1");
    rate_network_spec s;
    s.source = "expansion";
    // dt = tau with Euler is the synchronous map x <- J phi(x) + I (see rate_integrator::euler).
    s.settings.dt = 1.0;
    s.settings.seed = e.seed;
    s.settings.trials = e.patterns;
    rate_population_spec in;
    in.name = "inputs";
    in.size = e.inputs;
    in.tau = 1.0;
    in.phi = rate_phi::linear;
    in.x0_std = 1.0;  // one Gaussian pattern per trial
    rate_population_spec gr;
    gr.name = "granule";
    gr.size = e.granule;
    gr.tau = 1.0;
    gr.phi = rate_phi::threshold;
    gr.theta = e.threshold;
    s.populations = {in, gr};
    rate_connection_spec hold;  // the identity keeps the pattern: x <- x
    hold.source = hold.target = "inputs";
    hold.kind = rate_connectivity::identity;
    rate_connection_spec ff;
    ff.source = "inputs";
    ff.target = "granule";
    ff.origin = "mossy fibre -> granule";
    if (e.weight_cv == 0.0) {
        ff.kind = rate_connectivity::sparse_random;
        ff.indegree = e.indegree;
        ff.g = 0.0;     // equal weights ...
        ff.mean = 1.0;  // ... of 1/K
    } else {
        if (!(e.weight_cv > 0.0) || !std::isfinite(e.weight_cv))
            throw input_error("expansion: weight_cv must be >= 0, got " + std::to_string(e.weight_cv));
        if (e.indegree == 0 || e.indegree > e.inputs)
            throw input_error("expansion: indegree must be in [1, inputs = " + std::to_string(e.inputs) + "]");
        // K distinct inputs (partial Fisher-Yates) and lognormal weights of unit mean, per cell
        // from its own stream; the scale is irrelevant (thresholds follow each cell's sd).
        ff.kind = rate_connectivity::matrix;
        const double s2 = std::log1p(e.weight_cv * e.weight_cv), sd = std::sqrt(s2);
        std::vector<std::uint64_t> pool(e.inputs);
        for (std::uint64_t i = 0; i < e.granule; ++i) {
            core::rng_stream rng(e.seed, core::stream_purpose::user, i, 7);
            for (std::uint64_t j = 0; j < e.inputs; ++j) pool[j] = j;
            for (std::uint64_t k = 0; k < e.indegree; ++k) {
                std::swap(pool[k], pool[k + rng.below(e.inputs - k)]);
                ff.rows.push_back(i);
                ff.cols.push_back(pool[k]);
                ff.values.push_back(std::exp(-0.5 * s2 + sd * rng.normal()));
            }
        }
    }
    s.connections = {hold, ff};
    return s;
}

expansion_responses run_expansion(const expansion_spec& e, int threads) {
    rate_simulation sim(expansion_network_spec(e), threads);
    expansion_responses r;
    r.patterns = e.patterns;
    r.M = e.inputs;
    r.N = e.granule;
    r.threshold = e.threshold;
    r.inputs.reserve(e.patterns * e.inputs);
    for (std::uint64_t p = 0; p < e.patterns; ++p) {
        const auto x = sim.state("inputs", p);
        r.inputs.insert(r.inputs.end(), x.begin(), x.end());
    }
    r.thresholds.assign(e.granule, e.threshold);
    if (e.weight_cv != 0.0) {  // each cell at `threshold` times its input sd |w_i|
        const auto& ff = sim.spec().connections[1];
        std::vector<double> norm2(e.granule, 0.0);
        for (std::size_t k = 0; k < ff.rows.size(); ++k) norm2[ff.rows[k]] += ff.values[k] * ff.values[k];
        for (std::uint64_t i = 0; i < e.granule; ++i) r.thresholds[i] = e.threshold * std::sqrt(norm2[i]);
    }
    sim.run(sim.dt());
    r.granule.reserve(e.patterns * e.granule);
    for (std::uint64_t p = 0; p < e.patterns; ++p) {
        const auto h = sim.state("granule", p);
        for (std::uint64_t i = 0; i < e.granule; ++i) r.granule.push_back(h[i] > r.thresholds[i] ? 1.0 : 0.0);
    }
    return r;
}

namespace {

rate_network_spec granule_chains(const negative_image_spec& s) {
    rate_network_spec net;
    net.source = "negative image granule basis";
    net.settings.dt = s.dt_ms;
    net.settings.integrator = rate_integrator::exact;  // linear: exact between samples of the pulse
    const std::uint64_t L = s.chain_length;
    for (std::uint64_t c = 0; c < s.chains; ++c) {
        rate_population_spec p;
        p.name = "granule" + std::to_string(c);
        p.size = L;
        p.tau = s.tau_ms * std::ldexp(1.0, static_cast<int>(c));  // tau, 2 tau, 4 tau, ...
        p.phi = rate_phi::linear;
        net.populations.push_back(p);
        if (L > 1) {
            rate_connection_spec chain;  // unit k drives unit k + 1 with weight 1
            chain.source = chain.target = p.name;
            chain.kind = rate_connectivity::matrix;
            for (std::uint64_t k = 0; k + 1 < L; ++k) {
                chain.rows.push_back(k + 1);
                chain.cols.push_back(k);
                chain.values.push_back(1.0);
            }
            net.connections.push_back(std::move(chain));
        }
        rate_input_spec cmd;  // the motor command: area tau_c, so unit 0 answers e^{-t / tau_c}
        cmd.name = "command" + std::to_string(c);
        cmd.target = p.name;
        cmd.type = rate_input_spec::kind::step;
        cmd.times = {0.0, s.command_ms};
        cmd.amplitudes = {p.tau / s.command_ms, 0.0};
        cmd.b.assign(L, 0.0);
        cmd.b[0] = 1.0;
        net.inputs.push_back(std::move(cmd));
    }
    return net;
}

}  // namespace

negative_image_result learn_negative_image(const negative_image_spec& s) {
    if (s.chains == 0 || s.chain_length == 0) throw input_error("negative image: chains and chain_length must be >= 1");
    if (!(s.dt_ms > 0.0) || !(s.cycle_ms >= s.dt_ms) || !(s.tau_ms > 0.0) || !(s.command_ms >= s.dt_ms))
        throw input_error("negative image: need dt_ms > 0, tau_ms > 0, command_ms >= dt_ms and cycle_ms >= dt_ms");
    if (!(s.eta >= 0.0)) throw input_error("negative image: eta must be >= 0");
    negative_image_result r;
    r.T = static_cast<std::uint64_t>(std::llround(s.cycle_ms / s.dt_ms));
    r.B = s.chains * s.chain_length;
    // The commands come one cycle apart and the basis has decayed by then: one cycle from rest is
    // every cycle's basis.
    rate_simulation sim(granule_chains(s), 1);
    r.basis.reserve(r.T * r.B);
    for (std::uint64_t t = 0; t < r.T; ++t) {
        const auto x = sim.state(0);
        r.basis.insert(r.basis.end(), x.begin(), x.end());
        sim.run(s.dt_ms);
    }
    r.self_input = s.self_input;
    if (r.self_input.empty())
        for (std::uint64_t t = 0; t < r.T; ++t) {
            const double tm = static_cast<double>(t) * s.dt_ms;
            r.self_input.push_back(2.0 * (tm / 10.0) * std::exp(1.0 - tm / 10.0) - 0.8 * (tm / 30.0) * std::exp(1.0 - tm / 30.0));
        }
    if (r.self_input.size() != r.T)
        throw input_error("negative image: self_input must have cycle_ms / dt_ms = " + std::to_string(r.T) + " values");
    using rowm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const rowm> G(r.basis.data(), static_cast<Eigen::Index>(r.T), static_cast<Eigen::Index>(r.B));
    const double lmax = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G.transpose() * G).eigenvalues().maxCoeff();
    // eta dt lambda_max = 1: inside the stable range (0, 2) and fastest for the stiffest mode.
    r.eta = s.eta > 0.0 ? s.eta : 1.0 / (lmax * s.dt_ms);
    models::rate::anti_hebbian_output cell{std::vector<double>(r.B, 0.0), r.eta, s.baseline};
    std::vector<double> v;
    r.weights = cell.w;
    for (std::uint64_t c = 0; c < s.cycles; ++c) {
        r.error.push_back(cell.cycle(r.basis, r.self_input, r.T, s.dt_ms, v));
        r.weights.insert(r.weights.end(), cell.w.begin(), cell.w.end());
    }
    // The error after the last update.
    double e = 0.0;
    for (std::uint64_t t = 0; t < r.T; ++t) {
        double y = r.self_input[t] - s.baseline;
        for (std::uint64_t k = 0; k < r.B; ++k) y += cell.w[k] * r.basis[t * r.B + k];
        e += y * y;
    }
    r.error.push_back(e / static_cast<double>(r.T));
    return r;
}

}  // namespace lamina
