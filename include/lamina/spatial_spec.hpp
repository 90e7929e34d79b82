#pragma once
/// @file
/// Spatial descriptions that a network_spec may carry: where a population's neurons lie on the
/// culture plane, a disc of the plane a stimulus targets, and a virtual multi-electrode array (MEA)
/// that records the spikes of the neurons near each electrode. Lengths in um.
#include <cstdint>
#include <optional>
#include <string>

namespace lamina {

/// Neuron positions of a population on a rectangle [0, width] x [0, height] (um).
struct layout_spec {
    enum class kind {
        uniform,  ///< each neuron drawn uniformly from its own stream (seed, layout, gid)
        grid,     ///< a regular grid filled row by row from (0, 0), deterministic
        clustered,  ///< a Thomas cluster process: Gaussian clumps around uniform centres, wrapped
    };
    kind type = kind::uniform;
    double width = 1000.0;   ///< um
    double height = 1000.0;  ///< um
    // clustered only (docs/model-files.md): centres from the stream (seed, layout_clusters, cluster,
    // cluster_seed), so populations with equal width, height, clusters and cluster_seed share them.
    std::uint64_t clusters = 0;       ///< number of cluster centres, >= 1
    double cluster_radius = 0.0;      ///< um, standard deviation of each coordinate's offset, > 0
    std::uint64_t cluster_seed = 0;   ///< selects another set of centres, < 2^32
};

/// A disc of the plane: a stimulus with a region targets the neurons of its population inside it.
struct region_spec {
    double x = 0.0, y = 0.0;  ///< centre, um
    double radius = 0.0;      ///< um, > 0
};

/// A virtual MEA: a rows x cols grid of electrodes at `pitch`, each picking up the spikes of the
/// neurons within `radius` of it, each spike detected with probability `detection`.
struct mea_spec {
    std::uint64_t rows = 8, cols = 8;
    double pitch = 200.0;    ///< um between neighbouring electrodes (MCS 60MEA200/30: 200 um)
    double radius = 50.0;    ///< um, pick-up radius
    double detection = 1.0;  ///< probability that a spike of a neuron within the radius is detected
    bool omit_corners = true;  ///< drop the four corner electrodes (an 8x8 MCS array has 60)
    std::optional<double> x, y;  ///< um, centre of the grid; default: centre of the first layout
    std::string file = "mea.h5";  ///< written into the run's output directory
    std::optional<std::uint64_t> age;  ///< days in vitro, written as /meta/age
};

}  // namespace lamina
