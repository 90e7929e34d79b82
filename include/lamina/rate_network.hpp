#pragma once
/// @file
/// Rate networks: populations of units with
///
///     tau dx_i/dt = -x_i + sum_j J_ij phi(x_j) + sum_c B_ic u_c(t) + I_i + sigma sqrt(2 tau) xi_i(t)
///
/// (xi white noise of unit intensity per ms, so that sigma is the stationary standard deviation of
/// an isolated unit). J is a sum of blocks, one per connection: dense random N(mean/N, g^2/N),
/// sparse random (K inputs per unit, weights N(mean/K, g^2/K)), a given matrix (in memory or a
/// file), the identity, or low rank m n^T / N applied as m (n^T phi(x)) / N, O(N R) per step.
/// Times are in ms; x, phi, J, B, u are dimensionless. Several trials run in one simulation
/// (columns of one state matrix) with independent noise: the noise of unit i in trial r at step s
/// comes from the Philox stream keyed (seed, rate_noise, (r, i), s), so results are identical to
/// the bit for any number of threads. See docs/rate.md.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lamina {

/// Transfer functions phi(x); `theta` shifts and `beta` scales the argument: phi(beta (x - theta)).
enum class rate_phi {
    linear,     ///< x (the only one `exact` integration accepts)
    tanh,       ///< tanh
    relu,       ///< max(0, x)
    sigmoid,    ///< 1 / (1 + exp(-x))
    threshold,  ///< Heaviside: 1 if x > 0 else 0 (binary units; phi' = 0 almost everywhere)
    sign,       ///< +1 if x > 0 else -1 (binary Hopfield units)
};

enum class rate_integrator {
    euler,  ///< x += dt/tau f(x, t): with dt = tau this is the synchronous discrete-time update
    rk4,    ///< classical fourth order; u(t) sampled at t, t + dt/2, t + dt; noise added after the step
    exact,  ///< linear phi only: the matrix exponential of the step, input held over the step
};

struct rate_population_spec {
    std::string name;
    std::uint64_t size = 0;
    double tau = 10.0;        ///< ms
    rate_phi phi = rate_phi::tanh;
    double theta = 0.0;       ///< phi's threshold (shift of its argument)
    double beta = 1.0;        ///< phi's gain (slope of its argument)
    double noise_std = 0.0;   ///< sigma: stationary std of an isolated unit's x from the noise alone
    double bias = 0.0;        ///< constant input I to every unit
    /// Initial x: given per unit (size values), or drawn N(x0_mean, x0_std^2) per unit and trial
    /// from the stream (seed, rate_initial, unit, trial) when x0 is empty.
    std::vector<double> x0{};
    double x0_mean = 0.0, x0_std = 0.0;
    std::string origin{};
};

enum class rate_connectivity {
    dense_random,   ///< J_ij ~ N(mean/N, g^2/N), N = source size; drawn per target row
    sparse_random,  ///< K distinct sources per target, weights N(mean/K, g^2/K)
    matrix,         ///< `matrix` (target x source, row-major) or `rows/cols/values` triplets
    identity,       ///< J = scale * I (source and target of equal size)
    low_rank,       ///< m n^T / N_source with m (target x R), n (source x R), column-major per rank
};

struct rate_connection_spec {
    std::string source, target;
    rate_connectivity kind = rate_connectivity::dense_random;
    double g = 1.0;          ///< random blocks: standard deviation times sqrt(N) (or sqrt(K))
    double mean = 0.0;       ///< random blocks: mean times N (or K)
    std::uint64_t indegree = 0;  ///< sparse_random: K
    bool autapses = true;        ///< random blocks within one population: allow J_ii != 0
    double scale = 1.0;          ///< multiplies the whole block (set_connection_scale changes it)
    /// matrix: dense [target x source] row-major; or, when `rows` is not empty, triplets.
    std::vector<double> matrix;
    std::vector<std::uint64_t> rows, cols;
    std::vector<double> values;
    /// low_rank: rank R and the factors, m[r * target_size + i], n[r * source_size + j]. When
    /// `m` is empty they are drawn: per unit i the 2R numbers (m_1..m_R, n_1..n_R) are
    /// Gaussian with `factor_mean` (2R values, default 0) and `factor_covariance` (2R x 2R
    /// row-major, default identity), so that n^T m / N converges to the m-n covariances.
    std::uint64_t rank = 0;
    std::vector<double> m, n;
    std::vector<double> factor_mean, factor_covariance;
    std::uint64_t seed_offset = 0;  ///< distinct draws for blocks with equal shapes (added to the index)
    /// A piecewise-constant schedule of `scale`: from schedule_times[k] (ms, non-decreasing, on
    /// the step grid) on the block is multiplied by schedule_scales[k]; before the first time by
    /// `scale`. Applied by run() before each step (switching thalamic loops in sequence); a
    /// scheduled block's set_connection_scale holds only until its next switch.
    std::vector<double> schedule_times, schedule_scales;
    std::string origin;
};

