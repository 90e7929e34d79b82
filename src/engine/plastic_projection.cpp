// Plastic projections: storage (rows by source, transposed index by target) and the window
// loop of plastic_projection.hpp for short-term rules (efficacy per spike) and long-term rules
// (weights changed by pre and post events).
#include "engine/plastic_projection.hpp"

#include <lamina/error.hpp>

#include "engine/spike_traces.hpp"
#include "models/synapse/all_rules.hpp"

#include <algorithm>
#include <cmath>

namespace lamina::engine {
namespace {

std::string where(const connection_plan& p) {
    return p.spec->synapse.origin.empty() ? p.spec->origin : p.spec->synapse.origin;
}

/// The rule's parameters from the spec (defaults elsewhere), lowered by R::prepare.
template <class R>
typename R::coeffs prepare_rule(const connection_plan& plan, double dt) {
    typename R::params p{};
    for (const auto& [key, value] : plan.spec->synapse.params) {
        bool found = false;
        for (const auto& f : R::parameters)
            if (key == f.name) p.*(f.member) = value, found = true;
        if (found) continue;
        std::string known;
        for (const auto& f : R::parameters) known += std::string(known.empty() ? "" : ", ") + f.name;
        throw unknown_name_error(where(plan) + ": synapse model " + R::name + " has no parameter \"" + key +
                                 "\" (its parameters: " + known + ")");
    }
    try {
        return R::prepare(p, dt);
    } catch (const input_error& e) {
        throw input_error(where(plan) + ": connection " + plan.spec->source + " -> " + plan.spec->target +
                          ": synapse model " + R::name + ": " + e.what());
    }
}

/// Storage and the pre-event bookkeeping shared by both kinds of rule.
class projection_base : public plastic_projection {
protected:
    projection_base(const connection_plan& plan, synapse_list&& list, std::uint64_t n_neurons, const partition& part,
                    int worker, double dt)
        : dt_(dt), max_delay_(delay_bounds(plan, dt).max) {
        const index_range owned = part.block(plan.target->size(), worker);
        owned_first_ = plan.target->first_gid() + owned.begin;
        owned_count_ = owned.size();
        source_first_ = static_cast<std::uint32_t>(plan.source->first_gid());
        source_count_ = static_cast<std::uint32_t>(plan.source->size());
        rows_ = to_rows(std::move(list), n_neurons);
        source_of_.resize(rows_.size());
        col_begin_.assign(owned_count_ + 1, 0);
        for (std::uint64_t g = source_first_; g < std::uint64_t(source_first_) + source_count_; ++g)
            for (std::uint64_t k = rows_.row_begin[g]; k < rows_.row_begin[g + 1]; ++k) {
                source_of_[k] = static_cast<std::uint32_t>(g);
                ++col_begin_[rows_.target[k] - owned_first_ + 1];
            }
        for (std::uint64_t j = 0; j < owned_count_; ++j) col_begin_[j + 1] += col_begin_[j];
        col_.resize(rows_.size());
        std::vector<std::uint64_t> fill(col_begin_.begin(), col_begin_.end() - 1);
        for (std::uint64_t k = 0; k < rows_.size(); ++k) col_[fill[rows_.target[k] - owned_first_]++] = k;
    }

    /// This window's spikes of the sources (pre events) and of the owned targets.
    void collect(std::int64_t t0, std::int64_t t1, const std::vector<spike_event>& spikes, bool targets) {
        t0_ = t0;
        t1_ = t1;
        pre_.clear();
        next_pre_ = 0;
        for (const auto& e : spikes) {
            if (e.gid >= source_first_ && e.gid - source_first_ < source_count_) pre_.push_back(e);
            if (targets && e.gid >= owned_first_ && e.gid - owned_first_ < owned_count_) recent_.push_back(e);
        }
    }

    void deliver(ring_buffer& ring, std::uint64_t k, std::int64_t s, double w) const {
        ring.at(s + rows_.delay[k], rows_.port[k])[rows_.target[k]] += w;
    }

