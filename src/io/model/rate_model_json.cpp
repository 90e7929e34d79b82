// The resolved rate model as JSON for summary.json: every population, connection, input and
// recorder with its defaults filled in, times in ms. Arrays longer than `inline_limit` values
// (matrices, factors, series) are summarised by size, mean and standard deviation so that a
// summary stays readable; their source (file name) is in `origin` and the model file.
#include <lamina/rate_network.hpp>

#include "models/rate/phi.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace lamina {
namespace {

using json = nlohmann::ordered_json;
constexpr std::size_t inline_limit = 64;

template <class T>
json array_json(const std::vector<T>& v) {
    if (v.size() <= inline_limit) return v;
    double mean = 0.0, sq = 0.0;
    for (const T x : v) mean += static_cast<double>(x);
    mean /= static_cast<double>(v.size());
    for (const T x : v) sq += (static_cast<double>(x) - mean) * (static_cast<double>(x) - mean);
    return {{"size", v.size()}, {"mean", mean}, {"std", std::sqrt(sq / static_cast<double>(v.size()))}};
}

const char* integrator_name(rate_integrator i) {
    switch (i) {
    case rate_integrator::euler: return "euler";
    case rate_integrator::rk4: return "rk4";
    case rate_integrator::exact: return "exact";
    }
    return "?";
}

const char* connectivity_name(rate_connectivity k) {
    switch (k) {
    case rate_connectivity::dense_random: return "random";
    case rate_connectivity::sparse_random: return "sparse";
    case rate_connectivity::matrix: return "matrix";
    case rate_connectivity::identity: return "identity";
    case rate_connectivity::low_rank: return "low_rank";
    }
    return "?";
}

const char* input_name(rate_input_spec::kind k) {
    switch (k) {
    case rate_input_spec::kind::constant: return "constant";
    case rate_input_spec::kind::step: return "step";
    case rate_input_spec::kind::sine: return "sine";
    case rate_input_spec::kind::white_noise: return "white_noise";
    case rate_input_spec::kind::series: return "series";
    }
    return "?";
}

const char* recorder_name(rate_recorder_spec::kind k) {
    switch (k) {
    case rate_recorder_spec::kind::x: return "x";
    case rate_recorder_spec::kind::phi: return "phi";
    case rate_recorder_spec::kind::readout: return "readout";
    }
    return "?";
}

json connection_json(const rate_connection_spec& c) {
    json j{{"source", c.source}, {"target", c.target}, {"rule", connectivity_name(c.kind)}, {"scale", c.scale}};
    switch (c.kind) {
    case rate_connectivity::dense_random:
        j["g"] = c.g, j["mean"] = c.mean, j["autapses"] = c.autapses;
        break;
    case rate_connectivity::sparse_random:
        j["g"] = c.g, j["mean"] = c.mean, j["indegree"] = c.indegree, j["autapses"] = c.autapses;
        break;
    case rate_connectivity::matrix:
        if (c.rows.empty()) j["weights"] = array_json(c.matrix);
        else j["triplets"] = {{"rows", array_json(c.rows)}, {"cols", array_json(c.cols)}, {"values", array_json(c.values)}};
        break;
    case rate_connectivity::identity: break;
    case rate_connectivity::low_rank:
        j["rank"] = c.rank;
        if (!c.m.empty()) j["m"] = array_json(c.m), j["n"] = array_json(c.n);
        else j["factor_mean"] = c.factor_mean, j["factor_covariance"] = c.factor_covariance;
        break;
    }
    if (!c.schedule_times.empty()) j["schedule"] = {{"times_ms", c.schedule_times}, {"scales", c.schedule_scales}};
    if (c.seed_offset) j["seed_offset"] = c.seed_offset;
    if (!c.origin.empty()) j["origin"] = c.origin;
    return j;
}

}  // namespace

std::string rate_model_to_json(const rate_network_spec& spec) {
    json j;
    j["source"] = spec.source;
    const auto& s = spec.settings;
    j["simulation"] = {{"dt_ms", s.dt}, {"duration_ms", s.duration}, {"seed", s.seed}, {"threads", s.threads},
                       {"trials", s.trials}, {"integrator", integrator_name(s.integrator)}};
    json pops = json::object();
    for (const auto& p : spec.populations) {
        json q{{"size", p.size}, {"tau_ms", p.tau}, {"phi", models::rate::phi_name(p.phi)}, {"theta", p.theta},
               {"beta", p.beta}, {"noise_std", p.noise_std}, {"bias", p.bias}};
        if (!p.x0.empty()) q["x0"] = array_json(p.x0);
        else q["x0"] = {{"distribution", "normal"}, {"mean", p.x0_mean}, {"std", p.x0_std}};
        pops[p.name] = q;
    }
    j["rate_populations"] = pops;
    json conns = json::array();
    for (const auto& c : spec.connections) conns.push_back(connection_json(c));
    j["rate_connections"] = conns;
    json ins = json::array();
    for (const auto& in : spec.inputs) {
        json q{{"name", in.name}, {"target", in.target}, {"type", input_name(in.type)}, {"amplitude", in.amplitude},
               {"offset", in.offset}, {"frequency_Hz", in.frequency}, {"phase", in.phase}, {"start_ms", in.start},
               {"stop_ms", in.stop}};
        if (!in.times.empty()) q["times_ms"] = array_json(in.times), q["amplitudes"] = array_json(in.amplitudes);
        if (!in.series.empty()) q["series"] = array_json(in.series), q["series_dt_ms"] = in.series_dt;
        if (!in.b.empty()) q["b"] = array_json(in.b);
        else q["weight"] = in.weight, q["weight_std"] = in.weight_std;
        ins.push_back(q);
    }
    j["rate_inputs"] = ins;
    json recs = json::array();
    for (const auto& r : spec.recorders) {
        json q{{"name", r.name}, {"population", r.population}, {"variable", recorder_name(r.type)},
               {"interval_ms", r.interval}};
        if (!r.units.empty()) q["units"] = array_json(r.units);
        if (r.type == rate_recorder_spec::kind::readout) q["outputs"] = r.outputs, q["readout"] = array_json(r.readout);
        recs.push_back(q);
    }
    j["rate_recorders"] = recs;
    return j.dump();
}

}  // namespace lamina
