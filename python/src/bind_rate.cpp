// lamina._core.rate: rate networks (lamina/rate_network.hpp). The spec structs are plain
// read-write records; arrays come back as numpy arrays that own their data. Runs and Lyapunov
// spectra release the GIL. The facade python/lamina/rate.py builds specs from keywords with units.
#include <lamina/rate_network.hpp>

#include "common.hpp"

namespace lamina::python {
namespace {

py::array_t<double> recording_values(const rate_recording& r) {
    std::vector<double> v = r.values;
    auto* owned = new std::vector<double>(std::move(v));
    py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    const std::size_t S = r.times.size(), C = r.units.size();
    return py::array_t<double>({static_cast<std::size_t>(r.trials), S, C},
                               {S * C * sizeof(double), C * sizeof(double), sizeof(double)}, owned->data(), owner);
}

void bind_specs(py::module_& r) {
    py::enum_<rate_phi>(r, "Phi", "Transfer function phi(beta (x - theta)).")
        .value("linear", rate_phi::linear)
        .value("tanh", rate_phi::tanh)
        .value("relu", rate_phi::relu)
        .value("sigmoid", rate_phi::sigmoid)
        .value("threshold", rate_phi::threshold)
        .value("sign", rate_phi::sign);
    py::enum_<rate_integrator>(r, "Integrator")
        .value("euler", rate_integrator::euler)
        .value("rk4", rate_integrator::rk4)
        .value("exact", rate_integrator::exact);
    py::enum_<rate_connectivity>(r, "Connectivity")
        .value("dense_random", rate_connectivity::dense_random)
        .value("sparse_random", rate_connectivity::sparse_random)
        .value("matrix", rate_connectivity::matrix)
        .value("identity", rate_connectivity::identity)
        .value("low_rank", rate_connectivity::low_rank);
    py::enum_<rate_input_spec::kind>(r, "InputKind")
        .value("constant", rate_input_spec::kind::constant)
        .value("step", rate_input_spec::kind::step)
        .value("sine", rate_input_spec::kind::sine)
        .value("white_noise", rate_input_spec::kind::white_noise)
        .value("series", rate_input_spec::kind::series);
    py::enum_<rate_recorder_spec::kind>(r, "RecorderKind")
        .value("x", rate_recorder_spec::kind::x)
        .value("phi", rate_recorder_spec::kind::phi)
        .value("readout", rate_recorder_spec::kind::readout);

    using P = rate_population_spec;
    py::class_<P>(r, "PopulationSpec", "A rate population: size, tau (ms), phi, noise, bias, initial x.")
        .def(py::init<>())
        .def_readwrite("name", &P::name).def_readwrite("size", &P::size).def_readwrite("tau", &P::tau)
        .def_readwrite("phi", &P::phi).def_readwrite("theta", &P::theta).def_readwrite("beta", &P::beta)
        .def_readwrite("noise_std", &P::noise_std).def_readwrite("bias", &P::bias).def_readwrite("x0", &P::x0)
        .def_readwrite("x0_mean", &P::x0_mean).def_readwrite("x0_std", &P::x0_std).def_readwrite("origin", &P::origin);
    using C = rate_connection_spec;
    py::class_<C>(r, "ConnectionSpec", "A block of J: random, sparse, matrix (dense or triplets), identity or low rank.")
        .def(py::init<>())
        .def_readwrite("source", &C::source).def_readwrite("target", &C::target).def_readwrite("kind", &C::kind)
        .def_readwrite("g", &C::g).def_readwrite("mean", &C::mean).def_readwrite("indegree", &C::indegree)
        .def_readwrite("autapses", &C::autapses).def_readwrite("scale", &C::scale).def_readwrite("matrix", &C::matrix)
        .def_readwrite("rows", &C::rows).def_readwrite("cols", &C::cols).def_readwrite("values", &C::values)
        .def_readwrite("rank", &C::rank).def_readwrite("m", &C::m).def_readwrite("n", &C::n)
        .def_readwrite("factor_mean", &C::factor_mean).def_readwrite("factor_covariance", &C::factor_covariance)
        .def_readwrite("seed_offset", &C::seed_offset).def_readwrite("origin", &C::origin);
    using I = rate_input_spec;
    py::class_<I>(r, "InputSpec", "One input channel u(t) and its weights b onto a target population.")
        .def(py::init<>())
        .def_readwrite("name", &I::name).def_readwrite("target", &I::target).def_readwrite("type", &I::type)
        .def_readwrite("amplitude", &I::amplitude).def_readwrite("offset", &I::offset)
        .def_readwrite("frequency", &I::frequency).def_readwrite("phase", &I::phase).def_readwrite("start", &I::start)
        .def_readwrite("stop", &I::stop).def_readwrite("times", &I::times).def_readwrite("amplitudes", &I::amplitudes)
        .def_readwrite("series", &I::series).def_readwrite("series_dt", &I::series_dt).def_readwrite("b", &I::b)
        .def_readwrite("weight", &I::weight).def_readwrite("weight_std", &I::weight_std).def_readwrite("origin", &I::origin);
    using R = rate_recorder_spec;
    py::class_<R>(r, "RecorderSpec", "Records x, phi(x) or readouts W_out phi(x) of one population.")
        .def(py::init<>())
        .def_readwrite("name", &R::name).def_readwrite("population", &R::population).def_readwrite("type", &R::type)
        .def_readwrite("units", &R::units).def_readwrite("readout", &R::readout).def_readwrite("outputs", &R::outputs)
        .def_readwrite("interval", &R::interval).def_readwrite("origin", &R::origin);
    using S = rate_settings;
    py::class_<S>(r, "Settings", "dt and duration (ms), seed, threads, trials, integrator.")
        .def(py::init<>())
        .def_readwrite("dt", &S::dt).def_readwrite("duration", &S::duration).def_readwrite("seed", &S::seed)
        .def_readwrite("threads", &S::threads).def_readwrite("trials", &S::trials)
        .def_readwrite("integrator", &S::integrator).def_readwrite("origin", &S::origin);
    using N = rate_network_spec;
    py::class_<N>(r, "NetworkSpec", "A whole rate network, as a model file describes it.")
        .def(py::init<>())
        .def_readwrite("source", &N::source).def_readwrite("settings", &N::settings)
        .def_readwrite("populations", &N::populations).def_readwrite("connections", &N::connections)
        .def_readwrite("inputs", &N::inputs).def_readwrite("recorders", &N::recorders);
}

}  // namespace

void bind_rate(py::module_& m) {
    auto r = m.def_submodule("rate", "Rate networks: tau dx/dt = -x + J phi(x) + B u(t) + noise; Lyapunov spectra.");
    bind_specs(r);

    py::class_<rate_recording>(r, "Recording", "What one recorder sampled; values are [trial, sample, unit].")
        .def_readonly("name", &rate_recording::name)
        .def_readonly("population", &rate_recording::population)
        .def_readonly("variable", &rate_recording::variable)
        .def_property_readonly("units", [](const rate_recording& x) { return to_numpy_as<std::uint64_t>(x.units); })
        .def_property_readonly("times", [](const rate_recording& x) { return to_numpy(std::vector<double>(x.times)); })
        .def_readonly("trials", &rate_recording::trials)
        .def_property_readonly("values", &recording_values);

    py::class_<lyapunov_result>(r, "LyapunovResult", "Exponents (1/ms, descending) and the Kaplan-Yorke dimension.")
        .def_property_readonly("exponents", [](const lyapunov_result& x) { return to_numpy(std::vector<double>(x.exponents)); })
        .def_readonly("kaplan_yorke", &lyapunov_result::kaplan_yorke)
        .def_readonly("time_ms", &lyapunov_result::time_ms)
        .def_property_readonly("running_largest",
                               [](const lyapunov_result& x) { return to_numpy(std::vector<double>(x.running_largest)); })
        .def_readonly("log_det_rate", &lyapunov_result::log_det_rate);

    py::class_<rate_simulation>(r, "Simulation", "A built rate network and the state of all its trials.")
        .def(py::init([](rate_network_spec spec, int threads) {
                 py::gil_scoped_release nogil;
                 return std::make_unique<rate_simulation>(std::move(spec), threads);
             }),
             py::arg("spec"), py::arg("threads") = 0)
        .def("run", &rate_simulation::run, py::arg("duration_ms"), py::call_guard<py::gil_scoped_release>(),
             "Advances every trial by duration_ms (GIL released).")
        .def_property_readonly("time_ms", &rate_simulation::time_ms)
        .def_property_readonly("step", &rate_simulation::step)
        .def_property_readonly("dt", &rate_simulation::dt)
        .def_property_readonly("threads", &rate_simulation::threads)
        .def_property_readonly("trials", &rate_simulation::trials)
        .def_property_readonly("size", &rate_simulation::size)
        .def_property_readonly("spec", &rate_simulation::spec)
        .def("offset_of", &rate_simulation::offset_of, py::arg("population"))
        .def(
            "state", [](const rate_simulation& s, std::uint64_t trial) { return to_numpy(s.state(trial)); },
            py::arg("trial") = 0, "x of all units of one trial.")
        .def(
            "population_state",
            [](const rate_simulation& s, const std::string& p, std::uint64_t trial) { return to_numpy(s.state(p, trial)); },
            py::arg("population"), py::arg("trial") = 0)
        .def(
            "set_state",
            [](rate_simulation& s, const doubles_in& x, std::uint64_t trial) {
                const auto v = span_of(x, "x");
                s.set_state({v.begin(), v.end()}, trial);
            },
            py::arg("x"), py::arg("trial") = 0)
        .def("set_parameter", &rate_simulation::set_parameter, py::arg("population"), py::arg("name"), py::arg("value"),
             "tau (ms), noise_std, bias, theta or beta of a population, between runs.")
        .def("set_connection_scale", &rate_simulation::set_connection_scale, py::arg("index"), py::arg("scale"))
        .def(
            "set_input_weights",
            [](rate_simulation& s, std::size_t index, const doubles_in& b) {
                const auto v = span_of(b, "b");
                s.set_input_weights(index, {v.begin(), v.end()});
            },
            py::arg("index"), py::arg("b"))
        .def(
            "connectivity_matrix",
            [](const rate_simulation& s) { return to_numpy_2d(s.connectivity_matrix(), s.size(), s.size()); },
            "J as a dense [size, size] array (low-rank parts multiplied out).")
        .def(
            "apply_connectivity",
            [](const rate_simulation& s, const py::array_t<double, py::array::f_style | py::array::forcecast>& phi) {
                if (phi.ndim() != 2) throw py::value_error("apply_connectivity: expected a [size, columns] array");
                const auto cols = static_cast<std::uint64_t>(phi.shape(1));
                std::vector<double> in(phi.data(), phi.data() + phi.size());
                auto out = s.apply_connectivity(in, cols);
                auto* owned = new std::vector<double>(std::move(out));
                py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
                return py::array_t<double>({static_cast<std::size_t>(s.size()), static_cast<std::size_t>(cols)},
                                           {sizeof(double), s.size() * sizeof(double)}, owned->data(), owner);
            },
            py::arg("phi"), "J phi for a [size, columns] array, applied as in a step (low rank in O(N R)).")
        .def("recordings", &rate_simulation::recordings);

    r.def(
        "lyapunov",
        [](rate_simulation& sim, std::uint64_t exponents, double time_ms, double transient_ms, double renormalize_ms,
           std::uint64_t trial, std::uint64_t seed) {
            lyapunov_options o;
            o.exponents = exponents;
            o.time_ms = time_ms;
            o.transient_ms = transient_ms;
            o.renormalize_ms = renormalize_ms;
            o.trial = trial;
            o.seed = seed;
            py::gil_scoped_release nogil;
            return lyapunov_spectrum(sim, o);
        },
        py::arg("sim"), py::arg("exponents") = 1, py::arg("time_ms") = 10000.0, py::arg("transient_ms") = 1000.0,
        py::arg("renormalize_ms") = 1.0, py::arg("trial") = 0, py::arg("seed") = 1,
        "Benettin/QR Lyapunov spectrum (exponents = 0: all); advances sim by transient + time.");
    r.def("kaplan_yorke_dimension", &kaplan_yorke_dimension, py::arg("exponents"));
    r.def("load_model", &load_rate_model_file, py::arg("path"), py::arg("overrides") = std::vector<std::string>{});
    r.def("parse_model", &parse_rate_model, py::arg("text"), py::arg("source_name") = std::string("<model text>"),
          py::arg("overrides") = std::vector<std::string>{});
    r.def("is_rate_model_file", &is_rate_model_file, py::arg("path"));
    r.def("write_recordings", &write_rate_recordings, py::arg("path"), py::arg("recordings"));
}

}  // namespace lamina::python
