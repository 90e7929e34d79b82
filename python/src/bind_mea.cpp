// Virtual MEA sampling (lamina::analysis::electrode_grid / neurons_near / sample_electrodes) and
// the MEA file writer: simulated spikes recorded the way an MEA records them.
#include <lamina/analysis/mea.hpp>
#include <lamina/outputs.hpp>

#include "common.hpp"

namespace lamina::python {
namespace {

std::vector<std::array<double, 2>> points_of(const doubles_in& a, const char* what) {
    if (a.ndim() != 2 || a.shape(1) != 2)
        throw py::value_error(std::string(what) + ": expected an [n, 2] array of (x, y) in um");
    std::vector<std::array<double, 2>> out(static_cast<std::size_t>(a.shape(0)));
    const double* d = a.data();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {d[2 * i], d[2 * i + 1]};
    return out;
}

analysis::electrode_array array_of(const std::vector<std::string>& names, const doubles_in& positions) {
    return {names, points_of(positions, "electrode_positions")};
}

}  // namespace

void bind_mea(py::module_& m) {
    auto a = m.attr("analysis").cast<py::module_>();
    a.def(
        "electrode_grid",
        [](std::uint64_t rows, std::uint64_t cols, double pitch, double x, double y, bool omit_corners) {
            auto g = analysis::electrode_grid(rows, cols, pitch, x, y, omit_corners);
            return py::make_tuple(g.names, points_to_numpy(g.positions));
        },
        py::arg("rows"), py::arg("cols"), py::arg("pitch"), py::arg("x"), py::arg("y"), py::arg("omit_corners") = true,
        "Electrode names (ch_<column><row>) and positions [n, 2] (um) of a rows x cols grid at `pitch` um centred on "
        "(x, y); row 1 at the top; omit_corners drops the four corners (8 x 8 -> 60 electrodes, as MCS arrays).");
    a.def(
        "neurons_near",
        [](const doubles_in& positions, const std::vector<std::string>& names, const doubles_in& electrode_positions,
           double radius) {
            const auto xy = points_of(positions, "positions");
            return analysis::neurons_near(xy, array_of(names, electrode_positions), radius);
        },
        py::arg("positions"), py::arg("electrode_names"), py::arg("electrode_positions"), py::arg("radius"),
        "For each electrode, the indices of the neurons within `radius` um of it, ascending.");
    a.def(
        "sample_electrodes",
        [](const spike_trains& neurons, const doubles_in& positions, const std::vector<std::string>& names,
           const doubles_in& electrode_positions, double radius, double detection_probability, std::uint64_t seed) {
            const auto xy = points_of(positions, "positions");
            const auto electrodes = array_of(names, electrode_positions);
            py::gil_scoped_release nogil;
            return analysis::sample_electrodes(neurons, xy, electrodes, {radius, detection_probability, seed});
        },
        py::arg("neurons"), py::arg("positions"), py::arg("electrode_names"), py::arg("electrode_positions"),
        py::arg("radius"), py::arg("detection_probability") = 1.0, py::arg("seed") = 1,
        "One unit per electrode: the merged spikes of the neurons within `radius` um (one position per unit of "
        "`neurons`), each kept with detection_probability (draws from the seed's counter-based streams).");
    m.def(
        "write_mea_file",
        [](const std::string& path, const recording& rec, const doubles_in& positions) {
            recording r = rec;
            if (positions.size() > 0) r.positions = points_of(positions, "positions");
            write_mea_file(path, r);
        },
        py::arg("path"), py::arg("recording"), py::arg("positions") = doubles_in(),
        "Writes a recording in the MEA layout of Eglen et al. 2014 (/spikes in s, /sCount, /names, /epos, "
        "/recordingtime, /array and /meta from the metadata), which read_recording and `lamina analyze` read. "
        "positions: electrode positions [units, 2] (um), replacing the recording's.");
}

}  // namespace lamina::python
