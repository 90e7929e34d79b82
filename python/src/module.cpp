// lamina._core: the compiled half of the Python package. Each area binds itself in its own
// bind_<area>.cpp; the pure-Python facade (python/lamina/) adds the conveniences.
#include <lamina/simulation.hpp>

#include "common.hpp"

namespace lamina::python {
void bind_rate(py::module_& m);  // bind_rate.cpp: the rate submodule
void bind_rate_canonical(py::module_& m);  // bind_rate_canonical.cpp: results 2-4 into rate_theory
void bind_training(py::module_& m);  // bind_training.cpp: the training submodule (after bind_rate: uses Phi)
}

PYBIND11_MODULE(_core, m) {
    m.doc() = "lamina's C++ core: units, network descriptions, simulation, recordings, analysis, figures. "
              "Use the facade `import lamina` rather than this module directly.";
    m.attr("__version__") = lamina::version();
    lamina::python::bind_errors_units(m);
    lamina::python::bind_network(m);
    lamina::python::bind_io(m);  // before the areas whose signatures name SpikeTrains
    lamina::python::bind_simulation(m);
    lamina::python::bind_analysis(m);           // rates, variability, synchrony
    lamina::python::bind_analysis_dynamics(m);  // bursts, avalanches, power laws, branching, timescales
    lamina::python::bind_analysis_summary(m);   // after both: the summary names their classes
    lamina::python::bind_mea(m);  // electrode sampling into the analysis submodule, the MEA writer
    lamina::python::bind_figures(m);
    lamina::python::bind_rate(m);
    lamina::python::bind_rate_theory(m);
    lamina::python::bind_rate_canonical(m);  // after bind_rate_theory: adds to its submodule
    lamina::python::bind_training(m);
}
