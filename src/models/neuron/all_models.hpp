#pragma once
// The registry of neuron models: registering a model is adding it to this list.
#include "models/neuron/lif_psc_delta.hpp"

namespace lamina::models {

template <class... Models>
struct model_list {};

using all_neuron_models = model_list<
    lif_psc_delta>;

}  // namespace lamina::models
