#include <lamina/network_spec.hpp>

namespace lamina {

std::string to_string(connection_rule r) {
    switch (r) {
        case connection_rule::fixed_indegree: return "fixed_indegree";
        case connection_rule::fixed_outdegree: return "fixed_outdegree";
        case connection_rule::pairwise_bernoulli: return "pairwise_bernoulli";
        case connection_rule::fixed_total_number: return "fixed_total_number";
        case connection_rule::one_to_one: return "one_to_one";
        case connection_rule::all_to_all: return "all_to_all";
    }
    return "?";
}

std::string to_string(stimulus_kind k) {
    switch (k) {
        case stimulus_kind::poisson: return "poisson";
        case stimulus_kind::dc: return "dc";
        case stimulus_kind::step_current: return "step_current";
        case stimulus_kind::spike_times: return "spike_times";
        case stimulus_kind::ou_noise: return "ou_noise";
    }
    return "?";
}

}  // namespace lamina
