// Spike trains (the value type shared by simulation output, file readers and analysis),
// recordings read from files, and the HDF5/text writers of simulation output.
#include <lamina/outputs.hpp>
#include <lamina/recordings.hpp>
#include <lamina/spike_trains.hpp>

#include "common.hpp"

#include <limits>
#include <map>

namespace lamina::python {

void bind_io(py::module_& m) {
    py::class_<spike_trains>(m, "SpikeTrains",
                             "Spike trains of many units in compressed rows: unit u's times (ms, sorted) are "
                             "times[offsets[u]:offsets[u+1]]. t_start/t_stop: the observation window (ms).")
        .def(py::init<>())
        .def_static(
            "from_pairs",
            [](const doubles_in& times, const ids_in& ids, std::size_t n_units, double t_start, double t_stop) {
                const auto t = span_of(times, "times");
                const auto i = span_of(ids, "ids");
                py::gil_scoped_release nogil;
                return spike_trains::from_pairs(t, i, n_units, t_start, t_stop);
            },
            py::arg("times"), py::arg("ids"), py::arg("n_units"), py::arg("t_start"), py::arg("t_stop"),
            "Builds trains from (time, unit id) pairs in any order; ids in [0, n_units).")
        .def(
            "add_unit",
            [](spike_trains& s, const doubles_in& times, const std::string& name) {
                s.add_unit(span_of(times, "times"), name);
            },
            py::arg("times"), py::arg("name") = "", "Appends one unit; its times must be sorted.")
        .def_property_readonly(
            "times", [](py::object self) {
                const auto& s = self.cast<const spike_trains&>();
                return view(s.times.data(), s.times.size(), self);
            },
            "All spike times (ms), unit after unit (read-only view)")
        .def_property_readonly(
            "offsets", [](const spike_trains& s) { return to_numpy_as<std::uint64_t>(s.offsets); },
            "Start of each unit's times in `times`, and the end (units + 1 entries)")
        .def(
            "unit",
            [](py::object self, std::size_t u) {
                const auto& s = self.cast<const spike_trains&>();
                if (u >= s.units())
                    throw py::index_error("unit " + std::to_string(u) + " is not below the " +
                                          std::to_string(s.units()) + " units");
                const auto span = s.unit(u);
                return view(span.data(), span.size(), self);
            },
            py::arg("u"), "Spike times of unit u (read-only view).")
        .def(
            "unit_ids",
            [](const spike_trains& s) {
                std::vector<std::uint64_t> ids(s.times.size());
                for (std::size_t u = 0; u < s.units(); ++u)
                    std::fill(ids.begin() + static_cast<std::ptrdiff_t>(s.offsets[u]),
                              ids.begin() + static_cast<std::ptrdiff_t>(s.offsets[u + 1]), u);
                return to_numpy(std::move(ids));
            },
            "The unit of each entry of `times`.")
        .def_readwrite("names", &spike_trains::names)
        .def_readwrite("t_start", &spike_trains::t_start)
        .def_readwrite("t_stop", &spike_trains::t_stop)
        .def_property_readonly("units", &spike_trains::units)
        .def_property_readonly("total_spikes", &spike_trains::total_spikes)
        .def_property_readonly("duration", &spike_trains::duration)
        .def("__len__", &spike_trains::units)
        .def("__repr__", [](const spike_trains& s) {
            return "SpikeTrains(" + std::to_string(s.units()) + " units, " + std::to_string(s.total_spikes()) +
                   " spikes, window " + std::to_string(s.t_start) + " .. " + std::to_string(s.t_stop) + " ms)";
        });

    py::class_<recording>(m, "Recording", "A spike recording read from a file (or made from trains).")
        .def(py::init([](spike_trains trains, std::string format, std::map<std::string, std::string> metadata,
                         const doubles_in& positions) {
                 recording r;
                 r.trains = std::move(trains);
                 r.format = std::move(format);
                 r.metadata = std::move(metadata);
                 if (positions.size() > 0) {
                     if (positions.ndim() != 2 || positions.shape(1) != 2 ||
                         static_cast<std::size_t>(positions.shape(0)) != r.trains.units())
                         throw py::value_error("positions: expected [units, 2] (x, y in um), one row per unit");
                     for (py::ssize_t i = 0; i < positions.shape(0); ++i)
                         r.positions.push_back({positions.at(i, 0), positions.at(i, 1)});
                 }
                 return r;
             }),
             py::arg("trains"), py::arg("format") = "python",
             py::arg("metadata") = std::map<std::string, std::string>{}, py::arg("positions") = doubles_in())
        .def_readonly("trains", &recording::trains)
        .def_readonly("format", &recording::format)
        .def_readonly("metadata", &recording::metadata)
        .def_property_readonly(
            "positions",
            [](const recording& r) { return points_to_numpy(r.positions); },
            "Electrode positions (um), [unit, 2]; empty when the file has none.");
    m.def(
        "read_recording",
        [](const std::string& path, const std::string& format, const std::vector<std::string>& populations) {
            read_options o;
            o.format = format;
            o.populations = populations;
            py::gil_scoped_release nogil;
            return read_recording(path, o);
        },
        py::arg("path"), py::arg("format") = "auto", py::arg("populations") = std::vector<std::string>{},
        "Reads spikes from a SONATA, NWB, MEA, MaxWell, 3Brain or CSV file (format detected from the content). "
        "Raises FileError naming the file and dataset.");
    m.def("recording_formats", &recording_formats, "The formats read_recording understands.");

    m.def(
        "write_spike_report",
        [](const std::string& path, const py::list& spikes, double t_start_ms, double t_stop_ms) {
            std::vector<population_spikes> out;
            for (const auto& item : spikes) {
                population_spikes p;
                p.population = item.attr("population").cast<std::string>();
                p.size = item.attr("size").cast<std::uint64_t>();
                const auto t = item.attr("times").cast<doubles_in>();
                const auto i = item.attr("node_ids").cast<ids_in>();
                const auto ts = span_of(t, "times");
                const auto is = span_of(i, "node_ids");
                p.times.assign(ts.begin(), ts.end());
                p.node_ids.assign(is.begin(), is.end());
                out.push_back(std::move(p));
            }
            py::gil_scoped_release nogil;
            write_spike_report(path, out, t_start_ms, t_stop_ms);
        },
        py::arg("path"), py::arg("spikes"), py::arg("t_start_ms") = 0.0,
        py::arg("t_stop_ms") = std::numeric_limits<double>::quiet_NaN(),
        "Writes a SONATA spike report from PopulationSpikes (or objects with population, size, times, node_ids); "
        "with t_stop_ms, the simulated window and population sizes go into the file for readers.");
    m.def(
        "write_traces",
        [](const std::string& path, const py::list& traces) {
            std::vector<state_trace> out;
            for (const auto& item : traces) {
                state_trace t;
                t.population = item.attr("population").cast<std::string>();
                t.variable = item.attr("variable").cast<std::string>();
                t.dim = item.attr("dim").cast<dimension>();
                const auto ids = item.attr("node_ids").cast<ids_in>();
                const auto times = item.attr("times").cast<doubles_in>();
                const auto values = item.attr("values").cast<doubles_in>();
                const auto is = span_of(ids, "node_ids");
                const auto ts = span_of(times, "times");
                if (values.size() != static_cast<py::ssize_t>(is.size() * ts.size()))
                    throw py::value_error("write_traces: values of " + t.population + "." + t.variable +
                                          " should hold samples x neurons = " + std::to_string(ts.size()) + " x " +
                                          std::to_string(is.size()) + " numbers");
                t.node_ids.assign(is.begin(), is.end());
                t.times.assign(ts.begin(), ts.end());
                t.values.assign(values.data(), values.data() + values.size());
                out.push_back(std::move(t));
            }
            py::gil_scoped_release nogil;
            write_traces(path, out);
        },
        py::arg("path"), py::arg("traces"), "Writes state traces (StateTrace objects) to an HDF5 file.");
    m.def(
        "write_weights",
        [](const std::string& path, const py::list& weights) {
            std::vector<weight_trace> out;
            for (const auto& item : weights) {
                weight_trace w;
                w.connection = item.attr("connection").cast<std::string>();
                w.source = item.attr("source").cast<std::string>();
                w.target = item.attr("target").cast<std::string>();
                w.dim = item.attr("dim").cast<dimension>();
                const auto sources = item.attr("sources").cast<ids_in>();
                const auto targets = item.attr("targets").cast<ids_in>();
                const auto times = item.attr("times").cast<doubles_in>();
                const auto values = item.attr("values").cast<doubles_in>();
                const auto mean = item.attr("mean").cast<doubles_in>();
                const auto ss = span_of(sources, "sources"), ts = span_of(targets, "targets");
                const auto tm = span_of(times, "times"), ms = span_of(mean, "mean");
                if (ss.size() != ts.size() || ms.size() != tm.size() ||
                    values.size() != static_cast<py::ssize_t>(ss.size() * tm.size()))
                    throw py::value_error("write_weights: " + w.connection + " should hold samples x synapses = " +
                                          std::to_string(tm.size()) + " x " + std::to_string(ss.size()) +
                                          " values, one mean per sample and one source and target per synapse");
                w.sources.assign(ss.begin(), ss.end());
                w.targets.assign(ts.begin(), ts.end());
                w.times.assign(tm.begin(), tm.end());
                w.mean.assign(ms.begin(), ms.end());
                w.values.assign(values.data(), values.data() + values.size());
                out.push_back(std::move(w));
            }
            py::gil_scoped_release nogil;
            write_weights(path, out);
        },
        py::arg("path"), py::arg("weights"), "Writes weight recordings (WeightTrace objects) to an HDF5 file.");
    m.def("write_text_file", &write_text_file, py::arg("path"), py::arg("text"),
          "Writes text to path atomically (temporary name, then rename).");
}

}  // namespace lamina::python
