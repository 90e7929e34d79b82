#pragma once
// A connection's or stimulus' receptor, resolved once against the target model into a ring-buffer
// port and a sign rule, so that placing each synapse is a lookup, not a string comparison.
// Rule (NEST's for excitatory/inhibitory): no receptor named -> the weight's sign picks port 0
// (>= 0) or port 1 (< 0) and the weight is kept as is; a receptor named -> its port, with the
// weight's magnitude signed by the receptor's convention (inhibitory ports take weights <= 0).
#include <lamina/error.hpp>
#include <lamina/model_catalog.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace lamina::engine {

struct receptor_choice {
    int port = -1;            // -1: chosen per synapse by the weight's sign
    bool inhibitory = false;  // with an explicit port: deliver -|w| instead of |w|

    /// Port and delivered weight of one synapse of drawn weight w.
    std::pair<std::uint8_t, double> place(double w) const {
        if (port < 0) return {static_cast<std::uint8_t>(w < 0.0 ? 1 : 0), w};
        return {static_cast<std::uint8_t>(port), inhibitory ? -std::fabs(w) : std::fabs(w)};
    }
};

/// Throws unknown_name_error "<where>: model <m> has no receptor "X"; expected <its receptors>".
inline receptor_choice resolve_receptor(const std::optional<std::string>& receptor, const neuron_model_info& target,
                                        const std::string& where) {
    if (!receptor) return {};
    const int port = receptor_port(target, *receptor);
    if (port < 0)
        throw unknown_name_error(where + ": model " + target.name + " has no receptor \"" + *receptor + "\"; expected " +
                          receptor_choices(target));
    return {port, target.receptors[static_cast<std::size_t>(port)].inhibitory};
}

}  // namespace lamina::engine
