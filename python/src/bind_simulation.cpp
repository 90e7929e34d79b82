// lamina::simulation for Python: building and running release the GIL; a run stops cleanly at
// the next epoch boundary on Ctrl-C (main thread) or on request_stop() (any thread). Recorded
// spikes and traces come back as numpy arrays that own the engine's vectors (no extra copy).
#include <lamina/error.hpp>
#include <lamina/simulation.hpp>

#include "common.hpp"
#include "sigint_guard.hpp"

#include <atomic>
#include <memory>

namespace lamina::python {
namespace {

/// Spikes of one population as numpy arrays.
struct py_population_spikes {
    std::string population;
    std::uint64_t size = 0;
    py::array_t<double> times;
    py::array_t<std::uint64_t> node_ids;
};

struct py_state_trace {
    std::string population, variable;
    dimension dim = dimension::dimensionless;
    py::array_t<std::uint64_t> node_ids;
    py::array_t<double> times;
    py::array_t<double> values;  // [sample, neuron]
};

struct py_weight_trace {
    std::string connection, source, target;
    dimension dim = dimension::dimensionless;
    py::array_t<std::uint64_t> sources, targets;
    py::array_t<double> times, values, mean;  // values [sample, synapse]
};

class py_simulation {
public:
    py_simulation(network_spec spec, int threads) : sim_(std::move(spec), threads) {}

    bool run(double duration_ms, const py::object& progress, double progress_interval_s, bool handle_sigint) {
        stop_.store(false);
        run_options options;
        options.stop = &stop_;
        options.progress_interval_s = progress_interval_s;
        if (!progress.is_none()) {
            // Called between epochs from whichever worker thread does the exchange; the GIL is
            // taken for the call. An exception in it stops the run and propagates.
            options.on_progress = [&progress](const progress_report& r) {
                py::gil_scoped_acquire gil;
                progress(r.t_ms, r.t_end_ms, r.wall_s);
            };
        }
        bool completed = false;
        // Python's handler runs after the run (raising KeyboardInterrupt unless the user replaced it).
        run_stoppable(&stop_, handle_sigint, [&] { completed = sim_.run(duration_ms, options); });
        return completed;
    }

    void request_stop() { stop_.store(true); }

    std::vector<py_population_spikes> spikes() const {
        std::vector<py_population_spikes> out;
        for (auto& p : sim_.spikes())
            out.push_back({p.population, p.size, to_numpy(std::move(p.times)), to_numpy(std::move(p.node_ids))});
        return out;
    }

    std::vector<py_state_trace> traces() const {
        std::vector<py_state_trace> out;
        for (auto& t : sim_.traces()) {
            const std::size_t cols = t.node_ids.size(), rows = t.times.size();
            out.push_back({t.population, t.variable, t.dim, to_numpy(std::move(t.node_ids)),
                           to_numpy(std::move(t.times)), to_numpy_2d(std::move(t.values), rows, cols)});
        }
        return out;
    }

    std::vector<py_weight_trace> weights() const {
        std::vector<py_weight_trace> out;
        for (auto& w : sim_.weights()) {
            const std::size_t cols = w.sources.size(), rows = w.times.size();
            out.push_back({w.connection, w.source, w.target, w.dim, to_numpy(std::move(w.sources)),
                           to_numpy(std::move(w.targets)), to_numpy(std::move(w.times)),
                           to_numpy_2d(std::move(w.values), rows, cols), to_numpy(std::move(w.mean))});
        }
        return out;
    }

