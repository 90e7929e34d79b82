#pragma once
// Pair STDP with symmetric nearest-spike pairing (NEST stdp_nn_symm_synapse; Morrison, Diesmann
// & Gerstner 2008 Biol Cybern 98:459, Fig. 7B): each pre event pairs only with the target's last
// spike and each post event only with the source's last spike. Equations: stdp.hpp.
#include "models/synapse/stdp.hpp"

namespace lamina::models {

struct stdp_nn : stdp_pair_rule<true> {
    static constexpr const char* name = "stdp_nn";
    static constexpr const char* summary = "pair STDP, nearest-spike pairing (NEST stdp_nn_symm_synapse)";
};

}  // namespace lamina::models
