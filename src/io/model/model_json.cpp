// The resolved model as JSON: every parameter (defaults filled in) as "<value> <unit>" strings,
// so the summary of a run says exactly what was simulated.
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>

#include <nlohmann/json.hpp>

namespace lamina {
namespace {

using json = nlohmann::ordered_json;

json quantity_json(double v, dimension d) {
    if (d == dimension::dimensionless) return v;
    return format_quantity(v, d);
}

json distribution_json(const distribution& x, dimension d) {
    if (x.is_constant()) return quantity_json(x.a, d);
    json j;
    switch (x.type) {
        case distribution::kind::uniform: j = {{"distribution", "uniform"}, {"low", quantity_json(x.a, d)}, {"high", quantity_json(x.b, d)}}; break;
        case distribution::kind::normal: j = {{"distribution", "normal"}, {"mean", quantity_json(x.a, d)}, {"std", quantity_json(x.b, d)}}; break;
        case distribution::kind::lognormal: j = {{"distribution", "lognormal"}, {"mean", quantity_json(x.a, d)}, {"std", quantity_json(x.b, d)}}; break;
        case distribution::kind::exponential: j = {{"distribution", "exponential"}, {"mean", quantity_json(x.a, d)}}; break;
        case distribution::kind::constant: break;
    }
    if (x.min) j["min"] = quantity_json(*x.min, d);
    if (x.max) j["max"] = quantity_json(*x.max, d);
    return j;
}

json layout_json(const layout_spec& l) {
    const char* kinds[] = {"uniform", "grid", "clustered"};
    json j{{"kind", kinds[static_cast<int>(l.type)]},
           {"width", quantity_json(l.width, dimension::length)},
           {"height", quantity_json(l.height, dimension::length)}};
    if (l.type == layout_spec::kind::clustered)
        j.update({{"clusters", l.clusters},
                  {"cluster_radius", quantity_json(l.cluster_radius, dimension::length)},
                  {"cluster_seed", l.cluster_seed}});
    return j;
}

dimension weight_dim_of(const network_spec& spec, const std::string& population) {
    for (const auto& p : spec.populations)
        if (p.name == population)
            if (const auto* m = find_neuron_model(p.model)) return m->weight_dim;
    return dimension::dimensionless;
}

}  // namespace

std::string model_to_json(const network_spec& spec) {
    json j;
    j["simulation"] = {{"dt", quantity_json(spec.simulation.dt, dimension::time)},
                       {"duration", quantity_json(spec.simulation.duration, dimension::time)},
                       {"seed", spec.simulation.seed},
                       {"threads", spec.simulation.threads},
                       {"min_neuron_steps_per_thread", spec.simulation.min_neuron_steps_per_thread}};
    json pops = json::object();
    for (const auto& p : spec.populations) {
        json pj{{"model", p.model}, {"size", p.size}};
        if (const auto* m = find_neuron_model(p.model)) {
            for (const auto& par : m->parameters) {
                const auto it = p.params.find(par.name);
                const auto drawn = p.param_distributions.find(par.name);
                pj[par.name] = drawn != p.param_distributions.end()
                                   ? distribution_json(drawn->second, par.dim)
                                   : quantity_json(it != p.params.end() ? it->second : par.default_value, par.dim);
                if (p.quantile_parameters.count(par.name)) pj[par.name]["sampling"] = "quantiles";
            }
            for (const auto& st : m->state) {
                const auto it = p.initial.find(st.name);
                if (it != p.initial.end()) pj[st.name] = distribution_json(it->second, st.dim);
            }
        }
        if (p.layout) pj["layout"] = layout_json(*p.layout);
        pops[p.name] = pj;
    }
    j["populations"] = pops;
    json conns = json::array();
    for (const auto& c : spec.connections) {
        const dimension wd = weight_dim_of(spec, c.target);
        json cj;
        if (!c.name.empty()) cj["name"] = c.name;
        cj.update({{"source", c.source}, {"target", c.target}, {"rule", to_string(c.rule)}});
        switch (c.rule) {
            case connection_rule::fixed_indegree: cj["indegree"] = c.indegree; break;
            case connection_rule::fixed_outdegree: cj["outdegree"] = c.outdegree; break;
            case connection_rule::pairwise_bernoulli: cj["probability"] = c.probability; break;
            case connection_rule::fixed_total_number: cj["N"] = c.total; break;
            default: break;
        }
        cj["weight"] = distribution_json(c.weight, wd);
        cj["delay"] = distribution_json(c.delay, dimension::time);
        if (c.receptor) cj["receptor"] = *c.receptor;
        if (const auto* m = find_synapse_model(c.synapse.model); m && !c.synapse.is_static()) {
            json sj{{"model", c.synapse.model}};
            for (const auto& par : m->parameters) {
                const auto it = c.synapse.params.find(par.name);
                sj[par.name] = quantity_json(it != c.synapse.params.end() ? it->second : par.default_value,
                                             par.in_weight_unit ? wd : par.dim);
            }
            cj["synapse"] = sj;  // as written in model files (a table)
        }
        cj["autapses"] = c.allow_autapses;
        cj["multapses"] = c.allow_multapses;
        conns.push_back(cj);
    }
    j["connections"] = conns;
    json stims = json::array();
    for (const auto& s : spec.stimuli) {
        const dimension wd = weight_dim_of(spec, s.target);
        json sj{{"type", to_string(s.kind)}, {"target", s.target}};
        if (!s.neurons.empty()) sj["neurons"] = s.neurons;
        if (s.region)
            sj["region"] = {{"x", quantity_json(s.region->x, dimension::length)},
                            {"y", quantity_json(s.region->y, dimension::length)},
                            {"radius", quantity_json(s.region->radius, dimension::length)}};
        switch (s.kind) {
            case stimulus_kind::poisson:
                sj["rate"] = quantity_json(s.rate, dimension::frequency);
                sj["weight"] = quantity_json(s.weight, wd);
                break;
            case stimulus_kind::dc: sj["amplitude"] = quantity_json(s.amplitude, dimension::current); break;
            case stimulus_kind::step_current: {
                json t = json::array(), a = json::array();
                for (double x : s.times) t.push_back(quantity_json(x, dimension::time));
                for (double x : s.amplitudes) a.push_back(quantity_json(x, dimension::current));
                sj["times"] = t;
                sj["amplitudes"] = a;
                break;
            }
            case stimulus_kind::ou_noise:
                sj["mean"] = quantity_json(s.mean, dimension::current);
                sj["std"] = quantity_json(s.std_dev, dimension::current);
                sj["tau"] = quantity_json(s.tau, dimension::time);
                if (!s.shared_process.empty()) sj["shared"] = s.shared_process;
                else if (s.shared) sj["shared"] = true;
                break;
            case stimulus_kind::spike_times: {
                json t = json::array();
                for (double x : s.times) t.push_back(quantity_json(x, dimension::time));
                sj["times"] = t;
                sj["weight"] = quantity_json(s.weight, wd);
                sj["delay"] = quantity_json(s.delay, dimension::time);
                break;
            }
        }
        if (s.receptor) sj["receptor"] = *s.receptor;
        sj["start"] = quantity_json(s.start, dimension::time);
        if (s.stop) sj["stop"] = quantity_json(*s.stop, dimension::time);
        stims.push_back(sj);
    }
    j["stimuli"] = stims;
    json recs = json::array();
    for (const auto& r : spec.recorders) {
        if (r.type == recorder_spec::kind::spikes) {
            recs.push_back({{"type", "spikes"}, {"populations", r.populations}});
        } else if (r.type == recorder_spec::kind::weights) {
            recs.push_back({{"type", "weights"}, {"connection", r.connection}, {"targets", r.neurons},
                            {"interval", quantity_json(r.interval, dimension::time)}});
        } else if (r.type == recorder_spec::kind::mea) {
            const auto& m = r.mea;
            json mj{{"type", "mea"}, {"populations", r.populations}, {"rows", m.rows}, {"cols", m.cols},
                    {"pitch", quantity_json(m.pitch, dimension::length)},
                    {"radius", quantity_json(m.radius, dimension::length)}, {"detection", m.detection},
                    {"omit_corners", m.omit_corners}, {"file", m.file}};
            if (m.x) mj["x"] = quantity_json(*m.x, dimension::length);
            if (m.y) mj["y"] = quantity_json(*m.y, dimension::length);
            if (m.age) mj["age"] = *m.age;
            recs.push_back(mj);
        } else
            recs.push_back({{"type", "state"}, {"population", r.populations.at(0)}, {"variables", r.variables},
                            {"neurons", r.neurons}, {"interval", quantity_json(r.interval, dimension::time)}});
    }
    j["recorders"] = recs;
    return j.dump(2);
}

}  // namespace lamina
