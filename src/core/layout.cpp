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

/// x wrapped onto [0, length): the rectangle is a torus, so a clump at an edge continues at the
/// opposite one. Each neuron's position is then exactly uniform on the rectangle (a uniform centre
/// plus any offset, wrapped, is uniform), as in the uniform layout, and the process is stationary:
/// the rectangle is a window of a culture that goes on beyond it. Redrawing offsets that leave the
/// rectangle would instead thin the clumps near the edges and bias every statistic there.
double wrapped(double x, double length) {
    x = std::fmod(x, length);
    if (x < 0.0) x += length;
    return x < length ? x : 0.0;  // -1e-17 + length rounds to length
}

/// The Thomas cluster process (Thomas 1949, Biometrika 36:18) with a fixed number of centres:
/// centre k uniform on the rectangle from the stream (seed, layout_clusters, k, cluster_seed),
/// which holds no population or gid, so populations with the same rectangle, clusters and
/// cluster_seed (E and I of one culture) share their clumps. Each neuron picks its cluster
/// uniformly and a Gaussian offset of std cluster_radius per coordinate from its own stream
/// (seed, layout, gid): positions depend on the seed and the neuron only, as for "uniform".
std::vector<std::array<double, 2>> clustered_positions(std::uint64_t seed, const layout_spec& l, std::uint64_t gid0,
                                                       std::uint64_t n) {
    std::vector<std::array<double, 2>> centres(l.clusters);
    for (std::uint64_t k = 0; k < l.clusters; ++k) {
        core::rng_stream c(seed, core::stream_purpose::layout_clusters, k, l.cluster_seed);
        const double x = c.uniform(0.0, l.width);
        centres[k] = {x, c.uniform(0.0, l.height)};
    }
    std::vector<std::array<double, 2>> xy(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        core::rng_stream r(seed, core::stream_purpose::layout, gid0 + i);
        const auto& c = centres[r.below(l.clusters)];
        const double dx = r.normal(0.0, l.cluster_radius);
        xy[i] = {wrapped(c[0] + dx, l.width), wrapped(c[1] + r.normal(0.0, l.cluster_radius), l.height)};
    }
    return xy;
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
    if (l.type == layout_spec::kind::clustered) {
        if (!(l.clusters >= 1 && l.cluster_radius > 0.0 && std::isfinite(l.cluster_radius)))
            throw input_error(p.origin + ": populations." + p.name + ".layout: a clustered layout needs clusters >= 1 "
                              "and a positive cluster_radius");
        return clustered_positions(spec.simulation.seed, l, gid0, p.size);
    }
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
