// Instantiates population<Model> for the model named in a spec, from the registry's type list.
#include <lamina/error.hpp>
#include <lamina/units.hpp>

#include "core/distribution_quantile.hpp"
#include "engine/distribution_sampling.hpp"
#include "engine/population.hpp"
#include "models/neuron/all_models.hpp"

#include <cmath>
#include <cstring>
#include <utility>

namespace lamina::engine {
namespace {

// Neurons tested per vector compare before a scalar fire() pass (models::scans_threshold): with
// ~0.5% of neurons crossing per step, a chunk of 8 has one about 4% of the time.
constexpr std::size_t threshold_chunk = 8;

template <class M>
class population final : public population_base {
public:
    population(const population_spec& spec, std::uint64_t first_gid, double dt, std::uint64_t seed)
        : population_base(spec.name, spec.size, first_gid), info_(*find_neuron_model(M::name)) {
        for (const auto& [key, value] : spec.params) assign(key, value, spec.origin);
        draw_parameters(spec, seed);
        derive_coeffs(spec.origin, dt);
        double init[M::n_state];
        M::initial_state(params_, init);
        for (std::size_t k = 0; k < M::n_state; ++k) {
            state_[k].assign(spec.size, init[k]);
            ptrs_[k] = state_[k].data();
        }
        // The model's default state follows each neuron's own parameters (V_m starts at its own
        // E_L, gating variables at their own steady state) when some were drawn.
        if (!drawn_.empty())
            for (std::size_t i = 0; i < spec.size; ++i) {
                M::initial_state(own_params(i), init);
                for (std::size_t k = 0; k < M::n_state; ++k) state_[k][i] = init[k];
            }
        for (const auto& [key, dist] : spec.initial) {
            const int k = state_index(key);
            if (k < 0)
                throw unknown_name_error(spec.origin + ": model " + M::name + " has no state variable \"" + key + "\"");
            if (dist.is_constant()) {
                std::fill(state_[k].begin(), state_[k].end(), dist.a);
                continue;
            }
            try {
                for (std::uint64_t i = 0; i < spec.size; ++i) {
                    core::rng_stream rng(seed, core::stream_purpose::initial_state, first_gid + i,
                                         static_cast<std::uint64_t>(k));
                    state_[k][i] = draw(dist, rng);
                }
            } catch (const input_error& e) {  // a [min, max] window the draws keep missing
                throw input_error(spec.origin + ": populations." + spec.name + "." + key + ": " + e.what());
            }
        }
    }

    void update(std::size_t begin, std::size_t end, double* syn, std::uint64_t port_stride, const double* I_stim,
                spike_sink& sink) override {
        // One branch per block: shared coefficients (the common case, vectorised as before) or
        // each neuron's own (heterogeneous parameters).
        if (neuron_coeffs_.empty()) {
            const auto& shared = coeffs_;
            update_block(begin, end, syn, port_stride, I_stim, sink,
                         [&shared](std::size_t) -> const typename M::coeffs& { return shared; });
        } else {
            const auto* own = neuron_coeffs_.data();
            update_block(begin, end, syn, port_stride, I_stim, sink,
                         [own](std::size_t i) -> const typename M::coeffs& { return own[i]; });
        }
    }

    template <class CoeffsOf>
    void update_block(std::size_t begin, std::size_t end, double* syn, std::uint64_t port_stride, const double* I_stim,
                      spike_sink& sink, CoeffsOf coeffs_of) {
        const auto gid0 = static_cast<std::uint32_t>(first_gid());
        if constexpr (models::splits_step<M>) {
            // Two passes (models::splits_step): a branch-free pass over the block that the
            // compiler vectorises, then the threshold scan. `omp simd` asserts what the compiler
            // cannot prove: the state arrays, ring entries and device currents do not overlap.
            double* ex = syn;
            double* in = syn + port_stride;
            const auto& s = ptrs_;
#pragma omp simd
            for (std::size_t i = begin; i < end; ++i) {
                M::advance(coeffs_of(i), s, i, models::step_input{ex[i], in[i], I_stim[i]});
                ex[i] = 0.0;
                in[i] = 0.0;
            }
            auto fire_range = [&](std::size_t from, std::size_t to) {
                for (std::size_t i = from; i < to; ++i)
                    if (M::fire(coeffs_of(i), s, i)) sink.push(gid0 + static_cast<std::uint32_t>(i));
            };
            std::size_t c0 = begin;
            if constexpr (models::scans_threshold<M>)
                for (; c0 + threshold_chunk <= end; c0 += threshold_chunk) {
                    bool any = false;  // full chunks: a constant trip count the compiler unrolls into vector compares
                    for (std::size_t k = 0; k < threshold_chunk; ++k) any |= M::crossed(coeffs_of(c0 + k), s, c0 + k);
                    if (any) fire_range(c0, c0 + threshold_chunk);
                }
            fire_range(c0, end);
        } else if constexpr (!models::declares_receptors<M>) {
            double* ex = syn;
            double* in = syn + port_stride;
            for (std::size_t i = begin; i < end; ++i) {
                const models::step_input input{ex[i], in[i], I_stim[i]};
                ex[i] = 0.0;
                in[i] = 0.0;
                if (M::step(coeffs_of(i), ptrs_, i, input)) sink.push(gid0 + static_cast<std::uint32_t>(i));
            }
        } else {
            // The port loop has a compile-time trip count: unrolled, no branching per neuron.
            constexpr std::size_t N = M::receptors.size();
            for (std::size_t i = begin; i < end; ++i) {
                models::port_input<N> input;
                for (std::size_t p = 0; p < N; ++p) {
                    double& x = syn[p * port_stride + i];
                    input.w[p] = x;
                    x = 0.0;
                }
                input.I_stim = I_stim[i];
                if (M::step(coeffs_of(i), ptrs_, i, input)) sink.push(gid0 + static_cast<std::uint32_t>(i));
            }
        }
    }

