// Neuron positions from population layouts, and stimulus regions resolved to neurons.
#include <lamina/error.hpp>
#include <lamina/spatial.hpp>

#include "core/rng.hpp"

#include <cmath>

namespace lamina {
namespace {

const population_spec& find_population(const network_spec& spec, const std::string& name, std::uint64_t& first_gid,
                                       const std::string& context) {
    first_gid = 0;
    for (const auto& p : spec.populations) {
        if (p.name == name) return p;
        first_gid += p.size;
    }
    std::string known;
    for (const auto& p : spec.populations) known += (known.empty() ? "" : ", ") + p.name;
    throw unknown_name_error(context + ": no population named \"" + name + "\" (populations: " + known + ")");
}

}  // namespace

std::vector<std::array<double, 2>> neuron_positions(const network_spec& spec, const std::string& population) {
    std::uint64_t gid0 = 0;
    const auto& p = find_population(spec, population, gid0, spec.source);
    if (!p.layout)
        throw input_error(p.origin + ": population " + p.name + " has no layout; give it one, e.g. layout = { kind = "
                          "\"uniform\", width = \"1.4 mm\", height = \"1.4 mm\" }");
    const auto& l = *p.layout;
    if (!(l.width > 0.0 && l.height > 0.0 && std::isfinite(l.width) && std::isfinite(l.height)))
        throw input_error(p.origin + ": populations." + p.name + ".layout: width and height must be positive lengths");
    std::vector<std::array<double, 2>> xy(p.size);
    if (l.type == layout_spec::kind::uniform) {
        // One stream per neuron keyed by its gid: positions do not depend on threads or ranks.
        for (std::uint64_t i = 0; i < p.size; ++i) {
            core::rng_stream r(spec.simulation.seed, core::stream_purpose::layout, gid0 + i);
            const double x = r.uniform(0.0, l.width);
            xy[i] = {x, r.uniform(0.0, l.height)};
        }
    } else {
        // Columns chosen so that the spacing is about equal in x and y; cells centred.
        const auto cols = static_cast<std::uint64_t>(
            std::max(1.0, std::ceil(std::sqrt(double(p.size) * l.width / l.height))));
        const std::uint64_t rows = (p.size + cols - 1) / cols;
        for (std::uint64_t i = 0; i < p.size; ++i)
            xy[i] = {(double(i % cols) + 0.5) * l.width / double(cols), (double(i / cols) + 0.5) * l.height / double(rows)};
    }
    return xy;
}

std::vector<std::uint64_t> neurons_in_region(const network_spec& spec, const std::string& population,
                                             const region_spec& region) {
    const auto xy = neuron_positions(spec, population);
    std::vector<std::uint64_t> out;
    const double r2 = region.radius * region.radius;
    for (std::size_t i = 0; i < xy.size(); ++i) {
        const double dx = xy[i][0] - region.x, dy = xy[i][1] - region.y;
        if (dx * dx + dy * dy <= r2) out.push_back(i);
    }
    return out;
}

stimulus_spec resolve_region(const network_spec& spec, stimulus_spec s) {
    if (!s.region) return s;
    const auto& g = *s.region;
    if (!(g.radius > 0.0) || !std::isfinite(g.radius) || !std::isfinite(g.x) || !std::isfinite(g.y))
        throw input_error(s.origin + ": stimulus region: expected finite x and y and a radius > 0 (um)");
    if (!s.neurons.empty())
        throw input_error(s.origin + ": a stimulus takes either neurons or a region, not both");
    s.neurons = neurons_in_region(spec, s.target, g);
    if (s.neurons.empty())
        throw input_error(s.origin + ": the stimulus region (x = " + std::to_string(g.x) + " um, y = " +
                          std::to_string(g.y) + " um, radius " + std::to_string(g.radius) +
                          " um) holds no neuron of population " + s.target + "; widen it or move it onto the layout");
    s.region.reset();
    return s;
}

}  // namespace lamina