/// One input channel u(t), entering `target` through the weight vector b (a column of B).
struct rate_input_spec {
    enum class kind { constant, step, sine, white_noise, series };
    std::string name;
    std::string target;
    kind type = kind::constant;
    double amplitude = 0.0;       ///< constant value, sine peak, white_noise sqrt(intensity per ms)
    double offset = 0.0;          ///< added to sine and white noise
    double frequency = 0.0;       ///< sine, Hz
    double phase = 0.0;           ///< sine, radians
    double start = 0.0;           ///< ms; u = 0 before
    double stop = -1.0;           ///< ms; u = 0 from stop on (negative: never)
    std::vector<double> times, amplitudes;  ///< step: u = amplitudes[k] from times[k] (ms)
    /// series: samples u(t0 + k dt_series), held (zero-order) between samples; after the last
    /// sample u keeps the last value.
    std::vector<double> series;
    double series_dt = 1.0;       ///< ms
    /// white_noise: u is N(offset, amplitude^2 / dt) per step (a discretised white noise of
    /// intensity amplitude^2 per ms), from the stream (seed, rate_input, (trial, channel), step);
    /// the same for all units of one trial, independent across trials.
    /// b: per target unit (size values); else drawn N(0, weight_std^2) per unit from the stream
    /// (seed, rate_input_weights, unit, input index) when weight_std > 0; else all equal to `weight`.
    std::vector<double> b;
    double weight = 1.0;
    double weight_std = 0.0;
    std::string origin;
};

struct rate_recorder_spec {
    enum class kind { x, phi, readout };
    std::string name;            ///< unique; names the output
    std::string population;
    kind type = kind::x;
    std::vector<std::uint64_t> units;  ///< x, phi: which units (empty: all)
    /// readout: W_out [outputs x population size] row-major; y = W_out phi(x).
    std::vector<double> readout;
    std::uint64_t outputs = 0;
    double interval = 1.0;       ///< ms, rounded to whole steps (at least one)
    std::string origin;
};

struct rate_settings {
    double dt = 0.1;             ///< ms
    double duration = 1000.0;    ///< ms (what `lamina run` simulates)
    std::uint64_t seed = 1;
    int threads = 1;
    std::uint64_t trials = 1;
    rate_integrator integrator = rate_integrator::euler;
    std::string origin;
};

struct rate_network_spec {
    std::string source;          ///< model file name, for messages
    rate_settings settings;
    std::vector<rate_population_spec> populations;
    std::vector<rate_connection_spec> connections;
    std::vector<rate_input_spec> inputs;
    std::vector<rate_recorder_spec> recorders;
};

/// What one recorder sampled: values[(trial * times.size() + sample) * columns + column].
struct rate_recording {
    std::string name, population;
    std::string variable;               ///< "x", "phi" or "readout"
    std::vector<std::uint64_t> units;   ///< recorded units (readout: 0..outputs-1)
    std::vector<double> times;          ///< ms
    std::uint64_t trials = 0;
    std::vector<double> values;
};

class rate_simulation {
public:
    /// Validates the spec (sizes, rules, files already read) and builds the connectivity.
    /// Throws input_error naming the element's origin. `threads` = 0 takes settings.threads.
    explicit rate_simulation(rate_network_spec spec, int threads = 0);
    ~rate_simulation();
    rate_simulation(rate_simulation&&) noexcept;
    rate_simulation& operator=(rate_simulation&&) noexcept;

    /// Advances every trial by `duration_ms` (rounded to whole steps).
    void run(double duration_ms);

