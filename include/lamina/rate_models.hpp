#pragma once
/// @file
/// Three canonical rate models built on the rate engine (docs/rate-theory.md); their theory is in
/// lamina/analysis/rate_theory.hpp.
#include <lamina/rate_network.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina {

/// Thalamocortical control (Logiaco, Abbott & Escola 2021): a cortical population `cortex` of n
/// units with recurrent matrix J (row-major) and one low-rank connection per thalamic loop
/// (u v^T, from analysis::place_eigenvalues: the loop is stored as m = u, n = n v so that the
/// engine's m n^T / n equals u v^T), every loop off (scale 0). Connection index 0 is J, loop k
/// is connection k + 1.
struct thalamic_loop {
    std::uint64_t rank = 0;
    std::vector<double> u, v;  ///< u[r * n + i], v[r * n + j]
};
rate_network_spec thalamocortical_spec(const std::vector<double>& J, std::uint64_t n,
                                       const std::vector<thalamic_loop>& loops, double tau_ms = 10.0,
                                       rate_phi phi = rate_phi::linear, double dt_ms = 0.1);

/// Runs segments in order: segment k switches loop `active[k]` on (scale 1) and every other loop
/// off (-1: all off), then advances `durations_ms[k]`. Returns x of `trial` at the end of each step
/// of all segments (steps x size, row-major) when `record` is true, else nothing.
std::vector<double> run_loop_sequence(rate_simulation& sim, const std::vector<int>& active,
                                      const std::vector<double>& durations_ms, bool record = true,
                                      std::uint64_t trial = 0);

/// Cerebellum-like expansion (Litwin-Kumar et al. 2017): M inputs held by an identity loop, N
/// granule cells each summing K distinct inputs with weights 1/K, phi = threshold at `threshold`
/// (for coding level f: analysis::coding_threshold(f, 1 / sqrt(K)), as h ~ N(0, 1/K)); one Euler
/// step with dt = tau maps x to m = H(J x - theta) exactly. Each of `patterns` trials is one input pattern x ~ N(0, I) from the streams
/// (seed, rate_initial, unit, trial).
/// With `weight_cv` > 0 the K weights of each cell are lognormal (unit mean, this coefficient of
/// variation; streams (seed, user, cell, 7)) and each cell is thresholded at `threshold` times its
/// own input sd |w_i| (a z-score: coding level 1 - Phi(threshold) in every cell), as in
/// analysis::expansion_dimension_heterogeneous.
struct expansion_spec {
    std::uint64_t inputs = 50, granule = 2000, indegree = 7, patterns = 1000;
    double threshold = 0.0;
    std::uint64_t seed = 1;
    double weight_cv = 0.0;
};
rate_network_spec expansion_network_spec(const expansion_spec& e);
/// The inputs (patterns x M) and granule activity (patterns x N), both row-major.
struct expansion_responses {
    std::vector<double> inputs, granule;
    std::uint64_t patterns = 0, M = 0, N = 0;
    double threshold = 0.0;
    std::vector<double> thresholds;  ///< per granule cell (all equal to `threshold` when weight_cv = 0)
};
expansion_responses run_expansion(const expansion_spec& e, int threads = 1);

/// Electric-fish negative image (Kennedy et al. 2014). Granule cells: `chains` chains of
/// `chain_length` linear units (chain c with tau_c = tau_ms 2^c), the first unit of each
/// kicked by the motor command (a pulse of `command_ms` at the start of every cycle); unit k of a
/// chain answers with the delayed gamma-shaped bump (t / tau)^k e^{-t / tau} / k!, a temporal
/// basis after the command (Kennedy et al. Fig. 3). The basis is simulated once by the engine
/// (noise-free, so identical in every cycle). Output cell: v(t) = sum_k w_k g_k(t) + s(t), with
/// the anti-Hebbian rule dw_k = -eta g_k (v - baseline) summed over each cycle (plasticity slow
/// against the cycle: the averaged rate form of the spike-timing rule, see
/// models/rate/anti_hebbian_output.hpp).
struct negative_image_spec {
    std::uint64_t chains = 4, chain_length = 3;
    double tau_ms = 2.5, command_ms = 1.0, cycle_ms = 200.0, dt_ms = 0.5;
    double eta = 0.0;        ///< learning rate per (unit^2 ms); 0: 1 / (largest eigenvalue of G^T G dt)
    double baseline = 0.0;
    std::uint64_t cycles = 200;
    /// Self-generated input s(t) per step of a cycle (cycle_ms / dt_ms values); empty: the
    /// default reafference s(t) = 2 (t/10) e^{1 - t/10} - 0.8 (t/30) e^{1 - t/30} (t in ms).
    std::vector<double> self_input;
};
struct negative_image_result {
    std::vector<double> basis;         ///< T x B granule responses (row-major)
    std::vector<double> self_input;    ///< T
    std::vector<double> weights;       ///< cycles+1 x B: w before cycle 0 and after each cycle
    std::vector<double> error;         ///< cycles+1: mean over the cycle of (v - baseline)^2
    std::uint64_t T = 0, B = 0;
    double eta = 0.0;
};
negative_image_result learn_negative_image(const negative_image_spec& s);

/// The negative image from a model file ([simulation] dt and a [negative_image] section with
/// chains, chain_length, tau, command, cycle, cycles, eta, baseline, self_input /
/// self_input_file; docs/rate-theory.md). `overrides` as for load_model_file.
negative_image_spec load_negative_image_model(const std::string& path, const std::vector<std::string>& overrides = {});
negative_image_spec parse_negative_image_model(const std::string& toml_text, const std::string& source_name,
                                               const std::vector<std::string>& overrides = {});
/// True when the file has a [negative_image] section.
bool is_negative_image_model_file(const std::string& path);

}  // namespace lamina
