#pragma once
// Which worker (thread, later rank x thread) owns which neurons: each population is cut into
// contiguous, nearly equal blocks, one per worker. A neuron's incoming synapses live with it.
#include <cstdint>

namespace lamina::engine {

struct index_range {
    std::uint64_t begin = 0, end = 0;
    bool contains(std::uint64_t i) const { return i >= begin && i < end; }
    std::uint64_t size() const { return end - begin; }
};

struct partition {
    int workers = 1;
    index_range block(std::uint64_t population_size, int worker) const {
        const auto w = static_cast<std::uint64_t>(worker), n = static_cast<std::uint64_t>(workers);
        return {population_size * w / n, population_size * (w + 1) / n};
    }
};

}  // namespace lamina::engine