    double dt_;
    std::int64_t max_delay_;
    std::int64_t t0_ = 0, t1_ = 0;
    std::vector<spike_event> pre_;     // this window's source spikes, by (step, gid)
    std::size_t next_pre_ = 0;
    std::vector<spike_event> recent_;  // owned targets' spikes of the last max_delay steps
};

/// Short-term rule: one state per source neuron (this worker's copy), efficacy per spike.
template <class R>
class short_term_projection final : public projection_base {
public:
    short_term_projection(const connection_plan& plan, synapse_list&& list, std::uint64_t n_neurons,
                          const partition& part, int worker, double dt)
        : projection_base(plan, std::move(list), n_neurons, part, worker, dt), c_(prepare_rule<R>(plan, dt)),
          state_(source_count_), last_(source_count_, no_spike) {}

    void begin_window(std::int64_t t0, std::int64_t t1, const std::vector<spike_event>& spikes) override {
        collect(t0, t1, spikes, false);
    }

    void step(std::int64_t s, ring_buffer& ring) override {
        for (; next_pre_ < pre_.size() && pre_[next_pre_].step == s; ++next_pre_) {
            const std::uint32_t gid = pre_[next_pre_].gid, i = gid - source_first_;
            const double h = last_[i] == no_spike ? INFINITY : double(s - last_[i]) * dt_;
            const double efficacy = R::efficacy(c_, state_[i], h);
            last_[i] = s;
            for (std::uint64_t k = rows_.row_begin[gid]; k < rows_.row_begin[gid + 1]; ++k)
                deliver(ring, k, s, rows_.weight[k] * efficacy);
        }
    }

private:
    typename R::coeffs c_;
    std::vector<typename R::state> state_;
    std::vector<std::int64_t> last_;
};

/// Long-term rule: per-neuron traces, weights changed by post and pre events (plasticity_api.hpp).
template <class R>
class long_term_projection final : public projection_base {
public:
    long_term_projection(const connection_plan& plan, synapse_list&& list, std::uint64_t n_neurons,
                         const partition& part, int worker, double dt)
        : projection_base(plan, std::move(list), n_neurons, part, worker, dt), c_(prepare_rule<R>(plan, dt)) {
        // Factors for the lags reads meet most (within a few time constants) come from a table.
        double tau = 0.0;
        for (const auto& d : c_.pre) tau = std::max(tau, d.tau);
        for (const auto& d : c_.post) tau = std::max(tau, d.tau);
        const auto table = static_cast<std::int64_t>(std::min(8.0 * tau / dt, 65536.0)) + 2 * max_delay_ + 1;
        pre_traces_ = spike_traces<R::n_pre>(source_count_, c_.pre, dt, table);
        post_traces_ = spike_traces<R::n_post>(owned_count_, c_.post, dt, table);
    }

    void begin_window(std::int64_t t0, std::int64_t t1, const std::vector<spike_event>& spikes) override {
        const std::size_t old = recent_.size();
        collect(t0, t1, spikes, true);
        for (std::size_t n = old; n < recent_.size(); ++n) post_traces_.add(recent_[n].gid - owned_first_, recent_[n].step);
        // Reads in this window are at target times >= t0 + 1 - max_delay (post events at
        // t_post + d > t0, pre events at s - d > t0 - d): older spikes are folded away.
        const std::int64_t horizon = t0 + 1 - max_delay_;
        std::size_t drop = 0;
        for (; drop < recent_.size() && recent_[drop].step < horizon; ++drop)
            post_traces_.fold_before(recent_[drop].gid - owned_first_, horizon);
        recent_.erase(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(drop));
        post_.clear();
        next_post_ = 0;
        for (const auto& e : recent_) {
            if (e.step > t0) break;
            const std::uint64_t j = e.gid - owned_first_;
            for (std::uint64_t c = col_begin_[j]; c < col_begin_[j + 1]; ++c) {
                const std::uint64_t k = col_[c];
                const std::int64_t s = e.step + rows_.delay[k];
                if (s > t0 && s <= t1) post_.push_back({s, k});
            }
        }
        std::sort(post_.begin(), post_.end(), [](const post_event& a, const post_event& b) {
            return a.s != b.s ? a.s < b.s : a.k < b.k;
        });
    }

