// Network descriptions (network_spec and its parts), model files and the model catalog.
// Lists inside the spec types are exposed as properties that copy (pybind11's STL conversion), so
// `spec.populations.append(p)` would change a copy: the add_* methods append in place.
#include <lamina/model_catalog.hpp>
#include <lamina/model_file.hpp>
#include <lamina/network_spec.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spatial.hpp>

#include "common.hpp"

namespace lamina::python {

void bind_network(py::module_& m) {
    using dist = lamina::distribution;
    py::enum_<dist::kind>(m, "DistributionKind", "Shape of a distributed value.")
        .value("constant", dist::kind::constant)
        .value("uniform", dist::kind::uniform)
        .value("normal", dist::kind::normal)
        .value("lognormal", dist::kind::lognormal)
        .value("exponential", dist::kind::exponential);

    py::class_<dist>(m, "Distribution",
                     "A value that is a constant or drawn per element (canonical units). a: constant, uniform "
                     "low, (log)normal mean, exponential mean; b: uniform high, (log)normal std; optional "
                     "truncation [min, max].")
        .def(py::init([](dist::kind k, double a, double b, std::optional<double> lo, std::optional<double> hi) {
                 return dist{k, a, b, lo, hi};
             }),
             py::arg("kind") = dist::kind::constant, py::arg("a") = 0.0, py::arg("b") = 0.0,
             py::arg("min") = py::none(), py::arg("max") = py::none())
        .def_static("constant", &dist::constant, py::arg("value"))
        .def_readwrite("kind", &dist::type)
        .def_readwrite("a", &dist::a)
        .def_readwrite("b", &dist::b)
        .def_readwrite("min", &dist::min)
        .def_readwrite("max", &dist::max)
        .def("is_constant", &dist::is_constant)
        .def("__repr__", [](const dist& d) {
            return "Distribution(" + py::repr(py::cast(d.type)).cast<std::string>() + ", a=" + std::to_string(d.a) +
                   ", b=" + std::to_string(d.b) + ")";
        });

    py::enum_<connection_rule>(m, "ConnectionRule")
        .value("fixed_indegree", connection_rule::fixed_indegree)
        .value("fixed_outdegree", connection_rule::fixed_outdegree)
        .value("pairwise_bernoulli", connection_rule::pairwise_bernoulli)
        .value("fixed_total_number", connection_rule::fixed_total_number)
        .value("one_to_one", connection_rule::one_to_one)
        .value("all_to_all", connection_rule::all_to_all);
    py::enum_<stimulus_kind>(m, "StimulusKind")
        .value("poisson", stimulus_kind::poisson)
        .value("dc", stimulus_kind::dc)
        .value("step_current", stimulus_kind::step_current)
        .value("spike_times", stimulus_kind::spike_times)
        .value("ou_noise", stimulus_kind::ou_noise);
    py::enum_<recorder_spec::kind>(m, "RecorderKind")
        .value("spikes", recorder_spec::kind::spikes)
        .value("state", recorder_spec::kind::state)
        .value("weights", recorder_spec::kind::weights)
        .value("mea", recorder_spec::kind::mea);

    py::class_<simulation_spec>(m, "SimulationSpec", "[simulation]: dt and duration in ms, seed, threads.")
        .def(py::init<>())
        .def_readwrite("dt", &simulation_spec::dt)
        .def_readwrite("duration", &simulation_spec::duration)
        .def_readwrite("seed", &simulation_spec::seed)
        .def_readwrite("threads", &simulation_spec::threads)
        .def_readwrite("min_neuron_steps_per_thread", &simulation_spec::min_neuron_steps_per_thread)
        .def_readwrite("origin", &simulation_spec::origin);

    py::class_<population_spec>(m, "PopulationSpec",
                                "[populations.<name>]: model, size, parameters (canonical units) and initial state.")
        .def(py::init<>())
        .def_readwrite("name", &population_spec::name)
        .def_readwrite("model", &population_spec::model)
        .def_readwrite("size", &population_spec::size)
        .def_readwrite("params", &population_spec::params)
        .def_readwrite("param_distributions", &population_spec::param_distributions)
        .def_readwrite("quantile_parameters", &population_spec::quantile_parameters)
        .def_readwrite("initial", &population_spec::initial)
        .def_readwrite("origin", &population_spec::origin);

    py::class_<synapse_spec>(m, "SynapseSpec",
                             "A connection's synapse model (\"static\", \"tsodyks_markram\", \"stdp\", ...) and "
                             "the parameters that differ from its defaults (canonical units).")
        .def(py::init<>())
        .def_readwrite("model", &synapse_spec::model)
        .def_readwrite("params", &synapse_spec::params)
        .def_readwrite("origin", &synapse_spec::origin);

    py::class_<connection_spec>(m, "ConnectionSpec", "[[connections]]: a projection between two populations.")
        .def(py::init<>())
        .def_readwrite("name", &connection_spec::name)
        .def_readwrite("synapse", &connection_spec::synapse)
        .def_property_readonly("label", &connection_spec::label)
        .def_readwrite("source", &connection_spec::source)
        .def_readwrite("target", &connection_spec::target)
        .def_readwrite("rule", &connection_spec::rule)
        .def_readwrite("indegree", &connection_spec::indegree)
        .def_readwrite("outdegree", &connection_spec::outdegree)
        .def_readwrite("total", &connection_spec::total)
        .def_readwrite("probability", &connection_spec::probability)
        .def_readwrite("allow_autapses", &connection_spec::allow_autapses)
        .def_readwrite("allow_multapses", &connection_spec::allow_multapses)
        .def_readwrite("weight", &connection_spec::weight)
        .def_readwrite("delay", &connection_spec::delay)
        .def_readwrite("receptor", &connection_spec::receptor)
        .def_readwrite("origin", &connection_spec::origin);

    py::class_<stimulus_spec>(m, "StimulusSpec",
                              "[[stimuli]]: Poisson input, DC, step current, spike times or OU noise into a population.")
        .def(py::init<>())
        .def_readwrite("kind", &stimulus_spec::kind)
        .def_readwrite("target", &stimulus_spec::target)
        .def_readwrite("neurons", &stimulus_spec::neurons)
        .def_readwrite("rate", &stimulus_spec::rate)
        .def_readwrite("weight", &stimulus_spec::weight)
        .def_readwrite("delay", &stimulus_spec::delay)
        .def_readwrite("amplitude", &stimulus_spec::amplitude)
        .def_readwrite("times", &stimulus_spec::times)
        .def_readwrite("amplitudes", &stimulus_spec::amplitudes)
        .def_readwrite("mean", &stimulus_spec::mean)
        .def_readwrite("std", &stimulus_spec::std_dev)
        .def_readwrite("tau", &stimulus_spec::tau)
        .def_readwrite("shared", &stimulus_spec::shared)
        .def_readwrite("shared_process", &stimulus_spec::shared_process)
        .def_readwrite("start", &stimulus_spec::start)
        .def_readwrite("stop", &stimulus_spec::stop)
        .def_readwrite("receptor", &stimulus_spec::receptor)
        .def_readwrite("origin", &stimulus_spec::origin);

    py::class_<recorder_spec>(m, "RecorderSpec", "[[recorders]]: spikes of populations, or state of chosen neurons.")
        .def(py::init<>())
        .def_readwrite("kind", &recorder_spec::type)
        .def_readwrite("populations", &recorder_spec::populations)
        .def_readwrite("variables", &recorder_spec::variables)
        .def_readwrite("neurons", &recorder_spec::neurons)
        .def_readwrite("interval", &recorder_spec::interval)
        .def_readwrite("connection", &recorder_spec::connection)
        .def_readwrite("origin", &recorder_spec::origin);

    py::class_<network_spec>(m, "NetworkSpec",
                             "A whole network description in canonical units, as a model file or the Python "
                             "API gives it. List properties return copies; use the add_* methods to append.")
        .def(py::init<>())
        .def_readwrite("simulation", &network_spec::simulation)
        .def_readwrite("populations", &network_spec::populations)
        .def_readwrite("connections", &network_spec::connections)
        .def_readwrite("stimuli", &network_spec::stimuli)
        .def_readwrite("recorders", &network_spec::recorders)
        .def_readwrite("source", &network_spec::source)
        .def("add_population", [](network_spec& s, const population_spec& p) { s.populations.push_back(p); },
             py::arg("population"))
        .def("add_connection", [](network_spec& s, const connection_spec& c) { s.connections.push_back(c); },
             py::arg("connection"))
        .def("add_stimulus", [](network_spec& s, const stimulus_spec& x) { s.stimuli.push_back(x); },
             py::arg("stimulus"))
        .def("add_recorder", [](network_spec& s, const recorder_spec& r) { s.recorders.push_back(r); },
             py::arg("recorder"))
        .def("to_json", &model_to_json, "The fully resolved model as JSON text (as in summary.json).");

    m.def("load_model_file", &load_model_file, py::arg("path"), py::arg("overrides") = std::vector<std::string>{},
          "Reads and validates a model file; overrides are '--set' strings such as 'populations.E.size=2000'.");
    m.def("parse_model", &parse_model, py::arg("text"), py::arg("source_name"),
          py::arg("overrides") = std::vector<std::string>{},
          "Parses model-file text; source_name stands for the file name in messages.");
    m.def("model_to_json", &model_to_json, py::arg("spec"), "The fully resolved model as JSON text.");
    m.def(
        "neuron_positions",
        [](const network_spec& spec, const std::string& population) {
            return points_to_numpy(neuron_positions(spec, population));
        },
        py::arg("spec"), py::arg("population"),
        "Positions [size, 2] (x, y in um) of the neurons of `population` from its layout, as the regions and "
        "virtual MEAs of a run see them; raises InputError when it has no layout.");

    py::class_<network_estimate>(m, "NetworkEstimate", "What validate() found: sizes and the memory estimate.")
        .def_readonly("neurons", &network_estimate::neurons)
        .def_readonly("synapses", &network_estimate::synapses)
        .def_readonly("memory_bytes", &network_estimate::memory_bytes);
    m.def("validate", &lamina::validate, py::arg("spec"), py::call_guard<py::gil_scoped_release>(),
          "Runs every check of building the network without generating synapses; raises InputError.");
    m.def("version", &lamina::version, "lamina's version string.");

    py::class_<parameter_info>(m, "ParameterInfo", "A model parameter or state variable: name, dimension, default.")
        .def_readonly("name", &parameter_info::name)
        .def_readonly("dim", &parameter_info::dim)
        .def_readonly("default", &parameter_info::default_value)
        .def_readonly("doc", &parameter_info::doc)
        .def("__repr__", [](const parameter_info& p) {
            return "ParameterInfo(" + p.name + " = " + format_quantity(p.default_value, p.dim) + ")";
        });
    py::class_<receptor_info>(m, "ReceptorInfo", "A receptor port of a neuron model: name, sign convention, doc.")
        .def_readonly("name", &receptor_info::name)
        .def_readonly("inhibitory", &receptor_info::inhibitory)
        .def_readonly("doc", &receptor_info::doc)
        .def("__repr__", [](const receptor_info& r) { return "ReceptorInfo(" + r.name + ")"; });
    py::class_<neuron_model_info>(m, "NeuronModelInfo", "A neuron model of the catalog.")
        .def_readonly("name", &neuron_model_info::name)
        .def_readonly("summary", &neuron_model_info::summary)
        .def_readonly("reference", &neuron_model_info::reference)
        .def_readonly("weight_dim", &neuron_model_info::weight_dim)
        .def_readonly("parameters", &neuron_model_info::parameters)
        .def_readonly("state", &neuron_model_info::state)
        .def_readonly("receptors", &neuron_model_info::receptors)
        .def("__repr__", [](const neuron_model_info& i) { return "NeuronModelInfo(" + i.name + ")"; });
    py::class_<device_model_info>(m, "DeviceModelInfo", "A stimulus device kind and its keys.")
        .def_readonly("name", &device_model_info::name)
        .def_readonly("summary", &device_model_info::summary)
        .def_readonly("parameters", &device_model_info::parameters);
    py::class_<synapse_parameter_info, parameter_info>(m, "SynapseParameterInfo",
                                                       "A synapse-model parameter; in_weight_unit: in the target "
                                                       "model's weight unit (dim is then dimensionless).")
        .def_readonly("in_weight_unit", &synapse_parameter_info::in_weight_unit);
    py::class_<synapse_model_info>(m, "SynapseModelInfo", "A synapse model (short- or long-term plasticity).")
        .def_readonly("name", &synapse_model_info::name)
        .def_readonly("summary", &synapse_model_info::summary)
        .def_readonly("reference", &synapse_model_info::reference)
        .def_readonly("short_term", &synapse_model_info::short_term)
        .def_readonly("parameters", &synapse_model_info::parameters)
        .def("__repr__", [](const synapse_model_info& i) { return "SynapseModelInfo(" + i.name + ")"; });
    m.def("synapse_models", &synapse_models, py::return_value_policy::copy,
          "Every synapse model besides \"static\", in registration order.");
    m.def(
        "find_synapse_model",
        [](const std::string& name) -> std::optional<synapse_model_info> {
            if (const auto* info = find_synapse_model(name)) return *info;
            return std::nullopt;
        },
        py::arg("name"), "The synapse model called `name` (\"static\" included), or None.");
    m.def("neuron_models", &neuron_models, py::return_value_policy::copy, "Every neuron model, in registration order.");
    m.def("device_models", &device_models, py::return_value_policy::copy, "Every stimulus device kind.");
    m.def(
        "find_neuron_model",
        [](const std::string& name) -> std::optional<neuron_model_info> {
            if (const auto* info = find_neuron_model(name)) return *info;
            return std::nullopt;
        },
        py::arg("name"), "The neuron model called `name`, or None.");
}

}  // namespace lamina::python
