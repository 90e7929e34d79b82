#pragma once
// The registry of neuron models: registering a model is adding it to this list.
#include "models/neuron/aeif_cond_ampa_nmda.hpp"
#include "models/neuron/aeif_cond_exp.hpp"
#include "models/neuron/aeif_psc_exp.hpp"
#include "models/neuron/hh_cond_exp_traub.hpp"
#include "models/neuron/izhikevich.hpp"
#include "models/neuron/lif_cond_exp.hpp"
#include "models/neuron/lif_cond_exp_ee.hpp"
#include "models/neuron/lif_psc_alpha.hpp"
#include "models/neuron/lif_psc_delta.hpp"
#include "models/neuron/lif_psc_exp.hpp"
#include "models/neuron/lif_psc_exp_adapt.hpp"
#include "models/neuron/parrot_neuron.hpp"

namespace lamina::models {

template <class... Models>
struct model_list {};

using all_neuron_models = model_list<
    lif_psc_delta,
    lif_psc_exp,
    lif_psc_alpha,
    lif_cond_exp,
    lif_cond_exp_ee,
    lif_psc_exp_adapt,
    aeif_cond_exp,
    aeif_psc_exp,
    izhikevich,
    hh_cond_exp_traub,
    aeif_cond_ampa_nmda,
    parrot_neuron>;

}  // namespace lamina::models