    const neuron_model_info& info() const override { return info_; }
    int state_index(const std::string& name) const override {
        for (std::size_t k = 0; k < M::n_state; ++k)
            if (name == M::state[k].name) return static_cast<int>(k);
        return -1;
    }
    double* state_data(std::size_t index) override { return state_[index].data(); }
    void set_parameter(const std::string& name, double value, double dt) override {
        // A shared value replaces a drawn one: the parameter is then the same for every neuron.
        const auto saved = params_;
        const auto saved_drawn = drawn_;
        assign(name, value, "population " + this->name());
        std::erase_if(drawn_, [&](const drawn_parameter& d) { return name == M::parameters[d.index].name; });
        try {
            derive_coeffs("population " + this->name(), dt);
        } catch (...) {
            params_ = saved;
            drawn_ = saved_drawn;
            throw;
        }
    }
    std::vector<double> parameter_values(const std::string& name) const override {
        for (const auto& d : drawn_)
            if (name == M::parameters[d.index].name) return d.values;
        for (const auto& f : M::parameters)
            if (name == f.name) return std::vector<double>(size(), params_.*(f.member));
        throw unknown_name_error("population " + this->name() + ": model " + M::name + " has no parameter \"" +
                                 name + "\"");
    }

private:
    /// One parameter that differs between neurons: its index in M::parameters, a value per neuron.
    struct drawn_parameter {
        std::size_t index;
        std::vector<double> values;
    };

    void draw_parameters(const population_spec& spec, std::uint64_t seed) {
        for (const auto& key : spec.quantile_parameters)
            if (!spec.param_distributions.count(key))
                throw input_error(spec.origin + ": populations." + spec.name + "." + key +
                                  ": sampling = \"quantiles\" needs the parameter given as a distribution");
        for (const auto& [key, dist] : spec.param_distributions) {
            std::size_t index = 0;
            while (index < M::parameters.size() && key != M::parameters[index].name) ++index;
            if (index == M::parameters.size()) assign(key, 0.0, spec.origin);  // throws, listing the parameters
            if (spec.params.count(key))
                throw input_error(spec.origin + ": populations." + spec.name + "." + key +
                                  " is given both as one value and as a distribution");
            drawn_parameter d{index, std::vector<double>(spec.size)};
            try {
                // The model loader checks this with the line; Python and JSON specs arrive here.
                core::require_window_mass(dist);
                if (spec.quantile_parameters.count(key)) {
                    d.values = quantile_values(dist, seed, index);
                } else {
                    // One stream per (neuron, parameter): a neuron's value does not depend on how the
                    // population is split over threads or ranks, nor on the other parameters drawn.
                    for (std::uint64_t i = 0; i < spec.size; ++i) {
                        core::rng_stream rng(seed, core::stream_purpose::neuron_parameter, first_gid() + i, index);
                        d.values[i] = draw(dist, rng);
                    }
                }
            } catch (const input_error& e) {  // a window with too little mass, or one the draws keep missing
                throw input_error(spec.origin + ": populations." + spec.name + "." + key + ": " + e.what());
            }
            drawn_.push_back(std::move(d));
        }
    }

