// Virtual MEA recordings of simulated spikes: neuron positions from the layouts, electrodes from
// the recorder's grid, sampling by analysis::sample_electrodes.
#include <lamina/analysis/mea.hpp>
#include <lamina/error.hpp>
#include <lamina/spatial.hpp>

#include <cmath>

namespace lamina {
namespace {

const population_spec* find(const network_spec& spec, const std::string& name) {
    for (const auto& p : spec.populations)
        if (p.name == name) return &p;
    return nullptr;
}

/// The grid centre: given, or the centre of the first recorded population's layout.
std::array<double, 2> grid_centre(const network_spec& spec, const recorder_spec& r) {
    const auto& l = *find(spec, r.populations.at(0))->layout;
    return {r.mea.x.value_or(l.width / 2.0), r.mea.y.value_or(l.height / 2.0)};
}

}  // namespace

void check_mea_recorder(const network_spec& spec, const recorder_spec& r) {
    const std::string at = r.origin + ": mea recorder: ";
    if (r.populations.empty()) throw input_error(at + "give the populations it records, e.g. populations = [\"E\", \"I\"]");
    for (const auto& name : r.populations) {
        const auto* p = find(spec, name);
        if (!p) throw unknown_name_error(at + "no population named \"" + name + "\"");
        if (!p->layout)
            throw input_error(at + "population " + name + " has no layout, so its neurons have no positions; give "
                              "populations." + name + ".layout = { kind = \"uniform\", width = \"1.4 mm\", height = \"1.4 mm\" }");
    }
    const auto& m = r.mea;
    if (m.rows == 0 || m.cols == 0 || m.rows > 1024 || m.cols > 1024)
        throw input_error(at + "rows and cols must be between 1 and 1024");
    if (!(m.pitch > 0.0) || !std::isfinite(m.pitch)) throw input_error(at + "pitch must be a positive length");
    if (!(m.radius > 0.0) || !std::isfinite(m.radius)) throw input_error(at + "radius must be a positive length");
    if (!(m.detection >= 0.0 && m.detection <= 1.0))
        throw input_error(at + "detection must be a probability between 0 and 1, got " + std::to_string(m.detection));
    if (m.file.empty() || m.file.find('/') != std::string::npos)
        throw input_error(at + "file must be a plain file name (it is written into the output directory), got \"" +
                          m.file + "\"");
}

recording virtual_mea(const network_spec& spec, const std::vector<population_spikes>& spikes,
                      const recorder_spec& r, double t_stop_ms) {
    check_mea_recorder(spec, r);
    // All recorded neurons as one set of trains, positions alongside.
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    std::vector<std::array<double, 2>> xy;
    for (const auto& name : r.populations) {
        const population_spikes* ps = nullptr;
        for (const auto& s : spikes)
            if (s.population == name) ps = &s;
        if (!ps) throw input_error(r.origin + ": mea recorder: the spikes of population " + name + " were not recorded");
        const auto offset = xy.size();
        const auto pos = neuron_positions(spec, name);
        xy.insert(xy.end(), pos.begin(), pos.end());
        times.insert(times.end(), ps->times.begin(), ps->times.end());
        for (auto id : ps->node_ids) ids.push_back(offset + id);
    }
    const auto neurons = spike_trains::from_pairs(times, ids, xy.size(), 0.0, t_stop_ms);
    const auto c = grid_centre(spec, r);
    const auto grid = analysis::electrode_grid(r.mea.rows, r.mea.cols, r.mea.pitch, c[0], c[1], r.mea.omit_corners);
    recording rec;
    rec.format = "mea";
    rec.trains = analysis::sample_electrodes(neurons, xy, grid, {r.mea.radius, r.mea.detection, spec.simulation.seed});
    rec.positions = grid.positions;
    rec.metadata["array"] = "lamina_virtual_" + std::to_string(r.mea.rows) + "x" + std::to_string(r.mea.cols) + "_" +
                            std::to_string(static_cast<long long>(std::llround(r.mea.pitch))) + "um";
    rec.metadata["species"] = "simulated";
    rec.metadata["source"] = spec.source;
    if (r.mea.age) rec.metadata["age"] = std::to_string(*r.mea.age);
    return rec;
}

}  // namespace lamina