    double time_ms() const;
    std::uint64_t step() const;
    double dt() const;
    int threads() const;
    std::uint64_t trials() const;
    std::uint64_t size() const;  ///< units in all populations
    const rate_network_spec& spec() const;
    /// First global unit index of a population (units are numbered population after population).
    std::uint64_t offset_of(const std::string& population) const;

    /// x of all units of one trial (size() values), or of one population.
    std::vector<double> state(std::uint64_t trial = 0) const;
    std::vector<double> state(const std::string& population, std::uint64_t trial) const;
    /// Replaces x of one trial (size() values).
    void set_state(const std::vector<double>& x, std::uint64_t trial = 0);
    /// Changes a population parameter between runs: tau (ms), noise_std, bias, theta, beta.
    void set_parameter(const std::string& population, const std::string& name, double value);
    /// Changes the `scale` of connection `index` (order of the spec) between runs.
    void set_connection_scale(std::size_t index, double scale);
    /// Replaces the weight vector b of input `index` (target size values).
    void set_input_weights(std::size_t index, const std::vector<double>& b);

    /// The whole J (size() x size(), row-major), low-rank parts multiplied out. For analysis of
    /// small networks (eigenvalues); the engine never forms it for the low-rank part.
    std::vector<double> connectivity_matrix() const;
    /// J phi(x) for the given states (size() x columns, column-major), applied as in a step.
    std::vector<double> apply_connectivity(const std::vector<double>& phi_x, std::uint64_t columns) const;

    std::vector<rate_recording> recordings() const;

    struct impl;

private:
    friend struct lyapunov_access;
    std::unique_ptr<impl> impl_;
};

struct lyapunov_options {
    std::uint64_t exponents = 1;       ///< k leading exponents; 0: all
    double time_ms = 10000.0;          ///< averaging time after the transient
    double transient_ms = 1000.0;      ///< advanced first (and the tangent vectors aligned)
    double renormalize_ms = 1.0;       ///< QR interval, rounded to whole steps
    std::uint64_t trial = 0;           ///< which trial's trajectory
    std::uint64_t seed = 1;            ///< initial tangent vectors
};

struct lyapunov_result {
    std::vector<double> exponents;     ///< per ms, descending
    double kaplan_yorke = 0.0;         ///< Kaplan-Yorke dimension of the k exponents
    double time_ms = 0.0;              ///< averaging time
    /// The largest exponent's running estimate after each renormalisation (convergence check).
    std::vector<double> running_largest;
    /// Sum over steps of ln|det| of the step's tangent map, / time_ms: equals the sum of all
    /// exponents exactly when exponents == size() (a check of the QR machinery; NaN otherwise).
    double log_det_rate = 0.0;
};

/// Benettin's algorithm: the tangent dynamics (Jacobian (-I + J diag(phi'(x))) / tau) integrated
/// with the simulation's own scheme (euler or rk4) alongside the trajectory, orthonormalised by
/// QR every renormalize_ms. Advances the simulation by transient_ms + time_ms (all trials; only
/// `trial`'s tangent is followed). Benettin et al. 1980, Meccanica 15:9.
lyapunov_result lyapunov_spectrum(rate_simulation& sim, const lyapunov_options& options = {});

/// Kaplan-Yorke dimension j + sum_{i<=j} l_i / |l_{j+1}| of descending exponents, j the largest
/// index with a non-negative partial sum; 0 when l_1 < 0, the count when all partial sums >= 0.
double kaplan_yorke_dimension(const std::vector<double>& descending_exponents);

/// Reads a rate model file ([rate_populations.<name>], [[rate_connections]], [[rate_inputs]],
/// [[rate_recorders]], [simulation]). `overrides` as for load_model_file.
rate_network_spec load_rate_model_file(const std::string& path, const std::vector<std::string>& overrides = {});
rate_network_spec parse_rate_model(const std::string& toml_text, const std::string& source_name,
                                   const std::vector<std::string>& overrides = {});
/// The resolved model (defaults filled in, times in ms) as JSON text, for summary.json; arrays
/// over 64 values are summarised by size, mean and std.
std::string rate_model_to_json(const rate_network_spec& spec);
/// True when the file declares [rate_populations] (a rate model, not a spiking one).
bool is_rate_model_file(const std::string& path);

/// Writes recordings to HDF5: /rate/<recorder>/{data [trial x sample x column], time (ms), units}.
void write_rate_recordings(const std::string& path, const std::vector<rate_recording>& recordings);

}  // namespace lamina