    /// sampling = "quantiles": the values at the quantiles (i + 0.5) / n, so that every seed gives
    /// the same sample distribution (mean, spread), shuffled (Fisher-Yates) by one stream per
    /// (population, parameter). Every rank holds the whole population and computes the same order.
    std::vector<double> quantile_values(const distribution& dist, std::uint64_t seed, std::size_t index) const {
        const std::size_t n = size();
        std::vector<double> values(n);
        for (std::size_t i = 0; i < n; ++i) {
            values[i] = core::quantile(dist, (double(i) + 0.5) / double(n));
            // A window far in a tail can hold its 3% and still lose the quantile to rounding
            // (p = 1 - 1e-17 is 1): refuse rather than hand a neuron an infinite parameter.
            if (!std::isfinite(values[i]))
                throw input_error("sampling = \"quantiles\" gives a non-finite value at the quantile " +
                                  std::to_string((double(i) + 0.5) / double(n)) +
                                  " (the [min, max] window lies too far in a tail)");
        }
        core::rng_stream rng(seed, core::stream_purpose::neuron_parameter_order, first_gid(), index);
        for (std::size_t i = n; i > 1; --i) std::swap(values[i - 1], values[rng.below(i)]);
        return values;
    }

    /// Neuron i's parameters: the shared ones with its drawn values in place.
    typename M::params own_params(std::size_t i) const {
        typename M::params p = params_;
        for (const auto& d : drawn_) p.*(M::parameters[d.index].member) = d.values[i];
        return p;
    }

    /// The step coefficients: shared, or one set per neuron when some parameters were drawn.
    /// A drawn value the model rejects (a negative C_m, a V_reset above V_th) names the neuron.
    void derive_coeffs(const std::string& origin, double dt) {
        if (drawn_.empty()) {
            coeffs_ = prepare_checked(origin, dt);
            neuron_coeffs_.clear();
            return;
        }
        std::vector<typename M::coeffs> own(size());
        for (std::size_t i = 0; i < own.size(); ++i) {
            try {
                own[i] = M::prepare(own_params(i), dt);
            } catch (const input_error& e) {
                std::string values;
                for (const auto& d : drawn_)
                    values += std::string(values.empty() ? "" : ", ") + M::parameters[d.index].name + " = " +
                              format_quantity(d.values[i], M::parameters[d.index].dim);
                throw input_error(origin + ": neuron " + std::to_string(i) + " of population " + name() +
                                  " (drawn " + values + "): " + M::name + ": " + e.what());
            }
        }
        neuron_coeffs_ = std::move(own);
    }

    void assign(const std::string& key, double value, const std::string& origin) {
        for (const auto& f : M::parameters)
            if (key == f.name) {
                params_.*(f.member) = value;
                return;
            }
        std::string known;
        for (const auto& f : M::parameters) known += std::string(known.empty() ? "" : ", ") + f.name;
        throw unknown_name_error(origin + ": model " + M::name + " has no parameter \"" + key +
                                 "\" (its parameters: " + known + ")");
    }
    typename M::coeffs prepare_checked(const std::string& origin, double dt) const {
        try {
            return M::prepare(params_, dt);
        } catch (const input_error& e) {
            throw input_error(origin + ": " + M::name + ": " + e.what());
        }
    }

    const neuron_model_info& info_;
    typename M::params params_{};
    typename M::coeffs coeffs_{};
    std::vector<drawn_parameter> drawn_;
    /// Empty unless parameters were drawn; then the coefficients of each neuron (read-only in
    /// the step; the state stays one array per variable).
    std::vector<typename M::coeffs> neuron_coeffs_;
    std::array<std::vector<double>, M::n_state> state_;
    models::state_ptrs<M::n_state> ptrs_{};
};

template <class M, class... Rest>
std::unique_ptr<population_base> make_named(const population_spec& spec, std::uint64_t first_gid, double dt,
                                            std::uint64_t seed) {
    if (spec.model == M::name) return std::make_unique<population<M>>(spec, first_gid, dt, seed);
    if constexpr (sizeof...(Rest) > 0) return make_named<Rest...>(spec, first_gid, dt, seed);
    std::string known;
    for (const auto& m : neuron_models()) known += std::string(known.empty() ? "" : ", ") + m.name;
    throw unknown_name_error(spec.origin + ": unknown neuron model \"" + spec.model + "\" (known: " + known + ")");
}

template <class... Ms>
std::unique_ptr<population_base> make_from(models::model_list<Ms...>, const population_spec& spec,
                                           std::uint64_t first_gid, double dt, std::uint64_t seed) {
    return make_named<Ms...>(spec, first_gid, dt, seed);
}

}  // namespace

std::unique_ptr<population_base> make_population(const population_spec& spec, std::uint64_t first_gid, double dt,
                                                 std::uint64_t seed) {
    return make_from(models::all_neuron_models{}, spec, first_gid, dt, seed);
}

}  // namespace lamina::engine
