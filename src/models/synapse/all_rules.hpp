#pragma once
// The registry of synapse models besides `static`: registering a rule is adding it to this list.
// Short-term rules (kind short_term) scale each spike by an efficacy; long-term rules change the
// weights (plasticity_api.hpp).
#include "models/synapse/anti_hebbian.hpp"
#include "models/synapse/stdp.hpp"
#include "models/synapse/stdp_nn.hpp"
#include "models/synapse/stdp_triplet.hpp"
#include "models/synapse/tsodyks_markram.hpp"
#include "models/synapse/vogels_istdp.hpp"

namespace lamina::models {

template <class... Rules>
struct rule_list {};

using all_synapse_rules = rule_list<
    tsodyks_markram,
    stdp,
    stdp_nn,
    stdp_triplet,
    vogels_istdp,
    anti_hebbian>;

}  // namespace lamina::models