    void step(std::int64_t s, ring_buffer& ring) override {
        double pre[R::n_pre], post[R::n_post];
        for (; next_post_ < post_.size() && post_[next_post_].s == s; ++next_post_) {
            const std::uint64_t k = post_[next_post_].k;
            pre_traces_.read(source_of_[k] - source_first_, s, false, pre);
            post_traces_.read(rows_.target[k] - owned_first_, s - rows_.delay[k], false, post);
            update(k, R::on_post(c_, std::fabs(rows_.weight[k]), pre, post));
        }
        for (; next_pre_ < pre_.size() && pre_[next_pre_].step == s; ++next_pre_) {
            const std::uint32_t gid = pre_[next_pre_].gid, i = gid - source_first_;
            pre_traces_.read(i, s, false, pre);
            for (std::uint64_t k = rows_.row_begin[gid]; k < rows_.row_begin[gid + 1]; ++k) {
                post_traces_.read(rows_.target[k] - owned_first_, s - rows_.delay[k], true, post);
                update(k, R::on_pre(c_, std::fabs(rows_.weight[k]), pre, post));
                deliver(ring, k, s, rows_.weight[k]);
            }
            pre_traces_.add(i, s);
            pre_traces_.fold_before(i, s + 1);
        }
    }

private:
    struct post_event {
        std::int64_t s;
        std::uint64_t k;
    };
    void update(std::uint64_t k, double magnitude) {
        rows_.weight[k] = std::copysign(std::clamp(magnitude, c_.w_min, c_.w_max), rows_.weight[k]);
    }

    typename R::coeffs c_;
    spike_traces<R::n_pre> pre_traces_;
    spike_traces<R::n_post> post_traces_;
    std::vector<post_event> post_;
    std::size_t next_post_ = 0;
};

template <class R>
std::unique_ptr<plastic_projection> make_rule(const connection_plan& plan, synapse_list&& list,
                                              std::uint64_t n_neurons, const partition& part, int worker,
                                              double dt) {
    if constexpr (models::kind_of<R>() == models::synapse_kind::short_term)
        return std::make_unique<short_term_projection<R>>(plan, std::move(list), n_neurons, part, worker, dt);
    else
        return std::make_unique<long_term_projection<R>>(plan, std::move(list), n_neurons, part, worker, dt);
}

template <class R>
synapse_model_cost cost_of(const connection_plan& plan, double dt) {
    prepare_rule<R>(plan, dt);
    // Source of each synapse (4 bytes) and its entry in the index by target (8 bytes).
    synapse_model_cost cost{12.0, 0.0, 0.0};
    if constexpr (models::kind_of<R>() == models::synapse_kind::short_term) {
        cost.bytes_per_source = sizeof(typename R::state) + 8.0;
    } else {
        cost.bytes_per_source = 8.0 * (R::n_pre + 1) + 24.0;
        // Folded traces, fold step, the recent spike list (a few spikes) and the index.
        cost.bytes_per_target = 8.0 * (R::n_post + 1) + 24.0 + 8.0 * 4 + 8.0;
    }
    return cost;
}

/// Calls f.template operator()<R>() for the rule named like the plan's synapse model.
template <class F, class R, class... Rest>
auto dispatch(const connection_plan& plan, F&& f, models::rule_list<R, Rest...>) {
    if (plan.spec->synapse.model == R::name) return f.template operator()<R>();
    if constexpr (sizeof...(Rest) > 0) {
        return dispatch(plan, std::forward<F>(f), models::rule_list<Rest...>{});
    } else {
        throw unknown_name_error(where(plan) + ": unknown synapse model \"" + plan.spec->synapse.model +
                                 "\" (known: " + synapse_model_names() + ")");
        return f.template operator()<R>();
    }
}

}  // namespace

synapse_model_cost check_synapse_model(const connection_plan& plan, double dt) {
    if (plan.spec->synapse.is_static()) {
        if (!plan.spec->synapse.params.empty())
            throw unknown_name_error(where(plan) + ": the static synapse model has no parameters (got \"" +
                                     plan.spec->synapse.params.begin()->first + "\")");
        return {};
    }
    return dispatch(plan, [&]<class R>() { return cost_of<R>(plan, dt); }, models::all_synapse_rules{});
}

std::unique_ptr<plastic_projection> make_plastic_projection(const connection_plan& plan, synapse_list&& synapses,
                                                            std::uint64_t n_neurons, const partition& part,
                                                            int worker, double dt) {
    return dispatch(
        plan,
        [&]<class R>() { return make_rule<R>(plan, std::move(synapses), n_neurons, part, worker, dt); },
        models::all_synapse_rules{});
}

}  // namespace lamina::engine