    lamina::simulation& sim() { return sim_; }
    const lamina::simulation& sim() const { return sim_; }

private:
    lamina::simulation sim_;
    std::atomic<bool> stop_{false};
};

}  // namespace

void bind_simulation(py::module_& m) {
    py::class_<py_population_spikes>(m, "PopulationSpikes",
                                     "Recorded spikes of one population, sorted by time then node id.")
        .def_readonly("population", &py_population_spikes::population)
        .def_readonly("size", &py_population_spikes::size, "neurons in the population")
        .def_readonly("times", &py_population_spikes::times, "spike times (ms)")
        .def_readonly("node_ids", &py_population_spikes::node_ids, "index of the neuron within the population");

    py::class_<py_state_trace>(m, "StateTrace", "One state variable of some neurons sampled at a fixed interval.")
        .def_readonly("population", &py_state_trace::population)
        .def_readonly("variable", &py_state_trace::variable)
        .def_readonly("dim", &py_state_trace::dim)
        .def_readonly("node_ids", &py_state_trace::node_ids)
        .def_readonly("times", &py_state_trace::times, "sample times (ms)")
        .def_readonly("values", &py_state_trace::values, "[sample, neuron] in the canonical unit of dim");

    py::class_<py_weight_trace>(m, "WeightTrace",
                                "Weights of a plastic connection's synapses sampled at a fixed interval; synapses "
                                "ordered by target, then by source.")
        .def_readonly("connection", &py_weight_trace::connection, "the connection's name, or \"source->target\"")
        .def_readonly("source", &py_weight_trace::source, "source population")
        .def_readonly("target", &py_weight_trace::target, "target population")
        .def_readonly("dim", &py_weight_trace::dim, "the target model's weight unit")
        .def_readonly("sources", &py_weight_trace::sources, "per synapse: source index within its population")
        .def_readonly("targets", &py_weight_trace::targets, "per synapse: target index within its population")
        .def_readonly("times", &py_weight_trace::times, "sample times (ms)")
        .def_readonly("values", &py_weight_trace::values, "[sample, synapse], signed (inhibitory < 0)")
        .def_readonly("mean", &py_weight_trace::mean, "per sample: mean weight over all the connection's synapses");

    py::class_<py_simulation>(m, "Simulation",
                              "A built network and its state. run() may be called repeatedly; parameters, state "
                              "and stimuli may be changed between calls.")
        .def(py::init([](network_spec spec, int threads) {
                 py::gil_scoped_release nogil;
                 return std::make_unique<py_simulation>(std::move(spec), threads);
             }),
             py::arg("spec"), py::arg("threads") = 0,
             "Validates and builds the network (GIL released). threads = 0 takes spec.simulation.threads.")
        .def("run", &py_simulation::run, py::arg("duration_ms"), py::arg("progress") = py::none(),
             py::arg("progress_interval_s") = 0.2, py::arg("handle_sigint") = true,
             "Advances by duration_ms with the GIL released. progress(t_ms, t_end_ms, wall_s) is called "
             "between epochs. Returns False when stopped early by request_stop(). With handle_sigint (only "
             "from the main thread), Ctrl-C stops at the next epoch boundary and raises KeyboardInterrupt.")
        .def("request_stop", &py_simulation::request_stop,
             "Asks a run in progress (in another thread) to stop at the next epoch boundary.")
        .def_property_readonly("time_ms", [](const py_simulation& s) { return s.sim().time_ms(); })
        .def_property_readonly("dt", [](const py_simulation& s) { return s.sim().dt(); })
        .def_property_readonly("threads", [](const py_simulation& s) { return s.sim().threads(); })
        .def_property_readonly("spec", [](const py_simulation& s) { return s.sim().spec(); })
        .def_property_readonly("neuron_count", [](const py_simulation& s) { return s.sim().neuron_count(); })
        .def_property_readonly("synapse_count", [](const py_simulation& s) { return s.sim().synapse_count(); })
        .def_property_readonly("build_seconds", [](const py_simulation& s) { return s.sim().build_seconds(); })
        .def_property_readonly("simulate_seconds", [](const py_simulation& s) { return s.sim().simulate_seconds(); })
        .def("spikes", &py_simulation::spikes, "Recorded spikes, one entry per population of a spikes recorder.")
        .def(
            "spike_trains_of", [](const py_simulation& s, const std::string& p) { return s.sim().spike_trains_of(p); },
            py::arg("population"), "Recorded spikes of one population as SpikeTrains over [0, time_ms].")
        .def("traces", &py_simulation::traces, "Recorded state traces.")
        .def("weights", &py_simulation::weights, "Recorded weights, one entry per weights recorder.")
        .def(
            "set_parameter",
            [](py_simulation& s, const std::string& pop, const std::string& name, double value) {
                s.sim().set_parameter(pop, name, value);
            },
            py::arg("population"), py::arg("name"), py::arg("value"),
            "Changes a model parameter of a whole population between runs (canonical unit).")
        .def(
            "parameter_values",
            [](const py_simulation& s, const std::string& pop, const std::string& name) {
                return s.sim().parameter_values(pop, name);
            },
            py::arg("population"), py::arg("name"),
            "A model parameter's value for each neuron (canonical unit): drawn per neuron where a "
            "distribution was given, else the shared value.")
        .def(
            "set_state",
            [](py_simulation& s, const std::string& pop, const std::string& name, double value,
               const std::vector<std::uint64_t>& neurons) { s.sim().set_state(pop, name, value, neurons); },
            py::arg("population"), py::arg("name"), py::arg("value"), py::arg("neurons") = std::vector<std::uint64_t>{},
            "Changes a state variable of chosen neurons (all when empty) between runs.")
        .def(
            "add_stimulus", [](py_simulation& s, const stimulus_spec& x) { s.sim().add_stimulus(x); },
            py::arg("stimulus"), "Adds a stimulus between runs (times absolute, ms).");
}

}  // namespace lamina::python
